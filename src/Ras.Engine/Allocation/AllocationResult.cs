namespace Ras.Engine.Allocation;

/// <summary>
/// The allocation for one assessment under one model: eligibility, points by domain, the direction-of-travel
/// adjustment, band, add-ons and the twelve-month range (annual and weekly), with warnings and, when asked for,
/// the step-by-step explanation. Immutable.
/// </summary>
public sealed class AllocationResult
{
    internal AllocationResult()
    {
    }

    /// <summary>The case id from the assessment.</summary>
    public string CaseId { get; internal init; } = "";

    /// <summary>The as-of date the allocation was worked out for.</summary>
    public DateOnly AsOf { get; internal init; }

    /// <summary>The client group from the assessment, or null.</summary>
    public string? ClientGroup { get; internal init; }

    /// <summary>The model id.</summary>
    public string ModelId { get; internal init; } = "";

    /// <summary>The model version.</summary>
    public string ModelVersion { get; internal init; } = "";

    /// <summary>The model's content hash.</summary>
    public string ModelHash { get; internal init; } = "";

    /// <summary>The ISO 4217 currency of every amount (the model's currency, for example <c>GBP</c>).</summary>
    public string Currency { get; internal init; } = "GBP";

    /// <summary>The eligibility determination: eligible or not (a preventative offer is not a determination of eligibility).</summary>
    public EligibilityStatus Eligibility { get; internal init; }

    /// <summary>What is offered: a personal budget, preventative support, or nothing.</summary>
    public Offer Offer { get; internal init; }

    /// <summary>
    /// Each outcome the model's domains evidence, in model order, with the grounds of regulation 2(3) the answers
    /// evidence for it now (none: achieved). Empty when the model has no eligibility rule.
    /// </summary>
    public IReadOnlyList<OutcomeResult> Outcomes { get; internal init; } = Array.Empty<OutcomeResult>();

    /// <summary>The assessor's determination that the needs arise from a physical or mental impairment or illness (reg. 2(1)(a)); null when not recorded (taken as met).</summary>
    public bool? NeedsFromImpairment { get; internal init; }

    /// <summary>The assessor's determination of a significant impact on wellbeing (reg. 2(1)(c)); null when not recorded (taken as met).</summary>
    public bool? SignificantImpactOnWellbeing { get; internal init; }

    /// <summary>The Care Act outcome codes the person is unable to achieve now.</summary>
    public IReadOnlyList<string> OutcomesUnableToAchieve { get; internal init; } = Array.Empty<string>();

    /// <summary>The outcome codes the person is expected to be unable to achieve at the end of the horizon.</summary>
    public IReadOnlyList<string> AnticipatedOutcomesUnableToAchieve { get; internal init; } = Array.Empty<string>();

    /// <summary>Points by domain, in model order.</summary>
    public IReadOnlyList<DomainResult> Domains { get; internal init; } = Array.Empty<DomainResult>();

    /// <summary>The sum of answer points before weights, caps and adjustments.</summary>
    public int RawPoints { get; internal init; }

    /// <summary>Points now: the sum of the domains' points after weights, caps and adjustments.</summary>
    public int CurrentPoints { get; internal init; }

    /// <summary>Points anticipated at the end of the horizon.</summary>
    public int AnticipatedPoints { get; internal init; }

    /// <summary>The probability that the anticipated change happens within the horizon, rounded as the model says (four decimal places by default); 0 when the model has no direction-of-travel rule.</summary>
    public decimal RiskProbability { get; internal init; }

    /// <summary>The deterioration the uplift is worked from: Σ the domains' anticipated increases, weighted by when each is expected when the model says so (exact; may be a fraction).</summary>
    public decimal Deterioration { get; internal init; }

    /// <summary>The band without the direction-of-travel uplift (points now priced), or null; the same as <see cref="Band"/> when there is no uplift.</summary>
    public string? BandWithoutUplift { get; internal init; }

    /// <summary>The twelve-month range without the direction-of-travel uplift, rounded by the model's annual rule.</summary>
    public BudgetRange AnnualWithoutUplift { get; internal init; }

    /// <summary>What the uplift is worth: <see cref="Annual"/> indicative − <see cref="AnnualWithoutUplift"/> indicative.</summary>
    public decimal UpliftAmount => Annual.Indicative - AnnualWithoutUplift.Indicative;

    /// <summary>True when the model's cap in money limited what the uplift adds.</summary>
    public bool UpliftAmountCapped { get; internal init; }

    /// <summary>The direction-of-travel uplift in whole points, after the model's cap.</summary>
    public int DirectionOfTravelUplift { get; internal init; }

    /// <summary>The points that are priced: <see cref="CurrentPoints"/> + <see cref="DirectionOfTravelUplift"/>.</summary>
    public int AdjustedPoints { get; internal init; }

    /// <summary>The derived quantity the model prices instead of points (format version 2), or null when points to price are priced.</summary>
    public string? PricingBasis { get; internal init; }

    /// <summary>The quantity priced: <see cref="AdjustedPoints"/>, or the <see cref="PricingBasis"/> quantity rounded to whole points (halves away from zero, never below 0).</summary>
    public int PricedPoints { get; internal init; }

    /// <summary>Each derived quantity's value by id (format version 2 models; empty otherwise), exact.</summary>
    public IReadOnlyDictionary<string, decimal> DerivedQuantities { get; internal init; } = new System.Collections.ObjectModel.ReadOnlyDictionary<string, decimal>(new Dictionary<string, decimal>());

    /// <summary>The band id, <c>preventative</c> for a direction-of-travel allocation, or null (not eligible, or no bands).</summary>
    public string? Band { get; internal init; }

    /// <summary>The band's label, or null.</summary>
    public string? BandLabel { get; internal init; }

    /// <summary>Add-ons included, in model order.</summary>
    public IReadOnlyList<AddOnResult> AddOns { get; internal init; } = Array.Empty<AddOnResult>();

    /// <summary>The twelve-month range, rounded by the model's annual rule.</summary>
    public BudgetRange Annual { get; internal init; }

    /// <summary>The weekly equivalents (unrounded annual ÷ weeks per year), rounded by the model's weekly rule.</summary>
    public BudgetRange Weekly { get; internal init; }

    /// <summary>Things the reader should know (for example an unrecorded risk factor taken as no risk).</summary>
    public IReadOnlyList<string> Warnings { get; internal init; } = Array.Empty<string>();

    /// <summary>The explanation steps; empty unless the explanation was asked for.</summary>
    public IReadOnlyList<ExplanationStep> Explanation { get; internal init; } = Array.Empty<ExplanationStep>();
}
