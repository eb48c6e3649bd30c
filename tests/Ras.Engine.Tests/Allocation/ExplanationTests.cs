using Snapshooter.Xunit;

namespace Ras.Engine.Tests.Allocation;

public class ExplanationTests
{
    [Fact]
    public void Explain_SampleAssessment_MatchesSnapshot()
    {
        var json = File.ReadAllText(TestModels.Repo("samples/assessment.json"));

        var outcome = TestModels.Default.AllocateJson(json, explain: true);

        Snapshot.Match(outcome.ToJson());
    }

    [Fact]
    public void Explain_EveryStepNamesItsSourceInTheModel()
    {
        var json = File.ReadAllText(TestModels.Repo("samples/assessment.json"));

        var steps = TestModels.Default.AllocateJson(json, explain: true).GetValueOrThrow().Explanation;

        Assert.Equal(Enumerable.Range(1, steps.Count), steps.Select(s => s.Number));
        Assert.All(steps.Skip(1), s => Assert.StartsWith("/", s.ModelPath, StringComparison.Ordinal));
    }
}
