using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NJsonSchema;
using NJsonSchema.Validation;
using Ras.Engine.Assessments;
using Ras.Engine.Tests.Evaluation;

namespace Ras.Engine.Tests.Models;

/// <summary>
/// Keeps the shipped JSON Schemas (models/schema/*.schema.json, for editors) in step with the engine, checked by a
/// real validator (NJsonSchema): every shipped model, sample and valid fixture conforms, and so does every model
/// the engine writes (random models included); known-invalid files are rejected where the schema can see the
/// problem; and every member of every schema has a description.
/// </summary>
public class SchemaTests
{
    private static readonly Lazy<JsonSchema> Model = Schema("ras-model");
    private static readonly Lazy<JsonSchema> Change = Schema("ras-change");
    private static readonly Lazy<JsonSchema> AssessmentSchema = Schema("ras-assessment");
    private static readonly Lazy<JsonSchema> CaseloadRow = Schema("ras-caseload-row");

    public static TheoryData<string> ValidModels() => Files(
        ("models", "*.json"), ("samples/models", "*.json"), ("samples", "*-model.json"),
        ("tests/Ras.Engine.Tests/Fixtures/models", "*.json"));

    public static TheoryData<string> ValidAssessments() => Files(("samples", "assessment*.json"), ("tests/Ras.Engine.Tests/Fixtures/assessments", "*.json"));

    public static TheoryData<string> ValidChanges() => Files(("samples/changes", "*.json"));

    public static TheoryData<string> JsonLinesCaseloads() => Files(("samples", "*.jsonl"));

    [Theory]
    [MemberData(nameof(ValidModels))]
    public void ModelSchema_AcceptsEveryShippedModelAndItsWrittenForm(string path)
    {
        var model = RasModel.LoadFile(TestModels.Repo(path)); // a file meant to be valid: the engine loads it

        Assert.Empty(Problems(Model, File.ReadAllText(TestModels.Repo(path))));
        Assert.Empty(Problems(Model, model.ToJson()));
    }

    [Property(MaxTest = 150)]
    public Property ModelSchema_AcceptsRandomModelsAndTheirWrittenForm() =>
        Prop.ForAll(Arb.From(ModelGen.ModelDocuments()), doc =>
        {
            var json = doc.ToJsonString();
            if (ModelGen.TryLoad(json, out _) is not { } model)
            {
                return true.ToProperty().Classify(true, "refused on load");
            }

            var problems = Problems(Model, json).Concat(Problems(Model, model.ToJson()).Select(p => "written: " + p)).ToList();
            return (problems.Count == 0).Label(string.Join("; ", problems));
        });

    [Theory]
    [MemberData(nameof(ValidAssessments))]
    public void AssessmentSchema_AcceptsEverySampleAssessment(string path)
    {
        var text = File.ReadAllText(TestModels.Repo(path));
        Assessment.ParseJson(text); // a file meant to be valid: the engine reads it

        Assert.Empty(Problems(AssessmentSchema, text));
        Assert.Empty(Problems(AssessmentSchema, Assessment.ParseJson(text).ToJson()));
    }

    [Theory]
    [MemberData(nameof(ValidChanges))]
    public void ChangeSchema_AcceptsEverySampleChange(string path) =>
        Assert.Empty(Problems(Change, File.ReadAllText(TestModels.Repo(path))));

    [Theory]
    [MemberData(nameof(JsonLinesCaseloads))]
    public void CaseloadRowSchema_AcceptsEveryRowOfTheSampleCaseloads(string path)
    {
        var lines = File.ReadAllLines(TestModels.Repo(path)).Where(l => l.Length > 0).ToList();

        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Empty(Problems(CaseloadRow, line)));
    }

    [Theory]
    [InlineData("unknown-member", "NoAdditionalPropertiesAllowed #/domains[0].questions[0].answers[1].pionts")]
    [InlineData("missing-member", "PropertyRequired #/title")]
    [InlineData("wrong-type", "StringExpected #/version")]
    [InlineData("invalid-enum", "NotInEnumeration #/rounding.midpoint")]
    [InlineData("invalid-id", "PatternMismatch #/id")]
    [InlineData("invalid-version", "PatternMismatch #/version")]
    [InlineData("negative-amount", "NotOneOf #/pricing.bands[1].pricePerPoint")]
    [InlineData("out-of-range", "NotOneOf #/pricing.bands[0].amount")]
    public void ModelSchema_RejectsStructuralErrorsTheEngineRejects(string fixture, string expected)
    {
        var text = File.ReadAllText(TestModels.Fixture($"invalid/{fixture}.json"));

        Assert.NotEmpty(TestModels.ErrorsOf(text));
        Assert.Contains(expected, Problems(Model, text));
    }

    [Theory]
    [InlineData("/addOns/0/when", """{ "input": "unpaid_care_hours", "min": 35, "anyOf": ["x"] }""", "NotOneOf #/addOns[0].when")]
    [InlineData("/derived/0/terms/0", """{ "question": "eating", "domain": "nutrition" }""", "NotOneOf #/derived[0].terms[0]")]
    [InlineData("/directionOfTravel/probabilityDecimals", "\"all\"", "NotOneOf #/directionOfTravel.probabilityDecimals")]
    [InlineData("/pricing/per", "\"month\"", "NotInEnumeration #/pricing.per")]
    [InlineData("/formatVersion", "3", "NotInEnumeration #/formatVersion")]
    [InlineData("/inputs/0/unit", null, "PropertyRequired #/inputs[0].unit")]
    [InlineData("/rounding/mode", "\"nearestHalfAwayFromZero\"", "NotOneOf #/rounding")]
    [InlineData("/rounding/midpoint", null, "NotOneOf #/rounding")]
    [InlineData("/rounding/midpoint", "\"towardZero\"", "NotInEnumeration #/rounding.midpoint")]
    public void ModelSchema_RejectsStructuralErrorsInAFormatVersion2Model(string pointer, string? value, string expected)
    {
        var model = JsonNode.Parse(File.ReadAllText(TestModels.Fixture("models/format-v2-bands.json")))!;
        Set(model, pointer, value);
        var text = model.ToJsonString();

        Assert.NotEmpty(TestModels.ErrorsOf(text));
        Assert.Contains(expected, Problems(Model, text));
    }

    [Theory]
    [InlineData("/answrs", "{}", "NoAdditionalPropertiesAllowed #/answrs")]
    [InlineData("/caseId", null, "PropertyRequired #/caseId")]
    [InlineData("/asOf", null, "PropertyRequired #/asOf")]
    [InlineData("/asOf", "\"1 June 2026\"", "PatternMismatch #/asOf")]
    [InlineData("/answers/eating", "2", "StringExpected #/answers.eating")]
    [InlineData("/anticipatedWithinMonths/eating", "0", "NumberTooSmall #/anticipatedWithinMonths.eating")]
    [InlineData("/determinations/needsFromImpairment", "\"yes\"", "BooleanExpected #/determinations.needsFromImpairment")]
    public void AssessmentSchema_RejectsWhatTheEngineRejects(string pointer, string? value, string expected)
    {
        var assessment = JsonNode.Parse(File.ReadAllText(TestModels.Repo("samples/assessment.json")))!;
        Set(assessment, pointer, value);
        var text = assessment.ToJsonString();

        Assert.False(Assessment.TryParseJson(text, out _, out _), "the engine rejects it too");
        Assert.Contains(expected, Problems(AssessmentSchema, text));
    }

    [Fact]
    public void CaseloadRowSchema_AllowsARowWithoutAsOfAndRejectsAnUnknownMember()
    {
        Assert.Empty(Problems(CaseloadRow, """{"caseId":"C1","answers":{"eating":"own"}}"""));
        Assert.Contains("NoAdditionalPropertiesAllowed #/answer", Problems(CaseloadRow, """{"caseId":"C1","answer":{"eating":"own"}}"""));
    }

    [Theory]
    [InlineData("""{ "changes": [ { "path": "/pricing/bands/3/amount", "value": 1, "note": "x" } ] }""", "NoAdditionalPropertiesAllowed #/changes[0].note")]
    [InlineData("""{ "title": "x" }""", "PropertyRequired #/changes")]
    [InlineData("""{ "changes": [ { "path": "pricing/bands/3/amount", "value": 1 } ] }""", "PatternMismatch #/changes[0].path")]
    [InlineData("""{ "changes": [ { "path": "/pricing/bands/3/amount" } ] }""", "PropertyRequired #/changes[0].value")]
    [InlineData("""{ "baseline": { "id": "default-adult", "versoin": "2.0.0" }, "changes": [] }""", "NoAdditionalPropertiesAllowed #/baseline.versoin")]
    public void ChangeSchema_RejectsWhatTheEngineRejects(string change, string expected)
    {
        Assert.Throws<Ras.Engine.Models.ModelValidationException>(() => RasModel.Default.ApplyChange(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(change)), "change.json"));
        Assert.Contains(expected, Problems(Change, change));
    }

    [Theory]
    [InlineData("ras-model")]
    [InlineData("ras-change")]
    [InlineData("ras-assessment")]
    [InlineData("ras-caseload-row")]
    public void Schema_DescribesEveryMember(string name)
    {
        var schema = JsonNode.Parse(File.ReadAllText(TestModels.Repo($"models/schema/{name}.schema.json")))!;
        var undescribed = new List<string>();
        var members = 0;
        void Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, child) in o)
                    {
                        if (key == "properties" && child is JsonObject properties)
                        {
                            foreach (var (member, definition) in properties)
                            {
                                members++;
                                if (definition?["description"]?.GetValue<string>() is not { Length: > 0 })
                                {
                                    undescribed.Add($"{path}/{member}");
                                }

                                Walk(definition, $"{path}/{member}");
                            }
                        }
                        else
                        {
                            Walk(child, $"{path}/{key}");
                        }
                    }

                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        Walk(a[i], $"{path}/{i}");
                    }

                    break;
            }
        }

        Walk(schema, "#");

        Assert.NotNull(schema["description"]);
        Assert.Empty(undescribed);
        Assert.True(members > 0 || schema["$ref"] is not null, "the schema has members or refers to a schema that has");
    }

    [Fact]
    public void WrittenModel_NamesTheModelSchemaById()
    {
        var schema = JsonNode.Parse(File.ReadAllText(TestModels.Repo("models/schema/ras-model.schema.json")))!;

        Assert.Equal(schema["$id"]!.GetValue<string>(), JsonNode.Parse(RasModel.Default.ToJson())!["$schema"]!.GetValue<string>());
    }

    private static Lazy<JsonSchema> Schema(string name) =>
        new(() => JsonSchema.FromFileAsync(TestModels.Repo($"models/schema/{name}.schema.json")).GetAwaiter().GetResult());

    /// <summary>Every problem the validator finds, flattened, as "Kind path".</summary>
    private static List<string> Problems(Lazy<JsonSchema> schema, string json)
    {
        var list = new List<string>();
        void Add(ValidationError e)
        {
            list.Add($"{e.Kind} {e.Path}");
            switch (e)
            {
                case ChildSchemaValidationError child:
                    foreach (var inner in child.Errors.Values.SelectMany(v => v))
                    {
                        Add(inner);
                    }

                    break;
                case MultiTypeValidationError multi:
                    foreach (var inner in multi.Errors.Values.SelectMany(v => v))
                    {
                        Add(inner);
                    }

                    break;
            }
        }

        foreach (var e in schema.Value.Validate(json))
        {
            Add(e);
        }

        return list;
    }

    private static TheoryData<string> Files(params (string Folder, string Pattern)[] places)
    {
        var data = new TheoryData<string>();
        foreach (var (folder, pattern) in places)
        {
            foreach (var file in Directory.EnumerateFiles(TestModels.Repo(folder), pattern, SearchOption.AllDirectories)
                         .Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(TestModels.Repo(""), file).Replace('\\', '/'));
            }
        }

        return data;
    }

    /// <summary>Sets (or with a null value removes) the member at a JSON pointer.</summary>
    private static void Set(JsonNode root, string pointer, string? value)
    {
        var cut = pointer.LastIndexOf('/');
        var parent = pointer[..cut].Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Aggregate(root, (node, token) => node is JsonArray a ? a[int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)]! : node[token]!);
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
    }
}
