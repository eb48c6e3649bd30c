using System.Globalization;
using Ras.Engine.Impact;

namespace Ras.Engine.Tests.Impact;

/// <summary>
/// The figures ImpactSummary reads from its tallies are those of keeping every compared row and sorting them,
/// as it did before: the naive computations below are that code, kept here as the specification.
/// </summary>
public class ValueTallyTests
{
    private sealed record Row(string Group, string Band, decimal Baseline, decimal Proposal);

    /// <summary>Rows with many ties (amounts from a short list), some stored with two decimal places, some not.</summary>
    private static List<Row> Rows(int seed, int count, int distinct)
    {
        var random = new Random(seed);
        var amounts = Enumerable.Range(0, distinct).Select(_ => (decimal)random.Next(0, 40_000)).ToArray();
        // Even seeds: amounts stored now as 6240, now as 6240.00, and changes in pence; odd seeds: one stored form
        // per amount and whole-pound changes, as a model prices them.
        var mixedForms = seed % 2 == 0;
        decimal Form(decimal d) => mixedForms && random.Next(2) == 0 ? d * 1.00m : d;
        return Enumerable.Range(0, count).Select(_ =>
        {
            var baseline = Form(amounts[random.Next(distinct)]);
            var proposal = random.Next(3) switch
            {
                0 => baseline,
                1 => Form(amounts[random.Next(distinct)]),
                _ => baseline - (mixedForms ? random.Next(0, 5000) / 100m : random.Next(0, 50)),
            };
            return new Row(((char)('a' + random.Next(4))).ToString(), ((char)('A' + random.Next(6))).ToString(), baseline, proposal);
        }).ToList();
    }

    private static ImpactSummary Summary(IEnumerable<Row> rows)
    {
        var s = new ImpactSummary(new ComparisonOptions(), TestModels.Default, TestModels.Default);
        foreach (var r in rows)
        {
            s.Add(r.Group, r.Band, r.Band, r.Baseline, r.Proposal, r.Proposal, true, true, s.Options.Bucket(r.Baseline, r.Proposal));
        }

        return s;
    }

    /// <summary>The summary of the rows added in consecutive parts of random sizes, merged in order, as a run merges its blocks.</summary>
    private static ImpactSummary InParts(List<Row> rows, int seed)
    {
        var random = new Random(seed);
        var whole = new ImpactSummary(new ComparisonOptions(), TestModels.Default, TestModels.Default);
        for (var at = 0; at < rows.Count;)
        {
            var size = Math.Min(rows.Count - at, random.Next(1, 300));
            whole.Merge(Summary(rows.Skip(at).Take(size)));
            at += size;
        }

        return whole;
    }

    private static List<DecileChange> NaiveByBaselineDecile(List<decimal> baselines, List<decimal> changes)
    {
        var n = changes.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => baselines[i]).ToArray();
        var groupStart = new int[n];
        var groupEnd = new int[n];
        var groupTotal = new decimal[n];
        for (var a = 0; a < n;)
        {
            var b = a;
            decimal total = 0;
            while (b < n && baselines[order[b]] == baselines[order[a]])
            {
                total += changes[order[b]];
                b++;
            }

            for (var r = a; r < b; r++)
            {
                groupStart[r] = a;
                groupEnd[r] = b;
                groupTotal[r] = total;
            }

            a = b;
        }

        var deciles = new List<DecileChange>(10);
        for (var d = 0; d < 10; d++)
        {
            var from = (int)(((long)d * n + 9) / 10);
            var to = (int)(((long)(d + 1) * n + 9) / 10);
            if (to <= from)
            {
                continue;
            }

            decimal change = 0, baseline = 0;
            for (var r = from; r < to;)
            {
                var end = Math.Min(groupEnd[r], to);
                var size = groupEnd[r] - groupStart[r];
                change += end - r == size ? groupTotal[r] : groupTotal[r] * (end - r) / size;
                baseline += baselines[order[r]] * (end - r);
                r = end;
            }

            var people = to - from;
            change = decimal.Round(change, 2, MidpointRounding.AwayFromZero);
            deciles.Add(new DecileChange(d + 1, baselines[order[from]], baselines[order[to - 1]], people,
                decimal.Round(baseline / people, 2, MidpointRounding.AwayFromZero), change, decimal.Round(change / people, 2, MidpointRounding.AwayFromZero)));
        }

        return deciles;
    }

    private static List<decimal> NaiveDeciles(List<decimal> changes)
    {
        if (changes.Count == 0)
        {
            return [];
        }

        var sorted = changes.Order().ToArray();
        return Enumerable.Range(1, 9).Select(k => sorted[Math.Max(0, (int)Math.Ceiling(k / 10.0 * sorted.Length) - 1)]).ToList();
    }

    /// <summary>Decimals as written, so that 6240 and 6240.00 differ as they do in the JSON.</summary>
    private static string Text(IEnumerable<decimal> values) => string.Join(" ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    private static string Text(IEnumerable<DecileChange> deciles) =>
        string.Join("\n", deciles.Select(d => $"{d.Decile} {Text([d.BaselineFrom, d.BaselineTo])} {d.People} {Text([d.MeanBaseline, d.TotalChange, d.MeanChange])}"));

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 7, 3)]
    [InlineData(3, 10, 10)]
    [InlineData(4, 999, 5)]
    [InlineData(5, 1000, 1)]
    [InlineData(6, 2500, 40)]
    [InlineData(7, 2500, 40)]
    [InlineData(8, 5003, 2000)]
    [InlineData(9, 20000, 12)]
    [InlineData(10, 20000, 900)]
    public void ChangeByBaselineDecileAndDeciles_RandomCaseloads_AreTheNaiveSortsFigures(int seed, int count, int distinct)
    {
        var rows = Rows(seed, count, distinct);
        var baselines = rows.Select(r => r.Baseline).ToList();
        var changes = rows.Select(r => r.Proposal - r.Baseline).ToList();

        foreach (var s in new[] { Summary(rows), InParts(rows, seed) })
        {
            Assert.Equal(Text(NaiveByBaselineDecile(baselines, changes)), Text(s.ChangeByBaselineDecile));
            Assert.Equal(Text(NaiveDeciles(changes)), Text(s.Deciles));
            Assert.Equal(changes.GroupBy(c => c).OrderBy(g => g.Key).Select(g => (g.Key, (long)g.Count())), s.PeopleByChange.Select(p => (p.Key, p.Value)));
        }

        Assert.Equal(Summary(rows).ToJson(), InParts(rows, seed).ToJson());
    }

    [Theory]
    [InlineData(11, 3000, 30)]
    [InlineData(13, 10007, 7)]
    public void ChangeByBaselineDecile_ShuffledRows_SameFigures(int seed, int count, int distinct)
    {
        var rows = Rows(seed, count, distinct); // odd seeds: one stored form per amount, as a model prices them
        var random = new Random(seed);
        var shuffled = rows.OrderBy(_ => random.Next()).ToList();

        Assert.Equal(Text(Summary(rows).ChangeByBaselineDecile), Text(Summary(shuffled).ChangeByBaselineDecile));
        Assert.Equal(Summary(rows).ToJson(), InParts(shuffled, seed).ToJson());
    }

    [Fact]
    public void At_MixedStoredForms_AreAStableSortsInInputOrder()
    {
        var tally = new ValueTally();
        var other = new ValueTally();
        decimal[] first = [5m, 5.00m, 2m, 5.0m, 5.0m], second = [5.00m, 2.0m, 5m];
        foreach (var v in first)
        {
            tally.Add(v, 1);
        }

        foreach (var v in second)
        {
            other.Add(v, 1);
        }

        tally.Add(other);

        var stable = first.Concat(second).Order().ToArray();
        Assert.Equal(Text(stable), Text(Enumerable.Range(0, stable.Length).Select(i => tally.At(i))));
        Assert.Equal(2, tally.Length);
        Assert.Equal(new[] { 2L, 6L }, new[] { tally.People(0), tally.People(1) });
        Assert.Equal(6m, tally.Sum(1));
    }
}
