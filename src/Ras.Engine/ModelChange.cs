using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ras.Engine.Models;

namespace Ras.Engine;

/// <summary>
/// A change file: a proposal written as the parameters of a baseline model to change and their new values.
/// <code>
/// { "title": "Band D up 5%", "baseline": { "id": "default-adult", "version": "1.0.0" },
///   "changes": [ { "path": "/pricing/bands/3/amount", "value": 16380 } ] }
/// </code>
/// Each <c>path</c> is a JSON pointer into the baseline model as <see cref="RasModel.ToJson"/> writes it (every
/// default explicit, so every parameter has a path). A change is validated completely before anything is
/// applied, and the changed model is validated as a model: it is applied whole or not at all.
/// </summary>
internal static class ModelChange
{
    public static RasModel Apply(RasModel baseline, Stream changeFile, string? sourceName)
    {
        using var buffer = new MemoryStream();
        changeFile.CopyTo(buffer);
        var bytes = StrictJson.WithoutBom(buffer.ToArray().AsMemory());
        var errors = new List<ModelError>();
        JsonNode? change;
        try
        {
            change = JsonNode.Parse(bytes.Span, documentOptions: new JsonDocumentOptions { MaxDepth = ModelLimits.MaxDepth });
        }
        catch (JsonException ex)
        {
            throw new ModelValidationException(new[] { new ModelError("invalid-json", "", "the change file is not well-formed JSON", "valid JSON", $"line {(ex.LineNumber ?? 0) + 1}", sourceName) });
        }

        var strict = StrictJson.Problems(bytes.Span, ModelLimits.MaxDepth);
        if (strict.Count > 0)
        {
            throw new ModelValidationException(strict.Select(p => new ModelError(p.Code, p.Path, p.Text, p.Expected, p.Found, sourceName)).ToList());
        }

        var model = JsonNode.Parse(baseline.ToJson())!;
        var title = "";
        var edits = new List<(string Path, JsonNode Value)>();
        if (change is not JsonObject root)
        {
            throw new ModelValidationException(new[] { new ModelError("wrong-type", "", "a change file is a JSON object", "{ \"changes\": [ … ] }", "something else", sourceName) });
        }

        foreach (var (name, value) in root)
        {
            switch (name)
            {
                case "$schema" when value is JsonValue schema && schema.TryGetValue<string>(out _):
                    break; // for editors: names models/schema/ras-change.schema.json
                case "title" when value is JsonValue v && v.TryGetValue<string>(out var t):
                    title = t;
                    break;
                case "baseline" when value is JsonObject b:
                    CheckBaseline(baseline, b, errors);
                    break;
                case "changes" when value is JsonArray list:
                    KeepOldRoundingName(list, model);
                    ReadChanges(list, model, edits, errors);
                    break;
                case "title" or "baseline" or "changes":
                    errors.Add(new ModelError("wrong-type", "/" + name, "wrong JSON type", name == "changes" ? "an array" : name == "title" ? "a string" : "an object", value?.GetValueKind().ToString().ToLowerInvariant() ?? "null"));
                    break;
                default:
                    errors.Add(new ModelError("unknown-member", "/" + name, "unknown member (a typo?)", "one of 'title', 'baseline', 'changes'", $"'{name}'"));
                    break;
            }
        }

        if (root["changes"] is null)
        {
            errors.Add(new ModelError("missing-member", "/changes", "required member is missing", "'changes'"));
        }

        if (errors.Count > 0)
        {
            throw new ModelValidationException(errors.Select(e => e.WithSource(sourceName)).ToList());
        }

        foreach (var (path, value) in edits)
        {
            Replace(model, path, value);
        }

        var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        model["version"] = Proposal(baseline.Version, hash);
        model["title"] = $"{baseline.Title}: proposal{(title.Length > 0 ? " (" + title + ")" : "")}";
        model["description"] = $"Proposal derived from {baseline.Id} {baseline.Version} ({baseline.ContentHash}) by the change file {(sourceName is null ? "(unnamed)" : Path.GetFileName(sourceName))} ({hash}): {string.Join("; ", edits.Select(e => $"{e.Path} = {e.Value.ToJsonString()}"))}. {baseline.Definition.Description}".TrimEnd();
        var proposal = RasModel.TryLoad(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(model.ToJsonString())), $"{baseline.Source} with {sourceName}", out var modelErrors);
        if (proposal is null)
        {
            throw new ModelValidationException(modelErrors.Select(e => new ModelError(e.Code, e.Path, "after the change: " + e.Problem, e.Expected, e.Actual, sourceName)).ToList());
        }

        return proposal;
    }

    /// <summary>The proposal's version: the baseline's with a pre-release tag naming the change's hash.</summary>
    public static string Proposal(string baselineVersion, string changeHash) =>
        baselineVersion + (baselineVersion.Contains('-', StringComparison.Ordinal) ? "." : "-") + "proposal." + changeHash["sha256:".Length..][..12];

    private static void CheckBaseline(RasModel baseline, JsonObject b, List<ModelError> errors)
    {
        foreach (var (name, value) in b)
        {
            var actual = name switch { "id" => baseline.Id, "version" => baseline.Version, "hash" => baseline.ContentHash, _ => null };
            if (actual is null)
            {
                errors.Add(new ModelError("unknown-member", "/baseline/" + name, "unknown member (a typo?)", "one of 'id', 'version', 'hash'", $"'{name}'"));
            }
            else if (value?.GetValueKind() != JsonValueKind.String || value.GetValue<string>() != actual)
            {
                errors.Add(new ModelError("wrong-baseline", "/baseline/" + name, "the change file was written for another baseline", $"\"{actual}\"", value?.ToJsonString() ?? "null"));
            }
        }
    }

    /// <summary>
    /// A change file written before the rounding member was renamed names it by its first path,
    /// <c>/rounding/midpoint</c>, with its first values: the model is then changed under that name (the reader
    /// accepts both), so such files keep working.
    /// </summary>
    private static void KeepOldRoundingName(JsonArray list, JsonNode model)
    {
        const string OldPath = "/rounding/midpoint";
        var named = list.Any(c => c is JsonObject o && o["path"] is JsonValue p && p.TryGetValue<string>(out var path) && path == OldPath);
        if (named && model["rounding"] is JsonObject rounding && rounding["mode"] is JsonValue mode && mode.TryGetValue<string>(out var name))
        {
            rounding.Remove("mode");
            rounding["midpoint"] = RoundingModes.OldName(RoundingModes.Names.First(n => n.Text == name).Value);
        }
    }

    private static void ReadChanges(JsonArray list, JsonNode model, List<(string, JsonNode)> edits, List<ModelError> errors)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var at = $"/changes/{i}";
            if (list[i] is not JsonObject item)
            {
                errors.Add(new ModelError("wrong-type", at, "a change is an object", "{ \"path\": …, \"value\": … }", "something else"));
                continue;
            }

            foreach (var (name, _) in item)
            {
                if (name is not ("path" or "value"))
                {
                    errors.Add(new ModelError("unknown-member", $"{at}/{name}", "unknown member (a typo?)", "'path' and 'value'", $"'{name}'"));
                }
            }

            if (item["path"] is not JsonValue p || !p.TryGetValue<string>(out var path))
            {
                errors.Add(new ModelError("missing-member", at + "/path", "a change needs the JSON pointer of the parameter", "a string such as \"/pricing/bands/3/amount\""));
                continue;
            }

            if (!item.ContainsKey("value"))
            {
                errors.Add(new ModelError("missing-member", at + "/value", "a change needs the new value", "'value'"));
                continue;
            }

            if (!seen.TryAdd(path, i))
            {
                errors.Add(new ModelError("duplicate-change", at + "/path", "the same parameter is changed twice", $"a path not already changed at /changes/{seen[path]}", $"\"{path}\""));
                continue;
            }

            var target = Find(model, path);
            if (target is null && path.Split('/').Any(t => t.Length > 1 && t[0] == '0' && t.All(char.IsAsciiDigit)))
            {
                errors.Add(new ModelError("unknown-parameter", at + "/path", "an array index in a JSON pointer has no leading zeros (RFC 6901)", "an index such as 1, not 01", $"\"{path}\""));
                continue;
            }

            if (target is null || path is "/id" or "/version")
            {
                errors.Add(new ModelError("unknown-parameter", at + "/path", path is "/id" or "/version" ? "a proposal keeps the baseline's id, and its version is derived from the change" : "the baseline model has no such parameter", "a JSON pointer into the model as 'ras describe' and ToJson show it", $"\"{path}\""));
                continue;
            }

            var value = item["value"];
            var expected = target.GetValueKind();
            var actual = value?.GetValueKind() ?? JsonValueKind.Null;
            if (Kind(expected) != Kind(actual))
            {
                errors.Add(new ModelError("wrong-type", at + "/value", $"the new value has the wrong type for {path}", Describe(expected), Describe(actual)));
                continue;
            }

            edits.Add((path, value!.DeepClone()));
        }
    }

    private static string Kind(JsonValueKind k) => k is JsonValueKind.True or JsonValueKind.False ? "boolean" : k.ToString();

    private static string Describe(JsonValueKind k) => k switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    /// <summary>The node at a JSON pointer, or null when there is none.</summary>
    internal static JsonNode? Find(JsonNode root, string pointer)
    {
        if (!pointer.StartsWith('/'))
        {
            return null;
        }

        JsonNode? node = root;
        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject o => o.TryGetPropertyValue(token, out var child) ? child : null,
                JsonArray a when IsIndex(token) && int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < a.Count => a[index],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>An array index as RFC 6901 writes it: "0", or digits not starting with 0 (so that "/x/01" and "/x/1" cannot both name one item).</summary>
    private static bool IsIndex(string token) => token == "0" || (token.Length > 0 && token[0] != '0');

    private static void Replace(JsonNode root, string pointer, JsonNode value)
    {
        var cut = pointer.LastIndexOf('/');
        var parent = cut == 0 ? root : Find(root, pointer[..cut])!;
        var token = pointer[(cut + 1)..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        if (parent is JsonArray array)
        {
            array[int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent[token] = value;
        }
    }
}
