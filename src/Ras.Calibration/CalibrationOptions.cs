namespace Ras.Calibration;

/// <summary>What a calibration fits.</summary>
public enum CalibrationMethod
{
    /// <summary>One price per point through the origin (the model's <c>pricePerPoint</c> form).</summary>
    PricePerPoint = 0,

    /// <summary>An intercept and a price per point (written as a linear <c>curve</c> on total points).</summary>
    PricePerPointWithIntercept = 1,

    /// <summary>A fixed annual amount for each band of the base model, keeping its edges.</summary>
    BandAmounts = 2,

    /// <summary>A straight line fitted to the square root of cost (a <c>curve</c> with the <c>square</c> transform).</summary>
    SquareRootCurve = 3,

    /// <summary>A straight line fitted to the logarithm of cost (a <c>curve</c> with the <c>exp</c> transform).</summary>
    LogCurve = 4,

    /// <summary>A price per point for each band of the base model, keeping its edges.</summary>
    BandPrices = 5,
}

/// <summary>Calibration settings. Immutable.</summary>
public sealed class CalibrationOptions
{
    /// <summary>Creates options.</summary>
    /// <param name="method">What to fit.</param>
    /// <param name="asOf">The date the calibration is made, recorded in the provenance (no clock is read).</param>
    /// <param name="version">The calibrated model's version, or null for the base's next minor version.</param>
    /// <param name="effectiveFrom">The calibrated model's first day in force, or null for the base's.</param>
    /// <param name="folds">Folds for held-out validation (2 to 20).</param>
    /// <param name="targetCoverage">The share (%) of held-out actual costs the range should contain.</param>
    /// <param name="outlierFactor">Rows whose cost is more than this many times the fitted amount, or less than its reciprocal, are excluded; 0 keeps every row.</param>
    /// <param name="minimumRowsPerBand">Fewest rows a band needs for its amount to be fitted.</param>
    /// <param name="envelope">The money available a year, or null for no affordability scaling.</param>
    /// <param name="contingencyPercent">The share of the envelope held back as contingency.</param>
    /// <param name="suggestBands">With band amounts: 0 keeps the base model's edges; N suggests N bands at quantiles of points.</param>
    /// <param name="allowNonMonotone">Write a fit that gives less money for more need (a negative price per point or slope) instead of refusing it; it is then reported as a warning.</param>
    public CalibrationOptions(
        CalibrationMethod method,
        DateOnly asOf,
        string? version = null,
        DateOnly? effectiveFrom = null,
        int folds = 5,
        decimal targetCoverage = 80m,
        double outlierFactor = 3.0,
        int minimumRowsPerBand = 5,
        decimal? envelope = null,
        decimal contingencyPercent = 0m,
        int suggestBands = 0,
        bool allowNonMonotone = false)
    {
        if (suggestBands is < 0 or > 50 || (suggestBands > 0 && method is not (CalibrationMethod.BandAmounts or CalibrationMethod.BandPrices)))
        {
            throw new ArgumentOutOfRangeException(nameof(suggestBands), suggestBands, "0 (keep the base model's edges) or 2 to 50 bands, with the band-amounts method");
        }

        if (folds is < 2 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "between 2 and 20 folds");
        }

        if (targetCoverage is <= 0 or >= 100)
        {
            throw new ArgumentOutOfRangeException(nameof(targetCoverage), targetCoverage, "a coverage between 0 and 100, exclusive");
        }

        if (outlierFactor is not 0 and <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(outlierFactor), outlierFactor, "0 (keep every row) or more than 1");
        }

        if (envelope is <= 0 || contingencyPercent is < 0 or >= 100)
        {
            throw new ArgumentOutOfRangeException(nameof(envelope), "a positive envelope and a contingency from 0 to under 100%");
        }

        Method = method;
        AsOf = asOf;
        Version = version;
        EffectiveFrom = effectiveFrom;
        Folds = folds;
        TargetCoverage = targetCoverage;
        OutlierFactor = outlierFactor;
        MinimumRowsPerBand = Math.Max(1, minimumRowsPerBand);
        Envelope = envelope;
        ContingencyPercent = contingencyPercent;
        SuggestBands = suggestBands;
        AllowNonMonotone = allowNonMonotone;
    }

    /// <summary>Whether a fit that gives less money for more need is written (with a warning) instead of refused.</summary>
    public bool AllowNonMonotone { get; }

    /// <summary>
    /// With band amounts: 0 keeps the base model's band edges; N suggests N bands whose edges split the used
    /// rows' points into groups of equal size (quantiles), the first from 0 and the last open-ended.
    /// </summary>
    public int SuggestBands { get; }

    /// <summary>What to fit.</summary>
    public CalibrationMethod Method { get; }

    /// <summary>The date of the calibration.</summary>
    public DateOnly AsOf { get; }

    /// <summary>The calibrated model's version, or null for the base's next minor version.</summary>
    public string? Version { get; }

    /// <summary>The calibrated model's first day in force, or null for the base's.</summary>
    public DateOnly? EffectiveFrom { get; }

    /// <summary>Folds for held-out validation.</summary>
    public int Folds { get; }

    /// <summary>Target coverage of the range, percent.</summary>
    public decimal TargetCoverage { get; }

    /// <summary>The outlier rule's factor (0: no rule).</summary>
    public double OutlierFactor { get; }

    /// <summary>Fewest rows a band needs.</summary>
    public int MinimumRowsPerBand { get; }

    /// <summary>The money available a year, or null.</summary>
    public decimal? Envelope { get; }

    /// <summary>The contingency held back, percent of the envelope.</summary>
    public decimal ContingencyPercent { get; }
}
