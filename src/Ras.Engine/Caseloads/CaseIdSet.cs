using System.Text;

namespace Ras.Engine.Caseloads;

/// <summary>
/// The case ids seen so far, exactly, in one pass. In memory, an open-addressing table of 8-byte slots (a 32-bit
/// hash of the id and the number of its first row): about 10 to 16 bytes a row, the only memory that grows with
/// the caseload. The ids themselves go to an append-only log (in memory up to 1 MB, then in a temporary file
/// deleted on close); on a hash match the earlier id is read back and compared, so two different ids that share
/// a hash are never taken for one.
/// </summary>
internal sealed class CaseIdSet : IDisposable
{
    private const int BufferBytes = 1 << 20;
    private const int BufferEntries = 1 << 16;
    private ulong[] _slots = new ulong[1 << 12];
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

    public CaseIdSet(Func<ReadOnlySpan<char>, uint>? hash = null) => _hash = hash ?? (id => (uint)(Hash(id) >> 32));

    private readonly Func<ReadOnlySpan<char>, uint> _hash;

    /// <summary>The 64-bit FNV-1a hash of an id (also used to assign cases to folds).</summary>
    public static ulong Hash(ReadOnlySpan<char> id)
    {
        var h = 14695981039346656037UL;
        foreach (var c in id)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }

    /// <summary>Adds the id; false when the same id was added before.</summary>
    public bool Add(ReadOnlySpan<char> id)
    {
        if (_count >= _slots.Length / 10 * 8)
        {
            Grow();
        }

        var bytes = Utf8(id);
        var h = _hash(id);
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
        _bytesFile?.Dispose();
        _entriesFile?.Dispose();
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

    private static FileStream Temporary() =>
        new(Path.Combine(Path.GetTempPath(), $"ras-case-ids-{Environment.ProcessId}-{Guid.NewGuid():N}.bin"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);

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
}
