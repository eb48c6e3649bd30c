using System.Globalization;
using Ras.Calibration;
using Ras.Engine.Caseloads;
using Ras.Engine.Impact;
using Ras.Rendering;

namespace Ras.Engine.Tests.Rendering;

/// <summary>Both reports, opened in a real browser: they paint, and their axis titles and key figures are on the page.</summary>
public class ReportsInChromiumTests
{
    private static string Write(string html)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ras-report-{Guid.NewGuid():N}.html");
        File.WriteAllText(path, html);
        return path;
    }

    private static string Money(decimal d) => (d < 0 ? "-£" : "£") + Math.Abs(d).ToString("N2", CultureInfo.InvariantCulture);

    [ChromiumFact]
    public void ImpactReport_RendersWithLabelledAxesAndItsFigures()
    {
        var proposal = TestModels.Default.ApplyChange(File.OpenRead(TestModels.Repo("samples/changes/carer-deduction-40pc.json")), "carer-deduction-40pc.json");
        using var caseload = new StreamReader(TestModels.Repo("samples/caseload.csv"));
        var summary = new CaseloadComparison(TestModels.Default, proposal, new ComparisonOptions(protectLossPercent: 5)).Run(caseload, CaseloadFormat.Csv, null);
        var path = Write(ImpactReportHtml.Render(summary, "caseload.csv"));

        var (dom, screenshot) = HeadlessChromium.Render(path);

        Assert.True(screenshot > 20_000, $"the screenshot has {screenshot} bytes: the page did not paint");
        Assert.Contains("share of people in the group (%)", dom, StringComparison.Ordinal);
        Assert.Contains("change in indicative amount (£ a year)", dom, StringComparison.Ordinal);
        Assert.Contains(">people<", dom, StringComparison.Ordinal);
        Assert.Contains(">40%<", dom, StringComparison.Ordinal); // a tick
        Assert.True(summary.Protected > 0 && summary.TotalChange < 0); // the figures below are not trivial
        Assert.Contains(Money(summary.TotalChange), dom, StringComparison.Ordinal);
        Assert.Contains(Money(summary.ProtectionCost), dom, StringComparison.Ordinal);
        Assert.Contains(Money(summary.TotalChange + summary.ProtectionCost), dom, StringComparison.Ordinal); // the net cost
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{summary.PeopleByChange.Where(p => p.Key < 0).Sum(p => p.Value):N0} people lose"), dom, StringComparison.Ordinal); // the distribution's text alternative
        Assert.Contains("mean change per person (£ a year)", dom, StringComparison.Ordinal); // the deciles' axis
        Assert.Contains("Deduct 40% (not 30%) where unpaid carers give most of the support", dom, StringComparison.Ordinal);
        Assert.Contains("caseload.csv: 5,000 rows", dom, StringComparison.Ordinal);
        Assert.Contains("Losses capped at 5% of the baseline", dom, StringComparison.Ordinal);
        Assert.Contains(">Learning disability<", dom, StringComparison.Ordinal);
        File.Delete(path);
    }

    [ChromiumFact]
    public void CalibrationReport_RendersWithLabelledAxesAndItsFigures()
    {
        var result = Calibrator.Calibrate(TestModels.Default, TestModels.Repo("samples/history.csv"), new CalibrationOptions(CalibrationMethod.PricePerPoint, new DateOnly(2026, 11, 23)));
        var path = Write(CalibrationReportHtml.Render(result, "calibrated.json"));

        var (dom, screenshot) = HeadlessChromium.Render(path);

        Assert.True(screenshot > 20_000, $"the screenshot has {screenshot} bytes: the page did not paint");
        Assert.Contains("points priced", dom, StringComparison.Ordinal);
        Assert.Contains("actual cost less add-ons (£ a year)", dom, StringComparison.Ordinal);
        Assert.Contains("estimate ÷ actual (1 = right on average)", dom, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"R² {result.Overall.RSquared:0.000}"), dom, StringComparison.Ordinal);
        Assert.Contains($"{result.Model!.Id} {result.Model.Version}", dom, StringComparison.Ordinal);
        Assert.Contains("Learning disability", dom, StringComparison.Ordinal); // named as under-allocated
        Assert.Contains("written to <code>calibrated.json</code>", dom, StringComparison.Ordinal);
        Assert.Contains("<dt>MAPE (mean absolute percentage error)</dt>", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<pre", dom, StringComparison.Ordinal);
        File.Delete(path);
    }
}
