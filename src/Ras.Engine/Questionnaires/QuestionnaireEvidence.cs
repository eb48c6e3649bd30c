namespace Ras.Engine.Questionnaires;

/// <summary>
/// What an answer evidences for eligibility: a Care Act outcome not achieved, on a ground of regulation 2(3) of
/// the Care and Support (Eligibility Criteria) Regulations 2015.
/// </summary>
public sealed class QuestionnaireEvidence
{
    internal QuestionnaireEvidence(string outcome, string ground, string groundText)
    {
        Outcome = outcome;
        Ground = ground;
        GroundText = groundText;
    }

    /// <summary>The outcome's code, for example <c>nutrition</c>.</summary>
    public string Outcome { get; }

    /// <summary>
    /// The ground's code: <c>withoutAssistance</c> (reg. 2(3)(a)), <c>painDistressOrAnxiety</c> (b),
    /// <c>endangersHealthOrSafety</c> (c) or <c>takesSignificantlyLonger</c> (d).
    /// </summary>
    public string Ground { get; }

    /// <summary>The ground in plain English, with its place in the regulations.</summary>
    public string GroundText { get; }
}
