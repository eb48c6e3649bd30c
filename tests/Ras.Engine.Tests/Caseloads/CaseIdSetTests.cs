using Ras.Engine.Caseloads;

namespace Ras.Engine.Tests.Caseloads;

public class CaseIdSetTests
{
    [Fact]
    public void Add_IdsThatShareAHash_AreStillDifferentCases()
    {
        using var set = new CaseIdSet(_ => 42u); // every id collides

        Assert.Equal(
            new[] { true, true, false, true, false, false },
            new[] { "A", "B", "A", "C", "C", "B" }.Select(id => set.Add(id)));
    }

    [Fact]
    public void Add_ManyIds_FindsRepeatsOfIdsSpilledToDisk()
    {
        // 200,000 ids of 12 bytes: more than the in-memory log holds, so early ids are read back from the file.
        using var set = new CaseIdSet(id => (uint)(CaseIdSet.Hash(id) & 0xFFFFF)); // 20-bit hashes: thousands of collisions
        var ids = Enumerable.Range(0, 200_000).Select(i => $"C{i:D11}").ToArray();

        Assert.All(ids, id => Assert.True(set.Add(id)));
        Assert.All(ids.Where((_, i) => i % 997 == 0), id => Assert.False(set.Add(id)));
        Assert.True(set.Add("C-new"));
    }

    [Fact]
    public void Run_RepeatedIds_FirstIsAllocatedLaterOnesAreErrorRows()
    {
        var csv = "case_id,as_of,q_eating,q_washing\nA,2026-06-01,lot,lot\nB,2026-06-01,lot,lot\nA,2026-06-01,lot,lot\n";
        var output = new StringWriter();

        var summary = new CaseloadRunner(TestModels.Minimal).Run(new StringReader(csv), CaseloadFormat.Csv, output, CaseloadFormat.Csv);

        Assert.Equal((3L, 2L), (summary.RowsRead, summary.Allocated));
        Assert.Contains("A,,error,minimal,1.0.0,,,,,,,,,,\"line 4, column case_id: case id 'A' is used on an earlier row; each case appears once\"", output.ToString(), StringComparison.Ordinal);
    }
}
