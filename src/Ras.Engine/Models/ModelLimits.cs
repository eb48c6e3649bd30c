namespace Ras.Engine.Models;

/// <summary>Limits that protect the loader from untrusted or runaway model files.</summary>
internal static class ModelLimits
{
    /// <summary>Largest model file accepted, in bytes (4 MiB; the default model is about 30 KiB).</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted.</summary>
    public const int MaxDepth = 32;

    /// <summary>Most items in any one array.</summary>
    public const int MaxArrayItems = 10_000;

    /// <summary>Most answers to one question, levels of one risk factor or values of one attribute (codes are held in a byte).</summary>
    public const int MaxAnswersPerQuestion = 100;

    /// <summary>Most adjustments in a model (the compiled path holds the triggered set in 32 bits).</summary>
    public const int MaxAdjustments = 32;

    /// <summary>Most add-ons in a model (the compiled path tabulates every combination: 2¹² at most).</summary>
    public const int MaxAddOns = 12;

    /// <summary>Most derived quantities in a model: it bounds the depth of their dependency chain (worked out recursively).</summary>
    public const int MaxDerivedQuantities = 1_000;

    /// <summary>Largest number of points any answer may carry, so that totals cannot overflow.</summary>
    public const int MaxAnswerPoints = 100_000;

    /// <summary>
    /// Most points the answers (raw), any domain, the points to price or a price basis can reach: ten million.
    /// Points are 32-bit integers and the compiled tables are indexed by them; validation proves every model
    /// that loads stays below this, so the evaluator's integer sums cannot overflow.
    /// </summary>
    public const int MaxPoints = 10_000_000;

    /// <summary>
    /// Largest amount or price a model may state, and largest annual amount any one of its elements (a band, the
    /// price per point at the most points priced, an add-on, the preventative allocation, a pricing curve) may
    /// give: 10¹². With the range (at most +1000 %) and at most <see cref="MaxAddOns"/> add-ons, no figure the
    /// engine works out exceeds 2.5 × 10¹³, far inside decimal's exact range (about 7.9 × 10²⁸).
    /// </summary>
    public const decimal MaxAmount = 1_000_000_000_000m;

    /// <summary>Largest magnitude of a numeric input's range, a derived quantity's value or a pricing curve's linear predictor: 10¹⁵.</summary>
    public const decimal MaxQuantity = 1_000_000_000_000_000m;

    /// <summary>Smallest rounding unit (annual and weekly): 0.0001, so that rounding a figure cannot leave decimal's range.</summary>
    public const decimal MinRoundingUnit = 0.0001m;

    /// <summary>Fewest weeks in a year a model may state (annual ÷ weeks gives the weekly figures).</summary>
    public const decimal MinWeeksPerYear = 1m;
}
