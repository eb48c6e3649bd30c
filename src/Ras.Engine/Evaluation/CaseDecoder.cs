using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Ras.Engine.Assessments;
using Ras.Engine.Compilation;
using Ras.Engine.Text;
using Ras.Engine.Models;
using Ras.Engine.Rules;

namespace Ras.Engine.Evaluation;

/// <summary>How an error names where it is: a JSON pointer into an assessment, or a caseload column.</summary>
internal enum Where : byte
{
    Json,
    Column,
}

/// <summary>
/// The one decoder: turns an assessment's codes (from an <see cref="Assessment"/>, an assessment JSON document,
/// a caseload CSV row or a JSON Lines row) into a <see cref="CaseInput"/> for one compiled model, with one set
/// of checks and one wording for each problem. Only the location differs (<c>/answers/eating</c> or
/// <c>column eating</c>). Immutable and thread-safe; the buffers it fills are the caller's.
/// </summary>
internal sealed class CaseDecoder
{
    /// <summary>Marks a value that was given but invalid, so that it is not also reported missing.</summary>
    private const byte Invalid = 0xFE;

    private readonly CompiledModel _c;
    private readonly ModelDefinition _m;
    private readonly ModelIndex _ix;
    private readonly string[][] _answerCodes;
    private readonly string[][] _attributeCodes;
    private readonly string[][] _riskCodes;
    private readonly Utf8CodeLookup[] _answerLookup;
    private readonly Utf8CodeLookup[] _attributeLookup;
    private readonly Utf8CodeLookup[] _riskLookup;
    private readonly Utf8CodeLookup _clientGroupLookup;

    public CaseDecoder(CompiledModel compiled)
    {
        _c = compiled;
        _m = compiled.Definition;
        _ix = compiled.Index;
        _answerCodes = _ix.Flat.Select(q => q.Question.Answers.Select(a => a.Code).ToArray()).ToArray();
        _attributeCodes = _m.Attributes.Select(a => a.Values.Select(v => v.Code).ToArray()).ToArray();
        _riskCodes = (_m.DirectionOfTravel?.RiskFactors ?? Array.Empty<RiskFactorDefinition>()).Select(f => f.Levels.Select(l => l.Code).ToArray()).ToArray();
        _answerLookup = _answerCodes.Select(c => new Utf8CodeLookup(c)).ToArray();
        _attributeLookup = _attributeCodes.Select(c => new Utf8CodeLookup(c)).ToArray();
        _riskLookup = _riskCodes.Select(c => new Utf8CodeLookup(c)).ToArray();
        _clientGroupLookup = new Utf8CodeLookup(_m.ClientGroups);
        RequiredCount = _m.Attributes.Count(a => a.Required) + _m.Inputs.Count(i => i.Required) + _ix.Flat.Count(q => q.Question.Required);
    }

    /// <summary>
    /// How many attributes, numeric inputs and answers are required. A caller that saw that many required values
    /// given (each once) knows that <see cref="CheckRequired"/> has nothing to report.
    /// </summary>
    public int RequiredCount { get; }

    /// <summary>The codes of question <paramref name="q"/> (flat index) as UTF-8, for callers that read cells as bytes.</summary>
    public Utf8CodeLookup AnswerLookup(int q) => _answerLookup[q];

    /// <summary>The value codes of attribute <paramref name="i"/> as UTF-8.</summary>
    public Utf8CodeLookup AttributeLookup(int i) => _attributeLookup[i];

    /// <summary>The level codes of risk factor <paramref name="f"/> as UTF-8.</summary>
    public Utf8CodeLookup RiskLookup(int f) => _riskLookup[f];

    /// <summary>True when question <paramref name="q"/> (flat index) must be answered.</summary>
    public bool AnswerRequired(int q) => _ix.Flat[q].Question.Required;

    /// <summary>True when attribute <paramref name="i"/> must be given.</summary>
    public bool AttributeRequired(int i) => _m.Attributes[i].Required;

    /// <summary>True when numeric input <paramref name="k"/> must be given.</summary>
    public bool InputRequired(int k) => _m.Inputs[k].Required;

    /// <summary>New buffers shaped for this model.</summary>
    public CaseBuffers NewBuffers() => new(_c.QuestionCount, _c.RiskFactorCount, _c.AttributeCount, _c.InputCount);

    /// <summary>
    /// Decodes an assessment into <paramref name="b"/>; false with every problem (in the order: answers,
    /// anticipated answers, date, client group, attributes, numeric inputs, required answers, risk factors).
    /// </summary>
    public bool TryDecode(Assessment a, CaseBuffers b, List<AssessmentError> errors, List<string>? warnings)
    {
        var before = errors.Count;
        b.Clear();
        foreach (var (id, code) in a.Answers)
        {
            if (_ix.Questions.TryGetValue(id, out var q))
            {
                Answer(q.FlatIndex, code, false, Where.Json, b, errors);
            }
            else
            {
                errors.Add(new AssessmentError("unknown-question", $"/answers/{id}", $"the model has no question '{id}'", "a question id of the model", $"'{id}'"));
            }
        }

        foreach (var (id, code) in a.AnticipatedAnswers)
        {
            if (_ix.Questions.TryGetValue(id, out var q))
            {
                Answer(q.FlatIndex, code, true, Where.Json, b, errors);
            }
            else
            {
                errors.Add(new AssessmentError("unknown-question", $"/anticipated/{id}", $"the model has no question '{id}'", "a question id of the model", $"'{id}'"));
            }
        }

        foreach (var (id, months) in a.AnticipatedWithinMonths)
        {
            if (!_ix.Questions.TryGetValue(id, out var q))
            {
                errors.Add(new AssessmentError("unknown-question", $"/anticipatedWithinMonths/{id}", $"the model has no question '{id}'", "a question id of the model", $"'{id}'"));
            }
            else
            {
                Within(q.FlatIndex, months, a.AnticipatedAnswers.ContainsKey(id), Where.Json, b, errors, warnings);
            }
        }

        b.Determinations = (byte)((a.NeedsFromImpairment is { } impairment ? CaseInput.ImpairmentRecorded | (impairment ? CaseInput.ImpairmentMet : 0) : 0)
            | (a.SignificantImpactOnWellbeing is { } wellbeing ? CaseInput.WellbeingRecorded | (wellbeing ? CaseInput.WellbeingMet : 0) : 0));
        CheckDate(a.AsOf, Where.Json, errors);
        if (a.ClientGroup is { } group)
        {
            ClientGroup(group, Where.Json, errors);
        }

        foreach (var (id, value) in a.Attributes)
        {
            if (_ix.AttributeIndex.TryGetValue(id, out var i))
            {
                Attribute(i, value, Where.Json, b, errors);
            }
            else
            {
                errors.Add(new AssessmentError("unknown-attribute", $"/attributes/{id}", $"the model has no attribute '{id}'", _m.Attributes.Count == 0 ? "no attributes" : "one of " + List(_m.Attributes.Select(x => x.Id)), $"'{id}'"));
            }
        }

        foreach (var (id, value) in a.Inputs)
        {
            if (_ix.Inputs.TryGetValue(id, out var input))
            {
                Input(input.Index, value, Where.Json, b, errors);
            }
            else
            {
                errors.Add(new AssessmentError("unknown-input", $"/inputs/{id}", $"the model has no numeric input '{id}'", _m.Inputs.Count == 0 ? "no numeric inputs" : "one of " + List(_m.Inputs.Select(x => x.Id)), $"'{id}'"));
            }
        }

        CheckRequired(b, Where.Json, errors);
        if (_m.DirectionOfTravel is not { } dot)
        {
            if ((a.RiskFactors.Count > 0 || a.AnticipatedAnswers.Count > 0) && warnings is not null)
            {
                warnings.Add($"model {_m.Id} {_m.Version} has no direction-of-travel rule: the anticipated answers and risk factors given were not used");
            }
        }
        else
        {
            foreach (var (id, code) in a.RiskFactors)
            {
                if (_ix.RiskFactors.TryGetValue(id, out var entry))
                {
                    Risk(entry.Index, code, Where.Json, b, errors);
                }
                else
                {
                    errors.Add(new AssessmentError("unknown-risk-factor", $"/riskFactors/{id}", $"the model has no risk factor '{id}'", "one of " + List(dot.RiskFactors.Select(f => f.Id)), $"'{id}'"));
                }
            }

            if (warnings is not null)
            {
                for (var f = 0; f < b.Risk.Length; f++)
                {
                    if (b.Risk[f] == CaseInput.None)
                    {
                        warnings.Add(string.Create(CultureInfo.InvariantCulture, $"risk factor '{dot.RiskFactors[f].Id}' was not recorded: it adds nothing to the risk score"));
                    }
                }
            }
        }

        if (errors.Count > before)
        {
            return false;
        }

        b.CompleteAnticipated();
        return true;
    }

    /// <summary>An answer code now (or anticipated) for question <paramref name="q"/> (flat index).</summary>
    public void Answer(int q, ReadOnlySpan<char> code, bool anticipated, Where where, CaseBuffers b, List<AssessmentError> errors)
    {
        var codes = _answerCodes[q];
        var index = Match(codes, code);
        var target = anticipated ? b.Next : b.Now;
        if (index < 0)
        {
            var id = _ix.Flat[q].Question.Id;
            errors.Add(new AssessmentError("invalid-answer", Location(where, anticipated ? "anticipated" : "answers", anticipated ? ColumnMapNames.Next + id : id, id), $"'{code}' is not an answer to question '{id}'", "one of " + List(codes), $"'{code}'"));
            target[q] = Invalid;
            return;
        }

        target[q] = (byte)index;
    }

    /// <summary>
    /// An answer code given as UTF-8 bytes (a caseload cell, trimmed): found without decoding, or else decoded and
    /// checked by <see cref="Answer(int, ReadOnlySpan{char}, bool, Where, CaseBuffers, List{AssessmentError})"/>,
    /// so the outcome and the wording are the text route's.
    /// </summary>
    public void Answer(int q, ReadOnlySpan<byte> code, bool anticipated, Where where, CaseBuffers b, List<AssessmentError> errors)
    {
        var index = _answerLookup[q].Find(code);
        if (index < 0)
        {
            Answer(q, Encoding.UTF8.GetString(code), anticipated, where, b, errors);
            return;
        }

        (anticipated ? b.Next : b.Now)[q] = (byte)index;
    }

    /// <summary>An attribute's value code as UTF-8 bytes (see <see cref="Answer(int, ReadOnlySpan{byte}, bool, Where, CaseBuffers, List{AssessmentError})"/>).</summary>
    public void Attribute(int i, ReadOnlySpan<byte> code, Where where, CaseBuffers b, List<AssessmentError> errors)
    {
        var index = _attributeLookup[i].Find(code);
        if (index < 0)
        {
            Attribute(i, Encoding.UTF8.GetString(code), where, b, errors);
            return;
        }

        b.Attributes[i] = (byte)index;
    }

    /// <summary>A risk factor's level code as UTF-8 bytes (see <see cref="Answer(int, ReadOnlySpan{byte}, bool, Where, CaseBuffers, List{AssessmentError})"/>).</summary>
    public void Risk(int f, ReadOnlySpan<byte> code, Where where, CaseBuffers b, List<AssessmentError> errors)
    {
        var index = _riskLookup[f].Find(code);
        if (index < 0)
        {
            Risk(f, Encoding.UTF8.GetString(code), where, b, errors);
            return;
        }

        b.Risk[f] = (byte)index;
    }

    /// <summary>A client group as UTF-8 bytes (see <see cref="ClientGroup(ReadOnlySpan{char}, Where, List{AssessmentError})"/>).</summary>
    public string ClientGroup(ReadOnlySpan<byte> group, Where where, List<AssessmentError> errors)
    {
        var index = _clientGroupLookup.Find(group);
        return index >= 0 ? _m.ClientGroups[index] : ClientGroup(Encoding.UTF8.GetString(group), where, errors);
    }

    /// <summary>Records the months within which question <paramref name="q"/>'s anticipated answer is expected: 1 to the model's horizon, and only beside an anticipated answer.</summary>
    public void Within(int q, int months, bool anticipated, Where where, CaseBuffers b, List<AssessmentError> errors, List<string>? warnings)
    {
        var id = _ix.Flat[q].Question.Id;
        var horizon = _m.DirectionOfTravel?.HorizonMonths ?? 12;
        var location = Location(where, "anticipatedWithinMonths", ColumnMapNames.Within + id, id);
        if (!anticipated)
        {
            errors.Add(new AssessmentError("invalid-timing", location, $"a time is given for question '{id}' but no anticipated answer", "an anticipated answer for the question, or no time", Format.Number(months)));
        }
        else if (months < 1 || months > horizon)
        {
            errors.Add(new AssessmentError("invalid-timing", location, $"the months within which question '{id}' is expected to change are outside the model's horizon", $"a whole number of months from 1 to {horizon}", Format.Number(months)));
        }
        else if (_m.DirectionOfTravel is not { ProRataTiming: true })
        {
            warnings?.Add($"model {_m.Id} {_m.Version} does not weight changes by when they are expected: the time given for '{id}' was not used");
        }
        else
        {
            b.Within[q] = (byte)months;
        }
    }

    /// <summary>A <c>within.</c> cell: a whole number of months.</summary>
    public void WithinText(int q, string text, bool anticipated, Where where, CaseBuffers b, List<AssessmentError> errors)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var months))
        {
            var id = _ix.Flat[q].Question.Id;
            errors.Add(new AssessmentError("invalid-timing", Location(where, "anticipatedWithinMonths", ColumnMapNames.Within + id, id), $"'{text}' is not a whole number of months", $"a whole number of months from 1 to {_m.DirectionOfTravel?.HorizonMonths ?? 12}, such as 3, 6 or 12", $"'{text}'"));
            return;
        }

        Within(q, months, anticipated, where, b, errors, null);
    }

    /// <summary>An assessor's determination cell (0: needs from impairment, reg. 2(1)(a); 1: significant impact on wellbeing, reg. 2(1)(c)): yes or no.</summary>
    public void DeterminationText(int which, ReadOnlySpan<char> text, Where where, CaseBuffers b, List<AssessmentError> errors)
    {
        var (recorded, met, column) = which == 0
            ? (CaseInput.ImpairmentRecorded, CaseInput.ImpairmentMet, "needs_from_impairment")
            : (CaseInput.WellbeingRecorded, CaseInput.WellbeingMet, "wellbeing_impact");
        if (text.SequenceEqual("yes"))
        {
            b.Determinations |= (byte)(recorded | met);
        }
        else if (text.SequenceEqual("no"))
        {
            b.Determinations |= recorded;
        }
        else
        {
            errors.Add(new AssessmentError("invalid-determination", where == Where.Json ? "/determinations" : "column " + column, "an assessor's determination is yes or no", "'yes', 'no', or empty when not recorded", $"'{text}'"));
        }
    }

    /// <summary>A value code for attribute <paramref name="i"/>.</summary>
    public void Attribute(int i, ReadOnlySpan<char> code, Where where, CaseBuffers b, List<AssessmentError> errors)
    {
        var codes = _attributeCodes[i];
        var index = Match(codes, code);
        if (index < 0)
        {
            var id = _m.Attributes[i].Id;
            errors.Add(new AssessmentError("invalid-attribute", Location(where, "attributes", id, id), $"'{code}' is not a value of attribute '{id}'", "one of " + List(codes), $"'{code}'"));
            b.Attributes[i] = Invalid;
            return;
        }

        b.Attributes[i] = (byte)index;
    }

    /// <summary>A level code for risk factor <paramref name="f"/>.</summary>
    public void Risk(int f, ReadOnlySpan<char> code, Where where, CaseBuffers b, List<AssessmentError> errors)
    {
        var codes = _riskCodes[f];
        var index = Match(codes, code);
        if (index < 0)
        {
            var id = _m.DirectionOfTravel!.RiskFactors[f].Id;
            errors.Add(new AssessmentError("invalid-risk-level", Location(where, "riskFactors", ColumnMapNames.Risk + id, id), $"'{code}' is not a level of risk factor '{id}'", "one of " + List(codes), $"'{code}'"));
            b.Risk[f] = Invalid;
            return;
        }

        b.Risk[f] = (byte)index;
    }

    /// <summary>A numeric input's value, checked against its allowed range.</summary>
    public void Input(int k, decimal value, Where where, CaseBuffers b, List<AssessmentError> errors)
    {
        var input = _m.Inputs[k];
        if (value < input.Min || value > input.Max)
        {
            errors.Add(new AssessmentError("input-out-of-range", Location(where, "inputs", input.Id, input.Id), $"numeric input '{input.Id}' ({input.Label}) is outside its allowed range", $"a number from {Format.Number(input.Min)} to {Format.Number(input.Max)} ({input.Unit})", Format.Number(value)));
            b.InputGiven[k] = Invalid;
            return;
        }

        b.Inputs[k] = value;
        b.InputGiven[k] = 1;
    }

    /// <summary>A numeric input written as text (a caseload cell): a plain decimal number, invariant culture.</summary>
    public void InputText(int k, ReadOnlySpan<char> text, Where where, CaseBuffers b, List<AssessmentError> errors)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value))
        {
            var input = _m.Inputs[k];
            errors.Add(new AssessmentError("invalid-input", Location(where, "inputs", input.Id, input.Id), $"'{text}' is not a number for numeric input '{input.Id}' ({input.Label})", $"a number from {Format.Number(input.Min)} to {Format.Number(input.Max)} ({input.Unit}), such as 67 or 12.5", $"'{text}'"));
            b.InputGiven[k] = Invalid;
            return;
        }

        Input(k, value, where, b, errors);
    }

    /// <summary>Checks a client group against the model's list (when it has one); returns the model's own string when known.</summary>
    public string ClientGroup(ReadOnlySpan<char> group, Where where, List<AssessmentError> errors)
    {
        foreach (var g in _m.ClientGroups)
        {
            if (group.SequenceEqual(g))
            {
                return g;
            }
        }

        var text = group.ToString();
        if (_m.ClientGroups.Count > 0)
        {
            errors.Add(new AssessmentError("unknown-client-group", where == Where.Json ? "/clientGroup" : "column client_group", "unknown client group", "one of " + List(_m.ClientGroups), $"'{text}'"));
        }

        return text;
    }

    /// <summary>Checks that the model is in force on the as-of date.</summary>
    public void CheckDate(DateOnly asOf, Where where, List<AssessmentError> errors)
    {
        if (asOf.DayNumber < _c.FromDay || asOf.DayNumber > _c.ToDay)
        {
            errors.Add(NotInForce(asOf, where));
        }
    }

    /// <summary>The error for a date outside the model's effective period.</summary>
    public AssessmentError NotInForce(DateOnly asOf, Where where) =>
        new("model-not-in-force", where == Where.Json ? "/asOf" : "column as_of", $"model {_m.Id} {_m.Version} is not in force on {Format.Date(asOf)}", $"a date from {Format.Date(_m.EffectiveFrom)}{(_m.EffectiveTo is { } to ? " to " + Format.Date(to) : "")}", Format.Date(asOf));

    /// <summary>Every required attribute, numeric input and answer is given (a value given but invalid is already reported).</summary>
    public void CheckRequired(CaseBuffers b, Where where, List<AssessmentError> errors)
    {
        for (var i = 0; i < _m.Attributes.Count; i++)
        {
            var attribute = _m.Attributes[i];
            if (attribute.Required && b.Attributes[i] == CaseInput.None)
            {
                errors.Add(new AssessmentError("missing-attribute", Location(where, "attributes", attribute.Id, attribute.Id), $"required attribute '{attribute.Id}' ({attribute.Label}) is not given", "one of " + List(_attributeCodes[i])));
            }
        }

        for (var k = 0; k < _m.Inputs.Count; k++)
        {
            var input = _m.Inputs[k];
            if (input.Required && b.InputGiven[k] == 0)
            {
                errors.Add(new AssessmentError("missing-input", Location(where, "inputs", input.Id, input.Id), $"required numeric input '{input.Id}' ({input.Label}) is not given", $"a number from {Format.Number(input.Min)} to {Format.Number(input.Max)} ({input.Unit})"));
            }
        }

        foreach (var q in _ix.Flat)
        {
            if (q.Question.Required && b.Now[q.FlatIndex] == CaseInput.None)
            {
                errors.Add(new AssessmentError("missing-answer", Location(where, "answers", q.Question.Id, q.Question.Id), $"required question '{q.Question.Id}' is not answered (\"{q.Question.Text}\")", "one of " + List(_answerCodes[q.FlatIndex])));
            }
        }
    }

    /// <summary>The one rendering of a row's problems in a caseload result: <c>line N, where: problem (expected …; found …); …</c>.</summary>
    public static string RowMessage(long line, IEnumerable<AssessmentError> errors) =>
        string.Create(CultureInfo.InvariantCulture, $"line {line}, ") + string.Join("; ", errors.Select(e => $"{(e.Location.Length == 0 ? "/" : e.Location)}: {e.Problem}{ErrorText.Detail(e.Expected, e.Actual)}"));

    private static string Location(Where where, string section, string column, string id) =>
        where == Where.Json ? $"/{section}/{id}" : "column " + column;

    private static int Match(string[] codes, ReadOnlySpan<char> value)
    {
        for (var k = 0; k < codes.Length; k++)
        {
            if (value.SequenceEqual(codes[k]))
            {
                return k;
            }
        }

        return -1;
    }

    private static string List(IEnumerable<string> codes) => string.Join(", ", codes.Select(c => $"'{c}'"));
}

/// <summary>The caseload column prefixes (see docs/caseload-format.md).</summary>
internal static class ColumnMapNames
{
    public const string Next = "next.";
    public const string Risk = "risk.";
    public const string Within = "within.";
}

/// <summary>One thread's buffers for decoding cases of one model; reused from case to case.</summary>
internal sealed class CaseBuffers
{
    public CaseBuffers(int questions, int riskFactors, int attributes, int inputs)
    {
        Now = new byte[questions];
        Next = new byte[questions];
        Risk = new byte[riskFactors];
        Attributes = new byte[attributes];
        Inputs = new decimal[inputs];
        InputGiven = new byte[inputs];
        Within = new byte[questions];
        Clear();
    }

    /// <summary>Per question, the months within which the anticipated answer is expected (0: not said).</summary>
    public byte[] Within { get; }

    /// <summary>The assessor's determinations (<see cref="CaseInput.Determinations"/>).</summary>
    public byte Determinations { get; set; }

    public byte[] Now { get; }

    public byte[] Next { get; }

    public byte[] Risk { get; }

    public byte[] Attributes { get; }

    public decimal[] Inputs { get; }

    /// <summary>0 not given, 1 given, <c>0xFE</c> given but invalid.</summary>
    public byte[] InputGiven { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Clear()
    {
        Array.Fill(Now, CaseInput.None);
        Array.Fill(Next, CaseInput.None);
        Array.Fill(Risk, CaseInput.None);
        Array.Fill(Attributes, CaseInput.None);
        Array.Fill(Inputs, CaseInput.NoInput);
        Array.Clear(InputGiven);
        Array.Clear(Within);
        Determinations = 0;
    }

    /// <summary>A question with no anticipated answer is anticipated unchanged.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CompleteAnticipated()
    {
        for (var q = 0; q < Now.Length; q++)
        {
            if (Next[q] == CaseInput.None)
            {
                Next[q] = Now[q];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public CaseInput Input(DateOnly asOf) => new(Now, Next, Risk, Attributes, Inputs, asOf, Within, Determinations);
}
