using System.Globalization;
using Ras.Engine.Caseloads;
using Ras.Rendering;

namespace Ras.Engine.Tests.Rendering;

public class CaseloadSummaryTextTests
{
    private static CaseloadSummary Run(RasModel model, string csv) =>
        new CaseloadRunner(model).Run(new StringReader(csv), CaseloadFormat.Csv, TextWriter.Null, CaseloadFormat.Csv);

    private static string Generated(RasModel model, int count)
    {
        var caseload = new StringWriter();
        CaseloadGeneration.Write(model, count, 5, CaseloadFormat.Csv, caseload);
        return caseload.ToString();
    }

    [Fact]
    public void Render_OneRow_IsSingular()
    {
        var csv = Generated(TestModels.Default, 1);

        var text = CaseloadSummaryText.Render(Run(TestModels.Default, csv), TestModels.Default);

        Assert.StartsWith("1 row read: 1 allocated, 0 rejected\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1 rows", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UsesTheModelsLabels_NotCodes()
    {
        var text = CaseloadSummaryText.Render(Run(TestModels.Default, Generated(TestModels.Default, 2000)), TestModels.Default);

        Assert.Contains("  Learning disability ", text, StringComparison.Ordinal);
        Assert.Contains("  A (Lower need) ", text, StringComparison.Ordinal);
        Assert.Contains("  Personal budget ", text, StringComparison.Ordinal);
        Assert.Contains("  Not eligible ", text, StringComparison.Ordinal);
        foreach (var code in new[] { "learning_disability", "personalBudget", "notEligible", "older_people" })
        {
            Assert.DoesNotContain(code, text, StringComparison.Ordinal);
        }

        Assert.True(text.IndexOf("  Older people ", StringComparison.Ordinal) < text.IndexOf("  Learning disability ", StringComparison.Ordinal), "client groups in the model's order");
    }

    [Fact]
    public void Render_Means_ArePerPersonOfferedABudgetAndPerEligiblePerson_NotPerRow()
    {
        var summary = Run(TestModels.Default, Generated(TestModels.Default, 2000));

        var text = CaseloadSummaryText.Render(summary, TestModels.Default);

        Assert.True(summary.Allocated > summary.Eligible, "the caseload has people not eligible");
        Assert.NotEqual(summary.MeanIndicative, summary.MeanIndicativePerEligible); // the old mean divided by every allocated row
        Assert.Equal(decimal.Round(summary.TotalIndicative / summary.WithBudget, 2, MidpointRounding.AwayFromZero), summary.MeanIndicativePerBudget);
        Assert.Equal(decimal.Round(summary.TotalIndicativeEligible / summary.Eligible, 2, MidpointRounding.AwayFromZero), summary.MeanIndicativePerEligible);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"mean indicative budget    £{summary.MeanIndicativePerBudget:N2} a year per person offered a budget ({summary.WithBudget:N0} people)\n"), text, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"£{summary.MeanIndicativePerEligible:N2} a year per eligible person ({summary.Eligible:N0} people)\n"), text, StringComparison.Ordinal);
        Assert.DoesNotContain("per allocated row", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ModelPricedInDollars_NeverPrintsPounds()
    {
        var dollars = TestModels.Default.ApplyChange(new MemoryStream("""{ "changes": [ { "path": "/currency", "value": "USD" } ] }"""u8.ToArray()), "usd.json");

        var text = CaseloadSummaryText.Render(Run(dollars, Generated(dollars, 50)), dollars);

        Assert.DoesNotContain("£", text, StringComparison.Ordinal);
        Assert.Contains("total indicative budget   $", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1138800, "GBP", "-£1,138,800.00")]
    [InlineData(0.5, "GBP", "£0.50")]
    [InlineData(-12.345, "USD", "-$12.35")]
    [InlineData(1000, "EUR", "€1,000.00")]
    [InlineData(-1000, "CHF", "-CHF 1,000.00")]
    public void Money_OneFormat_SignBeforeTheSymbol(double amount, string currency, string expected) =>
        Assert.Equal(expected, PeopleText.Money((decimal)amount, currency));

    [Theory]
    [InlineData("learning_disability", "Learning disability")]
    [InlineData("notEligible", "Not eligible")]
    [InlineData("duplicate-case-id", "Duplicate case id")]
    [InlineData("PricePerPoint", "Price per point")]
    [InlineData("A", "A")]
    public void Readable_MakesACodeReadable(string code, string expected) => Assert.Equal(expected, PeopleText.Readable(code));
}
