namespace Ras.Engine.Questionnaires;

/// <summary>A numeric input (format version 2 models), such as age in years, with its unit and allowed range.</summary>
public sealed class QuestionnaireInput
{
    internal QuestionnaireInput(string id, string label, string unit, decimal min, decimal max, bool required)
    {
        Id = id;
        Label = label;
        Unit = unit;
        Min = min;
        Max = max;
        Required = required;
    }

    /// <summary>The input id: its key in an assessment's <c>inputs</c>.</summary>
    public string Id { get; }

    /// <summary>The plain-English label.</summary>
    public string Label { get; }

    /// <summary>The unit, for example <c>years</c> or <c>hours a week</c>.</summary>
    public string Unit { get; }

    /// <summary>The smallest allowed value (inclusive).</summary>
    public decimal Min { get; }

    /// <summary>The largest allowed value (inclusive).</summary>
    public decimal Max { get; }

    /// <summary>True when an assessment must give it; an optional input not given counts as 0.</summary>
    public bool Required { get; }
}
