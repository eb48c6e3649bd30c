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
    public void Add_TinyTable_FindsRepeatsAcrossRunsOnDisk()
    {
        using var folder = new TemporaryFolder();
        using var set = new CaseIdSet(null, 16, folder.Path); // a run every 12 ids, merged as they pile up
        var ids = Enumerable.Range(0, 5_000).Select(i => $"C{i}").ToArray();

        Assert.All(ids, id => Assert.True(set.Add(id)));
        Assert.InRange(set.Runs, 2, 14); // merged: far fewer than the 400-odd runs written
        Assert.All(ids.Where((_, i) => i % 7 == 0), id => Assert.False(set.Add(id)));
        Assert.All(ids.Select(id => id + "x"), id => Assert.True(set.Add(id)));
        Assert.All(ids.Select(id => id + "x"), id => Assert.False(set.Add(id)));
    }

    [Fact]
    public void Add_TinyTableAndEveryIdColliding_VerifiesTheIdsInEachRun()
    {
        using var folder = new TemporaryFolder();
        using var set = new CaseIdSet(_ => 42u, 16, folder.Path); // every id collides, in memory and in every run
        var ids = Enumerable.Range(0, 300).Select(i => $"C{i}").ToArray();

        Assert.All(ids, id => Assert.True(set.Add(id)));
        Assert.True(set.Runs > 1);
        Assert.All(ids.Reverse(), id => Assert.False(set.Add(id)));
        Assert.True(set.Add("C300"));
        Assert.False(set.Add("C300"));
    }

    [Fact]
    public void Add_TinyTableAndFewHashes_FirstOccurrenceIsKept()
    {
        using var folder = new TemporaryFolder();
        using var set = new CaseIdSet(id => (uint)(CaseIdSet.Hash(id) & 0xF), 16, folder.Path); // 16 hashes
        var rows = Enumerable.Range(0, 2_000).Select(i => $"C{i * 7919 % 600}").ToArray(); // 600 ids, each repeated

        var added = rows.Select(id => set.Add(id)).ToArray();

        var expected = rows.Select((id, i) => Array.IndexOf(rows, id) == i).ToArray();
        Assert.Equal(expected, added);
        Assert.Equal(600, added.Count(a => a));
    }

    [Fact]
    public void Dispose_AfterRunsAndLogWereWritten_DeletesEveryTemporaryFile()
    {
        using var folder = new TemporaryFolder();
        using (var set = new CaseIdSet(null, 16, folder.Path))
        {
            // 100,000 ids of 12 bytes: runs and a log larger than its 1 MB buffer.
            foreach (var i in Enumerable.Range(0, 100_000))
            {
                set.Add($"C{i:D11}");
            }

            Assert.True(set.Runs > 0);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Empty(Directory.GetFiles(folder.Path)); // names removed at once: a killed process leaves nothing
            }
        }

        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Dispose_AfterAnExceptionMidRun_DeletesEveryTemporaryFile()
    {
        using var folder = new TemporaryFolder();
        var thrown = Assert.Throws<InvalidOperationException>(() =>
        {
            using var set = new CaseIdSet(id => id.SequenceEqual("stop") ? throw new InvalidOperationException("stop") : (uint)CaseIdSet.Hash(id), 16, folder.Path);
            foreach (var i in Enumerable.Range(0, 1_000))
            {
                set.Add($"C{i}");
            }

            Assert.True(set.Runs > 0);
            set.Add("stop");
        });

        Assert.Equal("stop", thrown.Message);
        Assert.Empty(Directory.GetFiles(folder.Path));
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

    [Fact]
    public void Expect_BeforeTheFirstId_SizesTheTableOnceWithinItsLargest()
    {
        using var folder = new TemporaryFolder();
        using var sized = new CaseIdSet(null, 1 << 20, folder.Path);
        using var capped = new CaseIdSet(null, 1 << 12, folder.Path);
        using var late = new CaseIdSet(null, 1 << 20, folder.Path);

        sized.Expect(100_000);
        capped.Expect(100_000);
        Assert.True(late.Add("A"));
        late.Expect(100_000);

        Assert.Equal((1 << 17, 1 << 12, 1 << 12), (sized.TableSlots, capped.TableSlots, late.TableSlots));
        Assert.All(Enumerable.Range(0, 100_000), i => Assert.True(sized.Add($"C{i}")));
        Assert.Equal((1 << 17, 0), (sized.TableSlots, sized.Runs)); // 100,000 ids fitted without growing
        Assert.False(sized.Add("C99999"));
    }

    [Fact]
    public void ExpectedRows_OfAFile_IsAboutItsRowCount_AndNothingForAStreamOfUnknownLength()
    {
        var csv = "case_id,as_of,q_eating\n" + string.Concat(Enumerable.Range(0, 50_000).Select(i => $"C{i},2026-06-01,own\n"));
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "c.csv");
        File.WriteAllText(path, csv);

        using var file = File.OpenRead(path);
        var reader = new BlockReader(file, CaseloadEncoding.Utf8, header: true);
        var expected = CaseloadRunner.ExpectedRows(file, reader.Read());
        var unknown = CaseloadRunner.ExpectedRows(new TextReaderStream(new StringReader(csv)), new BlockReader(new TextReaderStream(new StringReader(csv)), CaseloadEncoding.Utf8, header: true).Read());

        Assert.InRange(expected, 49_000, 51_000);
        Assert.Equal(0, unknown);
    }

    [FsCheck.Xunit.Property(MaxTest = 100)]
    public bool Add_AnySequenceThroughRunsAndMerges_AnswersAsASetOfStrings(ushort[] picks, byte hashBits)
    {
        // A table of 16 slots (a run written and sorted every 12 ids, runs merged as they pile up) and hashes of
        // 1 to 24 bits spread over the whole word: many ids share a hash, and the sort sees every digit.
        var shift = 32 - (1 + (hashBits % 24));
        using var folder = new TemporaryFolder();
        using var set = new CaseIdSet(id => (uint)(CaseIdSet.Hash(id) >> 40) << shift, 16, folder.Path);
        var reference = new HashSet<string>(StringComparer.Ordinal);

        return (picks ?? Array.Empty<ushort>()).Concat(picks ?? Array.Empty<ushort>()).All(p =>
        {
            var id = $"C{p % 500}";
            return set.Add(id) == reference.Add(id);
        });
    }

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("ras-case-id-set-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
