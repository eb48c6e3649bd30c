using Snapshooter.Xunit;

namespace Ras.Engine.Tests.Describe;

public class ModelDocumentTests
{
    [Fact]
    public void Describe_DefaultModel_MatchesSnapshot() => Snapshot.Match(TestModels.Default.Describe());

    [Fact]
    public void Describe_NorfolkModel_MatchesSnapshot() => Snapshot.Match(TestModels.Norfolk.Describe());

    [Fact]
    public void Describe_ListsEveryQuestionAnswerAndBand()
    {
        var document = TestModels.Default.Describe();
        var m = TestModels.Default.Definition;

        foreach (var q in m.Domains.SelectMany(d => d.Questions))
        {
            Assert.Contains($"(`{q.Id}`", document, StringComparison.Ordinal);
            foreach (var a in q.Answers)
            {
                Assert.Contains($"| {a.Text} | `{a.Code}` | {a.Points} |", document, StringComparison.Ordinal);
            }
        }

        foreach (var b in m.Pricing.Bands)
        {
            Assert.Contains($"| {b.Id} {b.Label} | {b.MinPoints}", document, StringComparison.Ordinal);
        }

        Assert.Contains(TestModels.Default.ContentHash, document, StringComparison.Ordinal);
    }
}
