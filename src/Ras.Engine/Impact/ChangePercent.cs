using System.Globalization;
using System.Runtime.CompilerServices;
using Ras.Engine.Caseloads;

namespace Ras.Engine.Impact;

/// <summary>
/// A change as a percentage of its baseline, per compared case, without decimal division where the amounts are
/// whole pence below £10^10 (every amount a model prices): the exact ratio of two such amounts lies either on a
/// two-decimal boundary or a threshold of at most ten decimals, or further from it than decimal division's
/// 28-digit rounding can move it, so whole-number arithmetic gives the same answers as
/// <c>change / baseline * 100m</c> (checked against it by ChangePercentTests). Other amounts take that route.
/// </summary>
internal static class ChangePercent
{
    /// <summary>Amounts below this many pence (£10^10) take the whole-number route.</summary>
    private const long PenceLimit = 1_000_000_000_000L;

    /// <summary>The amount in whole pence, when it has at most two decimal places stored and is below £10^10.</summary>
    public static bool TryPence(decimal d, out long pence) => MoneyText.TryPence(d, PenceLimit, out pence);

    /// <summary>
    /// Appends <c>(change / baseline * 100m).ToString("0.00")</c> (invariant, halves away from zero, no sign on a
    /// result that rounds to zero); nothing for a zero baseline is the caller's rule.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Append(Utf8Buffer o, decimal change, decimal baseline)
    {
        if (TryPence(change, out var c) && TryPence(baseline, out var b) && b != 0)
        {
            // Hundredths of a percent: 10000 c / b, rounded half away from zero on magnitudes.
            var negative = (c < 0) != (b < 0);
            var absB = Math.Abs(b);
            var hundredths = ((20_000 * Math.Abs(c)) + absB) / (2 * absB);
            if (negative && hundredths != 0)
            {
                o.Append((byte)'-');
            }

            o.Append(hundredths / 100).Append((byte)'.');
            var cents = (int)(hundredths % 100);
            o.Append((byte)('0' + (cents / 10))).Append((byte)('0' + (cents % 10)));
            return;
        }

        (change / baseline * 100m).TryFormat(o.Free(64), out var written, "0.00", CultureInfo.InvariantCulture);
        o.Advance(written);
    }
}
