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

        Assert.Equal(new[] { 3, 9, 4, 9, 10, 5, 2, 0, 5, 0, 14, 0 }, r.Domains.Select(d => d.Points));
        Assert.Equal(new[] { 9, 9, 10, 9, 16, 5, 2, 0, 5, 0, 22, 0 }, r.Domains.Select(d => d.AnticipatedPoints));
        Assert.Equal((66, 61, 87), (r.RawPoints, r.CurrentPoints, r.AnticipatedPoints));
        Assert.Equal(8, r.Outcomes.Count(o => o.NotAchieved));
        Assert.Equal((EligibilityStatus.Eligible, Offer.PersonalBudget), (r.Eligibility, r.Offer));
        Assert.Equal(0.6225m, r.RiskProbability);
        Assert.Equal(402m / 24, r.Deterioration);
        Assert.Equal((10, 71, "D", "C"), (r.DirectionOfTravelUplift, r.AdjustedPoints, r.Band, r.BandWithoutUplift));
        Assert.Equal(((9100m * 122) + (9360m * 243)) / 365, Assert.Single(r.AddOns).Annual);
        Assert.Equal(new BudgetRange(22273m, 24873m, 26953m), r.Annual);
        Assert.Equal(new BudgetRange(428.33m, 478.33m, 518.33m), r.Weekly);
        Assert.Equal(new BudgetRange(17593m, 19673m, 21753m), r.AnnualWithoutUplift);
        Assert.Equal(5200m, r.UpliftAmount);
        Assert.Contains("| **Total** | | 66 | | **61** | 87 |", doc, StringComparison.Ordinal);
        Assert.Contains("*p* = 1 ÷ (1 + e^−0.5) = 0.6225", doc, StringComparison.Ordinal);
        Assert.Contains("*D* = (108 + 72 + 126 + 96) ÷ 24 = 402/24 = 16.75", doc, StringComparison.Ordinal);
        Assert.Contains("Points to price: 61 + 10 = **71**", doc, StringComparison.Ordinal);
        Assert.Contains("upper min(18,200, 17,680) = **£17,680**", doc, StringComparison.Ordinal);
        Assert.Contains("(£9,100 × 122 + £9,360 × 243) ÷ 365", doc, StringComparison.Ordinal);
        Assert.Contains("**£22,273 – £24,873 – £26,953 a year**", doc, StringComparison.Ordinal);
        Assert.Contains("**£428.33 – £478.33 – £518.33**", doc, StringComparison.Ordinal);
        Assert.Contains("the uplift is worth **£5,200 a year**", doc, StringComparison.Ordinal);

        var preventative = TestModels.Default.AllocateJson(File.ReadAllText(TestModels.Repo("samples/assessment-preventative.json"))).GetValueOrThrow();
        Assert.Equal((EligibilityStatus.NotEligible, Offer.PreventativeSupport, 0.5498m), (preventative.Eligibility, preventative.Offer, preventative.RiskProbability));
        Assert.Equal(new BudgetRange(1040m, 1560m, 2080m), preventative.Annual);
        Assert.Contains("is **not eligible** and offered **preventative support**: £1,040 – £1,560 – £2,080 a year", doc, StringComparison.Ordinal);
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
