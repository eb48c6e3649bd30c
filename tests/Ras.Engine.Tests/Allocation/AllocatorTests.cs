using Ras.Engine.Allocation;
using Ras.Engine.Assessments;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Allocation;

/// <summary>Worked examples on the small test model, each figure computed by hand (see the comments).</summary>
public class AllocatorTests
{
    private static readonly DateOnly June = new(2026, 6, 1);

    private static Assessment Case(
        string eating,
        string washing,
        string? carer = null,
        string? living = null,
        string? falls = null,
        Dictionary<string, string>? anticipated = null,
        DateOnly? asOf = null)
    {
        var answers = new Dictionary<string, string> { ["q_eating"] = eating, ["q_washing"] = washing };
        if (carer is not null)
        {
            answers["q_carer"] = carer;
        }

        return new Assessment(
            "T1",
            asOf ?? June,
            null,
            living is null ? null : new Dictionary<string, string> { ["living"] = living },
            answers,
            anticipated,
            falls is null ? null : new Dictionary<string, string> { ["falls"] = falls });
    }

    [Fact]
    public void Allocate_TwoOutcomesUnable_PricesBandByPoints()
    {
        // 10 + 10 = 20 points; band B at £100 a point = £2,000; ±10%; weekly = annual ÷ 52.
        var r = TestModels.Minimal.Allocate(Case("lot", "lot", falls: "no")).GetValueOrThrow();

        Assert.Equal(EligibilityStatus.Eligible, r.Eligibility);
        Assert.Equal(20, r.CurrentPoints);
        Assert.Equal(0.2689m, r.RiskProbability); // 1 / (1 + e^1)
        Assert.Equal(0, r.DirectionOfTravelUplift);
        Assert.Equal("B", r.Band);
        Assert.Equal(new BudgetRange(1800m, 2000m, 2200m), r.Annual);
        Assert.Equal(new BudgetRange(34.62m, 38.46m, 42.31m), r.Weekly);
        Assert.Empty(r.Warnings);
    }

    [Fact]
    public void Allocate_CarerDeductionAndAddOn_AreAppliedAndShown()
    {
        // Eating 10 × (1 − 50%) = 5, washing 10: 15 points → £1,500 (±10%), + £520 living alone.
        var r = TestModels.Minimal.Allocate(Case("lot", "lot", carer: "some", living: "alone", falls: "no")).GetValueOrThrow();

        Assert.Equal(new[] { 5, 10, 0 }, r.Domains.Select(d => d.Points));
        Assert.Equal(new[] { 10, 10, 0 }, r.Domains.Select(d => d.RawPoints));
        Assert.Equal(15, r.AdjustedPoints);
        var addOn = Assert.Single(r.AddOns);
        Assert.Equal(("alone", 520m), (addOn.AddOnId, addOn.Annual));
        Assert.Equal(new BudgetRange(1870m, 2020m, 2170m), r.Annual);
        Assert.Equal(new BudgetRange(35.96m, 38.85m, 41.73m), r.Weekly);
    }

    [Fact]
    public void Allocate_BelowTheLineButDeteriorating_IsEligibleOnDirectionOfTravel()
    {
        // Now: eating 5, washing 0, no outcome unable. In twelve months: both "lot" (2 outcomes).
        // z = −1 + 2 = 1, p = 0.7311 ≥ 0.5. Deterioration 5 + 10 = 15; 0.7311 × 15 = 10.97 → 11, capped at 10.
        var anticipated = new Dictionary<string, string> { ["q_eating"] = "lot", ["q_washing"] = "lot" };
        var r = TestModels.Minimal.Allocate(Case("some", "own", falls: "yes", anticipated: anticipated)).GetValueOrThrow();

        Assert.Equal(EligibilityStatus.NotEligible, r.Eligibility);
        Assert.Equal(Offer.PreventativeSupport, r.Offer);
        Assert.Equal(0.7311m, r.RiskProbability);
        Assert.Equal(10, r.DirectionOfTravelUplift);
        Assert.Equal(15, r.AdjustedPoints);
        Assert.Equal("preventative", r.Band);
        Assert.Equal(new BudgetRange(100m, 200m, 300m), r.Annual);
        Assert.Equal(new BudgetRange(1.92m, 3.85m, 5.77m), r.Weekly);
    }

    [Fact]
    public void Allocate_DeterioratingButUnlikely_IsNotEligible()
    {
        // p = 0.2689 < 0.5; the uplift is still worked out (0.2689 × 15 = 4.03 → 4) but nothing is priced.
        var anticipated = new Dictionary<string, string> { ["q_eating"] = "lot", ["q_washing"] = "lot" };
        var r = TestModels.Minimal.Allocate(Case("some", "own", falls: "no", anticipated: anticipated)).GetValueOrThrow();

        Assert.Equal(EligibilityStatus.NotEligible, r.Eligibility);
        Assert.Equal(4, r.DirectionOfTravelUplift);
        Assert.Null(r.Band);
        Assert.Equal(default, r.Annual);
        Assert.Contains(r.Warnings, w => w.StartsWith("not eligible", StringComparison.Ordinal));
    }

    [Fact]
    public void Allocate_EligibleBelowThePreventativeAmount_IsRaisedToIt()
    {
        // Washing "lot" scores 1 here and band A pays £150: 5 + 1 = 6 points → £150 (£135–£165), below the
        // preventative £100–£200–£300, so each end is raised to at least its floor: £135–£200–£300.
        var json = File.ReadAllText(TestModels.Fixture("models/minimal.json"))
            .Replace("\"amount\": 1000", "\"amount\": 150", StringComparison.Ordinal);
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        node["domains"]![1]!["questions"]![0]!["answers"]![2]!["points"] = 1;
        var model = TestModels.FromJson(node.ToJsonString());

        var r = model.Allocate(Case("lot", "lot", carer: "some", falls: "no"), explain: true).GetValueOrThrow();

        Assert.Equal(6, r.AdjustedPoints);
        Assert.Equal(new BudgetRange(135m, 200m, 300m), r.Annual);
        Assert.Contains(r.Explanation, s => s.Code == "preventative-floor");
    }

    [Fact]
    public void Allocate_MissingRiskFactor_WarnsAndCountsNothing()
    {
        var r = TestModels.Minimal.Allocate(Case("lot", "lot")).GetValueOrThrow();

        Assert.Equal("risk factor 'falls' was not recorded: it adds nothing to the risk score", Assert.Single(r.Warnings));
    }

    [Fact]
    public void Allocate_Explain_GivesTheSameFiguresAsWithout()
    {
        var a = Case("lot", "lot", carer: "some", living: "alone", falls: "yes");

        var plain = TestModels.Minimal.Allocate(a).GetValueOrThrow();
        var explained = TestModels.Minimal.Allocate(a, explain: true).GetValueOrThrow();

        Assert.Empty(plain.Explanation);
        Assert.NotEmpty(explained.Explanation);
        Assert.Equal(Figures(plain), Figures(explained));
    }

    [Fact]
    public void Allocate_InvalidAssessment_ListsEveryProblemWithItsLocation()
    {
        var a = new Assessment(
            "BAD-1",
            new DateOnly(2028, 1, 1),
            null,
            new Dictionary<string, string> { ["living"] = "castle", ["age"] = "65+" },
            new Dictionary<string, string> { ["q_eating"] = "loads", ["q_sleep"] = "own" },
            new Dictionary<string, string> { ["q_washing"] = "never" },
            new Dictionary<string, string> { ["falls"] = "often", ["smoking"] = "yes" });

        var outcome = TestModels.Minimal.Allocate(a);

        Assert.False(outcome.IsSuccess);
        Assert.Equal(
            new[]
            {
                "/answers/q_eating: 'loads' is not an answer to question 'q_eating' (expected one of 'own', 'some', 'lot'; found 'loads') [invalid-answer]",
                "/answers/q_sleep: the model has no question 'q_sleep' (expected a question id of the model; found 'q_sleep') [unknown-question]",
                "/anticipated/q_washing: 'never' is not an answer to question 'q_washing' (expected one of 'own', 'some', 'lot'; found 'never') [invalid-answer]",
                "/asOf: model minimal 1.0.0 is not in force on 2028-01-01 (expected a date from 2026-04-01 to 2027-03-31; found 2028-01-01) [model-not-in-force]",
                "/attributes/living: 'castle' is not a value of attribute 'living' (expected one of 'alone', 'with_others'; found 'castle') [invalid-attribute]",
                "/attributes/age: the model has no attribute 'age' (expected one of 'living'; found 'age') [unknown-attribute]",
                "/answers/q_washing: required question 'q_washing' is not answered (\"Washing?\") (expected one of 'own', 'some', 'lot') [missing-answer]",
                "/riskFactors/falls: 'often' is not a level of risk factor 'falls' (expected one of 'no', 'yes'; found 'often') [invalid-risk-level]",
                "/riskFactors/smoking: the model has no risk factor 'smoking' (expected one of 'falls'; found 'smoking') [unknown-risk-factor]",
            },
            outcome.Errors.Select(e => e.Message));
        Assert.Throws<AssessmentException>(outcome.GetValueOrThrow);
    }

    [Fact]
    public void AllocateJson_MalformedJson_IsAnOutcomeNotAnException()
    {
        var outcome = TestModels.Minimal.AllocateJson("{ \"caseId\": \"X\", \"asOf\": \"1 June\", \"answer\": {} }");

        Assert.Equal(
            new[]
            {
                "/asOf: not a date (expected an ISO date such as \"2026-06-01\"; found \"1 June\") [invalid-date]",
                "/answer: unknown member (a typo?) (expected one of 'caseId', 'asOf', 'clientGroup', 'attributes', 'answers', 'anticipated', 'riskFactors', 'inputs'; found 'answer') [unknown-member]",
            },
            outcome.Errors.Select(e => e.Message));
    }

    [Fact]
    public void Allocate_UnknownClientGroup_IsAnError()
    {
        var a = new Assessment("G", new DateOnly(2026, 6, 1), "martians", answers: Generators.Assessment(TestModels.Default, 1).Answers);

        var error = Assert.Single(TestModels.Default.Allocate(a).Errors);

        Assert.Equal("unknown-client-group", error.Code);
    }

    internal static string Figures(AllocationResult r) =>
        $"{r.Eligibility} {r.CurrentPoints} {r.AnticipatedPoints} {r.RiskProbability} {r.DirectionOfTravelUplift} {r.AdjustedPoints} {r.Band} {r.Annual} {r.Weekly} {string.Join(",", r.Domains.Select(d => d.Points))} {string.Join(",", r.AddOns.Select(x => x.Annual))} {string.Join("|", r.Warnings)}";
}

public class AllocateManyTests
{
    [Fact]
    public void AllocateMany_InOrder_SameAsOneByOne_AnyThreadCount()
    {
        var cases = Enumerable.Range(0, 3000).Select(i => Generators.Assessment(TestModels.Default, i)).ToArray();
        var progress = new List<long>();

        var one = TestModels.Default.AllocateMany(cases, new Ras.Engine.CaseloadOptions(1));
        var many = TestModels.Default.AllocateMany(cases, new Ras.Engine.CaseloadOptions(4, progress: new Collect(progress)));

        Assert.Equal(cases.Select(c => TestModels.Default.Allocate(c).ToJson(false)), one.Select(o => o.ToJson(false)));
        Assert.Equal(one.Select(o => o.ToJson(false)), many.Select(o => o.ToJson(false)));
        Assert.Equal(3000, progress.Max());
    }

    [Fact]
    public void AllocateMany_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => TestModels.Default.AllocateMany(new[] { Generators.Assessment(TestModels.Default, 1) }, new Ras.Engine.CaseloadOptions(cancellationToken: cts.Token)));
    }

    private sealed class Collect(List<long> seen) : IProgress<Ras.Engine.CaseloadProgress>
    {
        public void Report(Ras.Engine.CaseloadProgress value)
        {
            lock (seen)
            {
                seen.Add(value.RowsRead);
            }
        }
    }
}
