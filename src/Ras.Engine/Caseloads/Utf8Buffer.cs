using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;

namespace Ras.Engine.Caseloads;

/// <summary>
/// A growable buffer of UTF-8 output text, reused from block to block: result rows are formatted straight into
/// bytes (no UTF-16 text in between).
/// </summary>
internal sealed class Utf8Buffer
{
    private byte[] _bytes;

    public Utf8Buffer(int capacity = 1 << 16) => _bytes = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Length);

    public Utf8Buffer Clear()
    {
        Length = 0;
        return this;
    }

    /// <summary>Room for at least <paramref name="size"/> more bytes; call <see cref="Advance"/> with what was used.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Span<byte> Free(int size)
    {
        if (_bytes.Length - Length < size)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + size));
        }

        return _bytes.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    public Utf8Buffer Append(byte b)
    {
        if ((uint)Length >= (uint)_bytes.Length)
        {
            Free(1);
        }

        _bytes[Length++] = b;
        return this;
    }

    public Utf8Buffer Append(byte b, int repeat)
    {
        Free(repeat)[..repeat].Fill(b);
        Length += repeat;
        return this;
    }

    public Utf8Buffer Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Free(bytes.Length));
        Length += bytes.Length;
        return this;
    }

    /// <summary>Appends text as UTF-8 (a lone surrogate becomes U+FFFD, as a UTF-8 <see cref="StreamWriter"/> writes it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Utf8Buffer Append(ReadOnlySpan<char> text)
    {
        // At most three bytes a UTF-16 unit; invalid text (a lone surrogate) becomes U+FFFD, as UTF8Encoding writes it.
        System.Text.Unicode.Utf8.FromUtf16(text, Free(text.Length * 3), out _, out var written);
        Length += written;
        return this;
    }

    public Utf8Buffer Append(int value)
    {
        Utf8Formatter.TryFormat(value, Free(11), out var written);
        Length += written;
        return this;
    }

    public Utf8Buffer Append(long value)
    {
        Utf8Formatter.TryFormat(value, Free(20), out var written);
        Length += written;
        return this;
    }

    public override string ToString() => Encoding.UTF8.GetString(Written);
}
