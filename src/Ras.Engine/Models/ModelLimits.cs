namespace Ras.Engine.Models;

/// <summary>Limits that protect the loader from untrusted or runaway model files.</summary>
internal static class ModelLimits
{
    /// <summary>Largest model file accepted, in bytes (4 MiB; the default model is about 30 KiB).</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted.</summary>
    public const int MaxDepth = 32;

    /// <summary>Most items in any one array.</summary>
    public const int MaxArrayItems = 10_000;

    /// <summary>Most answers to one question, levels of one risk factor or values of one attribute (codes are held in a byte).</summary>
    public const int MaxAnswersPerQuestion = 100;

    /// <summary>Most adjustments in a model (the compiled path holds the triggered set in 32 bits).</summary>
    public const int MaxAdjustments = 32;

    /// <summary>Most add-ons in a model (the compiled path tabulates every combination: 2¹² at most).</summary>
    public const int MaxAddOns = 12;

    /// <summary>Most derived quantities in a model: it bounds the depth of their dependency chain (worked out recursively).</summary>
    public const int MaxDerivedQuantities = 1_000;

    /// <summary>Largest number of points any answer may carry, so that totals cannot overflow.</summary>
    public const int MaxAnswerPoints = 100_000;
}
