namespace Ras.Engine.Allocation;

/// <summary>One domain's points in an allocation.</summary>
public sealed class DomainResult
{
    internal DomainResult()
    {
    }

    /// <summary>The domain id.</summary>
    public string DomainId { get; internal init; } = "";

    /// <summary>The domain title.</summary>
    public string Title { get; internal init; } = "";

    /// <summary>The Care Act outcome code the domain evidences, or null.</summary>
    public string? Outcome { get; internal init; }

    /// <summary>The sum of the points of the answers given now, before weight, cap and adjustments.</summary>
    public int RawPoints { get; internal init; }

    /// <summary>Points now after weight, cap and adjustments (whole points).</summary>
    public int Points { get; internal init; }

    /// <summary>Points anticipated at the end of the horizon, computed the same way from the anticipated answers.</summary>
    public int AnticipatedPoints { get; internal init; }

    /// <summary>True when an answer now means the person is unable to achieve this domain's outcome.</summary>
    public bool UnableToAchieve { get; internal init; }

    /// <summary>True when an anticipated answer means the person is expected to be unable to achieve the outcome.</summary>
    public bool AnticipatedUnableToAchieve { get; internal init; }

    /// <summary>Probability × max(0, anticipated − now): this domain's share of the expected deterioration, before the cap.</summary>
    public decimal ExpectedDeterioration { get; internal init; }
}
