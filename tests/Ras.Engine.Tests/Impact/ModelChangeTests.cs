using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ras.Engine.Models;
using Ras.Engine.Allocation;
using Ras.Engine.Assessments;

namespace Ras.Engine.Tests.Impact;

public class ModelChangeTests
{
    private static RasModel Apply(string json) =>
        TestModels.Default.ApplyChange(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "change.json");

    [Fact]
    public void ApplyChange_NewBandAmount_IsAppliedAndRecorded()
    {
        var proposal = Apply("""{ "title": "Band D up 5%", "baseline": { "id": "default-adult", "version": "2.0.0" }, "changes": [ { "path": "/pricing/bands/3/amount", "value": 16380 }, { "path": "/pricing/bands/3/upper", "value": 19000 } ] }""");

        Assert.Equal("default-adult", proposal.Id);
        Assert.StartsWith("2.0.0-proposal.", proposal.Version, StringComparison.Ordinal);
        Assert.Contains(TestModels.Default.ContentHash, proposal.Describe(), StringComparison.Ordinal);
        // The format version 1 sample on 2026-11-01 (57 points + an uplift of 8 = 65, band D; no add-on): band D's
        // new amount and upper, each at most £5,200 above band C's (the money cap on the uplift).
        var a = Assessment.ParseJson(File.ReadAllText(TestModels.Fixture("assessments/sample-1.0.0.json")));
        var before = TestModels.Default.Allocate(a).GetValueOrThrow();
        var r = proposal.Allocate(a).GetValueOrThrow();
        Assert.Equal(("D", 15600m, 17680m), (before.Band, before.Annual.Indicative, before.Annual.Upper));
        Assert.Equal(("D", 15600m, 17680m), (r.Band, r.Annual.Indicative, r.Annual.Upper));
        var uncapped = Apply("""{ "baseline": { "id": "default-adult", "version": "2.0.0" }, "changes": [ { "path": "/pricing/bands/3/amount", "value": 16380 }, { "path": "/pricing/bands/3/upper", "value": 19000 }, { "path": "/directionOfTravel/maxUpliftAmount", "value": 10000 } ] }""").Allocate(a).GetValueOrThrow();
        Assert.Equal(("D", 16380m, 19000m), (uncapped.Band, uncapped.Annual.Indicative, uncapped.Annual.Upper));
    }

    [Fact]
    public void ApplyChange_BadChanges_ListsEveryProblemAndAppliesNothing()
    {
        var ex = Assert.Throws<ModelValidationException>(() => Apply("""
            { "baseline": { "version": "1.0.0" }, "chnages": [],
              "changes": [ { "path": "/pricing/bands/9/amount", "value": 1 },
                           { "path": "/pricing/bands/3/amount", "value": "lots" },
                           { "path": "/pricing/bands/3/amount", "value": 1 },
                           { "path": "/version", "value": "9.9.9" },
                           { "path": "/rounding/annualUnit", "valeu": 10 } ] }
            """));

        Assert.Equal(
            new[]
            {
                "change.json#/baseline/version: the change file was written for another baseline (expected \"2.0.0\"; found \"1.0.0\") [wrong-baseline]",
                "change.json#/chnages: unknown member (a typo?) (expected one of 'title', 'baseline', 'changes'; found 'chnages') [unknown-member]",
                "change.json#/changes/0/path: the baseline model has no such parameter (expected a JSON pointer into the model as 'ras describe' and ToJson show it; found \"/pricing/bands/9/amount\") [unknown-parameter]",
                "change.json#/changes/1/value: the new value has the wrong type for /pricing/bands/3/amount (expected a number; found a string) [wrong-type]",
                "change.json#/changes/2/path: the same parameter is changed twice (expected a path not already changed at /changes/1; found \"/pricing/bands/3/amount\") [duplicate-change]",
                "change.json#/changes/3/path: a proposal keeps the baseline's id, and its version is derived from the change (expected a JSON pointer into the model as 'ras describe' and ToJson show it; found \"/version\") [unknown-parameter]",
                "change.json#/changes/4/valeu: unknown member (a typo?) (expected 'path' and 'value'; found 'valeu') [unknown-member]",
                "change.json#/changes/4/value: a change needs the new value (expected 'value') [missing-member]",
            },
            ex.Errors.Select(e => e.Message));
    }

    [Fact]
    public void ApplyChange_ThatMakesTheModelInvalid_IsRejectedWithTheModelsErrors()
    {
        var ex = Assert.Throws<ModelValidationException>(() => Apply("""{ "changes": [ { "path": "/pricing/bands/4/amount", "value": 100 } ] }"""));

        Assert.Contains(ex.Errors, e => e.Code == "non-monotone-bands" && e.Problem.StartsWith("after the change: ", StringComparison.Ordinal) && e.Source == "change.json");
    }

    [Property(MaxTest = 50)]
    public Property ApplyChange_NoChanges_ChangesNoFigure(int seed)
    {
        var proposal = Apply("""{ "title": "nothing", "changes": [] }""");
        var a = Generators.Assessment(TestModels.Default, seed);

        return (Ras.Engine.Tests.Allocation.AllocatorTests.Figures(TestModels.Default.Allocate(a).GetValueOrThrow())
                == Ras.Engine.Tests.Allocation.AllocatorTests.Figures(proposal.Allocate(a).GetValueOrThrow())).ToProperty();
    }
}
