using System.Runtime.CompilerServices;
using Ras.Engine.Models;
using Ras.Engine.Rules;

namespace Ras.Engine.Compilation;

/// <summary>
/// A condition resolved to indexes: for an answer or attribute, a flag per code index (any number of codes);
/// for a numeric input or derived quantity, its inclusive range.
/// </summary>
internal sealed class CompiledCondition
{
    private readonly bool[] _codes;
    private readonly Condition _source;

    private CompiledCondition(Condition source, int index, bool[] codes)
    {
        _source = source;
        Subject = source.Subject;
        Index = index;
        _codes = codes;
    }

    public ConditionSubject Subject { get; }

    /// <summary>The question (flat), attribute, input or derived-quantity index.</summary>
    public int Index { get; }

    public static CompiledCondition Of(Condition c, ModelIndex ix)
    {
        switch (c.Subject)
        {
            case ConditionSubject.Question:
                {
                    var q = ix.Questions[c.Reference];
                    var codes = new bool[q.Question.Answers.Count];
                    foreach (var code in c.AnyOf)
                    {
                        codes[q.AnswerIndex[code]] = true;
                    }

                    return new CompiledCondition(c, q.FlatIndex, codes);
                }

            case ConditionSubject.Attribute:
                {
                    var i = ix.AttributeIndex[c.Reference];
                    var values = ix.Attributes[c.Reference].Values;
                    var codes = new bool[values.Count];
                    foreach (var code in c.AnyOf)
                    {
                        codes[values.Select(v => v.Code).ToList().IndexOf(code)] = true;
                    }

                    return new CompiledCondition(c, i, codes);
                }

            case ConditionSubject.Input:
                return new CompiledCondition(c, ix.Inputs[c.Reference].Index, Array.Empty<bool>());
            default:
                return new CompiledCondition(c, ix.Derived[c.Reference].Index, Array.Empty<bool>());
        }
    }

    /// <summary>True when the condition holds for the case (answers now or anticipated, as the caller chooses).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Holds(ReadOnlySpan<byte> answers, in CaseInput input, ReadOnlySpan<decimal> derived) => Subject switch
    {
        ConditionSubject.Question => Code(answers[Index]),
        ConditionSubject.Attribute => Code(input.Attributes[Index]),
        ConditionSubject.Input => input.Inputs[Index] != CaseInput.NoInput && _source.InRange(input.Inputs[Index]),
        _ => _source.InRange(derived[Index]),
    };

    private bool Code(byte code) => code < _codes.Length && _codes[code];
}

/// <summary>A derived-quantity term with its source resolved to an index.</summary>
internal readonly record struct DerivedTerm(decimal Coefficient, DerivedSource Source, int Index)
{
    public static DerivedTerm Of(DerivedTermDefinition t, ModelIndex ix) => t.Source switch
    {
        DerivedSource.TotalPoints => new DerivedTerm(t.Coefficient, t.Source, 0),
        DerivedSource.Domain => new DerivedTerm(t.Coefficient, t.Source, ix.DomainIndex[t.Reference!]),
        DerivedSource.Question => new DerivedTerm(t.Coefficient, t.Source, ix.Questions[t.Reference!].FlatIndex),
        DerivedSource.Derived => new DerivedTerm(t.Coefficient, t.Source, ix.Derived[t.Reference!].Index),
        _ => new DerivedTerm(t.Coefficient, t.Source, ix.Inputs[t.Reference!].Index),
    };
}

/// <summary>A curve term with its references resolved to indexes.</summary>
internal sealed record CurveTerm(decimal Coefficient, CurveTermKind Kind, int Index, byte Code, CompiledCondition? When, CurveTermDefinition Definition)
{
    public static CurveTerm Of(CurveTermDefinition t, ModelIndex ix)
    {
        var when = t.When is null ? null : CompiledCondition.Of(t.When, ix);
        return t.Kind switch
        {
            CurveTermKind.TotalPoints => new CurveTerm(t.Coefficient, t.Kind, 0, 0, when, t),
            CurveTermKind.DomainPoints => new CurveTerm(t.Coefficient, t.Kind, ix.DomainIndex[t.Reference!], 0, when, t),
            CurveTermKind.Answer => new CurveTerm(t.Coefficient, t.Kind, ix.Questions[t.Reference!].FlatIndex, (byte)ix.Questions[t.Reference!].AnswerIndex[t.Code!], when, t),
            CurveTermKind.Attribute => new CurveTerm(t.Coefficient, t.Kind, ix.AttributeIndex[t.Reference!], (byte)ix.Attributes[t.Reference!].Values.Select(v => v.Code).ToList().IndexOf(t.Code!), when, t),
            CurveTermKind.Derived => new CurveTerm(t.Coefficient, t.Kind, ix.Derived[t.Reference!].Index, 0, when, t),
            _ => new CurveTerm(t.Coefficient, t.Kind, ix.Inputs[t.Reference!].Index, 0, when, t),
        };
    }
}
