using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ras.Engine.Allocation;
using Ras.Engine.Assessments;
using Ras.Engine.Compilation;
using Ras.Engine.Evaluation;
using Ras.Engine.Models;
using Ras.Engine.Rules;

namespace Ras.Engine.Tests.Batch;

/// <summary>The compiled fast path gives exactly the figures of the explained path, for every shipped model and every pricing form.</summary>
public class CompiledModelTests
{
    private static RasModel Variant(string pricing, string? range = null)
    {
        var node = JsonNode.Parse(File.ReadAllText(TestModels.Fixture("models/minimal.json")))!;
        node["pricing"] = JsonNode.Parse(pricing);
        if (range is not null)
        {
            node["range"] = JsonNode.Parse(range);
        }

        return TestModels.FromJson(node.ToJsonString());
    }

    internal static readonly RasModel[] Models =
    {
        TestModels.Default,
        TestModels.Norfolk,
        TestModels.Minimal,
        Variant("""{"method":"pricePerPoint","pricePerPoint":[{"from":"2026-04-01","value":100.37},{"from":"2026-10-01","value":110.5}]}"""),
        Variant("""{"method":"curve","curve":{"intercept":10,"transform":"square","terms":[{"coefficient":2.5,"totalPoints":true},{"coefficient":5,"attribute":"living","value":"alone"},{"coefficient":1,"domain":"washing","when":{"attribute":"living","anyOf":["alone"]}},{"coefficient":-3,"question":"q_eating","answer":"some"}]}}"""),
        Variant("""{"method":"curve","curve":{"intercept":7.1,"transform":"exp","output":"weekly","terms":[{"coefficient":0.037,"totalPoints":true}]}}"""),
        Variant("""{"method":"curve","curve":{"intercept":-40,"transform":"identity","terms":[{"coefficient":3.3,"totalPoints":true}]}}"""),
        Variant("""{"method":"bands","bands":[{"id":"A","minPoints":0,"maxPoints":9,"pricePerPoint":50},{"id":"B","minPoints":10,"maxPoints":19,"pricePerPoint":60,"lower":500},{"id":"C","minPoints":20,"pricePerPoint":70,"upper":5000}]}""", """{"method":"bandEdges"}"""),
    };

    [Property(MaxTest = 1000)]
    public Property FastPath_EqualsExplainedPath(int seed, byte modelPick)
    {
        var model = Models[modelPick % Models.Length];
        return FastEqualsAllocate(model, Generators.Assessment(model, seed)).Label($"{model.Id} #{modelPick % Models.Length} seed {seed}");
    }

    /// <summary>The batch path's figures (the one decoder, then the evaluator with no trace) equal the explained allocation's, field by field.</summary>
    internal static Property FastEqualsAllocate(RasModel model, Assessment assessment)
    {
        var explained = model.Allocate(assessment);
        var (fast, error) = CompiledModelTests.Fast(model, assessment);
        if (!explained.IsSuccess)
        {
            return (error == explained.Errors[0].Message).Label($"fast: {error}; allocate: {explained.Errors[0].Message}");
        }

        var r = explained.Result!;
        var compiled = model.Compiled;
        var same = error is null
            && fast.Eligibility == r.Eligibility
            && fast.RawPoints == r.RawPoints
            && fast.CurrentPoints == r.CurrentPoints
            && fast.AnticipatedPoints == r.AnticipatedPoints
            && fast.Probability == r.RiskProbability
            && fast.Uplift == r.DirectionOfTravelUplift
            && fast.AdjustedPoints == r.AdjustedPoints
            && compiled.BandId(fast.Band) == r.Band
            && Ras.Engine.Evaluation.Evaluator.OutcomeCodes(compiled, fast.UnableNow).SequenceEqual(r.OutcomesUnableToAchieve)
            && Ras.Engine.Evaluation.Evaluator.OutcomeCodes(compiled, fast.UnableNext).SequenceEqual(r.AnticipatedOutcomesUnableToAchieve)
            && new BudgetRange(fast.AnnualLower, fast.AnnualIndicative, fast.AnnualUpper) == r.Annual
            && new BudgetRange(fast.WeeklyLower, fast.WeeklyIndicative, fast.WeeklyUpper) == r.Weekly;
        return same.Label($"fast: {error} {fast.Eligibility} raw {fast.RawPoints} now {fast.CurrentPoints} next {fast.AnticipatedPoints} p {fast.Probability} uplift {fast.Uplift} adjusted {fast.AdjustedPoints} band {compiled.BandId(fast.Band)} {fast.AnnualLower}/{fast.AnnualIndicative}/{fast.AnnualUpper} weekly {fast.WeeklyLower}/{fast.WeeklyIndicative}/{fast.WeeklyUpper}{Environment.NewLine}allocate: {explained.ToJson(indented: false)}");
    }

    [Fact]
    public void ShippedModels_AreFullyTabulated()
    {
        Assert.True(TestModels.Default.Compiled.IsFullyTabulated);
        Assert.True(TestModels.Norfolk.Compiled.IsFullyTabulated);
    }

    [Fact]
    public void Evaluate_AllocatesNothing()
    {
        var model = TestModels.Default;
        var c = model.Compiled;
        var encoded = Enumerable.Range(0, 64).Select(i => Encode(model, Generators.Assessment(model, i))!).ToArray();
        var result = default(Figures);
        var trace = default(NoTrace);
        foreach (var e in encoded)
        {
            Evaluator.Evaluate(c, e.Input, ref trace, ref result); // warm up
        }

        // A garbage collection started by another test running in parallel can move this thread's allocation
        // accounting; allocation on the hot path would show in every attempt, so the least of five is checked.
        var least = long.MaxValue;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var round = 0; round < 100; round++)
            {
                foreach (var e in encoded)
                {
                    Evaluator.Evaluate(c, e.Input, ref trace, ref result);
                }
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, least);
    }

    /// <summary>The batch path on one assessment: the one decoder, then the one evaluator with no trace (tables where the model has them).</summary>
    internal static (Figures Result, string? Error) Fast(RasModel model, Assessment a)
    {
        var c = model.Compiled;
        var errors = new List<AssessmentError>();
        var e = Encode(model, a, errors);
        if (e is null)
        {
            return (default, errors[0].Message);
        }

        var r = default(Figures);
        var trace = default(NoTrace);
        Evaluator.Evaluate(c, e.Input, ref trace, ref r);
        return (r, r.Status == PriceStatus.Ok ? null : Allocator.ErrorFor(c, model.Decoder, r, a.AsOf, Where.Json).Message);
    }

    internal static CaseBuffersAt? Encode(RasModel model, Assessment a, List<AssessmentError>? errors = null)
    {
        var b = model.Decoder.NewBuffers();
        return model.Decoder.TryDecode(a, b, errors ?? new List<AssessmentError>(), null) ? new CaseBuffersAt(b, a.AsOf) : null;
    }

    internal sealed record CaseBuffersAt(CaseBuffers Buffers, DateOnly AsOf)
    {
        public CaseInput Input => Buffers.Input(AsOf);
    }
}
