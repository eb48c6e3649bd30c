namespace Ras.Engine.Questionnaires;

/// <summary>A code with its plain-English label: a value of an attribute, or a level of a risk factor.</summary>
public sealed class QuestionnaireOption
{
    internal QuestionnaireOption(string code, string label)
    {
        Code = code;
        Label = label;
    }

    /// <summary>The code an assessment gives.</summary>
    public string Code { get; }

    /// <summary>The plain-English label.</summary>
    public string Label { get; }
}
