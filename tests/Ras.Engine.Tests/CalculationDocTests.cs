using Ras.Engine.Allocation;

namespace Ras.Engine.Tests;

/// <summary>The worked example in docs/calculation.md is what the engine computes.</summary>
public class CalculationDocTests
{
    [Fact]
    public void WorkedExample_MatchesTheEngine()
    {
        var r = TestModels.Default.AllocateJson(File.ReadAllText(TestModels.Repo("samples/assessment.json"))).GetValueOrThrow();
        var doc = File.ReadAllText(TestModels.Repo("docs/calculation.md"));

        Assert.Equal(new[] { 3, 9, 4, 9, 10, 5, 2, 0, 5, 0, 10, 0 }, r.Domains.Select(d => d.Points));
        Assert.Equal(new[] { 9, 9, 10, 9, 16, 5, 2, 0, 5, 0, 18, 0 }, r.Domains.Select(d => d.AnticipatedPoints));
        Assert.Equal((62, 57, 83), (r.RawPoints, r.CurrentPoints, r.AnticipatedPoints));
        Assert.Equal(0.6225m, r.RiskProbability);
        Assert.Equal((16, 73, "D"), (r.DirectionOfTravelUplift, r.AdjustedPoints, r.Band));
        Assert.Equal(new BudgetRange(13000m, 15600m, 18200m), r.Annual);
        Assert.Equal(new BudgetRange(250m, 300m, 350m), r.Weekly);
        Assert.Contains("| **Total** | | 62 | | **57** | 83 |", doc, StringComparison.Ordinal);
        Assert.Contains("*p* = 1 ÷ (1 + e^−0.5) = 0.6225", doc, StringComparison.Ordinal);
        Assert.Contains("Points to price: 57 + 16 = **73**", doc, StringComparison.Ordinal);
        Assert.Contains("**£13,000 – £15,600 – £18,200 a year**", doc, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkedExampleOfFormatVersion2_MatchesTheEngine()
    {
        var model = RasModel.LoadFile(TestModels.Repo("samples/models/format-v2-bands.json"));
        var r = model.AllocateJson(File.ReadAllText(TestModels.Repo("samples/assessment-v2.json"))).GetValueOrThrow();
        var doc = File.ReadAllText(TestModels.Repo("docs/calculation.md"));

        Assert.Equal(new[] { 11, 4 }, r.Domains.Select(d => d.Points));
        Assert.Equal((15, 22, 3, 18), (r.CurrentPoints, r.AnticipatedPoints, r.DirectionOfTravelUplift, r.AdjustedPoints));
        Assert.Equal(EligibilityStatus.Eligible, r.Eligibility);
        Assert.Equal(0.425557483188341m, r.RiskProbability);
        Assert.Equal((14m, 10m, 10), (r.DerivedQuantities["adl_sum"], r.DerivedQuantities["care_need"], r.PricedPoints));
        Assert.Equal("B", r.Band);
        Assert.Equal(new BudgetRange(7800m, 8580m, 9360m), r.Annual);
        Assert.Equal(new BudgetRange(150m, 165m, 180m), r.Weekly);
        Assert.Contains("*p* = 1 ÷ (1 + e^0.3) = 0.425557483188341", doc, StringComparison.Ordinal);
        Assert.Contains("`care_need` = 1 × 14 − 0.1 × 40 =\n  **10**", doc, StringComparison.Ordinal);
        Assert.Contains("**£7,800 – £8,580 – £9,360 a year**; weekly ÷ 52: **£150.00 – £165.00 – £180.00**", doc, StringComparison.Ordinal);
    }
}
