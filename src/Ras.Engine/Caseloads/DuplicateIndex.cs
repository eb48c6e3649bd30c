namespace Ras.Engine.Caseloads;

/// <summary>
/// Finds repeated case ids in a CSV caseload file before it is allocated, in flat memory: a first pass hashes
/// every case id (64-bit FNV-1a), sorts the hashes a million at a time into runs in a temporary file, and merges
/// the runs to keep only the hashes that occur more than once. The allocation pass then needs to remember only
/// those. Memory is about 8 MB whatever the file's size; the temporary file holds 8 bytes a row.
/// </summary>
internal sealed class DuplicateIndex
{
    private const int RunLength = 1 << 20;
    private readonly HashSet<ulong> _repeated;
    private readonly HashSet<ulong> _seen = new();

    private DuplicateIndex(HashSet<ulong> repeated) => _repeated = repeated;

    /// <summary>The number of distinct case ids that occur more than once.</summary>
    public int RepeatedIds => _repeated.Count;

    /// <summary>True when this occurrence repeats an earlier one (call once per row, in input order).</summary>
    public bool IsRepeat(ulong hash) => _repeated.Contains(hash) && !_seen.Add(hash);

    public static DuplicateIndex Build(string csvPath, int caseIdColumn, CancellationToken cancellationToken)
    {
        var runs = new List<long>();
        var temp = Path.Combine(Path.GetTempPath(), $"ras-case-ids-{Guid.NewGuid():N}.bin");
        try
        {
            using (var store = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose))
            {
                var run = new ulong[RunLength];
                var count = 0;
                var writer = new BinaryWriter(store);
                void Flush()
                {
                    Array.Sort(run, 0, count);
                    runs.Add(count);
                    for (var i = 0; i < count; i++)
                    {
                        writer.Write(run[i]);
                    }

                    count = 0;
                }

                using (var reader = new StreamReader(csvPath, System.Text.Encoding.UTF8, true, 1 << 16))
                {
                    reader.ReadLine(); // the header
                    var blocks = new BlockReader(reader, 1);
                    var fields = new Range[caseIdColumn + 1];
                    var quoted = new bool[caseIdColumn + 1];
                    for (var block = blocks.Read(); block.Count > 0; block = blocks.Read())
                    {
                        for (var i = 0; i < block.Count; i++)
                        {
                            var line = block.Text(i);
                            var n = CsvLine.Split(line, fields, quoted, out _);
                            if (n <= caseIdColumn)
                            {
                                continue; // malformed or short rows are reported by the allocation pass
                            }

                            // The allocation pass hashes the same text: unquoted, undoubled, trimmed.
                            var id = quoted[caseIdColumn] ? CsvLine.Text(line, fields[caseIdColumn], true).AsSpan().Trim() : line[fields[caseIdColumn]].Trim();
                            if (id.Length == 0)
                            {
                                continue;
                            }

                            run[count++] = CaseIdSet.Hash(id);
                            if (count == RunLength)
                            {
                                Flush();
                                cancellationToken.ThrowIfCancellationRequested();
                            }
                        }
                    }
                }

                if (count > 0)
                {
                    Flush();
                }

                writer.Flush();
                return new DuplicateIndex(Merge(temp, store, runs));
            }
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Merges the sorted runs, keeping each hash that appears more than once.</summary>
    private static HashSet<ulong> Merge(string path, FileStream store, List<long> runs)
    {
        var repeated = new HashSet<ulong>();
        var cursors = new List<(BinaryReader Reader, long Left)>();
        var offset = 0L;
        foreach (var length in runs)
        {
            var stream = new FileStream(store.SafeFileHandle, FileAccess.Read, 1 << 16);
            stream.Position = offset;
            cursors.Add((new BinaryReader(stream), length));
            offset += length * sizeof(ulong);
        }

        _ = path;
        var heads = new PriorityQueue<int, ulong>();
        var current = new ulong[cursors.Count];
        for (var i = 0; i < cursors.Count; i++)
        {
            Advance(i);
        }

        var have = false;
        var previous = 0UL;
        while (heads.TryDequeue(out var i, out var value))
        {
            if (have && value == previous)
            {
                repeated.Add(value);
            }

            (have, previous) = (true, value);
            Advance(i);
        }

        return repeated;

        void Advance(int i)
        {
            var (reader, left) = cursors[i];
            if (left == 0)
            {
                return;
            }

            current[i] = reader.ReadUInt64();
            cursors[i] = (reader, left - 1);
            heads.Enqueue(i, current[i]);
        }
    }
}
