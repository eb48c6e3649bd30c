using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ras.Engine.Tests.Models;

/// <summary>
/// Keeps models/schema/ras-model.schema.json (for editors) in step with the engine: every shipped model and
/// every model the engine writes conforms, and the schema rejects what the engine rejects structurally. The
/// checker covers the keywords the schema uses (a JSON Schema validator package is not available here).
/// </summary>
public class ModelSchemaTests
{
    private static readonly JsonNode Schema = JsonNode.Parse(File.ReadAllText(TestModels.Repo("models/schema/ras-model.schema.json")))!;

    [Theory]
    [InlineData("tests/Ras.Engine.Tests/Fixtures/models/default-adult-1.0.0.json")]
    [InlineData("models/norfolk-children/norfolk-children-primary-1.0.0.json")]
    [InlineData("samples/history-truth-model.json")]
    [InlineData("tests/Ras.Engine.Tests/Fixtures/models/format-v2-bands.json")]
    [InlineData("tests/Ras.Engine.Tests/Fixtures/models/format-v2-curve.json")]
    public void Schema_AcceptsShippedModelsAndTheirWrittenForm(string path)
    {
        Assert.Empty(Check(JsonNode.Parse(File.ReadAllText(TestModels.Repo(path))), Schema, "#"));
        Assert.Empty(Check(JsonNode.Parse(Ras.Engine.RasModel.LoadFile(TestModels.Repo(path)).ToJson()), Schema, "#"));
    }

    [Theory]
    [InlineData("unknown-member", "#/domains/0/questions/0/answers/1: unknown member 'pionts'")]
    [InlineData("missing-member", "#: missing 'title'")]
    [InlineData("wrong-type", "#/version: expected string")]
    [InlineData("invalid-enum", "#/rounding/midpoint: not one of the allowed values")]
    public void Schema_RejectsStructuralErrorsTheEngineRejects(string fixture, string expected)
    {
        var errors = Check(JsonNode.Parse(File.ReadAllText(TestModels.Fixture($"invalid/{fixture}.json"))), Schema, "#");

        Assert.Contains(expected, errors);
    }

    [Theory]
    [InlineData("/addOns/0/when", """{ "input": "unpaid_care_hours", "min": 35, "anyOf": ["x"] }""", "#/addOns/0/when: matches 0 of the oneOf alternatives")]
    [InlineData("/derived/0/terms/0", """{ "question": "eating", "domain": "nutrition" }""", "#/derived/0/terms/0: matches 0 of the oneOf alternatives")]
    [InlineData("/directionOfTravel/probabilityDecimals", "\"all\"", "#/directionOfTravel/probabilityDecimals: matches 0 of the oneOf alternatives")]
    [InlineData("/pricing/per", "\"month\"", "#/pricing/per: not one of the allowed values")]
    [InlineData("/formatVersion", "3", "#/formatVersion: not one of the allowed values")]
    [InlineData("/inputs/0/unit", null, "#/inputs/0: missing 'unit'")]
    public void Schema_RejectsVersion2StructuralErrors(string pointer, string? value, string expected)
    {
        var model = JsonNode.Parse(File.ReadAllText(TestModels.Fixture("models/format-v2-bands.json")))!;
        var cut = pointer.LastIndexOf('/');
        var parent = pointer[..cut].Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Aggregate(model, (node, token) => node is JsonArray a ? a[int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)]! : node[token]!);
        var name = pointer[(cut + 1)..];
        if (value is null)
        {
            parent.AsObject().Remove(name);
        }
        else if (parent is JsonArray array)
        {
            array[int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)] = JsonNode.Parse(value);
        }
        else
        {
            parent[name] = JsonNode.Parse(value);
        }

        Assert.Contains(expected, Check(model, Schema, "#"));
    }

    private static List<string> Check(JsonNode? value, JsonNode schema, string path)
    {
        var errors = new List<string>();
        if (schema["$ref"] is { } reference)
        {
            var name = reference.GetValue<string>().Split('/')[^1];
            return Check(value, Schema["$defs"]![name]!, path);
        }

        if (schema["oneOf"] is JsonArray oneOf)
        {
            var matches = oneOf.Count(s => Check(value, s!, path).Count == 0);
            if (matches != 1)
            {
                errors.Add($"{path}: matches {matches} of the oneOf alternatives");
            }

            return errors;
        }

        var type = schema["type"]?.GetValue<string>();
        var kind = value?.GetValueKind();
        var ok = type switch
        {
            "object" => kind == System.Text.Json.JsonValueKind.Object,
            "array" => kind == System.Text.Json.JsonValueKind.Array,
            "string" => kind == System.Text.Json.JsonValueKind.String,
            "number" => kind == System.Text.Json.JsonValueKind.Number,
            "integer" => kind == System.Text.Json.JsonValueKind.Number && value!.GetValue<decimal>() % 1 == 0,
            "boolean" => kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
            "null" => value is null,
            _ => true,
        };
        if (!ok)
        {
            errors.Add($"{path}: expected {type}");
            return errors;
        }

        if (value is JsonObject obj)
        {
            var properties = schema["properties"]!.AsObject();
            foreach (var (name, child) in obj)
            {
                if (!properties.ContainsKey(name))
                {
                    errors.Add($"{path}: unknown member '{name}'");
                }
                else
                {
                    errors.AddRange(Check(child, properties[name]!, $"{path}/{name}"));
                }
            }

            foreach (var required in schema["required"]?.AsArray() ?? new JsonArray())
            {
                if (!obj.ContainsKey(required!.GetValue<string>()))
                {
                    errors.Add($"{path}: missing '{required}'");
                }
            }
        }

        if (value is JsonArray array)
        {
            if (schema["minItems"] is { } min && array.Count < min.GetValue<int>())
            {
                errors.Add($"{path}: too few items");
            }

            for (var i = 0; i < array.Count; i++)
            {
                errors.AddRange(Check(array[i], schema["items"]!, $"{path}/{i}"));
            }
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => a!.ToJsonString() == value!.ToJsonString()))
        {
            errors.Add($"{path}: not one of the allowed values");
        }

        if (schema["pattern"] is { } pattern && !Regex.IsMatch(value!.GetValue<string>(), pattern.GetValue<string>()))
        {
            errors.Add($"{path}: does not match {pattern}");
        }

        if (kind == System.Text.Json.JsonValueKind.Number)
        {
            var n = value!.GetValue<decimal>();
            if ((schema["minimum"] is { } lo && n < lo.GetValue<decimal>()) || (schema["maximum"] is { } hi && n > hi.GetValue<decimal>())
                || (schema["exclusiveMinimum"] is { } xlo && n <= xlo.GetValue<decimal>()))
            {
                errors.Add($"{path}: out of range");
            }
        }

        return errors;
    }
}
