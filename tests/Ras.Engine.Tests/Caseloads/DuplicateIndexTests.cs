using Ras.Engine.Caseloads;

namespace Ras.Engine.Tests.Caseloads;

public class DuplicateIndexTests
{
    [Fact]
    public void Build_FindsIdsThatRepeat_AndFlagsOnlyLaterOccurrences()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "x,case_id\n1,A\n2,B\n3,\"A\"\n4, C \n5,C\n6,B\n7,A\n");

        var index = DuplicateIndex.Build(path, 1, default);

        Assert.Equal(3, index.RepeatedIds);
        Assert.Equal(
            new[] { false, false, true, false, true, true, true },
            new[] { "A", "B", "A", "C", "C", "B", "A" }.Select(id => index.IsRepeat(CaseIdSet.Hash(id))));
    }

    [Fact]
    public void Build_ManyRuns_MergesAcrossRuns()
    {
        var path = Path.GetTempFileName();
        using (var w = new StreamWriter(path))
        {
            w.WriteLine("case_id");
            for (var i = 0; i < 2_500_000; i++)
            {
                w.WriteLine($"C{i}");
            }

            w.WriteLine("C7");
            w.WriteLine("C2499999");
        }

        var index = DuplicateIndex.Build(path, 0, default);

        Assert.Equal(2, index.RepeatedIds);
    }
}
