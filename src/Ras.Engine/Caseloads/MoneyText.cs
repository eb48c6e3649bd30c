using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Ras.Engine.Caseloads;

/// <summary>
/// Money in caseload outputs: at least two decimal places and never fewer than the amount has, so nothing a
/// model's rounding rule kept is hidden. Appends without allocating for amounts to the penny.
/// </summary>
internal static class MoneyText
{
    private const string Long = "0.00############";

    public static StringBuilder Append(StringBuilder sb, decimal d)
    {
        if (!IsPence(d))
        {
            return sb.Append(d.ToString(Long, CultureInfo.InvariantCulture));
        }

        var cents = (long)(d * 100m);
        return sb.Append(CultureInfo.InvariantCulture, $"{(cents < 0 ? "-" : "")}{Math.Abs(cents) / 100}.{Math.Abs(cents) % 100:D2}");
    }

    /// <summary>Appends the amount as UTF-8: the same text as <see cref="Append(StringBuilder, decimal)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Utf8Buffer Append(Utf8Buffer b, decimal d)
    {
        // The usual amount, to the penny with at most two decimal places stored, is read from its bits (no
        // decimal arithmetic); the same pence as the rule below.
        if (TryPence(d, 100_000_000_000_000_000L, out var pence))
        {
            return Pence(b, pence);
        }

        if (!IsPence(d))
        {
            d.TryFormat(b.Free(64), out var written, Long, CultureInfo.InvariantCulture);
            b.Advance(written);
            return b;
        }

        return Pence(b, (long)(d * 100m));
    }

    /// <summary>
    /// The amount in whole pence when it is stored with at most two decimal places and is below
    /// <paramref name="limit"/> pence in size, read from the decimal's bits (no decimal arithmetic).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryPence(decimal d, long limit, out long pence)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(d, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        pence = 0;
        if (bits[2] != 0 || bits[1] < 0 || scale > 2)
        {
            return false;
        }

        var units = ((long)bits[1] << 32) | (uint)bits[0];
        if (units >= limit)
        {
            return false;
        }

        var magnitude = scale == 2 ? units : scale == 1 ? units * 10 : units * 100;
        if (magnitude >= limit || magnitude < 0)
        {
            return false;
        }

        pence = bits[3] < 0 ? -magnitude : magnitude;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Utf8Buffer Pence(Utf8Buffer b, long cents)
    {
        // Digits right to left into the buffer: the two pence, the point, then at least one digit of pounds.
        var abs = (ulong)Math.Abs(cents);
        Span<byte> digits = stackalloc byte[24];
        var at = digits.Length;
        digits[--at] = (byte)('0' + (abs % 10));
        digits[--at] = (byte)('0' + (abs / 10 % 10));
        digits[--at] = (byte)'.';
        var pounds = abs / 100;
        do
        {
            digits[--at] = (byte)('0' + (pounds % 10));
            pounds /= 10;
        }
        while (pounds != 0);

        if (cents < 0)
        {
            digits[--at] = (byte)'-';
        }

        return b.Append(digits[at..]);
    }

    /// <summary>Amounts to the penny below 10^15 take the short, allocation-free route.</summary>
    private static bool IsPence(decimal d) => d == decimal.Round(d, 2) && Math.Abs(d) < 1e15m;
}
