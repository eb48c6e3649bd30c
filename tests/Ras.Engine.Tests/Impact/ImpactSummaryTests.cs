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
    public void Changes_OnePerComparedRow_SummingToTheTotalChange()
    {
        var s = Summary.Value;

        Assert.Equal(s.Compared, s.Changes.Count);
        Assert.Equal(s.TotalChange, s.Changes.Sum());
        Assert.Throws<NotSupportedException>(() => ((IList<decimal>)s.Changes).Add(1m));
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
}
