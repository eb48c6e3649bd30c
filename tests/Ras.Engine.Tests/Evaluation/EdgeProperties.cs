using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ras.Engine.Allocation;
using Ras.Engine.Assessments;
using Ras.Engine.Caseloads;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Evaluation;

/// <summary>Batch equals allocate where tables are indexed at their ends: band edges, the most points, the highest attribute values.</summary>
public class EdgeProperties
{
    /// <summary>Norfolk's published table (0–69 none; 70–115; 116–130; 131–145; 146–160; 161–170; 171–185, closed at 185).</summary>
    private static readonly (int Min, int Max, string Id)[] NorfolkBands =
        { (0, 69, "none"), (70, 115, "band-1"), (116, 130, "band-2"), (131, 145, "band-3"), (146, 160, "band-4"), (161, 170, "band-5"), (171, 185, "band-6") };

    public static Arbitrary<JsonObject> EveryTotalModels() => Arb.From(ModelGen.EveryTotalModels());

    [Property(MaxTest = 60, Arbitrary = new[] { typeof(EdgeProperties) })]
    public Property Batch_EqualsAllocate_OnEveryBandEdge(JsonObject document)
    {
        var model = ModelGen.TryLoad(document.ToJsonString(), out var errors);
        if (model is null)
        {
            return false.Label("generator bug: " + string.Join("; ", errors));
        }

        var bands = model.Definition.Pricing.Bands.Select(b => (b.MinPoints, b.MaxPoints ?? int.MaxValue, b.Id)).ToArray();
        var problems = EveryTotal(model, model.EffectiveFrom, bands);
        if (ModelGen.ChangeDates(model.Definition).LastOrDefault() is var change && change > model.EffectiveFrom)
        {
            problems.AddRange(EveryTotal(model, change, bands));
        }

        return (problems.Count == 0).Label($"{document.ToJsonString()}{Environment.NewLine}{string.Join(Environment.NewLine, problems.Take(10))}");
    }

    [Fact]
    public void Batch_EqualsAllocate_OnNorfolksBandEdges()
    {
        var document = JsonNode.Parse(File.ReadAllText(TestModels.Repo("models/norfolk-children/norfolk-children-primary-1.0.0.json")))!.AsObject();
        document["domains"] = new JsonArray(new JsonObject
        {
            ["id"] = "every_total",
            ["title"] = "Every total from 0 to 185",
            ["questions"] = new JsonArray(new[] { 99, 86 }.Select((most, j) => (JsonNode)new JsonObject
            {
                ["id"] = $"q{j}",
                ["text"] = $"Question {j}",
                ["answers"] = new JsonArray(Enumerable.Range(0, most + 1).Select(i => (JsonNode)new JsonObject { ["code"] = $"a{i}", ["text"] = $"{i} points", ["points"] = i }).ToArray()),
            }).ToArray()),
        });
        var model = TestModels.FromJson(document.ToJsonString());

        var problems = EveryTotal(model, model.EffectiveFrom, NorfolkBands);

        Assert.Empty(problems);
        Assert.Equal(185, ModelValidator.MaxPossiblePoints(model.Definition));
    }

    /// <summary>
    /// Every answer at its maximum gives the most points the model says the questionnaire can give (without
    /// adjustments and direction of travel, which the bound counts at their most favourable), in batch and allocate.
    /// </summary>
    [Property(MaxTest = 150, Arbitrary = new[] { typeof(ModelGen.Arbitraries) })]
    public Property EveryAnswerAtMaximum_GivesTheMostPoints(ModelCase c)
    {
        if (c.Model is null)
        {
            return false.Label("generator bug: " + string.Join("; ", c.LoadErrors));
        }

        var full = c.Model;
        var document = JsonNode.Parse(c.ModelJson)!.AsObject();
        document.Remove("adjustments");
        document.Remove("directionOfTravel");
        var plain = ModelGen.TryLoad(document.ToJsonString(), out var errors);
        if (plain is null)
        {
            return false.Label("without adjustments the model does not validate: " + string.Join("; ", errors));
        }

        var m = plain.Definition;
        var most = MostAnswers(plain, c.Assessment);
        var expected = m.Domains.Sum(d => (int)decimal.Round(Math.Min(d.Questions.Sum(q => q.Answers.Max(a => a.Points)) * d.Weight, d.MaxPoints ?? decimal.MaxValue), 0, MidpointRounding.AwayFromZero));
        var plainOutcome = plain.Allocate(most);
        var fullOutcome = full.Allocate(MostAnswers(full, c.Assessment));
        var problems = new List<string>();

        // A pricing curve's amount cannot be bounded on load (docs/reliability.md): at the most points it may be
        // the row error curve-overflow, documented and never a crash. Then no points are reported to check, but
        // the batch must still say the same as the explained allocation (below).
        static bool CurveOverflow(AllocationOutcome o) => o.Errors.Count > 0 && o.Errors.All(e => e.Code == AssessmentErrorCodes.CurveOverflow);
        if (CurveOverflow(plainOutcome))
        {
            if (expected != ModelValidator.MaxPossiblePoints(m))
            {
                problems.Add($"expected {expected}, the model's bound {ModelValidator.MaxPossiblePoints(m)}");
            }
        }
        else if (plainOutcome.Result?.CurrentPoints != expected || expected != ModelValidator.MaxPossiblePoints(m))
        {
            problems.Add($"points {plainOutcome.Result?.CurrentPoints} ({string.Join("; ", plainOutcome.Errors.Select(e => e.Message))}), expected {expected}, the model's bound {ModelValidator.MaxPossiblePoints(m)}");
        }

        if (fullOutcome.Result?.AdjustedPoints > ModelValidator.MaxPossiblePoints(full.Definition) || (!fullOutcome.IsSuccess && !CurveOverflow(fullOutcome)))
        {
            problems.Add($"with adjustments: {fullOutcome.Result?.AdjustedPoints} points ({string.Join("; ", fullOutcome.Errors.Select(e => e.Message))}) above the bound {ModelValidator.MaxPossiblePoints(full.Definition)}");
        }

        if (m.Pricing.Bands.Count > 0 && m.Pricing.Basis is null && m.Pricing.Bands[^1].MaxPoints == expected && plainOutcome.Result is { } r && r.Eligibility == EligibilityStatus.Eligible && r.Band != m.Pricing.Bands[^1].Id)
        {
            problems.Add($"band {r.Band}, expected the last band {m.Pricing.Bands[^1].Id}, which closes at {expected}");
        }

        foreach (var (model, a, outcome, format) in new[] { (plain, most, plainOutcome, CaseloadFormat.Csv), (full, MostAnswers(full, c.Assessment), fullOutcome, CaseloadFormat.JsonLines) })
        {
            var input = format == CaseloadFormat.Csv ? BatchHarness.Csv(model, new[] { a }) : BatchHarness.JsonLines(new[] { a });
            var (summary, rows) = BatchHarness.Run(model, input, format, format);
            problems.AddRange(BatchHarness.Differences(outcome, rows[0], summary.RejectedByCode.Keys.SingleOrDefault(), $"{format} {(model == plain ? "without adjustments" : "as generated")}"));
        }

        return (problems.Count == 0).Label(string.Join("; ", problems));
    }

    /// <summary>
    /// A required attribute with 100 values (the limit), a curve whose terms and conditions name values 70 and
    /// 99, an adjustment on value 99 and an add-on on value 70: the amounts are worked out by hand.
    /// Identity curve: 1000 + 500 × [v70] + 250 × [v99] + 10 × points when v70 or v99; the answer gives 10 points,
    /// 15 with the adjustment (+50% when v99); the add-on (v70) adds 300 a year.
    /// </summary>
    [Theory]
    [InlineData("v0", 10, 1000)]
    [InlineData("v63", 10, 1000)]
    [InlineData("v64", 10, 1000)]
    [InlineData("v69", 10, 1000)]
    [InlineData("v70", 10, 1900)] // 1000 + 500 + 10 × 10 + 300
    [InlineData("v98", 10, 1000)]
    [InlineData("v99", 15, 1400)] // 1000 + 250 + 10 × 15
    public void HundredValueAttribute_CurveOnValues70And99_SameInBatchAndAllocate(string value, int points, decimal annual)
    {
        var model = TestModels.FromJson(HundredValueModel);
        var a = new Assessment("H1", new DateOnly(2026, 4, 1), attributes: new Dictionary<string, string> { ["setting"] = value }, answers: new Dictionary<string, string> { ["q"] = "some" });

        var r = model.Allocate(a).GetValueOrThrow();

        Assert.Equal((points, annual, decimal.Round(annual / 52m, 2)), (r.CurrentPoints, r.Annual.Indicative, r.Weekly.Indicative));
        foreach (var format in new[] { CaseloadFormat.Csv, CaseloadFormat.JsonLines })
        {
            var input = format == CaseloadFormat.Csv ? BatchHarness.Csv(model, new[] { a }) : BatchHarness.JsonLines(new[] { a });
            var (summary, rows) = BatchHarness.Run(model, input, format, format);
            Assert.Empty(BatchHarness.Differences(model.Allocate(a), rows[0], summary.RejectedByCode.Keys.SingleOrDefault(), format.ToString()));
            Assert.Equal(annual, decimal.Parse(rows[0].Indicative!, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static readonly string HundredValueModel = $$"""
        {
          "id": "hundred", "version": "1.0.0", "title": "A 100-value attribute", "effectiveFrom": "2026-04-01",
          "attributes": [ { "id": "setting", "label": "Setting", "required": true,
                            "values": [ {{string.Join(", ", Enumerable.Range(0, 100).Select(i => $$"""{ "code": "v{{i}}", "label": "Value {{i}}" }"""))}} ] } ],
          "domains": [ { "id": "d", "title": "Domain", "questions": [ { "id": "q", "text": "Question",
                         "answers": [ { "code": "none", "text": "None", "points": 0 }, { "code": "some", "text": "Some", "points": 10 } ] } ] } ],
          "adjustments": [ { "id": "v99-up", "title": "Value 99", "kind": "other", "reason": "Test.", "when": { "attribute": "setting", "anyOf": ["v99"] }, "percent": 50 } ],
          "pricing": { "method": "curve", "curve": { "intercept": 1000, "transform": "identity", "terms": [
              { "coefficient": 500, "attribute": "setting", "value": "v70" },
              { "coefficient": 250, "attribute": "setting", "value": "v99" },
              { "coefficient": 10, "totalPoints": true, "when": { "attribute": "setting", "anyOf": ["v70", "v99"] } } ] } },
          "addOns": [ { "id": "v70-extra", "title": "Value 70", "when": { "attribute": "setting", "anyOf": ["v70"] }, "annualAmount": 300 } ],
          "range": { "method": "tolerance", "belowPercent": 0, "abovePercent": 0 },
          "rounding": { "annualUnit": 1, "weeklyUnit": 0.01, "midpoint": "awayFromZero" }
        }
        """;

    /// <summary>Every total from 0 to the most points, as one CSV and one JSON Lines caseload: each row equals allocate, scores exactly its total and falls in the band whose inclusive edges hold it.</summary>
    private static List<string> EveryTotal(RasModel model, DateOnly asOf, (int Min, int Max, string Id)[] bands)
    {
        var top = (int)ModelValidator.MaxPossiblePoints(model.Definition);
        var assessments = Enumerable.Range(0, top + 1).Select(p => ModelGen.ScoringExactly(model, p, asOf)).ToArray();
        var expected = assessments.Select(a => model.Allocate(a)).ToArray();
        var problems = new List<string>();
        for (var p = 0; p <= top; p++)
        {
            var band = bands.Single(b => b.Min <= p && p <= b.Max).Id;
            if (expected[p].Result is not { } r || r.CurrentPoints != p || r.Band != band)
            {
                problems.Add($"{p} points: allocate gives {expected[p].Result?.CurrentPoints} points, band {expected[p].Result?.Band}; expected band {band}");
            }
        }

        foreach (var format in new[] { CaseloadFormat.Csv, CaseloadFormat.JsonLines })
        {
            var input = format == CaseloadFormat.Csv ? BatchHarness.Csv(model, assessments) : BatchHarness.JsonLines(assessments);
            var (summary, rows) = BatchHarness.Run(model, input, format, format);
            if (rows.Count != assessments.Length)
            {
                problems.Add($"{format}: {rows.Count} rows for {assessments.Length} assessments");
                continue;
            }

            for (var p = 0; p <= top; p++)
            {
                problems.AddRange(BatchHarness.Differences(expected[p], rows[p], null, $"{format} {p} points on {asOf:yyyy-MM-dd}"));
            }

            if (summary.Rejected != 0)
            {
                problems.Add($"{format}: {summary.Rejected} rows rejected");
            }
        }

        return problems;
    }

    /// <summary>The assessment with every question answered at its most points, valid attributes, on the model's first day.</summary>
    private static Assessment MostAnswers(RasModel model, Assessment a)
    {
        var m = model.Definition;
        var answers = m.Domains.SelectMany(d => d.Questions).ToDictionary(q => q.Id, q => q.Answers.MaxBy(x => x.Points)!.Code);
        var attributes = m.Attributes.Where(x => x.Required).ToDictionary(x => x.Id, x => x.Values[^1].Code);
        var inputs = m.Inputs.ToDictionary(x => x.Id, x => x.Max);
        return new Assessment("MAX", model.EffectiveFrom, null, attributes, answers, null, null, inputs);
    }
}
