namespace Ras.Engine.Questionnaires;

/// <summary>A case attribute such as age group or living setting, with its coded values.</summary>
public sealed class QuestionnaireAttribute
{
    internal QuestionnaireAttribute(string id, string label, bool required, IReadOnlyList<QuestionnaireOption> values)
    {
        Id = id;
        Label = label;
        Required = required;
        Values = values;
    }

    /// <summary>The attribute id: its key in an assessment's <c>attributes</c>.</summary>
    public string Id { get; }

    /// <summary>The plain-English label.</summary>
    public string Label { get; }

    /// <summary>True when an assessment must give it.</summary>
    public bool Required { get; }

    /// <summary>The allowed values, in order.</summary>
    public IReadOnlyList<QuestionnaireOption> Values { get; }
}
