using System.Runtime.CompilerServices;

namespace Ras.Engine.Rules;

/// <summary>
/// What the one evaluator reports as it works, step by step. The evaluator and the rules are generic over a
/// struct implementing this, so that the batch path's <see cref="NoTrace"/> costs nothing (its properties are
/// constant false and the JIT removes every guarded call), and the explained path records the very evaluation
/// that produced the figures: the explanation is the trace, not a second implementation.
/// </summary>
internal interface ITrace
{
    /// <summary>True when explanation text is wanted: every <see cref="Step"/> call is guarded by it.</summary>
    bool Explains { get; }

    /// <summary>True when per-domain, per-add-on and derived figures are wanted (the explained path's result).</summary>
    bool Records { get; }

    /// <summary>One explanation step.</summary>
    void Step(string code, string title, string detail, string value, string modelPath, string? policy, params (string Name, string Value)[] inputs);

    /// <summary>A domain's figures: raw points now, points now, points anticipated, and whether an answer now (or anticipated) is marked unable to achieve.</summary>
    void Domain(int domain, int raw, int points, int anticipated, bool unable, bool anticipatedUnable);

    /// <summary>A derived quantity's value.</summary>
    void Derived(int derived, decimal value);

    /// <summary>An add-on included, with its unrounded annual amount.</summary>
    void AddOn(int addOn, decimal annual);

    /// <summary>Something the reader should know.</summary>
    void Warning(string text);
}

/// <summary>The batch path's trace: records nothing; every call is removed by the JIT.</summary>
internal struct NoTrace : ITrace
{
    public readonly bool Explains
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => false;
    }

    public readonly bool Records
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Step(string code, string title, string detail, string value, string modelPath, string? policy, params (string Name, string Value)[] inputs)
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Domain(int domain, int raw, int points, int anticipated, bool unable, bool anticipatedUnable)
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Derived(int derived, decimal value)
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void AddOn(int addOn, decimal annual)
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Warning(string text)
    {
    }
}
