namespace Ras.Engine.Impact;

/// <summary>
/// One decile of baseline budget in an <see cref="ImpactSummary"/>: the people in it, the range and mean of
/// their baseline annual indicative amounts, and their total and mean change (proposal − baseline, a year).
/// Means are rounded to the penny, midpoints away from zero; the total is exact, except that a group of people
/// with the same baseline amount straddling two deciles shares its change between them in proportion to its
/// rows (rounded to the penny). Immutable.
/// </summary>
public sealed record DecileChange
{
    internal DecileChange(int decile, decimal baselineFrom, decimal baselineTo, long people, decimal meanBaseline, decimal totalChange, decimal meanChange)
    {
        Decile = decile;
        BaselineFrom = baselineFrom;
        BaselineTo = baselineTo;
        People = people;
        MeanBaseline = meanBaseline;
        TotalChange = totalChange;
        MeanChange = meanChange;
    }

    /// <summary>1 (the smallest baseline budgets) to 10 (the largest).</summary>
    public int Decile { get; }

    /// <summary>The smallest baseline amount in the decile.</summary>
    public decimal BaselineFrom { get; }

    /// <summary>The largest baseline amount in the decile (inclusive).</summary>
    public decimal BaselineTo { get; }

    /// <summary>The compared rows in the decile.</summary>
    public long People { get; }

    /// <summary>The mean baseline amount.</summary>
    public decimal MeanBaseline { get; }

    /// <summary>The total change, summed case by case (a straddling tie group's by its share).</summary>
    public decimal TotalChange { get; }

    /// <summary>The mean change per person.</summary>
    public decimal MeanChange { get; }
}
