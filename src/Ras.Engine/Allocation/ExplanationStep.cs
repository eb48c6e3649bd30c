namespace Ras.Engine.Allocation;

/// <summary>
/// One step of the explanation of an allocation, in calculation order: what was worked out, from which inputs,
/// with what result, and which part of the model (a JSON pointer) or policy it came from.
/// </summary>
public sealed class ExplanationStep
{
    internal ExplanationStep()
    {
    }

    /// <summary>The step number, from 1.</summary>
    public int Number { get; internal init; }

    /// <summary>A stable code for the kind of step, such as <c>domain-points</c> or <c>band</c>.</summary>
    public string Code { get; internal init; } = "";

    /// <summary>A short title.</summary>
    public string Title { get; internal init; } = "";

    /// <summary>The working in words and arithmetic, so that a person can check it by hand.</summary>
    public string Detail { get; internal init; } = "";

    /// <summary>The inputs used, by name, formatted with the invariant culture.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Inputs { get; internal init; } = Array.Empty<KeyValuePair<string, string>>();

    /// <summary>The step's result, formatted with the invariant culture.</summary>
    public string Value { get; internal init; } = "";

    /// <summary>The JSON pointer into the model of the element applied, or empty.</summary>
    public string ModelPath { get; internal init; } = "";

    /// <summary>The policy reference the element cites, or null.</summary>
    public string? PolicyReference { get; internal init; }
}
