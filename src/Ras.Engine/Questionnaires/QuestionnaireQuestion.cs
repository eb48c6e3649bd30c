namespace Ras.Engine.Questionnaires;

/// <summary>A question and its coded answers, in the model's order.</summary>
public sealed class QuestionnaireQuestion
{
    internal QuestionnaireQuestion(string id, string text, bool required, IReadOnlyList<QuestionnaireAnswer> answers)
    {
        Id = id;
        Text = text;
        Required = required;
        Answers = answers;
    }

    /// <summary>The question id: the key of its answer in an assessment's <c>answers</c> and <c>anticipated</c>.</summary>
    public string Id { get; }

    /// <summary>The question as the person reads it, in plain English.</summary>
    public string Text { get; }

    /// <summary>True when an assessment must answer it now (an anticipated answer is always optional: it defaults to the answer now).</summary>
    public bool Required { get; }

    /// <summary>The possible answers, in order (usually from least to most need).</summary>
    public IReadOnlyList<QuestionnaireAnswer> Answers { get; }
}
