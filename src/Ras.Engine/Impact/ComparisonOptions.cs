using System.Runtime.CompilerServices;
namespace Ras.Engine.Impact;

/// <summary>How a comparison buckets changes and protects people from losses. Immutable.</summary>
public sealed class ComparisonOptions
{
    /// <summary>Creates options.</summary>
    /// <param name="noChangePercent">Changes within ± this percentage of the baseline count as "no change" (default 0.1).</param>
    /// <param name="smallChangePercent">Changes up to this percentage are "up to"; beyond it "more than" (default 5).</param>
    /// <param name="protectLossPercent">Transitional protection: no one loses more than this percentage of their baseline indicative amount, or null.</param>
    /// <param name="protectLossAmount">Transitional protection: no one loses more than this annual amount, or null.</param>
    public ComparisonOptions(decimal noChangePercent = 0.1m, decimal smallChangePercent = 5m, decimal? protectLossPercent = null, decimal? protectLossAmount = null)
    {
        if (noChangePercent < 0 || smallChangePercent <= noChangePercent)
        {
            throw new ArgumentException($"thresholds must satisfy 0 ≤ no-change ({noChangePercent}) < small change ({smallChangePercent})");
        }

        if (protectLossPercent is { } p && (p < 0 || p > 100))
        {
            throw new ArgumentOutOfRangeException(nameof(protectLossPercent), p, "a loss cap is a percentage from 0 to 100");
        }

        if (protectLossAmount is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(protectLossAmount), protectLossAmount, "a loss cap is an amount of 0 or more");
        }

        if (protectLossPercent is not null && protectLossAmount is not null)
        {
            throw new ArgumentException("give a loss cap as a percentage or as an amount, not both");
        }

        NoChangePercent = noChangePercent;
        SmallChangePercent = smallChangePercent;
        ProtectLossPercent = protectLossPercent;
        ProtectLossAmount = protectLossAmount;
        var small = Text.Format.Number(SmallChangePercent);
        Buckets = Array.AsReadOnly(new[]
        {
            $"lose more than {small}%",
            $"lose up to {small}%",
            $"no change (within ±{Text.Format.Number(NoChangePercent)}%)",
            $"gain up to {small}%",
            $"gain more than {small}%",
        });
        _keptShare = protectLossPercent is { } kept ? 1m - (kept / 100m) : null;
        _thresholds = TryTenBillionths(NoChangePercent, out var none) && TryTenBillionths(SmallChangePercent, out var small10) ? (none, small10) : null;
    }

    /// <summary>With a loss cap as a percentage, the share of the baseline that is kept: 1 − cap / 100.</summary>
    private readonly decimal? _keptShare;

    /// <summary>The two thresholds in ten-billionths of a percent, or null when one has more decimal places.</summary>
    private readonly (Int128 NoChange, Int128 Small)? _thresholds;

    /// <summary>The "no change" band, ± percent.</summary>
    public decimal NoChangePercent { get; }

    /// <summary>The boundary between "up to" and "more than", percent.</summary>
    public decimal SmallChangePercent { get; }

    /// <summary>The loss cap as a percentage, or null.</summary>
    public decimal? ProtectLossPercent { get; }

    /// <summary>The loss cap as an annual amount, or null.</summary>
    public decimal? ProtectLossAmount { get; }

    /// <summary>The five bucket names, from the biggest loss to the biggest gain (read-only).</summary>
    public IReadOnlyList<string> Buckets { get; }

    /// <summary>The bucket index (0 to 4) of a change from <paramref name="baseline"/> to <paramref name="proposal"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal int Bucket(decimal baseline, decimal proposal)
    {
        if (baseline == 0)
        {
            return proposal == 0 ? 2 : proposal > 0 ? 4 : 0;
        }

        if (_thresholds is var (none, small) && ChangePercent.TryPence(baseline, out var b) && b > 0 && ChangePercent.TryPence(proposal, out var p))
        {
            // The percentage below, compared without dividing: 100 (p − b) / b against t is 100 (p − b) 10^10
            // against t 10^10 b (ChangePercent says why the answers are the same).
            var scaled = (Int128)(p - b) * 1_000_000_000_000L;
            return scaled < -small * b ? 0
                : scaled < -none * b ? 1
                : scaled <= none * b ? 2
                : scaled <= small * b ? 3
                : 4;
        }

        var percent = (proposal - baseline) / baseline * 100m;
        return percent < -SmallChangePercent ? 0
            : percent < -NoChangePercent ? 1
            : percent <= NoChangePercent ? 2
            : percent <= SmallChangePercent ? 3
            : 4;
    }

    /// <summary>
    /// A threshold in ten-billionths of a percent, when it is at most 10,000% with at most ten decimal places
    /// (every threshold the CLI takes).
    /// </summary>
    private static bool TryTenBillionths(decimal percent, out Int128 scaled)
    {
        scaled = 0;
        if (percent > 10_000m)
        {
            return false;
        }

        var tenBillionths = percent * 10_000_000_000m;
        if (tenBillionths != decimal.Truncate(tenBillionths))
        {
            return false;
        }

        scaled = (Int128)tenBillionths;
        return true;
    }

    /// <summary>The protected amount: the proposal, raised so that the loss is at most the cap (rounded up to the unit).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal decimal Protect(decimal baseline, decimal proposal, decimal unit)
    {
        decimal floor;
        if (_keptShare is { } share)
        {
            floor = baseline * share;
        }
        else if (ProtectLossAmount is { } a)
        {
            floor = baseline - a;
        }
        else
        {
            return proposal;
        }

        floor = Math.Ceiling(floor / unit) * unit;
        return proposal < floor ? floor : proposal;
    }
}
