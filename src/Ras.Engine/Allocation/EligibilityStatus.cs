namespace Ras.Engine.Allocation;

/// <summary>
/// The eligibility determination (Care Act 2014, s.13; Care and Support (Eligibility Criteria) Regulations 2015,
/// reg. 2), as indicated by the model. What is offered is told apart in <see cref="Offer"/>: a person who is not
/// eligible may still be offered preventative support.
/// </summary>
public enum EligibilityStatus
{
    /// <summary>The needs do not meet the eligibility criteria.</summary>
    NotEligible = 0,

    /// <summary>The needs meet the eligibility criteria: enough outcomes not achieved, and the assessor's determinations (when recorded) met.</summary>
    Eligible = 1,
}

/// <summary>What the allocation offers, told apart from the eligibility determination.</summary>
public enum Offer
{
    /// <summary>No budget is indicated (information, advice and prevention services still apply).</summary>
    None = 0,

    /// <summary>A personal budget (Care Act 2014, s.26) for an eligible person: the band and range priced from points.</summary>
    PersonalBudget = 1,

    /// <summary>
    /// Preventative support (Care Act 2014, s.2; or a discretionary offer under s.19(3)) for a person who is not
    /// eligible but whose anticipated need crosses the line with at least the model's probability: the model's
    /// preventative range.
    /// </summary>
    PreventativeSupport = 2,
}
