using System.Globalization;
using System.Text.Json;

namespace Ras.Engine.Models;

/// <summary>
/// Reads one JSON object member by member, recording every problem (missing, wrong type, unknown member) in a
/// shared list instead of stopping at the first. Missing or invalid members read as a neutral value so that
/// reading can go on and report the rest of the document.
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly JsonElement _element;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private JsonObjectReader(JsonElement element, string path, List<ModelError> errors)
    {
        _element = element;
        Path = path;
        Errors = errors;
    }

    public string Path { get; }

    public List<ModelError> Errors { get; }

    public static string Pointer(string parent, string member) =>
        parent + "/" + member.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Pointer(string parent, int index) => parent + "/" + index.ToString(CultureInfo.InvariantCulture);

    public static JsonObjectReader? Open(JsonElement element, string path, List<ModelError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ModelError("wrong-type", path, "wrong JSON type", "an object", Describe(element)));
            return null;
        }

        return new JsonObjectReader(element, path, errors);
    }

    public JsonElement Member(string name)
    {
        _read.Add(name);
        return _element.GetProperty(name);
    }

    /// <summary>Marks a member as part of the format without reading it (so that <see cref="Finish"/> accepts it).</summary>
    public void Known(string name) => _read.Add(name);

    public bool Has(string name) => _element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public string At(string name) => Pointer(Path, name);

    public void Error(string code, string name, string problem, string? expected = null, string? actual = null) =>
        Errors.Add(new ModelError(code, name.Length == 0 ? Path : At(name), problem, expected, actual));

    private bool TryGet(string name, bool required, out JsonElement value)
    {
        _read.Add(name);
        if (_element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            Errors.Add(new ModelError("missing-member", At(name), "required member is missing", $"'{name}'"));
        }

        return false;
    }

    public string String(string name) => OptionalString(name, required: true) ?? "";

    public string? OptionalString(string name, bool required = false)
    {
        if (!TryGet(name, required, out var v))
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            WrongType(name, "a string", v);
            return null;
        }

        return v.GetString();
    }

    public decimal Decimal(string name) => OptionalDecimal(name, required: true) ?? 0m;

    public decimal? OptionalDecimal(string name, bool required = false)
    {
        if (!TryGet(name, required, out var v))
        {
            return null;
        }

        return ReadDecimal(v, At(name), Errors);
    }

    public static decimal? ReadDecimal(JsonElement v, string path, List<ModelError> errors)
    {
        if (v.ValueKind != JsonValueKind.Number)
        {
            errors.Add(new ModelError("wrong-type", path, "wrong JSON type", "a number", Describe(v)));
            return null;
        }

        if (!v.TryGetDecimal(out var d))
        {
            errors.Add(new ModelError("out-of-range", path, "number cannot be represented exactly as a decimal", "a number within ±7.9e28 with at most 28 decimal places", v.GetRawText()));
            return null;
        }

        return d;
    }

    public int Int(string name) => OptionalInt(name, required: true) ?? 0;

    public int? OptionalInt(string name, bool required = false)
    {
        if (!TryGet(name, required, out var v))
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i))
        {
            WrongType(name, "a whole number", v);
            return null;
        }

        return i;
    }

    public bool Bool(string name, bool defaultValue)
    {
        if (!TryGet(name, required: false, out var v))
        {
            return defaultValue;
        }

        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            WrongType(name, "true or false", v);
            return defaultValue;
        }

        return v.GetBoolean();
    }

    public DateOnly Date(string name) => OptionalDate(name, required: true) ?? DateOnly.MinValue;

    public DateOnly? OptionalDate(string name, bool required = false)
    {
        if (!TryGet(name, required, out var v))
        {
            return null;
        }

        return ReadDate(v, At(name), Errors);
    }

    public static DateOnly? ReadDate(JsonElement v, string path, List<ModelError> errors)
    {
        if (v.ValueKind == JsonValueKind.String
            && IsoDate.TryParse(v.GetString(), out var d))
        {
            return d;
        }

        errors.Add(new ModelError("wrong-type", path, "not a date", "an ISO date such as \"2026-04-01\"", Describe(v)));
        return null;
    }

    public TEnum Enum<TEnum>(string name, TEnum defaultValue, bool required, params (string Text, TEnum Value)[] values)
    {
        var text = OptionalString(name, required);
        if (text is null)
        {
            return defaultValue;
        }

        foreach (var (t, value) in values)
        {
            if (string.Equals(t, text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        Error("invalid-value", name, "unknown value", "one of " + string.Join(", ", values.Select(v => $"\"{v.Text}\"")), $"\"{text}\"");
        return defaultValue;
    }

    public JsonObjectReader? Object(string name, bool required)
    {
        if (!TryGet(name, required, out var v))
        {
            return null;
        }

        return Open(v, At(name), Errors);
    }

    public IReadOnlyList<T> Array<T>(string name, bool required, Func<JsonElement, string, T?> read, int maxItems = ModelLimits.MaxArrayItems)
        where T : class
    {
        if (!TryGet(name, required, out var v))
        {
            return System.Array.Empty<T>();
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            WrongType(name, "an array", v);
            return System.Array.Empty<T>();
        }

        var length = v.GetArrayLength();
        if (length > maxItems)
        {
            Error("too-large", name, "array has too many items", $"at most {maxItems}", length.ToString(CultureInfo.InvariantCulture));
            return System.Array.Empty<T>();
        }

        var list = new List<T>(length);
        var index = 0;
        foreach (var item in v.EnumerateArray())
        {
            var value = read(item, Pointer(At(name), index));
            if (value is not null)
            {
                list.Add(value);
            }

            index++;
        }

        return list;
    }

    public IReadOnlyList<string> Strings(string name, bool required) =>
        Array(name, required, (e, p) =>
        {
            if (e.ValueKind == JsonValueKind.String)
            {
                return e.GetString();
            }

            Errors.Add(new ModelError("wrong-type", p, "wrong JSON type", "a string", Describe(e)));
            return null;
        });

    /// <summary>Reports every member that no reader asked for: unknown members are errors, never ignored.</summary>
    public void Finish(params string[] alsoAllowed)
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (!_read.Contains(property.Name) && System.Array.IndexOf(alsoAllowed, property.Name) < 0)
            {
                Errors.Add(new ModelError("unknown-member", At(property.Name), "unknown member (a typo?)", "one of " + string.Join(", ", _read.Order(StringComparer.Ordinal).Select(n => $"'{n}'")), $"'{property.Name}'"));
            }
        }
    }

    private void WrongType(string name, string expected, JsonElement v) =>
        Errors.Add(new ModelError("wrong-type", At(name), "wrong JSON type", expected, Describe(v)));

    public static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => "the string \"" + Truncate(v.GetString() ?? "") + "\"",
        JsonValueKind.Number => "the number " + v.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
