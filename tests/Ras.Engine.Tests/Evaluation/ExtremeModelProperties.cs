using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ras.Engine.Allocation;
using Ras.Engine.Assessments;
using Ras.Engine.Caseloads;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Evaluation;

/// <summary>
/// No model that validates can crash or overflow on any assessment: random valid models (<see cref="ModelGen"/>)
/// with up to four of their numbers replaced by extreme values (the edges of points, amounts, rounding units and
/// decimal itself) are either refused on load, or allocate every assessment (a random one and the one that gives
/// every question its top answer, every input its largest value and every risk factor its heaviest level)
/// without an exception, the same in the batch as explained, and within the limit on amounts.
/// </summary>
public class ExtremeModelProperties
{
    private static readonly JsonNode[] WholeExtremes =
    [
        0, 1, -1, ModelLimits.MaxAnswerPoints, ModelLimits.MaxAnswerPoints + 1, ModelLimits.MaxPoints, ModelLimits.MaxPoints + 1,
        int.MaxValue, int.MinValue, 1_000_000_000_000, 3_000_000_000,
    ];

    private static readonly JsonNode[] DecimalExtremes =
    [
        0m, 0.0001m, 0.00001m, 1e-27m, 1e-28m, 1m, 53m, 100m, 1000m, 999_999_999_999m, 1_000_000_000_000m, 1_000_000_000_001m,
        1e15m, 1e26m, 79_000_000_000_000_000_000_000_000_000m, -79_000_000_000_000_000_000_000_000_000m, -1e15m, 20m, -20m,
    ];

    /// <summary>No figure can exceed this: the limit on each element's amount, times 11 (a +1000 % range), plus twelve add-ons at the limit.</summary>
    private const decimal MostAnyFigure = ModelLimits.MaxAmount * (11 + ModelLimits.MaxAddOns);

    [Property(MaxTest = 300)]
    public Property ValidModel_NeverCrashesOrOverflows() =>
        Prop.ForAll(Arb.From(ExtremeCases()), c =>
        {
            if (c.Model is not { } model)
            {
                return true.ToProperty().Classify(true, "refused on load");
            }

            var problems = new List<string>();
            foreach (var assessment in new[] { c.Assessment, Maximal(model, c.Assessment.AsOf) })
            {
                problems.AddRange(Check(model, assessment));
            }

            return (problems.Count == 0).Label(string.Join("; ", problems)).Classify(true, "loaded");
        });

    private static IEnumerable<string> Check(RasModel model, Assessment assessment)
    {
        AllocationOutcome expected;
        try
        {
            expected = model.Allocate(assessment);
        }
        catch (Exception e) when (e is not AssessmentException)
        {
            return [$"allocate threw {e}"];
        }

        var problems = new List<string>();
        if (expected.Result is { } r)
        {
            foreach (var figure in new[] { r.Annual.Lower, r.Annual.Indicative, r.Annual.Upper })
            {
                if (Math.Abs(figure) > MostAnyFigure)
                {
                    problems.Add($"figure {figure} above {MostAnyFigure}");
                }
            }
        }

        foreach (var format in new[] { CaseloadFormat.Csv, CaseloadFormat.JsonLines })
        {
            try
            {
                var input = format == CaseloadFormat.Csv ? BatchHarness.Csv(model, [assessment]) : BatchHarness.JsonLines([assessment]);
                var (summary, rows) = BatchHarness.Run(model, input, format, format);
                if (rows.Count != 1)
                {
                    problems.Add($"{format}: {rows.Count} rows for 1 case");
                    continue;
                }

                problems.AddRange(BatchHarness.Differences(expected, rows[0], summary.RejectedByCode.Keys.SingleOrDefault(), format.ToString()));
            }
            catch (Exception e)
            {
                problems.Add($"{format} batch threw {e}");
            }
        }

        return problems;
    }

    private static Gen<ModelCase> ExtremeCases() =>
        from doc in ModelGen.ModelDocuments()
        from changes in Gen.Choose(1, 4)
        from picks in Gen.ArrayOf(Gen.Choose(0, int.MaxValue), changes * 2)
        from c in ModelGen.ForDocument(Extremify(doc, picks).ToJsonString())
        select c;

    /// <summary>Replaces numbers of the document, chosen by <paramref name="picks"/> (pairs: which number, which extreme), keeping whole numbers whole.</summary>
    private static JsonObject Extremify(JsonObject doc, int[] picks)
    {
        var numbers = new List<JsonValue>();
        void Collect(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (_, v) in o)
                    {
                        Collect(v);
                    }

                    break;
                case JsonArray a:
                    foreach (var v in a)
                    {
                        Collect(v);
                    }

                    break;
                case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                    numbers.Add(v);
                    break;
            }
        }

        Collect(doc);
        for (var i = 0; i + 1 < picks.Length && numbers.Count > 0; i += 2)
        {
            var target = numbers[picks[i] % numbers.Count];
            var whole = decimal.TryParse(target.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d);
            var pool = whole ? WholeExtremes : DecimalExtremes;
            var replacement = pool[picks[i + 1] % pool.Length].DeepClone();
            switch (target.Parent)
            {
                case JsonObject o:
                    o[target.GetPropertyName()] = replacement;
                    break;
                case JsonArray a:
                    a[target.GetElementIndex()] = replacement;
                    break;
            }
        }

        return doc;
    }

    /// <summary>Every question at its top answer now and anticipated, every attribute at its first value, every risk factor at its heaviest level, every input at its largest value.</summary>
    private static Assessment Maximal(RasModel model, DateOnly asOf)
    {
        var m = model.Definition;
        var answers = m.Domains.SelectMany(d => d.Questions).ToDictionary(q => q.Id, q => q.Answers.MaxBy(a => a.Points)!.Code);
        return new Assessment(
            "MAX",
            asOf,
            clientGroup: m.ClientGroups.FirstOrDefault(),
            attributes: m.Attributes.ToDictionary(a => a.Id, a => a.Values[0].Code),
            answers: answers,
            anticipatedAnswers: answers,
            riskFactors: (m.DirectionOfTravel?.RiskFactors ?? []).ToDictionary(f => f.Id, f => f.Levels.MaxBy(l => l.Weight)!.Code),
            inputs: m.Inputs.ToDictionary(i => i.Id, i => i.Max));
    }
}
