namespace Ras.Engine.Questionnaires;

/// <summary>One coded answer to a question.</summary>
public sealed class QuestionnaireAnswer
{
    internal QuestionnaireAnswer(string code, string text, int points, IReadOnlyList<QuestionnaireEvidence> evidence)
    {
        Code = code;
        Text = text;
        Points = points;
        Evidence = evidence;
    }

    /// <summary>The answer code an assessment gives.</summary>
    public string Code { get; }

    /// <summary>The answer as the person reads it, in plain English.</summary>
    public string Text { get; }

    /// <summary>The raw points the answer scores, before the domain's weight, cap and adjustments.</summary>
    public int Points { get; }

    /// <summary>
    /// The Care Act outcomes this answer evidences as not achieved, each with its ground (which counts towards
    /// eligibility); empty when it evidences none.
    /// </summary>
    public IReadOnlyList<QuestionnaireEvidence> Evidence { get; }
}
