using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ras.Engine.Assessments;

/// <summary>
/// One person's scored self-assessment: case id, as-of date, client group, case attributes, answers now,
/// answers anticipated in twelve months, and risk factors. Immutable. Codes are checked against a model when
/// allocated, not here, so one assessment can be run under several models.
/// </summary>
public sealed class Assessment
{
    /// <summary>Deepest JSON nesting an assessment may have (its values are strings, numbers and objects of them).</summary>
    private const int MaxDepth = 8;

    private static readonly IReadOnlyDictionary<string, string> Empty = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>());
    private static readonly IReadOnlyDictionary<string, decimal> NoInputs = new ReadOnlyDictionary<string, decimal>(new Dictionary<string, decimal>());

    /// <summary>Creates an assessment.</summary>
    /// <param name="caseId">The case identifier; not empty.</param>
    /// <param name="asOf">The date the allocation is worked out for; it picks the model version and prices in force.</param>
    /// <param name="clientGroup">The client group (primary support reason) for reporting, or null.</param>
    /// <param name="attributes">Case attributes by attribute id (for example living setting).</param>
    /// <param name="answers">Answer codes now, by question id.</param>
    /// <param name="anticipatedAnswers">Answer codes anticipated at the end of the horizon, by question id; a question not listed is anticipated unchanged.</param>
    /// <param name="riskFactors">Risk factor level codes by risk factor id.</param>
    /// <param name="inputs">Numeric inputs by input id (for example <c>age</c> → 67), for models that declare them; checked against the model's allowed ranges when allocated.</param>
    /// <param name="anticipatedWithinMonths">By question id, the months within which its anticipated answer is expected (for example 3, 6 or 12), for models that weight changes by timing.</param>
    /// <param name="needsFromImpairment">The assessor's determination that the needs arise from a physical or mental impairment or illness (reg. 2(1)(a)); null when not recorded.</param>
    /// <param name="significantImpactOnWellbeing">The assessor's determination of a significant impact on wellbeing (reg. 2(1)(c)); null when not recorded.</param>
    public Assessment(
        string caseId,
        DateOnly asOf,
        string? clientGroup = null,
        IEnumerable<KeyValuePair<string, string>>? attributes = null,
        IEnumerable<KeyValuePair<string, string>>? answers = null,
        IEnumerable<KeyValuePair<string, string>>? anticipatedAnswers = null,
        IEnumerable<KeyValuePair<string, string>>? riskFactors = null,
        IEnumerable<KeyValuePair<string, decimal>>? inputs = null,
        IEnumerable<KeyValuePair<string, int>>? anticipatedWithinMonths = null,
        bool? needsFromImpairment = null,
        bool? significantImpactOnWellbeing = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(caseId);
        CaseId = caseId;
        AsOf = asOf;
        ClientGroup = clientGroup;
        Attributes = Freeze(attributes);
        Answers = Freeze(answers);
        AnticipatedAnswers = Freeze(anticipatedAnswers);
        RiskFactors = Freeze(riskFactors);
        Inputs = inputs is null ? NoInputs : FreezeInputs(inputs);
        AnticipatedWithinMonths = anticipatedWithinMonths is null ? NoMonths : new ReadOnlyDictionary<string, int>(anticipatedWithinMonths.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
        NeedsFromImpairment = needsFromImpairment;
        SignificantImpactOnWellbeing = significantImpactOnWellbeing;
    }

    /// <summary>By question id, the months within which the anticipated answer is expected (empty when not said).</summary>
    public IReadOnlyDictionary<string, int> AnticipatedWithinMonths { get; }

    /// <summary>The assessor's determination that the needs arise from a physical or mental impairment or illness (reg. 2(1)(a)), or null when not recorded (taken as met).</summary>
    public bool? NeedsFromImpairment { get; }

    /// <summary>The assessor's determination of a significant impact on wellbeing (reg. 2(1)(c)), or null when not recorded (taken as met).</summary>
    public bool? SignificantImpactOnWellbeing { get; }

    private static readonly IReadOnlyDictionary<string, int> NoMonths = new ReadOnlyDictionary<string, int>(new Dictionary<string, int>());

    /// <summary>The case identifier.</summary>
    public string CaseId { get; }

    /// <summary>The date the allocation is worked out for.</summary>
    public DateOnly AsOf { get; }

    /// <summary>The client group, or null.</summary>
    public string? ClientGroup { get; }

    /// <summary>Case attributes by attribute id.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; }

    /// <summary>Answer codes now, by question id.</summary>
    public IReadOnlyDictionary<string, string> Answers { get; }

    /// <summary>Anticipated answer codes by question id (only those expected to differ need be given).</summary>
    public IReadOnlyDictionary<string, string> AnticipatedAnswers { get; }

    /// <summary>Risk factor level codes by risk factor id.</summary>
    public IReadOnlyDictionary<string, string> RiskFactors { get; }

    /// <summary>Numeric inputs by input id (empty for models without numeric inputs).</summary>
    public IReadOnlyDictionary<string, decimal> Inputs { get; }

    /// <summary>
    /// Reads an assessment from JSON (<c>caseId</c>, <c>asOf</c>, <c>clientGroup</c>, <c>attributes</c>,
    /// <c>answers</c>, <c>anticipated</c>, <c>riskFactors</c>); returns false with every problem found.
    /// Unknown members are errors.
    /// </summary>
    public static bool TryParseJson(string json, out Assessment? assessment, out IReadOnlyList<AssessmentError> errors)
    {
        ArgumentNullException.ThrowIfNull(json);
        return TryParseJson(Encoding.UTF8.GetBytes(json), out assessment, out errors);
    }

    /// <summary>Reads an assessment from UTF-8 JSON; returns false with every problem found.</summary>
    public static bool TryParseJson(ReadOnlySpan<byte> utf8Json, out Assessment? assessment, out IReadOnlyList<AssessmentError> errors) =>
        TryParseJson(utf8Json, null, out assessment, out errors);

    private static readonly System.Buffers.SearchValues<char> ControlCharacters = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c).ToArray());

    /// <summary>
    /// The <c>invalid-case-id</c> error, at <paramref name="location"/>, for a case id holding a control character
    /// (U+0000–U+001F, U+007F–U+009F); null for an id without one. An id is matched, repeated and written back into
    /// results and spreadsheets: a line break or a NUL in it would break the output's rows, so such an id is refused
    /// wherever it is read (a JSON assessment or JSON Lines row, a CSV row) and never written back
    /// (<see cref="IsWritable"/>).
    /// </summary>
    internal static AssessmentError? CaseIdError(ReadOnlySpan<char> caseId, string location) =>
        caseId.IndexOfAny(ControlCharacters) is var at and >= 0
            ? new AssessmentError("invalid-case-id", location, "the case id contains a control character", "printable text", $"U+{(int)caseId[at]:X4}")
            : null;

    /// <summary>True when a case id can be written back into results as it was read (no control character).</summary>
    internal static bool IsWritable(ReadOnlySpan<char> caseId) => !caseId.ContainsAny(ControlCharacters);

    /// <summary>Reads an assessment from UTF-8 JSON, using <paramref name="defaultAsOf"/> when it has no <c>asOf</c> (a caseload's <c>--as-of</c>).</summary>
    internal static bool TryParseJson(ReadOnlySpan<byte> utf8Json, DateOnly? defaultAsOf, out Assessment? assessment, out IReadOnlyList<AssessmentError> errors)
    {
        try
        {
            return TryParseJsonCore(utf8Json, defaultAsOf, out assessment, out errors);
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json reads "\ud800" but cannot make a string of it: a lone surrogate is not text.
            assessment = null;
            errors = new[] { new AssessmentError("invalid-string", LoneSurrogatePath(utf8Json), "a string holds an escaped lone surrogate (such as \\ud800), which is not a character", "text, with surrogates only in high-low pairs", "a lone surrogate") };
            return false;
        }
    }

    /// <summary>The JSON pointer of the first string or member name that cannot be read as text.</summary>
    private static string LoneSurrogatePath(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        var path = new List<string>();
        string? name = null;
        while (reader.Read())
        {
            try
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        name = reader.GetString();
                        break;
                    case JsonTokenType.StartObject:
                        path.Add(name ?? "");
                        name = null;
                        break;
                    case JsonTokenType.EndObject:
                        path.RemoveAt(path.Count - 1);
                        break;
                    case JsonTokenType.String:
                        _ = reader.GetString();
                        name = null;
                        break;
                    default:
                        name = null;
                        break;
                }
            }
            catch (InvalidOperationException)
            {
                return string.Concat(path.Skip(1).Select(p => "/" + p)) + (reader.TokenType == JsonTokenType.String && name is not null ? "/" + name : "");
            }
        }

        return "";
    }

    private static bool TryParseJsonCore(ReadOnlySpan<byte> utf8Json, DateOnly? defaultAsOf, out Assessment? assessment, out IReadOnlyList<AssessmentError> errors)
    {
        var list = new List<AssessmentError>();
        assessment = null;
        JsonDocument doc;
        utf8Json = Models.StrictJson.WithoutBom(utf8Json);
        try
        {
            doc = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}");
            errors = ex.Message.Contains("maximum configured depth", StringComparison.Ordinal)
                ? new[] { new AssessmentError("too-deep", "", "the assessment nests JSON too deeply (an assessment's values are strings, numbers or objects of them)", $"at most {MaxDepth} levels", "deeper nesting at " + where) }
                : new[] { new AssessmentError("invalid-json", "", "not well-formed JSON", "valid JSON", "an error at " + where) };
            return false;
        }

        using (doc)
        {
            var strict = Models.StrictJson.Problems(utf8Json, MaxDepth);
            if (strict.Count > 0)
            {
                errors = strict.Select(p => new AssessmentError(p.Code, p.Path, p.Text, p.Expected, p.Found)).ToList();
                return false;
            }

            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors = new[] { new AssessmentError("wrong-type", "", "an assessment is a JSON object", "an object", root.ValueKind.ToString().ToLowerInvariant()) };
                return false;
            }

            string? caseId = null, clientGroup = null;
            DateOnly? asOf = null;
            Dictionary<string, string>? attributes = null, answers = null, anticipated = null, risks = null;
            Dictionary<string, decimal>? inputs = null, within = null;
            bool? impairment = null, wellbeing = null;
            foreach (var p in root.EnumerateObject())
            {
                var path = "/" + p.Name;
                switch (p.Name)
                {
                    case "$schema":
                        ReadString(p.Value, path, list); // for editors: names models/schema/ras-assessment.schema.json
                        break;
                    case "caseId":
                        caseId = ReadString(p.Value, path, list);
                        break;
                    case "asOf":
                        var text = ReadString(p.Value, path, list);
                        if (text is not null)
                        {
                            if (Models.IsoDate.TryParse(text, out var d))
                            {
                                asOf = d;
                            }
                            else
                            {
                                list.Add(new AssessmentError("invalid-date", path, "not a date", "an ISO date such as \"2026-06-01\"", $"\"{text}\""));
                            }
                        }

                        break;
                    case "clientGroup":
                        clientGroup = p.Value.ValueKind == JsonValueKind.Null ? null : ReadString(p.Value, path, list);
                        break;
                    case "attributes":
                        attributes = ReadMap(p.Value, path, list);
                        break;
                    case "answers":
                        answers = ReadMap(p.Value, path, list);
                        break;
                    case "anticipated":
                        anticipated = ReadMap(p.Value, path, list);
                        break;
                    case "riskFactors":
                        risks = ReadMap(p.Value, path, list);
                        break;
                    case "inputs":
                        inputs = ReadNumbers(p.Value, path, list);
                        break;
                    case "anticipatedWithinMonths":
                        within = ReadNumbers(p.Value, path, list);
                        foreach (var (id, months) in within ?? new Dictionary<string, decimal>())
                        {
                            if (months != decimal.Truncate(months) || months < 1 || months > 120)
                            {
                                list.Add(new AssessmentError("invalid-value", $"{path}/{id}", "months within which a change is expected must be a whole number", "a whole number of months from 1 to the model's horizon, such as 3, 6 or 12", Text.Format.Number(months)));
                            }
                        }

                        break;
                    case "determinations":
                        (impairment, wellbeing) = ReadDeterminations(p.Value, path, list);
                        break;
                    default:
                        list.Add(new AssessmentError("unknown-member", path, "unknown member (a typo?)", "one of 'caseId', 'asOf', 'clientGroup', 'attributes', 'answers', 'anticipated', 'anticipatedWithinMonths', 'riskFactors', 'inputs', 'determinations'", $"'{p.Name}'"));
                        break;
                }
            }

            if (string.IsNullOrEmpty(caseId) && !root.TryGetProperty("caseId", out _))
            {
                list.Add(new AssessmentError("missing-member", "/caseId", "required member is missing", "'caseId'"));
            }
            else if (caseId is { Length: 0 })
            {
                list.Add(new AssessmentError("invalid-value", "/caseId", "case id is empty", "a non-empty string", "\"\""));
            }
            else if (caseId is not null && CaseIdError(caseId, "/caseId") is { } invalid)
            {
                list.Add(invalid);
            }

            asOf ??= root.TryGetProperty("asOf", out _) ? null : defaultAsOf;
            if (asOf is null && !root.TryGetProperty("asOf", out _))
            {
                list.Add(new AssessmentError("missing-member", "/asOf", "required member is missing", "'asOf'"));
            }

            errors = list;
            if (list.Count > 0)
            {
                return false;
            }

            assessment = new Assessment(caseId!, asOf!.Value, clientGroup, attributes, answers, anticipated, risks, inputs, within?.Select(p => KeyValuePair.Create(p.Key, (int)p.Value)), impairment, wellbeing);
            return true;
        }
    }

    /// <summary>Reads an assessment from JSON.</summary>
    /// <exception cref="AssessmentException">The JSON is not a valid assessment; lists every problem.</exception>
    public static Assessment ParseJson(string json) =>
        TryParseJson(json, out var a, out var errors) ? a! : throw new AssessmentException(errors);

    /// <summary>The assessment as indented JSON in the form <see cref="TryParseJson(string, out Assessment?, out IReadOnlyList{AssessmentError})"/> reads.</summary>
    public string ToJson() => ToJson(indented: true);

    internal string ToJson(bool indented)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("caseId", CaseId);
            w.WriteString("asOf", AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (ClientGroup is not null)
            {
                w.WriteString("clientGroup", ClientGroup);
            }

            WriteMap(w, "attributes", Attributes);
            WriteMap(w, "answers", Answers);
            WriteMap(w, "anticipated", AnticipatedAnswers);
            if (AnticipatedWithinMonths.Count > 0)
            {
                w.WriteStartObject("anticipatedWithinMonths");
                foreach (var (k, v) in AnticipatedWithinMonths)
                {
                    w.WriteNumber(k, v);
                }

                w.WriteEndObject();
            }

            WriteMap(w, "riskFactors", RiskFactors);
            if (Inputs.Count > 0)
            {
                w.WriteStartObject("inputs");
                foreach (var (k, v) in Inputs)
                {
                    w.WriteNumber(k, v);
                }

                w.WriteEndObject();
            }

            if (NeedsFromImpairment is not null || SignificantImpactOnWellbeing is not null)
            {
                w.WriteStartObject("determinations");
                if (NeedsFromImpairment is { } impairment)
                {
                    w.WriteBoolean("needsFromImpairment", impairment);
                }

                if (SignificantImpactOnWellbeing is { } wellbeing)
                {
                    w.WriteBoolean("significantImpactOnWellbeing", wellbeing);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var (k, v) in map)
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();
    }

    private static string? ReadString(JsonElement e, string path, List<AssessmentError> errors)
    {
        if (e.ValueKind == JsonValueKind.String)
        {
            return e.GetString();
        }

        errors.Add(new AssessmentError("wrong-type", path, "wrong JSON type", "a string", e.ValueKind == JsonValueKind.Number ? "the number " + e.GetRawText() : e.ValueKind.ToString().ToLowerInvariant()));
        return null;
    }

    private static Dictionary<string, string>? ReadMap(JsonElement e, string path, List<AssessmentError> errors)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new AssessmentError("wrong-type", path, "wrong JSON type", "an object of id → code", e.ValueKind.ToString().ToLowerInvariant()));
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            var value = ReadString(p.Value, path + "/" + p.Name, errors);
            if (value is null)
            {
                continue;
            }

            if (!map.TryAdd(p.Name, value))
            {
                errors.Add(new AssessmentError("duplicate-member", path + "/" + p.Name, "the same id is given twice", "each id once", $"\"{map[p.Name]}\" and \"{value}\""));
            }
        }

        return map;
    }

    private static (bool? Impairment, bool? Wellbeing) ReadDeterminations(JsonElement e, string path, List<AssessmentError> errors)
    {
        bool? impairment = null, wellbeing = null;
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new AssessmentError("wrong-type", path, "wrong JSON type", "an object with 'needsFromImpairment' and/or 'significantImpactOnWellbeing' (true or false)", e.ValueKind.ToString().ToLowerInvariant()));
            return (null, null);
        }

        foreach (var p in e.EnumerateObject())
        {
            var where = path + "/" + p.Name;
            bool? value = p.Value.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null };
            if (p.Name is not ("needsFromImpairment" or "significantImpactOnWellbeing"))
            {
                errors.Add(new AssessmentError("unknown-member", where, "unknown member (a typo?)", "one of 'needsFromImpairment', 'significantImpactOnWellbeing'", $"'{p.Name}'"));
            }
            else if (value is null && p.Value.ValueKind != JsonValueKind.Null)
            {
                errors.Add(new AssessmentError("wrong-type", where, "wrong JSON type", "true, false or null (not recorded)", p.Value.ValueKind.ToString().ToLowerInvariant()));
            }
            else if (p.Name == "needsFromImpairment")
            {
                impairment = value;
            }
            else
            {
                wellbeing = value;
            }
        }

        return (impairment, wellbeing);
    }

    private static Dictionary<string, decimal>? ReadNumbers(JsonElement e, string path, List<AssessmentError> errors)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new AssessmentError("wrong-type", path, "wrong JSON type", "an object of input id → number", e.ValueKind.ToString().ToLowerInvariant()));
            return null;
        }

        var map = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            var where = path + "/" + p.Name;
            if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out var value))
            {
                errors.Add(new AssessmentError("wrong-type", where, "wrong JSON type", "a number", p.Value.ValueKind == JsonValueKind.Number ? "the number " + p.Value.GetRawText() + ", too large" : p.Value.ValueKind.ToString().ToLowerInvariant()));
                continue;
            }

            if (!map.TryAdd(p.Name, value))
            {
                errors.Add(new AssessmentError("duplicate-member", where, "the same id is given twice", "each id once", p.Name));
            }
        }

        return map;
    }

    private static IReadOnlyDictionary<string, decimal> FreezeInputs(IEnumerable<KeyValuePair<string, decimal>> pairs)
    {
        var copy = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (k, v) in pairs)
        {
            if (!copy.TryAdd(k, v))
            {
                throw new ArgumentException($"The id '{k}' is given twice.", nameof(pairs));
            }
        }

        return new ReadOnlyDictionary<string, decimal>(copy);
    }

    private static IReadOnlyDictionary<string, string> Freeze(IEnumerable<KeyValuePair<string, string>>? pairs)
    {
        if (pairs is null)
        {
            return Empty;
        }

        var copy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in pairs)
        {
            if (!copy.TryAdd(k, v))
            {
                throw new ArgumentException($"The id '{k}' is given twice.", nameof(pairs));
            }
        }

        return new ReadOnlyDictionary<string, string>(copy);
    }
}
