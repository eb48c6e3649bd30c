namespace Ras.Engine.Allocation;

/// <summary>One Care Act outcome (regulation 2(2)) and the grounds of regulation 2(3) on which it is not achieved.</summary>
public sealed class OutcomeResult
{
    internal OutcomeResult()
    {
    }

    /// <summary>The outcome code, for example <c>nutrition</c>.</summary>
    public string Outcome { get; internal init; } = "";

    /// <summary>The outcome in the regulations' words, for example "managing and maintaining nutrition".</summary>
    public string Description { get; internal init; } = "";

    /// <summary>
    /// The grounds evidenced, by code: <c>withoutAssistance</c> (a), <c>painDistressOrAnxiety</c> (b),
    /// <c>endangersHealthOrSafety</c> (c), <c>takesSignificantlyLonger</c> (d). Empty when the outcome is achieved.
    /// </summary>
    public IReadOnlyList<string> Grounds { get; internal init; } = Array.Empty<string>();

    /// <summary>The grounds in plain English, in the order of <see cref="Grounds"/>.</summary>
    public IReadOnlyList<string> GroundsText { get; internal init; } = Array.Empty<string>();

    /// <summary>True when at least one ground is evidenced: the outcome counts towards eligibility.</summary>
    public bool NotAchieved => Grounds.Count > 0;
}
