using System.Runtime.CompilerServices;
using System.Text;

namespace Ras.Engine.Evaluation;

/// <summary>
/// Finds a code among one column's codes (a question's answers, an attribute's values, …) from its UTF-8 bytes,
/// without decoding them: an open-addressing table, at most a quarter full, keyed by the length and the first and
/// last eight bytes, each candidate checked byte for byte. Built once per compiled model; immutable and
/// thread-safe. A miss says only "not found here": the caller then decodes the text and asks
/// <see cref="CaseDecoder"/>, which has the one set of checks and wording.
/// </summary>
internal sealed class Utf8CodeLookup
{
    private readonly byte[][] _codes;
    private readonly int[] _slots;
    private readonly int _mask;

    /// <param name="codes">The codes, by index. A code that trimming would change (or an empty one) is left out: a
    /// trimmed cell can never equal it, so only the text route can decide about it.</param>
    public Utf8CodeLookup(IReadOnlyList<string> codes)
    {
        _codes = new byte[codes.Count][];
        var size = 4;
        while (size < codes.Count * 4)
        {
            size *= 2;
        }

        _slots = new int[size];
        _mask = size - 1;
        for (var k = 0; k < codes.Count; k++)
        {
            var code = codes[k];
            _codes[k] = Encoding.UTF8.GetBytes(code);
            if (code.Length == 0 || code.AsSpan().Trim().Length != code.Length || Find(_codes[k]) >= 0)
            {
                continue; // the first of two equal codes is the one found, as when codes are compared in order
            }

            var i = (int)(Hash(_codes[k]) & (uint)_mask);
            while (_slots[i] != 0)
            {
                i = (i + 1) & _mask;
            }

            _slots[i] = k + 1;
        }
    }

    /// <summary>The index of the code equal to <paramref name="utf8"/>, or −1.</summary>
    public int Find(ReadOnlySpan<byte> utf8)
    {
        var i = (int)(Hash(utf8) & (uint)_mask);
        while (true)
        {
            var entry = _slots[i];
            if (entry == 0)
            {
                return -1;
            }

            if (utf8.SequenceEqual(_codes[entry - 1]))
            {
                return entry - 1;
            }

            i = (i + 1) & _mask;
        }
    }

    /// <summary>The length and three bytes (first, middle, last): cheap, and enough to set a column's codes apart; equal hashes only cost a probe.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty)
        {
            return 0;
        }

        var key = (uint)s.Length | ((uint)s[0] << 8) | ((uint)s[s.Length >> 1] << 16) | ((uint)s[^1] << 24);
        key *= 0x9E3779B1u;
        return key ^ (key >> 15);
    }
}
