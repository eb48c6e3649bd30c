namespace Ras.Engine.Models;

/// <summary>How points become money.</summary>
internal enum PricingMethod
{
    PricePerPoint,
    Bands,
    Curve,
}

/// <summary>The pricing section of a model; only the members for <see cref="Method"/> are set.</summary>
internal sealed record PricingDefinition(
    PricingMethod Method,
    DatedValue? PricePerPoint,
    IReadOnlyList<BandDefinition> Bands,
    string? NonMonotoneReason,
    CurveDefinition? Curve,
    string? Basis = null,
    PricePeriod Per = PricePeriod.Year);

/// <summary>Whether the amounts and prices per point of a price table are stated per year or per week.</summary>
internal enum PricePeriod
{
    Year,

    /// <summary>Weekly figures (format version 2): × weeks per year to give the annual amount.</summary>
    Week,
}

/// <summary>
/// A points band. Both edges are inclusive (70–115 means 70 ≤ points ≤ 115), as in published tables; a null
/// <see cref="MaxPoints"/> means no upper edge. Priced by a fixed <see cref="Amount"/> or a
/// <see cref="PricePerPoint"/>; <see cref="Lower"/> and <see cref="Upper"/> override the range.
/// </summary>
internal sealed record BandDefinition(
    string Id,
    string Label,
    int MinPoints,
    int? MaxPoints,
    DatedValue? Amount,
    DatedValue? PricePerPoint,
    DatedValue? Lower,
    DatedValue? Upper);

/// <summary>The inverse transform that turns the linear predictor into money.</summary>
internal enum CurveTransform
{
    Identity,
    Square,
    Exponential,
}

/// <summary>Whether the curve's output is an annual or a weekly amount.</summary>
internal enum CurveOutput
{
    Annual,
    Weekly,
}

/// <summary>A regression-style curve: transform(intercept + Σ coefficient × term).</summary>
internal sealed record CurveDefinition(decimal Intercept, IReadOnlyList<CurveTermDefinition> Terms, CurveTransform Transform, CurveOutput Output);

/// <summary>What a curve term measures.</summary>
internal enum CurveTermKind
{
    TotalPoints,
    DomainPoints,
    Answer,
    Attribute,

    /// <summary>A derived quantity's value (format version 2).</summary>
    Derived,

    /// <summary>A numeric input's value (format version 2).</summary>
    Input,
}

/// <summary>
/// One term of the curve: total points, a domain's points, or an indicator (1 when a question has an answer or
/// an attribute has a value); <see cref="When"/> makes it apply only when an attribute has a given value.
/// </summary>
internal sealed record CurveTermDefinition(decimal Coefficient, CurveTermKind Kind, string? Reference, string? Code, Condition? When)
{
    public string Describe() => (Kind switch
    {
        CurveTermKind.TotalPoints => "total points",
        CurveTermKind.DomainPoints => $"points in domain '{Reference}'",
        CurveTermKind.Answer => $"1 if question '{Reference}' is answered '{Code}'",
        CurveTermKind.Attribute => $"1 if attribute '{Reference}' is '{Code}'",
        CurveTermKind.Derived => $"derived quantity '{Reference}'",
        _ => $"input '{Reference}'",
    }) + (When is null ? "" : $", only when {When.Describe()}");
}

/// <summary>A costed item added on top of the allocation when its condition holds.</summary>
internal sealed record AddOnDefinition(
    string Id,
    string Title,
    Condition When,
    decimal? HoursPerWeek,
    DatedValue? HourlyRate,
    DatedValue? AnnualAmount,
    string? PolicyReference);

/// <summary>How lower and upper are set.</summary>
internal enum RangeMethod
{
    Tolerance,
    BandEdges,
}

/// <summary>The range rule: a tolerance around the indicative amount, or the band's edges.</summary>
internal sealed record RangeDefinition(RangeMethod Method, decimal BelowPercent, decimal AbovePercent);

/// <summary>The one currency rounding rule: annual and weekly units and the midpoint mode.</summary>
internal sealed record RoundingDefinition(decimal AnnualUnit, decimal WeeklyUnit, MidpointRounding Mode)
{
    public decimal RoundAnnual(decimal value) => Round(value, AnnualUnit);

    public decimal RoundWeekly(decimal value) => Round(value, WeeklyUnit);

    private decimal Round(decimal value, decimal unit) => decimal.Round(value / unit, 0, Mode) * unit;
}
