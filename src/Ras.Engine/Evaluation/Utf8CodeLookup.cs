using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Ras.Engine.Evaluation;

/// <summary>
/// Finds a code among one column's codes (a question's answers, an attribute's values, …) from its UTF-8 bytes,
/// without decoding them. Each code is keyed by its length and its first sixteen bytes (zero after its end): for a
/// code of up to sixteen bytes the key <em>is</em> the code, so a cell is matched by one sixteen-byte load, a mask
/// of its length and one vector comparison, with no loop and no branch on the length; longer codes also compare
/// the rest. The keys sit in an open-addressing table at most a quarter full, hashed with a multiplier chosen
/// when the table is built so that every code sits in the slot its hash names (one probe for a code found).
/// Built once per compiled model; immutable and thread-safe. A miss says only "not found here": the caller then
/// decodes the text and asks <see cref="CaseDecoder"/>, which has the one set of checks and wording.
/// </summary>
internal sealed class Utf8CodeLookup
{
    /// <summary>How many bytes a probe reads at once: text followed by at least this many readable bytes is matched where it lies.</summary>
    public const int Window = 16;

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
    public int Find(ReadOnlySpan<byte> utf8) => Find(utf8, utf8.Length);

    /// <summary>
    /// The index of the code equal to the first <paramref name="length"/> bytes of <paramref name="text"/>, or −1.
    /// The text may run on past them (a cell inside its line): those bytes are read but ignored, so that a cell
    /// followed by at least <see cref="Window"/> bytes is matched where it lies, without a copy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ReadOnlySpan<byte> text, int length)
    {
        if (text.Length < Window)
        {
            return FindShort(text[..length]);
        }

        var key = Key(ref MemoryMarshal.GetReference(text), length);
        var slots = _slots;
        var mask = slots.Length - 1;
        var i = Hash(key, length, _multiplier, _shift);
        while (true)
        {
            ref readonly var slot = ref slots[i];
            if (slot.Entry == 0)
            {
                return -1;
            }

            if (slot.Length == length && slot.Code == key && (length <= Window || Rest(text, length, slot.Entry - 1)))
            {
                return slot.Entry - 1;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>Text too near the end of its buffer to read a whole window: matched from a copy.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int FindShort(ReadOnlySpan<byte> text)
    {
        Span<byte> window = stackalloc byte[Window];
        window.Clear();
        text.CopyTo(window);
        return Find(window, text.Length);
    }

    private bool Rest(ReadOnlySpan<byte> text, int length, int k) => text[Window..length].SequenceEqual(_codes[k].AsSpan(Window));

    private Slot[] Place(List<int> kept, ulong multiplier, int size, out int displaced)
    {
        var slots = new Slot[size];
        displaced = 0;
        Span<byte> window = stackalloc byte[Window];
        foreach (var k in kept)
        {
            var code = _codes[k];
            window.Clear();
            code.AsSpan(0, Math.Min(code.Length, Window)).CopyTo(window);
            var key = Key(ref MemoryMarshal.GetReference(window), code.Length);
            var i = Hash(key, code.Length, multiplier, 64 - System.Numerics.BitOperations.Log2((uint)size));
            while (slots[i].Entry != 0)
            {
                i = (i + 1) & (size - 1);
                displaced++;
            }

            slots[i] = new Slot { Code = key, Length = code.Length, Entry = k + 1 };
        }

        return slots;
    }

    /// <summary>The sixteen bytes from <paramref name="start"/> with those past <paramref name="length"/> set to zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Key(ref byte start, int length)
    {
        var bytes = Vector128.LoadUnsafe(ref start);
        var kept = Vector128.LessThan(Vector128<byte>.Indices, Vector128.Create((byte)Math.Min(length, Window)));
        return bytes & kept;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(Vector128<byte> key, int length, ulong multiplier, int shift)
    {
        var words = key.AsUInt64();
        var x = (words.ToScalar() * 0xC2B2AE3D27D4EB4FUL) ^ words.GetElement(1) ^ (ulong)length;
        return (int)((x * multiplier) >> shift);
    }

    private struct Slot
    {
        /// <summary>The code's first sixteen bytes, zero after its end.</summary>
        public Vector128<byte> Code;

        public int Length;

        /// <summary>The code's index + 1; 0 for an empty slot.</summary>
        public int Entry;
    }
}
