using System.Runtime.CompilerServices;
using System.Text;

namespace Ras.Engine.Caseloads;

/// <summary>
/// The case ids seen so far, exactly, in one pass, in memory that does not grow with the caseload beyond a
/// Bloom filter of 1.25 bytes an id. Each id gets a 32-bit hash and the number of its first row (8 bytes). Those
/// go to an open-addressing table in memory of at most <c>tableSlots</c> slots (8 MB by default); when it is 80 %
/// full, it is sorted by hash and written as a run to a temporary file, and the table starts again empty. For
/// each run, memory keeps a blocked Bloom filter of the hashes (10 bits an id, one cache line per lookup) and the
/// first hash of every block of 256 entries; an id whose hash passes a run's filter is looked up in that run by
/// reading the one or few blocks that can hold its hash (positional reads into a 2 KB buffer, no mapped file).
/// Runs are merged so that each is at least as large as all the later ones together: at most about
/// log2(ids / table) runs, and each entry rewritten as many times at most. The ids themselves go to an
/// append-only log (in memory up to 1 MB, then in a temporary file); on a hash match, wherever it is found, the
/// earlier id is read back and compared, so two different ids that share a hash are never taken for one. The
/// first row with an id is the one kept. Temporary files are deleted when the set is disposed. Not thread-safe.
/// </summary>
internal sealed class CaseIdSet : IDisposable
{
    /// <summary>The default largest table: 1,048,576 slots (8 MB), written out as a run at 838,856 ids.</summary>
    internal const int DefaultTableSlots = 1 << 20;
    private const int BufferBytes = 1 << 20;
    private const int BufferEntries = 1 << 16;
    private readonly int _tableSlots;
    private readonly string _directory;
    private readonly List<Run> _runs = new();
    private readonly byte[] _block = new byte[Run.BlockEntries * sizeof(ulong)];
    private ulong[] _slots;
    private ulong[] _sorting = Array.Empty<ulong>();
    private int _count;

    // The id log: UTF-8 bytes of each id, and for each id its offset (40 bits) and length (24 bits).
    private readonly byte[] _bytes = new byte[BufferBytes];
    private readonly long[] _entries = new long[BufferEntries];
    private int _bytesUsed;
    private int _entriesUsed;
    private long _bytesFlushed;
    private long _entriesFlushed;
    private FileStream? _bytesFile;
    private FileStream? _entriesFile;
    private byte[] _scratch = new byte[256];
    private byte[] _earlier = new byte[256];

    public CaseIdSet(Func<ReadOnlySpan<char>, uint>? hash = null)
        : this(hash, DefaultTableSlots, null)
    {
    }

    /// <param name="hash">The 32-bit hash of an id (tests pass degenerate ones).</param>
    /// <param name="tableSlots">The largest in-memory table, a power of two of at least 16 slots.</param>
    /// <param name="temporaryDirectory">Where the temporary files go; the system's temporary folder when null.</param>
    internal CaseIdSet(Func<ReadOnlySpan<char>, uint>? hash, int tableSlots, string? temporaryDirectory)
    {
        if (tableSlots < 16 || (tableSlots & (tableSlots - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tableSlots), tableSlots, "expected a power of two of at least 16");
        }

        _hash = hash ?? (id => (uint)(Hash(id) >> 32));
        _tableSlots = tableSlots;
        _directory = temporaryDirectory ?? Path.GetTempPath();
        _slots = new ulong[Math.Min(1 << 12, tableSlots)];
    }

    private readonly Func<ReadOnlySpan<char>, uint> _hash;

    /// <summary>
    /// Sizes the table for about this many ids (up to its largest) before the first is added, so that it does not
    /// grow by doubling and rehashing as they come (that work falls in the batch's in-order check stage). Only a
    /// hint, taken before any id is added: the set grows as needed either way.
    /// </summary>
    public void Expect(long ids)
    {
        if (_count > 0 || _runs.Count > 0)
        {
            return;
        }

        var slots = _slots.Length;
        while (slots < _tableSlots && slots / 10 * 8 < ids)
        {
            slots *= 2;
        }

        if (slots > _slots.Length)
        {
            _slots = new ulong[slots];
        }
    }

    /// <summary>How many slots the in-memory table has now (for tests).</summary>
    internal int TableSlots => _slots.Length;

    /// <summary>How many sorted runs are on disk now (for tests).</summary>
    internal int Runs => _runs.Count;

    /// <summary>The 64-bit FNV-1a hash of an id (also used to assign cases to folds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Hash(ReadOnlySpan<char> id)
    {
        var h = 14695981039346656037UL;
        foreach (var c in id)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }

    /// <summary>The 32-bit hash the set files an id under: pure, so callers may work it out in parallel and pass it to <see cref="Add(ReadOnlySpan{char}, uint)"/>.</summary>
    public uint HashOf(ReadOnlySpan<char> id) => _hash(id);

    /// <summary>Adds the id; false when the same id was added before.</summary>
    public bool Add(ReadOnlySpan<char> id) => Add(id, _hash(id));

    /// <summary>Adds the id, whose <see cref="HashOf"/> is <paramref name="h"/>; false when the same id was added before.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Add(ReadOnlySpan<char> id, uint h)
    {
        if (_count >= _slots.Length / 10 * 8)
        {
            if (_slots.Length < _tableSlots)
            {
                Grow();
            }
            else
            {
                WriteRun();
            }
        }

        var bytes = Utf8(id);
        var mask = _slots.Length - 1;
        var i = (int)(h & (uint)mask);
        while (_slots[i] != 0)
        {
            var slot = _slots[i];
            if ((uint)(slot >> 32) == h && Earlier((long)(uint)slot - 1).SequenceEqual(bytes))
            {
                return false;
            }

            i = (i + 1) & mask;
        }

        for (var r = _runs.Count - 1; r >= 0; r--)
        {
            if (_runs[r].MayContain(h) && InRun(_runs[r], h, bytes))
            {
                return false;
            }
        }

        var row = _entriesFlushed + _entriesUsed;
        if (row >= uint.MaxValue)
        {
            throw new InvalidOperationException("more than 4,294,967,294 distinct case ids");
        }

        _slots[i] = ((ulong)h << 32) | (uint)(row + 1);
        _count++;
        Append(bytes);
        return true;
    }

    public void Dispose()
    {
        foreach (var run in _runs)
        {
            run.Dispose();
        }

        _runs.Clear();
        _bytesFile?.Dispose();
        _entriesFile?.Dispose();
    }

    /// <summary>Whether the run holds an entry with this hash whose id is these bytes.</summary>
    private bool InRun(Run run, uint h, ReadOnlySpan<byte> bytes)
    {
        // The entries with hash h can begin in the block before the first one that starts at h or above.
        for (var b = Math.Max(0, run.FirstBlockFrom(h) - 1); b < run.Blocks; b++)
        {
            foreach (var entry in run.ReadBlock(b, _block))
            {
                var eh = (uint)(entry >> 32);
                if (eh > h)
                {
                    return false;
                }

                if (eh == h && Earlier((long)(uint)entry - 1).SequenceEqual(bytes))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Writes the table, sorted by hash, as a new run, empties it, and merges runs that are too many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteRun()
    {
        var n = 0;
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i] != 0)
            {
                _slots[n++] = _slots[i];
            }
        }

        SortByHash(_slots.AsSpan(0, n));
        using (var builder = new RunBuilder(Temporary(), n))
        {
            foreach (var entry in _slots.AsSpan(0, n))
            {
                builder.Add(entry);
            }

            _runs.Add(builder.Finish());
        }

        Array.Clear(_slots);
        _count = 0;

        // Merge the newest runs while the one before them is no larger than they are together.
        var first = _runs.Count - 1;
        var later = _runs[first].Count;
        while (first > 0 && _runs[first - 1].Count <= later)
        {
            first--;
            later += _runs[first].Count;
        }

        if (first < _runs.Count - 1)
        {
            Merge(first);
        }
    }

    /// <summary>
    /// Sorts entries by their hash (the high 32 bits) in four passes of a radix sort, through a buffer kept for the
    /// next run. Entries that share a hash stay in the order they were in, which nothing depends on (a run is
    /// searched by hash, and every hash match is checked against the id). It runs in the in-order check stage, so
    /// the other workers wait on it: about four times faster here than <c>Array.Sort</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SortByHash(Span<ulong> entries)
    {
        if (_sorting.Length < entries.Length)
        {
            _sorting = new ulong[entries.Length];
        }

        var from = entries;
        var to = _sorting.AsSpan(0, entries.Length);
        Span<int> starts = stackalloc int[256];
        for (var shift = 32; shift < 64; shift += 8)
        {
            starts.Clear();
            foreach (var entry in from)
            {
                starts[(int)((entry >> shift) & 0xFF)]++;
            }

            var sum = 0;
            for (var digit = 0; digit < 256; digit++)
            {
                (starts[digit], sum) = (sum, sum + starts[digit]);
            }

            foreach (var entry in from)
            {
                to[starts[(int)((entry >> shift) & 0xFF)]++] = entry;
            }

            var swap = from;
            from = to;
            to = swap;
        }

        // Four passes: the sorted entries are back where they started.
    }

    /// <summary>Merges the runs from <paramref name="first"/> to the last into one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Merge(int first)
    {
        var inputs = _runs.Skip(first).Select(run => new RunReader(run)).ToArray();
        using (var builder = new RunBuilder(Temporary(), inputs.Sum(input => input.Count)))
        {
            while (true)
            {
                var least = -1;
                for (var k = 0; k < inputs.Length; k++)
                {
                    if (!inputs[k].Done && (least < 0 || inputs[k].Current < inputs[least].Current))
                    {
                        least = k;
                    }
                }

                if (least < 0)
                {
                    break;
                }

                builder.Add(inputs[least].Current);
                inputs[least].Next();
            }

            var merged = builder.Finish();
            foreach (var run in _runs.Skip(first))
            {
                run.Dispose();
            }

            _runs.RemoveRange(first, _runs.Count - first);
            _runs.Add(merged);
        }
    }

    private ReadOnlySpan<byte> Utf8(ReadOnlySpan<char> id)
    {
        var max = Encoding.UTF8.GetMaxByteCount(id.Length);
        if (_scratch.Length < max)
        {
            _scratch = new byte[max];
        }

        return _scratch.AsSpan(0, Encoding.UTF8.GetBytes(id, _scratch));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Append(ReadOnlySpan<byte> id)
    {
        if (_entriesUsed == _entries.Length || _bytesUsed + id.Length > _bytes.Length)
        {
            Spill();
        }

        var offset = _bytesFlushed + _bytesUsed;
        _entries[_entriesUsed++] = (offset << 24) | (long)id.Length;
        if (id.Length > _bytes.Length)
        {
            // Longer than the buffer: straight to the file.
            _bytesFile!.Position = _bytesFlushed;
            _bytesFile.Write(id);
            _bytesFlushed += id.Length;
            return;
        }

        id.CopyTo(_bytes.AsSpan(_bytesUsed));
        _bytesUsed += id.Length;
    }

    private void Spill()
    {
        _bytesFile ??= Temporary();
        _entriesFile ??= Temporary();
        _bytesFile.Position = _bytesFlushed;
        _bytesFile.Write(_bytes, 0, _bytesUsed);
        _bytesFlushed += _bytesUsed;
        _bytesUsed = 0;
        _entriesFile.Position = _entriesFlushed * sizeof(long);
        _entriesFile.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_entries.AsSpan(0, _entriesUsed)));
        _entriesFlushed += _entriesUsed;
        _entriesUsed = 0;
        _bytesFile.Flush();
        _entriesFile.Flush();
    }

    /// <summary>The id of the given row number (in order of first appearance).</summary>
    private ReadOnlySpan<byte> Earlier(long row)
    {
        long entry;
        if (row >= _entriesFlushed)
        {
            entry = _entries[row - _entriesFlushed];
        }
        else
        {
            Span<byte> raw = stackalloc byte[sizeof(long)];
            RandomAccess.Read(_entriesFile!.SafeFileHandle, raw, row * sizeof(long));
            entry = BitConverter.ToInt64(raw);
        }

        var offset = entry >> 24;
        var length = (int)(entry & 0xFFFFFF);
        if (offset >= _bytesFlushed)
        {
            return _bytes.AsSpan((int)(offset - _bytesFlushed), length);
        }

        if (_earlier.Length < length)
        {
            _earlier = new byte[length];
        }

        RandomAccess.Read(_bytesFile!.SafeFileHandle, _earlier.AsSpan(0, length), offset);
        return _earlier.AsSpan(0, length);
    }

    /// <summary>
    /// A new temporary file, deleted when closed. Where the system allows it (not Windows), its name is removed at
    /// once, so that a killed process leaves nothing behind (the open handle keeps the data until it is closed).
    /// </summary>
    private FileStream Temporary()
    {
        var path = Path.Combine(_directory, $"ras-case-ids-{Environment.ProcessId}-{Guid.NewGuid():N}.bin");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path);
        }

        return file;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Grow()
    {
        var old = _slots;
        _slots = new ulong[old.Length * 2];
        var mask = _slots.Length - 1;
        foreach (var slot in old)
        {
            if (slot != 0)
            {
                var i = (int)((uint)(slot >> 32) & (uint)mask);
                while (_slots[i] != 0)
                {
                    i = (i + 1) & mask;
                }

                _slots[i] = slot;
            }
        }
    }

    /// <summary>
    /// A run on disk: entries (hash in the high 32 bits, row + 1 in the low 32) sorted, with its Bloom filter
    /// and the first hash of each block in memory.
    /// </summary>
    private sealed class Run(FileStream file, long count, uint[] firstHashes, ulong[] filter) : IDisposable
    {
        public const int BlockEntries = 256;
        public const int FilterBitsPerId = 10;

        public long Count => count;

        public int Blocks => firstHashes.Length;

        public FileStream File => file;

        /// <summary>The number of 512-bit blocks in a filter for this many ids.</summary>
        public static int FilterBlocks(long ids) => (int)Math.Max(1, ((ids * FilterBitsPerId) + 511) / 512);

        /// <summary>Sets (or, with <paramref name="set"/> false, tests) the filter's 7 bits for the hash.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static bool Filter(ulong[] filter, uint h, bool set)
        {
            var g = Mix(h);
            var block = (int)(((ulong)(uint)g * (ulong)(filter.Length / 8)) >> 32) * 8;
            var bits = Mix(g);
            for (var k = 0; k < 7; k++, bits >>= 9)
            {
                ref var word = ref filter[block + (int)(bits & 7)];
                var bit = 1UL << (int)((bits >> 3) & 63);
                if (set)
                {
                    word |= bit;
                }
                else if ((word & bit) == 0)
                {
                    return false;
                }
            }

            return true;
        }

        public bool MayContain(uint h) => Filter(filter, h, set: false);

        /// <summary>The first block whose first hash is h or above (<see cref="Blocks"/> when none).</summary>
        public int FirstBlockFrom(uint h)
        {
            int lo = 0, hi = firstHashes.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (firstHashes[mid] < h)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }

        public ReadOnlySpan<ulong> ReadBlock(int b, byte[] buffer)
        {
            var start = (long)b * BlockEntries;
            var entries = (int)Math.Min(BlockEntries, count - start);
            var span = buffer.AsSpan(0, entries * sizeof(ulong));
            var read = 0;
            while (read < span.Length)
            {
                var n = RandomAccess.Read(file.SafeFileHandle, span[read..], (start * sizeof(ulong)) + read);
                if (n == 0)
                {
                    throw new EndOfStreamException("a run of case ids ended early");
                }

                read += n;
            }

            return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(span);
        }

        public void Dispose() => file.Dispose();

        private static ulong Mix(ulong x)
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
    }

    /// <summary>Writes sorted entries to a run's file, building its filter and block index.</summary>
    private sealed class RunBuilder(FileStream file, long count) : IDisposable
    {
        private readonly ulong[] _buffer = new ulong[8192];
        private readonly uint[] _firstHashes = new uint[(count + Run.BlockEntries - 1) / Run.BlockEntries];
        private readonly ulong[] _filter = new ulong[Run.FilterBlocks(count) * 8];
        private int _buffered;
        private long _written;
        private bool _finished;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(ulong entry)
        {
            var h = (uint)(entry >> 32);
            if (_written % Run.BlockEntries == 0)
            {
                _firstHashes[_written / Run.BlockEntries] = h;
            }

            Run.Filter(_filter, h, set: true);
            _buffer[_buffered++] = entry;
            _written++;
            if (_buffered == _buffer.Length)
            {
                Flush();
            }
        }

        public Run Finish()
        {
            Flush();
            file.Flush();
            _finished = true;
            return new Run(file, _written, _firstHashes, _filter);
        }

        /// <summary>Deletes the file unless the run was finished (then the run owns it).</summary>
        public void Dispose()
        {
            if (!_finished)
            {
                file.Dispose();
            }
        }

        private void Flush()
        {
            file.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_buffer.AsSpan(0, _buffered)));
            _buffered = 0;
        }
    }

    /// <summary>Reads a run's entries in order, 64 KB at a time.</summary>
    private sealed class RunReader(Run run)
    {
        private readonly ulong[] _buffer = new ulong[8192];
        private long _position;
        private int _index;
        private int _filled;

        public long Count => run.Count;

        public bool Done => _position + _index >= run.Count;

        public ulong Current
        {
            get
            {
                if (_index == _filled)
                {
                    Fill();
                }

                return _buffer[_index];
            }
        }

        public void Next() => _index++;

        private void Fill()
        {
            _position += _filled;
            _index = 0;
            _filled = (int)Math.Min(_buffer.Length, run.Count - _position);
            var span = System.Runtime.InteropServices.MemoryMarshal.AsBytes(_buffer.AsSpan(0, _filled));
            var read = 0;
            while (read < span.Length)
            {
                var n = RandomAccess.Read(run.File.SafeFileHandle, span[read..], (_position * sizeof(ulong)) + read);
                if (n == 0)
                {
                    throw new EndOfStreamException("a run of case ids ended early");
                }

                read += n;
            }
        }
    }
}
