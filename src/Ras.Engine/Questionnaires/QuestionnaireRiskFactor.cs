namespace Ras.Engine.Questionnaires;

/// <summary>A direction-of-travel risk factor and its levels, in the model's order.</summary>
public sealed class QuestionnaireRiskFactor
{
    internal QuestionnaireRiskFactor(string id, string text, IReadOnlyList<QuestionnaireOption> levels)
    {
        Id = id;
        Text = text;
        Levels = levels;
    }

    /// <summary>The factor id: its key in an assessment's <c>riskFactors</c>.</summary>
    public string Id { get; }

    /// <summary>The question as the person reads it, in plain English.</summary>
    public string Text { get; }

    /// <summary>The levels, in order. A factor not recorded adds nothing to the risk score (and gives a warning).</summary>
    public IReadOnlyList<QuestionnaireOption> Levels { get; }
}
