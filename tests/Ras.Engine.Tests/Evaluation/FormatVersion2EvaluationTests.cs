using Ras.Engine.Allocation;
using Ras.Engine.Assessments;
using Ras.Engine.Caseloads;

namespace Ras.Engine.Tests.Evaluation;

/// <summary>
/// Hand-computed worked examples of every format version 2 feature (numeric inputs, derived quantities, range
/// conditions, a derived basis, weekly bands, unrounded and two-place probabilities, no eligibility rule with
/// direction of travel), each checked through the explained allocation and through a caseload run.
/// </summary>
public class FormatVersion2EvaluationTests
{
    private static readonly RasModel Bands = RasModel.LoadFile(TestModels.Fixture("models/format-v2-bands.json"));
    private static readonly RasModel Curve = RasModel.LoadFile(TestModels.Fixture("models/format-v2-curve.json"));

    private static Assessment Case(decimal age, decimal? hours, string eating, string washing, string? nextWashing = null, string falls = "none") =>
        new(
            "V2",
            new DateOnly(2026, 6, 1),
            answers: new Dictionary<string, string> { ["eating"] = eating, ["washing"] = washing },
            anticipatedAnswers: nextWashing is null ? null : new Dictionary<string, string> { ["washing"] = nextWashing },
            riskFactors: new Dictionary<string, string> { ["falls"] = falls },
            inputs: hours is { } h ? new Dictionary<string, decimal> { ["age"] = age, ["unpaid_care_hours"] = h } : new Dictionary<string, decimal> { ["age"] = age });

    [Fact]
    public void Bands_OlderPersonWithUnpaidCare_AsWorkedByHand()
    {
        // Age 80 ≥ 75: +10% on every domain. Eating 10 → 11; washing 4 → 4.4 → 4; points now 15.
        // Anticipated washing 10 → 11: deterioration 7. z = −1.5 + 1.2 = −0.3, p = 1 ÷ (1 + e^0.3) unrounded
        // = 0.425557483188341; p × 7 = 2.979 → uplift 3; points to price 18.
        // adl_sum = 10 + 4 (answer points) = 14; care_need = 14 − 0.1 × 40 hours = 10 → band B (8–14):
        // £150 a week × 52 = £7,800; ±10% = £7,020 – £8,580; carer break (40 ≥ 35 hours) +£780.
        var r = Bands.Allocate(Case(80, 40, "lot_of_help", "some_help", "lot_of_help", "some"), explain: true).GetValueOrThrow();

        Assert.Equal(EligibilityStatus.Eligible, r.Eligibility);
        Assert.Equal((15, 22, 3, 18), (r.CurrentPoints, r.AnticipatedPoints, r.DirectionOfTravelUplift, r.AdjustedPoints));
        Assert.Equal(0.425557483188341m, r.RiskProbability);
        Assert.Equal(14m, r.DerivedQuantities["adl_sum"]);
        Assert.Equal(10.0m, r.DerivedQuantities["care_need"]);
        Assert.Equal("B", r.Band);
        Assert.Equal(new BudgetRange(7800m, 8580m, 9360m), r.Annual);
        Assert.Equal(new BudgetRange(150.00m, 165.00m, 180.00m), r.Weekly);
        Assert.Equal("carer-break", Assert.Single(r.AddOns).AddOnId);
        Assert.Contains(r.Explanation, s => s.Code == "basis" && s.Detail.Contains("'care_need'", StringComparison.Ordinal) && s.Value == "10");
        Assert.Contains(r.Explanation, s => s.Code == "band" && s.Detail.Contains("a fixed £150.00 a week × 52 weeks = £7,800.00 a year", StringComparison.Ordinal));
        Assert.Contains(r.Explanation, s => s.Code == "risk-score" && s.Detail.Contains("0.425557483188341 (not rounded)", StringComparison.Ordinal));
        Assert.Contains(r.Explanation, s => s.Code == "eligibility-now" && s.Detail.StartsWith("This model has no eligibility rule", StringComparison.Ordinal));
        AssertBatchAgrees(Bands, Case(80, 40, "lot_of_help", "some_help", "lot_of_help", "some"), r);
    }

    [Fact]
    public void Bands_TopBandClosedAtTheBasisMaximum_PricesPerPointPerWeek()
    {
        // No adjustment (30 < 75), no change: 20 points now; adl_sum 20, care_need 20 (no unpaid care given)
        // → band C (15–20) at its closed top edge: 20 × £12 a week × 52 = £12,480; ±10%.
        var r = Bands.Allocate(Case(30, null, "lot_of_help", "lot_of_help")).GetValueOrThrow();

        Assert.Equal("C", r.Band);
        Assert.Equal(new BudgetRange(11232m, 12480m, 13728m), r.Annual);
        Assert.Equal(new BudgetRange(216.00m, 240.00m, 264.00m), r.Weekly);
        Assert.Empty(r.AddOns);
        AssertBatchAgrees(Bands, Case(30, null, "lot_of_help", "lot_of_help"), r);
    }

    [Fact]
    public void Bands_BasisRoundsHalvesAwayFromZero()
    {
        // adl_sum 4; care_need = 4 − 0.1 × 25 = 1.5 → 2 → band A: £50 a week × 52 = £2,600.
        var r = Bands.Allocate(Case(30, 25, "some_help", "own")).GetValueOrThrow();

        Assert.Equal(1.5m, r.DerivedQuantities["care_need"]);
        Assert.Equal("A", r.Band);
        Assert.Equal(new BudgetRange(2340m, 2600m, 2860m), r.Annual);
        AssertBatchAgrees(Bands, Case(30, 25, "some_help", "own"), r);
    }

    [Fact]
    public void Curve_DerivedInputAndConditionedTerms_AsWorkedByHand()
    {
        // p rounded to two places: 0.43; 0.43 × 7 = 3.01 → uplift 3; points to price 18.
        // predictor = 20 + 2.5 × care_need 10 + 0.1 × age 80 + 1 × 18 (adl_sum 14 is within 10–20) = 71 a week
        // × 52 = £3,692; ±10% = £3,322.80 – £4,061.20; carer break +£780 (adl_sum 14 < 15: no extra support)
        // = £4,102.80 – £4,472 – £4,841.20 → £4,103 – £4,472 – £4,841; weekly 78.90 – 86.00 – 93.10.
        var a = Case(80, 40, "lot_of_help", "some_help", "lot_of_help", "some");
        var r = Curve.Allocate(a, explain: true).GetValueOrThrow();

        Assert.Equal(0.43m, r.RiskProbability);
        Assert.Equal(18, r.AdjustedPoints);
        Assert.Equal(new BudgetRange(4103m, 4472m, 4841m), r.Annual);
        Assert.Equal(new BudgetRange(78.90m, 86.00m, 93.10m), r.Weekly);
        Assert.Contains(r.Explanation, s => s.Code == "pricing" && s.Detail.Contains("20 + 2.5 × 10 [derived quantity 'care_need'] + 0.1 × 80 [input 'age'] + 1 × 18 [total points, only when derived quantity 'adl_sum' is from 10 to 20] = 71", StringComparison.Ordinal));
        AssertBatchAgrees(Curve, a, r);
    }

    [Fact]
    public void Curve_AddOnOnADerivedQuantity_HoldsFromItsMinimum()
    {
        // adl_sum = 10 + 10 = 20 ≥ 15: extra daily living support 2 hours × £15.16 × 52 = £1,576.64. No unpaid
        // care. No change, so no uplift: points 20 (both 10; age 30). Predictor = 20 + 2.5 × 20 + 0.1 × 30 + 1 ×
        // 20 (adl_sum 20 within 10–20) = 93 a week × 52 = £4,836; ±10% = £4,352.40 – £5,319.60;
        // + £1,576.64 = £5,929.04 – £6,412.64 – £6,896.24 → £5,929 – £6,413 – £6,896.
        var a = Case(30, null, "lot_of_help", "lot_of_help");
        var r = Curve.Allocate(a).GetValueOrThrow();

        Assert.Equal("high-daily-living", Assert.Single(r.AddOns).AddOnId);
        Assert.Equal(1576.64m, r.AddOns[0].Annual);
        Assert.Equal(new BudgetRange(5929m, 6413m, 6896m), r.Annual);
        AssertBatchAgrees(Curve, a, r);
    }

    [Theory]
    [InlineData("17", "input-out-of-range", "numeric input 'age' (Age in years) is outside its allowed range (expected a number from 18 to 120 (years); found 17)")]
    [InlineData("120.5", "input-out-of-range", "numeric input 'age' (Age in years) is outside its allowed range (expected a number from 18 to 120 (years); found 120.5)")]
    [InlineData("old", "invalid-input", "'old' is not a number for numeric input 'age' (Age in years) (expected a number from 18 to 120 (years), such as 67 or 12.5; found 'old')")]
    [InlineData("", "missing-input", "required numeric input 'age' (Age in years) is not given (expected a number from 18 to 120 (years))")]
    public void Inputs_OutOfRangeOrMissing_AreErrorsNamingTheInput(string age, string code, string problem)
    {
        var csv = $"case_id,as_of,age,eating,washing\nX1,2026-06-01,{age},own,own\n";
        var (summary, lines) = RunCsv(Bands, csv);

        Assert.Equal(1, summary.RejectedByCode[code]);
        Assert.EndsWith($"\"line 2, column age: {problem}\"", lines[1], StringComparison.Ordinal);
        if (decimal.TryParse(age, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            var outcome = Bands.Allocate(new Assessment("X1", new DateOnly(2026, 6, 1), answers: new Dictionary<string, string> { ["eating"] = "own", ["washing"] = "own" }, inputs: new Dictionary<string, decimal> { ["age"] = value }));
            Assert.Equal($"/inputs/age: {problem} [{code}]", Assert.Single(outcome.Errors).Message);
        }
    }

    [Theory]
    [InlineData("18")]
    [InlineData("120")]
    public void Inputs_AtTheirRangeEdges_AreAccepted(string age)
    {
        var (summary, _) = RunCsv(Bands, $"case_id,as_of,age,eating,washing\nX1,2026-06-01,{age},own,own\n");

        Assert.Equal(1, summary.Allocated);
    }

    private static RasModel Huge(string pricing) => TestModels.FromJson($$"""
        { "formatVersion": 2, "id": "huge", "version": "1.0.0", "title": "Huge inputs", "effectiveFrom": "2026-04-01",
          "inputs": [ { "id": "x", "label": "X", "unit": "units", "min": 0, "max": 1e20 } ],
          "domains": [ { "id": "d", "title": "D", "questions": [ { "id": "q", "text": "Q", "answers": [ { "code": "a", "text": "A", "points": 1 } ] } ] } ],
          "derived": [ { "id": "k", "label": "K", "terms": [ { "coefficient": 1e10, "input": "x" }, { "question": "q" } ] } ],
          "pricing": {{pricing}},
          "addOns": [ { "id": "big", "title": "Big", "when": { "derived": "k", "min": 1 }, "annualAmount": 1 } ],
          "range": { "method": "tolerance", "belowPercent": 0, "abovePercent": 0 },
          "rounding": { "annualUnit": 1, "weeklyUnit": 0.01, "midpoint": "awayFromZero" } }
        """);

    [Theory]
    [InlineData("""{ "method": "pricePerPoint", "pricePerPoint": 10, "basis": "k" }""", "100000000000000000000")]
    [InlineData("""{ "method": "pricePerPoint", "pricePerPoint": 10, "basis": "k" }""", "1000")]
    [InlineData("""{ "method": "curve", "curve": { "intercept": 0, "transform": "identity", "terms": [ { "coefficient": 1e10, "input": "x" } ] } }""", "100000000000000000000")]
    public void Overflow_IsARowErrorNeverACrashOrACappedAmount(string pricing, string x)
    {
        // 1e10 × 1e20 is beyond decimal; 1e10 × 1,000 + 1 is a basis beyond whole-number points. Each is an error
        // row, and the other rows of the caseload are still allocated.
        var model = Huge(pricing);
        var a = new Assessment("H1", new DateOnly(2026, 6, 1), answers: new Dictionary<string, string> { ["q"] = "a" }, inputs: new Dictionary<string, decimal> { ["x"] = decimal.Parse(x, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal("arithmetic-overflow", Assert.Single(model.Allocate(a).Errors).Code);
        var (summary, lines) = RunCsv(model, $"case_id,as_of,x,q\nH1,2026-06-01,{x},a\nH2,2026-06-01,0,a\n");
        Assert.Equal((1L, 1L), (summary.Allocated, summary.RejectedByCode["arithmetic-overflow"]));
        Assert.StartsWith("H1,,error,huge,1.0.0,,,,,,,,,,\"line 2, answers: a derived quantity, the quantity priced or the pricing curve's predictor is too large", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_InCaseloadCells_AcceptTheNumbersJsonAccepts()
    {
        // 1e2 and 67.0 are numbers in JSON; a caseload cell takes them too.
        var (summary, _) = RunCsv(Bands, "case_id,as_of,age,eating,washing\nE1,2026-06-01,1e2,own,own\nE2,2026-06-01,67.0,own,own\n");

        Assert.Equal(2, summary.Allocated);
    }

    private static void AssertBatchAgrees(RasModel model, Assessment a, AllocationResult r)
    {
        var header = new List<string> { "case_id", "as_of", "eating", "washing", "next.washing", "risk.falls" };
        var row = new List<string> { "C1", "2026-06-01", a.Answers["eating"], a.Answers["washing"], a.AnticipatedAnswers.GetValueOrDefault("washing", ""), a.RiskFactors.GetValueOrDefault("falls", "") };
        foreach (var (id, value) in a.Inputs)
        {
            header.Add(id);
            row.Add(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var (_, lines) = RunCsv(model, string.Join(',', header) + "\n" + string.Join(',', row) + "\n");
        var f = lines[1].Split(',');
        Assert.Equal("ok", f[2]);
        Assert.Equal((r.CurrentPoints.ToString(System.Globalization.CultureInfo.InvariantCulture), r.AdjustedPoints.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Band ?? ""), (f[7], f[8], f[9]));
        Assert.Equal(new[] { r.Annual.Lower, r.Annual.Indicative, r.Annual.Upper, r.Weekly.Indicative }, f[10..14].Select(x => decimal.Parse(x, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static (CaseloadSummary Summary, string[] Lines) RunCsv(RasModel model, string csv)
    {
        using var output = new StringWriter();
        var summary = new CaseloadRunner(model).Run(new StringReader(csv), CaseloadFormat.Csv, output, CaseloadFormat.Csv);
        return (summary, output.ToString().TrimEnd('\n').Split('\n'));
    }
}

/// <summary>The codes a comparison treats as evaluation errors are exactly those the evaluator can give.</summary>
public class EvaluationErrorCodesTests
{
    [Fact]
    public void EveryFailedStatus_HasAnEvaluationErrorCode()
    {
        var c = TestModels.Default.Compiled;
        var codes = Enum.GetValues<Ras.Engine.Rules.PriceStatus>().Where(s => s != Ras.Engine.Rules.PriceStatus.Ok)
            .Select(s => Ras.Engine.Evaluation.Allocator.ErrorFor(c, TestModels.Default.Decoder, new Ras.Engine.Evaluation.Figures { Status = s }, new DateOnly(2030, 1, 1), Ras.Engine.Evaluation.Where.Json).Code);

        Assert.Equal(Ras.Engine.Evaluation.Allocator.EvaluationErrorCodes.Order(StringComparer.Ordinal), codes.Order(StringComparer.Ordinal));
    }
}
