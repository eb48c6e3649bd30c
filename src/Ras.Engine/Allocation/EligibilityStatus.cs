namespace Ras.Engine.Allocation;

/// <summary>The eligibility determination (Care Act 2014; Eligibility Criteria Regulations 2015), as indicated by the model.</summary>
public enum EligibilityStatus
{
    /// <summary>Unable to achieve fewer outcomes than the rule needs, now and (with enough probability) in the horizon.</summary>
    NotEligible = 0,

    /// <summary>Unable to achieve at least the rule's number of outcomes now.</summary>
    Eligible = 1,

    /// <summary>Below the line now, but the anticipated need crosses it with at least the model's probability: a preventative allocation.</summary>
    EligibleOnDirectionOfTravel = 2,
}
