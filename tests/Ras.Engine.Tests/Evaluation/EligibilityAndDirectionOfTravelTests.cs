using Ras.Engine.Allocation;
using Ras.Engine.Assessments;
using Ras.Engine.Caseloads;

namespace Ras.Engine.Tests.Evaluation;

/// <summary>
/// Issue 9: eligibility on every ground of regulation 2(3) with the assessor's determinations, the determination
/// and the offer told apart, carer support counted only when the carer can continue, direction of travel weighted
/// by timing and shown in money with its cap, and twelve months priced across price changes. Figures worked by
/// hand from the default model (models/default/default-adult-2.0.0.json).
/// </summary>
public class EligibilityAndDirectionOfTravelTests
{
    private static readonly string[] Outcomes = { "eating", "washing", "toileting", "dressing", "moving_at_home", "housework", "relationships", "work", "getting_out" };

    private static Assessment Case(Dictionary<string, string> answers, Dictionary<string, string>? anticipated = null, string asOf = "2026-11-01", Dictionary<string, int>? within = null, bool? impairment = null, bool? wellbeing = null, Dictionary<string, string>? risks = null)
    {
        var all = Outcomes.ToDictionary(q => q, _ => "own");
        all["caring_for_child"] = "not_applicable";
        all["safety"] = "none";
        all["nights"] = "none";
        all["unpaid_care"] = "none";
        foreach (var (k, v) in answers)
        {
            all[k] = v;
        }

        risks ??= new() { ["falls"] = "none", ["hospital_admissions"] = "none", ["carer_strain"] = "no_carer", ["lives_alone"] = "no", ["progressive_condition"] = "no", ["memory"] = "none" };
        return new Assessment("T1", DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture), null, null, all, anticipated, risks, null, within, impairment, wellbeing);
    }

    [Fact]
    public void SomeHelpInTwoOutcomes_IsEligible_WithTheGroundNamed()
    {
        var r = TestModels.Default.Allocate(Case(new() { ["eating"] = "some_help", ["washing"] = "some_help" }), explain: true).GetValueOrThrow();

        Assert.Equal(EligibilityStatus.Eligible, r.Eligibility);
        Assert.Equal(Offer.PersonalBudget, r.Offer);
        var notAchieved = r.Outcomes.Where(o => o.NotAchieved).ToList();
        Assert.Equal(new[] { "nutrition", "personal_hygiene" }, notAchieved.Select(o => o.Outcome));
        Assert.All(notAchieved, o => Assert.Equal(new[] { "withoutAssistance" }, o.Grounds));
        var step = r.Explanation.Single(s => s.Code == "eligibility-now");
        Assert.Contains("managing and maintaining nutrition: not achieved, because the person cannot do it without help (reg. 2(3)(a))", step.Detail, StringComparison.Ordinal);
        Assert.Contains("Determination: eligible", step.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void PainDangerAndTime_EachEvidenceAnOutcome_ThroughTheirOwnQuestions()
    {
        var r = TestModels.Default.Allocate(Case(new() { ["eating_alone"] = "pain", ["washing_alone"] = "unsafe", ["dressing_alone"] = "slow" })).GetValueOrThrow();

        Assert.Equal(EligibilityStatus.Eligible, r.Eligibility);
        Assert.Equal(
            new[] { ("nutrition", "painDistressOrAnxiety"), ("personal_hygiene", "endangersHealthOrSafety"), ("being_clothed", "takesSignificantlyLonger") },
            r.Outcomes.Where(o => o.NotAchieved).Select(o => (o.Outcome, Assert.Single(o.Grounds))));
        Assert.Equal(0, r.CurrentPoints);
    }

    [Fact]
    public void ConstantSupervisionAndWakingNights_OtherwiseIndependent_IsEligible()
    {
        var r = TestModels.Default.Allocate(Case(new() { ["safety"] = "constant", ["nights"] = "waking_night" })).GetValueOrThrow();

        Assert.Equal(EligibilityStatus.Eligible, r.Eligibility);
        Assert.Equal(new[] { "home_safety", "community_services" }, r.Outcomes.Where(o => o.NotAchieved).Select(o => o.Outcome));
        Assert.All(r.Outcomes.Where(o => o.NotAchieved), o => Assert.Equal(new[] { "endangersHealthOrSafety" }, o.Grounds));
        Assert.True(r.Annual.Indicative > 0);
    }

    [Fact]
    public void ADeterminationRecordedAsNotMet_IsNotEligible_AndTheExplanationSaysWhich()
    {
        var answers = new Dictionary<string, string> { ["eating"] = "lot_of_help", ["washing"] = "lot_of_help" };
        var met = TestModels.Default.Allocate(Case(answers, impairment: true, wellbeing: true)).GetValueOrThrow();
        var notMet = TestModels.Default.Allocate(Case(answers, impairment: true, wellbeing: false), explain: true).GetValueOrThrow();

        Assert.Equal(EligibilityStatus.Eligible, met.Eligibility);
        Assert.Equal((EligibilityStatus.NotEligible, Offer.None, 0m), (notMet.Eligibility, notMet.Offer, notMet.Annual.Indicative));
        Assert.Equal((true, false), (notMet.NeedsFromImpairment, notMet.SignificantImpactOnWellbeing));
        Assert.Contains("significant impact on wellbeing (reg. 2(1)(c)): NOT met", notMet.Explanation.Single(s => s.Code == "eligibility-now").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AtRiskButNotEligible_IsNotEligible_WithAPreventativeOffer()
    {
        var r = TestModels.Default.AllocateJson(File.ReadAllText(TestModels.Repo("samples/assessment-preventative.json")), explain: true).GetValueOrThrow();

        Assert.Equal(EligibilityStatus.NotEligible, r.Eligibility);
        Assert.Equal(Offer.PreventativeSupport, r.Offer);
        Assert.Equal("preventative", r.Band);
        Assert.Equal(new BudgetRange(1040m, 1560m, 2080m), r.Annual);
        Assert.Contains("not a determination of eligibility", r.Explanation.Single(s => s.Code == "preventative-offer").Detail, StringComparison.Ordinal);
        var json = RasModelJson(r);
        Assert.Contains("\"eligibility\": \"notEligible\"", json, StringComparison.Ordinal);
        Assert.Contains("\"offer\": \"preventativeSupport\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void CarerNotAbleToContinue_StopsTheDeduction_AndTheExplanationSaysWhy()
    {
        var answers = new Dictionary<string, string> { ["eating"] = "lot_of_help", ["washing"] = "lot_of_help", ["unpaid_care"] = "most" };
        var able = TestModels.Default.Allocate(Case(new(answers) { ["carer_able"] = "yes" }), explain: true).GetValueOrThrow();
        var unable = TestModels.Default.Allocate(Case(new(answers) { ["carer_able"] = "no" }), explain: true).GetValueOrThrow();

        // Most support from carers: −30% on eating and washing: 10 × 0.7 = 7 each when the carer can continue.
        Assert.Equal((7, 7), (able.Domains[0].Points, able.Domains[1].Points));
        Assert.Equal((10, 10), (unable.Domains[0].Points, unable.Domains[1].Points));
        Assert.Contains("is not made", unable.Explanation.Single(s => s.Code == "adjustment-not-made").Detail, StringComparison.Ordinal);
        Assert.Contains("Made because the answer to 'unpaid_care' is 'most'", able.Explanation.Single(s => s.Code == "adjustment-made").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Deterioration_IsWeightedByWhenItIsExpected()
    {
        // Eating some_help 4 → full_help 16 (+12) within 3 months: weight (24 − 3) ÷ 24; washing the same (+12),
        // time not said (the 12-month horizon): weight 12 ÷ 24. D = (12 × 21 + 12 × 12) ÷ 24 = 16.5.
        // z = −2.5 + 0.9 + 1.0 = −0.6, p = 0.3543; uplift = 0.3543 × 16.5 = 5.85 → 6.
        var risks = new Dictionary<string, string> { ["falls"] = "two_or_more", ["hospital_admissions"] = "two_or_more" };
        var r = TestModels.Default.Allocate(Case(
            new() { ["eating"] = "some_help", ["washing"] = "some_help" },
            anticipated: new() { ["eating"] = "full_help", ["washing"] = "full_help" },
            within: new() { ["eating"] = 3 },
            risks: risks)).GetValueOrThrow();

        Assert.Equal((4, 4, 16, 16), (r.Domains[0].Points, r.Domains[1].Points, r.Domains[0].AnticipatedPoints, r.Domains[1].AnticipatedPoints));
        Assert.Equal(0.3543m, r.RiskProbability);
        Assert.Equal((12m * 21 + 12m * 12) / 24, r.Deterioration);
        Assert.Equal(6, r.DirectionOfTravelUplift); // 0.3543 × 16.5 = 5.85 → 6
    }

    [Fact]
    public void ATimeWithoutAnAnticipatedAnswer_OrBeyondTheHorizon_IsAnError()
    {
        var outcome = TestModels.Default.Allocate(Case(new() { ["eating"] = "some_help" }, anticipated: new() { ["washing"] = "some_help" }, within: new() { ["eating"] = 3, ["washing"] = 13 }));

        Assert.False(outcome.IsSuccess);
        Assert.Equal(new[] { "/anticipatedWithinMonths/eating", "/anticipatedWithinMonths/washing" }, outcome.Errors.Select(e => e.Location).Order());
        Assert.All(outcome.Errors, e => Assert.Equal("invalid-timing", e.Code));
    }

    [Fact]
    public void SampleAssessment_ShowsTheUpliftInMoney_CappedAndTheAddOnProRata_AsInTheDocs()
    {
        var r = TestModels.Default.AllocateJson(File.ReadAllText(TestModels.Repo("samples/assessment.json")), explain: true).GetValueOrThrow();

        Assert.Equal((61, 10, 71, "D", "C"), (r.CurrentPoints, r.DirectionOfTravelUplift, r.AdjustedPoints, r.Band, r.BandWithoutUplift));
        Assert.Equal(402m / 24, r.Deterioration);
        Assert.Equal(new BudgetRange(22273m, 24873m, 26953m), r.Annual);
        Assert.Equal(new BudgetRange(17593m, 19673m, 21753m), r.AnnualWithoutUplift);
        Assert.Equal((5200m, true), (r.UpliftAmount, r.UpliftAmountCapped));
        Assert.Equal(((9100m * 122) + (9360m * 243)) / 365, Assert.Single(r.AddOns).Annual);
        var periods = r.Explanation.Single(s => s.Code == "price-changes");
        Assert.Equal(new[] { ("2026-06-01", "122 days"), ("2026-10-01", "243 days") }, periods.Inputs.Select(i => (i.Key, i.Value)));
        Assert.Contains("limited to", r.Explanation.Single(s => s.Code == "uplift-money").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AsOfAfterTheLastPriceChange_IsPricedOnItsDate()
    {
        var r = TestModels.Default.Allocate(Case(new() { ["eating"] = "lot_of_help", ["washing"] = "lot_of_help", ["nights"] = "sleep_in" }, asOf: "2026-11-01"), explain: true).GetValueOrThrow();

        Assert.Equal(9360m, Assert.Single(r.AddOns).Annual);
        Assert.DoesNotContain(r.Explanation, s => s.Code == "price-changes");
    }

    [Fact]
    public void FormatVersion1DefaultModel_KeepsItsPublishedFigures()
    {
        var v1 = RasModel.LoadFile(TestModels.Repo("tests/Ras.Engine.Tests/Fixtures/models/default-adult-1.0.0.json"));
        var json = File.ReadAllText(TestModels.Repo("tests/Ras.Engine.Tests/Fixtures/assessments/sample-1.0.0.json"));
        var r = v1.AllocateJson(json).GetValueOrThrow();

        Assert.Equal((57, 16, 73, "D"), (r.CurrentPoints, r.DirectionOfTravelUplift, r.AdjustedPoints, r.Band));
        Assert.Equal(new BudgetRange(13000m, 15600m, 18200m), r.Annual);
        Assert.Equal(new BudgetRange(250m, 300m, 350m), r.Weekly);
        Assert.Equal(("C", new BudgetRange(8320m, 10400m, 12480m), 5200m), (r.BandWithoutUplift, r.AnnualWithoutUplift, r.UpliftAmount));
    }

    [Fact]
    public void Caseload_WithTimingAndDeterminationColumns_EqualsTheExplainedPath()
    {
        var csv = "case_id,as_of,eating,washing,toileting,dressing,moving_at_home,housework,relationships,work,getting_out,caring_for_child,safety,nights,unpaid_care,carer_able,next.eating,within.eating,needs_from_impairment,wellbeing_impact,risk.falls\n"
            + "K1,2026-06-01,some_help,lot_of_help,own,own,own,own,own,own,own,not_applicable,none,sleep_in,some,no,full_help,3,yes,yes,two_or_more\n"
            + "K2,2026-06-01,some_help,lot_of_help,own,own,own,own,own,own,own,not_applicable,none,none,none,,,,yes,no,none\n"
            + "K3,2026-06-01,some_help,own,own,own,own,own,own,own,own,not_applicable,none,none,none,,,3,,,none\n";
        var output = new StringWriter();
        new CaseloadRunner(TestModels.Default).Run(new StringReader(csv), CaseloadFormat.Csv, output, CaseloadFormat.Csv);
        var lines = output.ToString().TrimEnd('\n').Split('\n');

        var k1 = TestModels.Default.Allocate(new Assessment(
            "K1",
            new DateOnly(2026, 6, 1),
            answers: new Dictionary<string, string> { ["eating"] = "some_help", ["washing"] = "lot_of_help", ["toileting"] = "own", ["dressing"] = "own", ["moving_at_home"] = "own", ["housework"] = "own", ["relationships"] = "own", ["work"] = "own", ["getting_out"] = "own", ["caring_for_child"] = "not_applicable", ["safety"] = "none", ["nights"] = "sleep_in", ["unpaid_care"] = "some", ["carer_able"] = "no" },
            anticipatedAnswers: new Dictionary<string, string> { ["eating"] = "full_help" },
            riskFactors: new Dictionary<string, string> { ["falls"] = "two_or_more" },
            anticipatedWithinMonths: new Dictionary<string, int> { ["eating"] = 3 },
            needsFromImpairment: true,
            significantImpactOnWellbeing: true)).GetValueOrThrow();
        Assert.StartsWith($"K1,,ok,default-adult,2.0.0,eligible,personalBudget,{k1.CurrentPoints},{k1.AdjustedPoints},{k1.Band},{k1.Annual.Lower:0.00},{k1.Annual.Indicative:0.00},{k1.Annual.Upper:0.00},", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("K2,,ok,default-adult,2.0.0,notEligible,none,", lines[2], StringComparison.Ordinal);
        Assert.Contains("column within.eating: a time is given for question 'eating' but no anticipated answer", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Caseload_TimingColumnsUnderAModelWithoutTiming_AreNotUsedAndTheSummarySaysSo()
    {
        var v1 = RasModel.LoadFile(TestModels.Repo("tests/Ras.Engine.Tests/Fixtures/models/default-adult-1.0.0.json"));
        var csv = "case_id,as_of,eating,washing,toileting,dressing,moving_at_home,housework,relationships,work,getting_out,caring_for_child,safety,nights,unpaid_care,next.eating,within.eating\n"
            + "W1,2026-11-01,some_help,lot_of_help,own,own,own,own,own,own,own,not_applicable,none,none,none,full_help,3\n";

        var summary = new CaseloadRunner(v1).Run(new StringReader(csv), CaseloadFormat.Csv, new StringWriter(), CaseloadFormat.Csv);

        Assert.Equal(1, summary.Allocated);
        Assert.Contains(summary.Warnings, w => w.StartsWith("the within.<question> columns say when changes are expected, but model default-adult does not weight changes by timing", StringComparison.Ordinal));
    }

    private static string RasModelJson(AllocationResult r) => ResultJson.Write(AllocationOutcome.Success(r), indented: true);
}
