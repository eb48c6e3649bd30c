namespace Ras.Calibration;

/// <summary>What counts as the outcome the direction-of-travel rule predicts, for <see cref="RiskCalibrator"/>.</summary>
public enum RiskOutcome
{
    /// <summary>Deterioration or a crisis event: the outcome happened if either did; it did not if neither did (both must be known).</summary>
    Any = 0,

    /// <summary>Deterioration: points at the reassessment at least the minimum increase above points at the assessment.</summary>
    Deterioration = 1,

    /// <summary>A crisis event within the horizon: an unplanned admission or a care-home placement.</summary>
    Crisis = 2,
}

/// <summary>Settings for fitting a model's risk weights to reassessment history. Immutable.</summary>
public sealed class RiskCalibrationOptions
{
    /// <summary>Creates options.</summary>
    /// <param name="asOf">The date the calibration is made, recorded in the provenance (no clock is read).</param>
    /// <param name="outcome">What counts as the outcome.</param>
    /// <param name="minimumIncrease">For deterioration: the fewest points more at reassessment that count (1 or more).</param>
    /// <param name="folds">Folds for the held-out figures (2 to 20).</param>
    /// <param name="version">The new model's version, or null for the base's next minor version.</param>
    /// <param name="effectiveFrom">The new model's first day in force, or null for the base's.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public RiskCalibrationOptions(DateOnly asOf, RiskOutcome outcome = RiskOutcome.Any, int minimumIncrease = 1, int folds = 5, string? version = null, DateOnly? effectiveFrom = null)
    {
        if (folds is < 2 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "between 2 and 20 folds");
        }

        if (minimumIncrease < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumIncrease), minimumIncrease, "a minimum increase of 1 point or more");
        }

        if (!Enum.IsDefined(outcome))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "any, deterioration or crisis");
        }

        AsOf = asOf;
        Outcome = outcome;
        MinimumIncrease = minimumIncrease;
        Folds = folds;
        Version = version;
        EffectiveFrom = effectiveFrom;
    }

    /// <summary>The date of the calibration.</summary>
    public DateOnly AsOf { get; }

    /// <summary>What counts as the outcome.</summary>
    public RiskOutcome Outcome { get; }

    /// <summary>For deterioration: the fewest extra points at reassessment that count.</summary>
    public int MinimumIncrease { get; }

    /// <summary>Folds for the held-out figures.</summary>
    public int Folds { get; }

    /// <summary>The new model's version, or null for the base's next minor version.</summary>
    public string? Version { get; }

    /// <summary>The new model's first day in force, or null for the base's.</summary>
    public DateOnly? EffectiveFrom { get; }
}
