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

        Assert.Contains("transitional protection (losses capped at £1,000.00): ", text, StringComparison.Ordinal);
        Assert.Contains("\nwinners and losers:\n", text, StringComparison.Ordinal);
    }

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
