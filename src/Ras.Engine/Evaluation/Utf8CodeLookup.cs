using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Ras.Engine.Evaluation;

/// <summary>
/// Finds a code among one column's codes (a question's answers, an attribute's values, …) from its UTF-8 bytes,
/// without decoding them. Each code is keyed by its length and its first and last eight bytes (fewer for shorter
/// codes, overlapping when it is shorter than sixteen): for a code of up to sixteen bytes the key <em>is</em> the
/// code, so a cell is matched by comparing two words and a length, with no byte loop; longer codes also compare
/// their middle. The keys sit in an open-addressing table at most a quarter full, hashed with a multiplier chosen
/// when the table is built so that every code sits in the slot its hash names (one probe for a code found).
/// Built once per compiled model; immutable and thread-safe. A miss says only "not found here": the caller then
/// decodes the text and asks <see cref="CaseDecoder"/>, which has the one set of checks and wording.
/// </summary>
internal sealed class Utf8CodeLookup
{
    /// <summary>Multipliers tried in turn; the first that places every code in its own slot is kept.</summary>
    private const int Tries = 64;

    private readonly byte[][] _codes;
    private readonly Slot[] _slots;
    private readonly ulong _multiplier;
    private readonly int _shift;

    /// <param name="codes">The codes, by index. A code that trimming would change (or an empty one) is left out: a
    /// trimmed cell can never equal it, so only the text route can decide about it.</param>
    public Utf8CodeLookup(IReadOnlyList<string> codes)
    {
        _codes = new byte[codes.Count][];
        var kept = new List<int>();
        for (var k = 0; k < codes.Count; k++)
        {
            var code = codes[k];
            _codes[k] = Encoding.UTF8.GetBytes(code);
            if (code.Length == 0 || code.AsSpan().Trim().Length != code.Length || kept.Exists(j => _codes[j].AsSpan().SequenceEqual(_codes[k])))
            {
                continue; // the first of two equal codes is the one found, as when codes are compared in order
            }

            kept.Add(k);
        }

        var bits = 2;
        while ((1 << bits) < kept.Count * 4)
        {
            bits++;
        }

        _shift = 64 - bits;
        Slot[]? best = null;
        var bestDisplaced = int.MaxValue;
        for (var t = 0; t < Tries && bestDisplaced > 0; t++)
        {
            var multiplier = (0x9E3779B97F4A7C15UL * (ulong)((2 * t) + 1)) | 1;
            var slots = Place(kept, multiplier, 1 << bits, out var displaced);
            if (displaced < bestDisplaced)
            {
                (best, bestDisplaced, _multiplier) = (slots, displaced, multiplier);
            }
        }

        _slots = best!;
    }

    /// <summary>The index of the code equal to <paramref name="utf8"/>, or −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ReadOnlySpan<byte> utf8)
    {
        var (lo, hi) = Key(utf8);
        var slots = _slots;
        var mask = slots.Length - 1;
        var i = Hash(lo, hi, utf8.Length, _multiplier, _shift);
        while (true)
        {
            ref readonly var slot = ref slots[i];
            if (slot.Entry == 0)
            {
                return -1;
            }

            if (slot.Lo == lo && slot.Hi == hi && slot.Length == utf8.Length && (utf8.Length <= 16 || Middle(utf8, slot.Entry - 1)))
            {
                return slot.Entry - 1;
            }

            i = (i + 1) & mask;
        }
    }

    private bool Middle(ReadOnlySpan<byte> utf8, int k) => utf8[8..^8].SequenceEqual(_codes[k].AsSpan(8, _codes[k].Length - 16));

    private Slot[] Place(List<int> kept, ulong multiplier, int size, out int displaced)
    {
        var slots = new Slot[size];
        displaced = 0;
        foreach (var k in kept)
        {
            var (lo, hi) = Key(_codes[k]);
            var i = Hash(lo, hi, _codes[k].Length, multiplier, 64 - System.Numerics.BitOperations.Log2((uint)size));
            while (slots[i].Entry != 0)
            {
                i = (i + 1) & (size - 1);
                displaced++;
            }

            slots[i] = new Slot { Lo = lo, Hi = hi, Length = _codes[k].Length, Entry = k + 1 };
        }

        return slots;
    }

    /// <summary>The first and last eight bytes (four, two or one for shorter text): with the length, the whole text when it is at most sixteen bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Lo, ulong Hi) Key(ReadOnlySpan<byte> s)
    {
        ref var p = ref MemoryMarshal.GetReference(s);
        var n = s.Length;
        if (n >= 8)
        {
            return (Unsafe.ReadUnaligned<ulong>(ref p), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, n - 8)));
        }

        if (n >= 4)
        {
            return (Unsafe.ReadUnaligned<uint>(ref p), Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref p, n - 4)));
        }

        if (n >= 2)
        {
            return (Unsafe.ReadUnaligned<ushort>(ref p), Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref p, n - 2)));
        }

        return n == 1 ? (p, 0UL) : (0UL, 0UL);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ulong lo, ulong hi, int length, ulong multiplier, int shift)
    {
        var x = (lo * 0xC2B2AE3D27D4EB4FUL) ^ hi ^ (ulong)length;
        return (int)((x * multiplier) >> shift);
    }

    private struct Slot
    {
        public ulong Lo;
        public ulong Hi;
        public int Length;

        /// <summary>The code's index + 1; 0 for an empty slot.</summary>
        public int Entry;
    }
}
