using Ras.Engine.Caseloads;
using Ras.Engine.Impact;

namespace Ras.Engine.Tests.Impact;

public class ImpactSummaryTests
{
    private static readonly Lazy<ImpactSummary> Summary = new(() =>
    {
        var caseload = new StringWriter();
        CaseloadGeneration.Write(TestModels.Default, 1200, 7, CaseloadFormat.Csv, caseload);
        var proposal = TestModels.Default.ApplyChange(new MemoryStream("""{ "changes": [ { "path": "/adjustments/1/percent", "value": -40 } ] }"""u8.ToArray()), "change.json");
        return new CaseloadComparison(TestModels.Default, proposal).Run(new StringReader(caseload.ToString()), CaseloadFormat.Csv, null);
    });

    [Fact]
    public void PeopleByChange_EveryComparedRowsChange_AscendingAndSummingToTheTotalChange()
    {
        var s = Summary.Value;

        var people = s.PeopleByChange;

        Assert.Equal(s.Compared, people.Values.Sum());
        Assert.Equal(s.TotalChange, people.Sum(p => p.Key * p.Value));
        Assert.Equal(people.Keys.Order(), people.Keys);
        Assert.True(people.Count > 3, "several distinct changes");
        Assert.Throws<NotSupportedException>(() => ((IDictionary<decimal, long>)people).Add(1234.5m, 1));
    }

    [Fact]
    public void PeopleByChange_IsTheDistributionOfThePerCaseChanges()
    {
        var caseload = new StringWriter();
        CaseloadGeneration.Write(TestModels.Default, 1200, 7, CaseloadFormat.Csv, caseload);
        var proposal = TestModels.Default.ApplyChange(new MemoryStream("""{ "changes": [ { "path": "/adjustments/1/percent", "value": -40 } ] }"""u8.ToArray()), "change.json");
        var cases = new StringWriter();

        var s = new CaseloadComparison(TestModels.Default, proposal).Run(new StringReader(caseload.ToString()), CaseloadFormat.Csv, cases);

        var perCase = cases.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(','))
            .Where(r => r[2] == "ok").Select(r => decimal.Parse(r[9], System.Globalization.CultureInfo.InvariantCulture))
            .GroupBy(c => c).OrderBy(g => g.Key).Select(g => (g.Key, (long)g.Count()));
        Assert.Equal(perCase, s.PeopleByChange.Select(p => (p.Key, p.Value)));
    }

    [Fact]
    public void BucketsByGroupAndBand_AreReadOnlyCopies_ThatAddUpToTheBuckets()
    {
        var s = Summary.Value;

        foreach (var rows in new[] { s.BucketsByClientGroup, s.BucketsByBaselineBand })
        {
            Assert.Equal(s.Buckets, Enumerable.Range(0, 5).Select(b => rows.Values.Sum(counts => counts[b])));
            Assert.Throws<NotSupportedException>(() => ((IList<long>)rows.First().Value)[0] = -1);
        }
    }

    [Fact]
    public void ChangeByBaselineDecile_TenEqualGroupsInOrderOfBaseline_AddingUpToTheTotals()
    {
        var s = Summary.Value;

        var deciles = s.ChangeByBaselineDecile;

        Assert.Equal(Enumerable.Range(1, 10), deciles.Select(d => d.Decile));
        Assert.All(deciles, d => Assert.Equal(s.Compared / 10, d.People));
        Assert.Equal(s.TotalChange, deciles.Sum(d => d.TotalChange));
        Assert.All(deciles.Zip(deciles.Skip(1)), p => Assert.True(p.First.BaselineTo <= p.Second.BaselineFrom));
        Assert.All(deciles, d => Assert.Equal(decimal.Round(d.TotalChange / d.People, 2, MidpointRounding.AwayFromZero), d.MeanChange));
        Assert.Contains(deciles, d => d.MeanChange < 0); // the carer deduction takes money from some deciles: not all zero
        Assert.Contains("\"changeByBaselineDecile\": [", s.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void ChangeByBaselineDecile_FewerRowsThanTen_LeavesOutEmptyDeciles()
    {
        var caseload = new StringWriter();
        CaseloadGeneration.Write(TestModels.Default, 3, 7, CaseloadFormat.Csv, caseload);
        var s = new CaseloadComparison(TestModels.Default, TestModels.Default).Run(new StringReader(caseload.ToString()), CaseloadFormat.Csv, null);

        Assert.Equal(3, s.ChangeByBaselineDecile.Count);
        Assert.All(s.ChangeByBaselineDecile, d => Assert.Equal(1, d.People));
    }

    [Fact]
    public void Models_AreTheBaselineAndTheProposal()
    {
        Assert.Same(TestModels.Default, Summary.Value.BaselineModel);
        Assert.Equal(TestModels.Default.Id, Summary.Value.ProposalModel.Id);
        Assert.Contains("/adjustments/1/percent = -40", Summary.Value.ProposalModel.Description, StringComparison.Ordinal);
    }
}
