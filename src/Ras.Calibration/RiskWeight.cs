namespace Ras.Calibration;

/// <summary>
/// One fitted coefficient on the logit scale: the intercept, or the weight of one level of a risk factor
/// against the factor's reference level (its first level, weight 0 by definition), with its standard error
/// from the information matrix and a 95% Wald interval (estimate ± 1.96 standard errors). Immutable.
/// </summary>
public sealed class RiskWeight
{
    internal RiskWeight(string factor, string level, bool isReference, int rows, int events, double estimate, double standardError, decimal baseWeight)
    {
        Factor = factor;
        Level = level;
        IsReference = isReference;
        Rows = rows;
        Events = events;
        Estimate = estimate;
        StandardError = standardError;
        BaseWeight = baseWeight;
    }

    /// <summary>The risk factor's id, or <c>intercept</c>.</summary>
    public string Factor { get; }

    /// <summary>The level's code (empty for the intercept).</summary>
    public string Level { get; }

    /// <summary>True for a factor's reference level: weight 0 by definition, not estimated.</summary>
    public bool IsReference { get; }

    /// <summary>Rows used at this level (all rows for the intercept).</summary>
    public int Rows { get; }

    /// <summary>Of those, rows with the outcome.</summary>
    public int Events { get; }

    /// <summary>The maximum-likelihood estimate (0 for a reference level).</summary>
    public double Estimate { get; }

    /// <summary>Its standard error (0 for a reference level).</summary>
    public double StandardError { get; }

    /// <summary>Lower end of the 95% interval.</summary>
    public double Low => Estimate - (RiskMeasures.Z95 * StandardError);

    /// <summary>Upper end of the 95% interval.</summary>
    public double High => Estimate + (RiskMeasures.Z95 * StandardError);

    /// <summary>The weight in the base model, less the base's reference-level weight (as compared with <see cref="Estimate"/>).</summary>
    public decimal BaseWeight { get; }
}
