using System.Globalization;
using Ras.Engine.Caseloads;
using Ras.Engine.Impact;
using Ras.Rendering;

namespace Ras.Engine.Tests.Rendering;

public class ImpactSummaryTextTests
{
    private static ImpactSummary Compare(ComparisonOptions options)
    {
        var caseload = new StringWriter();
        CaseloadGeneration.Write(TestModels.Default, 800, 11, CaseloadFormat.Csv, caseload);
        var proposal = TestModels.Default.ApplyChange(new MemoryStream("""{ "changes": [ { "path": "/adjustments/1/percent", "value": -40 } ] }"""u8.ToArray()), "change.json");
        return new CaseloadComparison(TestModels.Default, proposal, options).Run(new StringReader(caseload.ToString()), CaseloadFormat.Csv, null);
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("ar-SA")]
    public void Render_IsTheSameInAnyCulture(string culture)
    {
        foreach (var summary in new[] { Compare(new ComparisonOptions(protectLossAmount: 1000.5m)), Compare(new ComparisonOptions(protectLossPercent: 2.5m)) })
        {
            var invariant = InCulture(CultureInfo.InvariantCulture, () => ImpactSummaryText.Render(summary));

            Assert.Equal(invariant, InCulture(CultureInfo.GetCultureInfo(culture), () => ImpactSummaryText.Render(summary)));
            Assert.Equal(ImpactReportHtml.Render(summary), InCulture(CultureInfo.GetCultureInfo(culture), () => ImpactReportHtml.Render(summary)));
        }
    }

    [Fact]
    public void Render_WithAnAmountCap_NamesTheCapAndTheCost()
    {
        var text = ImpactSummaryText.Render(Compare(new ComparisonOptions(protectLossAmount: 1000)));

        Assert.Contains("transitional protection (losses capped at £1,000.00 a year): ", text, StringComparison.Ordinal);
        Assert.Contains("\nwinners and losers (people):\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WithAPercentageCap_GivesTheRuleAndTheGrossAndNetChange()
    {
        var summary = Compare(new ComparisonOptions(protectLossPercent: 5));

        var text = ImpactSummaryText.Render(summary);

        Assert.True(summary.TotalChange < 0 && summary.ProtectionCost > 0);
        Assert.Contains("transitional protection (losses capped at 5% of the baseline): ", text, StringComparison.Ordinal);
        Assert.Contains($"gross change (before protection) {Money(summary.TotalChange)} a year", text, StringComparison.Ordinal);
        Assert.Contains($"net change (after protection) {Money(summary.TotalChange + summary.ProtectionCost)} a year", text, StringComparison.Ordinal);
        Assert.DoesNotContain("£-", text, StringComparison.Ordinal); // the sign goes before the symbol
    }

    [Fact]
    public void Render_UsesTheModelsLabelsAndOrder()
    {
        var proposal = TestModels.Default.ApplyChange(File.OpenRead(TestModels.Repo("samples/changes/carer-deduction-40pc.json")), "carer-deduction-40pc.json");
        using var caseload = new StreamReader(TestModels.Repo("samples/caseload.csv")); // it has a preventative offer
        var text = ImpactSummaryText.Render(new CaseloadComparison(TestModels.Default, proposal).Run(caseload, CaseloadFormat.Csv, null));

        Assert.Contains("  Learning disability ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("learning_disability", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("  A (Lower need) ", StringComparison.Ordinal) < text.IndexOf("  G (Complex need) ", StringComparison.Ordinal));
        Assert.True(text.IndexOf("  G (Complex need) ", StringComparison.Ordinal) < text.IndexOf("  Preventative support ", StringComparison.Ordinal), "preventative where the model puts it, after the points bands, not alphabetically");
        Assert.Contains("Deduct", ImpactSummaryText.Render(CompareTitled()), StringComparison.Ordinal); // the change file's title
        Assert.Contains("mean change by decile of baseline budget", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ModelPricedInDollars_NeverPrintsPounds()
    {
        var dollars = TestModels.Default.ApplyChange(new MemoryStream("""{ "changes": [ { "path": "/currency", "value": "USD" } ] }"""u8.ToArray()), "usd.json");
        var proposal = dollars.ApplyChange(new MemoryStream("""{ "changes": [ { "path": "/adjustments/1/percent", "value": -40 } ] }"""u8.ToArray()), "change.json");
        var caseload = new StringWriter();
        CaseloadGeneration.Write(dollars, 300, 11, CaseloadFormat.Csv, caseload);
        var summary = new CaseloadComparison(dollars, proposal, new ComparisonOptions(protectLossAmount: 100)).Run(new StringReader(caseload.ToString()), CaseloadFormat.Csv, null);

        var text = ImpactSummaryText.Render(summary);
        var html = ImpactReportHtml.Render(summary);

        Assert.DoesNotContain("£", text, StringComparison.Ordinal);
        Assert.DoesNotContain("£", html, StringComparison.Ordinal);
        Assert.Contains("-$", text, StringComparison.Ordinal);
        Assert.Contains("osses capped at $100.00 a year", html, StringComparison.Ordinal);
    }

    private static ImpactSummary CompareTitled()
    {
        var caseload = new StringWriter();
        CaseloadGeneration.Write(TestModels.Default, 50, 11, CaseloadFormat.Csv, caseload);
        var proposal = TestModels.Default.ApplyChange(new MemoryStream("""{ "title": "Deduct 40%", "changes": [ { "path": "/adjustments/1/percent", "value": -40 } ] }"""u8.ToArray()), "change.json");
        return new CaseloadComparison(TestModels.Default, proposal).Run(new StringReader(caseload.ToString()), CaseloadFormat.Csv, null);
    }

    private static string Money(decimal d) => (d < 0 ? "-£" : "£") + Math.Abs(d).ToString("N2", CultureInfo.InvariantCulture);

    private static T InCulture<T>(CultureInfo culture, Func<T> action)
    {
        var (current, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
            return action();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (current, ui);
        }
    }
}
