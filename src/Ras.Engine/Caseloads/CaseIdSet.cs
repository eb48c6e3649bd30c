namespace Ras.Engine.Caseloads;

/// <summary>
/// The case ids seen so far, kept as 64-bit FNV-1a hashes in an open-addressing table: 8 bytes a slot, so that
/// duplicate detection costs about 10 bytes per row (the only state that grows with the caseload). Two
/// different ids share a hash with probability about n² ÷ 2⁶⁵ (3 × 10⁻⁶ for ten million rows).
/// </summary>
internal sealed class CaseIdSet
{
    private ulong[] _slots = new ulong[1 << 16];
    private int _count;

    public static ulong Hash(ReadOnlySpan<char> id)
    {
        var h = 14695981039346656037UL;
        foreach (var c in id)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h == 0 ? 1 : h;
    }

    /// <summary>Adds the hash; false when it was already present.</summary>
    public bool Add(ulong hash)
    {
        if (_count >= _slots.Length / 10 * 8)
        {
            Grow();
        }

        var mask = _slots.Length - 1;
        var i = (int)(hash & (ulong)mask);
        while (_slots[i] != 0)
        {
            if (_slots[i] == hash)
            {
                return false;
            }

            i = (i + 1) & mask;
        }

        _slots[i] = hash;
        _count++;
        return true;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new ulong[old.Length * 2];
        _count = 0;
        foreach (var h in old)
        {
            if (h != 0)
            {
                Add(h);
            }
        }
    }
}
