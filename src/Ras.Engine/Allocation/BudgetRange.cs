namespace Ras.Engine.Allocation;

/// <summary>An amount with its range: <see cref="Lower"/> ≤ <see cref="Indicative"/> ≤ <see cref="Upper"/>, already rounded by the model's rule.</summary>
public readonly record struct BudgetRange
{
    /// <summary>Creates a range.</summary>
    public BudgetRange(decimal lower, decimal indicative, decimal upper)
    {
        Lower = lower;
        Indicative = indicative;
        Upper = upper;
    }

    /// <summary>The lower end of the range.</summary>
    public decimal Lower { get; }

    /// <summary>The indicative amount.</summary>
    public decimal Indicative { get; }

    /// <summary>The upper end of the range.</summary>
    public decimal Upper { get; }
}
