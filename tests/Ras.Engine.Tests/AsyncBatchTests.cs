using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Ras.Engine.Assessments;

namespace Ras.Engine.Tests;

public class AsyncBatchTests
{
    private static Assessment Sample => Assessment.ParseJson(File.ReadAllText(TestModels.Repo("samples/assessment.json")));

    private static async IAsyncEnumerable<T> Async<T>(IEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
    }

    [Fact]
    public async Task AllocateManyAsync_GivesEachOutcomeOfAllocate_InOrder()
    {
        var sample = Sample;
        var assessments = Enumerable.Range(0, 700).Select(i => new Assessment($"C{i}", sample.AsOf.AddDays(i % 100), sample.ClientGroup, sample.Attributes, sample.Answers, i % 3 == 0 ? null : sample.AnticipatedAnswers, i % 7 == 0 ? null : sample.RiskFactors)).ToList();

        var outcomes = new List<string>();
        await foreach (var outcome in TestModels.Default.AllocateManyAsync(Async(assessments), explain: true))
        {
            outcomes.Add(outcome.ToJson());
        }

        Assert.Equal(assessments.Select(a => TestModels.Default.Allocate(a, explain: true).ToJson()), outcomes);
    }

    [Fact]
    public async Task AllocateManyAsync_InteractiveSource_YieldsEachOutcomeBeforeTheNextItemArrives()
    {
        var channel = Channel.CreateUnbounded<Assessment>();
        await using var outcomes = TestModels.Default.AllocateManyAsync(channel.Reader.ReadAllAsync()).GetAsyncEnumerator();
        for (var i = 0; i < 3; i++)
        {
            await channel.Writer.WriteAsync(Sample);
            var next = outcomes.MoveNextAsync().AsTask();
            Assert.True(await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(30))) == next, "the outcome waited for more input");
            Assert.True(outcomes.Current.IsSuccess);
        }

        channel.Writer.Complete();
        Assert.False(await outcomes.MoveNextAsync());
    }

    [Fact]
    public async Task AllocateManyAsync_Cancelled_Throws()
    {
        using var cancel = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var unused in TestModels.Default.AllocateManyAsync(Async(Enumerable.Repeat(Sample, 10_000)), cancellationToken: cancel.Token))
            {
                if (++seen == 5)
                {
                    await cancel.CancelAsync();
                }
            }
        });
        Assert.True(seen < 10_000);
    }

    [Fact]
    public async Task RegistryAllocateJsonManyAsync_PicksTheVersionPerRow_AndNamesTheLineOfAnError()
    {
        var registry = ModelRegistry.LoadDirectory(TestModels.Repo("models"));
        var good = File.ReadAllText(TestModels.Repo("samples/assessment.json")).ReplaceLineEndings("");
        var lines = new[] { good, """{"caseId":"x","asOf":"2026-06-01","answers":{"eating":"never"}}""", good.Replace("\"asOf\": \"2026-06-01\"", "\"asOf\": \"2030-01-01\"", StringComparison.Ordinal) };

        var outcomes = new List<Ras.Engine.Allocation.AllocationOutcome>();
        await foreach (var o in registry.AllocateJsonManyAsync("default-adult", Async(lines)))
        {
            outcomes.Add(o);
        }

        Assert.Equal(3, outcomes.Count);
        Assert.Equal(TestModels.Default.AllocateJson(good).ToJson(), outcomes[0].ToJson());
        Assert.Contains(outcomes[1].Errors, e => e.Message == "line 2, /answers/eating: 'never' is not an answer to question 'eating' (expected one of 'own', 'some_help', 'lot_of_help', 'full_help'; found 'never') [invalid-answer]");
        Assert.Equal("line 3, /asOf: no version of model default-adult is in force on 2030-01-01 (expected a date in 2026-04-01 to 2027-03-31 (version 2.0.0); found 2030-01-01) [model-not-in-force]", Assert.Single(outcomes[2].Errors).Message);
    }

    [Fact]
    public void RegistryAllocate_UnknownModel_Throws()
    {
        var registry = new ModelRegistry(new[] { TestModels.Default });

        var ex = Assert.Throws<ArgumentException>(() => registry.AllocateJson("nope", "{}"));
        Assert.StartsWith("the registry has no model 'nope' (it has default-adult)", ex.Message, StringComparison.Ordinal);
    }
}
