using Ras.Engine.Assessments;
using Ras.Engine.Caseloads;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Models;

/// <summary>
/// Models whose assessments a caseload could not carry as the explained path reads them (found by the
/// batch-equals-allocate properties: they used to validate, allocate, and then give no figure or a silently
/// different one in a caseload run). A caseload names every question, attribute and input by its id in one
/// header, next to case_id, as_of, client_group, next.&lt;question&gt; and risk.&lt;factor&gt;, and it trims cells and
/// takes an empty one as "not given". Such models are now rejected, each with the reason.
/// </summary>
public class CaseloadSafeIdsTests
{
    private static string Json(string questionId, bool required, string attributeId, string answerCode = "x", string adjustments = "[]") => $$"""
        { "id": "m", "version": "1.0.0", "title": "Collision", "effectiveFrom": "2026-04-01",
          "attributes": [ { "id": {{System.Text.Json.JsonSerializer.Serialize(attributeId)}}, "label": "Attribute", "values": [ { "code": "x", "label": "X" } ] } ],
          "domains": [ { "id": "d", "title": "Domain", "questions": [ { "id": "{{questionId}}", "text": "Question", "required": {{(required ? "true" : "false")}},
             "answers": [ { "code": "none", "text": "None", "points": 0 }, { "code": {{System.Text.Json.JsonSerializer.Serialize(answerCode)}}, "text": "Some", "points": 10 } ] } ] } ],
          "adjustments": {{adjustments}},
          "pricing": { "method": "pricePerPoint", "pricePerPoint": 100 },
          "range": { "method": "tolerance", "belowPercent": 0, "abovePercent": 0 },
          "rounding": { "annualUnit": 1, "weeklyUnit": 0.01, "midpoint": "awayFromZero" } }
        """;

    [Theory]
    [InlineData("q", "q", "test.json#/attributes/0/id: attribute id is also a question id: a caseload column could not say which it holds (expected an id not already used at /domains/0/questions/0; found \"q\") [duplicate-id]")]
    [InlineData("q", "next.q", "test.json#/attributes/0/id: attribute id is the name of a caseload column (expected an id other than case_id, as_of and client_group, not starting with 'next.' or 'risk.'; found \"next.q\") [invalid-id]")]
    [InlineData("q", "as_of", "test.json#/attributes/0/id: attribute id is the name of a caseload column (expected an id other than case_id, as_of and client_group, not starting with 'next.' or 'risk.'; found \"as_of\") [invalid-id]")]
    [InlineData("as_of", "attribute", "test.json#/domains/0/questions/0/id: question id is the name of a caseload column (expected an id other than case_id, as_of and client_group, not starting with 'next.' or 'risk.'; found \"as_of\") [invalid-id]")]
    [InlineData("client_group", "attribute", "test.json#/domains/0/questions/0/id: question id is the name of a caseload column (expected an id other than case_id, as_of and client_group, not starting with 'next.' or 'risk.'; found \"client_group\") [invalid-id]")]
    [InlineData("q", " attr", "test.json#/attributes/0/id: attribute id must be lower case letters, digits, '.', '_' or '-' (expected for example \"living_setting\"; found \" attr\") [invalid-id]")]
    public void Validate_IdsACaseloadHeaderCannotTellApart_AreRejected(string questionId, string attributeId, string message)
    {
        var errors = TestModels.ErrorsOf(Json(questionId, required: false, attributeId));

        Assert.Contains(message, errors.Select(e => e.Message));
    }

    [Theory]
    [InlineData(" x", "\" x\"")]
    [InlineData("x ", "\"x \"")]
    [InlineData("", "\"\"")]
    [InlineData("a\nb", "\"a\\nb\"")]
    public void Validate_CodesACaseloadCellCannotCarry_AreRejected(string code, string found)
    {
        var errors = TestModels.ErrorsOf(Json("q", required: true, "attribute", answerCode: code));

        Assert.Contains($"test.json#/domains/0/questions/0/answers/1/code: answer code is empty, has spaces at either end or holds a line break: a caseload cell could not carry it (expected a code such as \"some_help\"; found {found}) [invalid-value]", errors.Select(e => e.Message));
    }

    [Fact]
    public void Batch_AModelThatValidates_CarriesEveryIdAndCodeThroughACaseload()
    {
        // The same shape with safe ids: the caseload gives exactly the explained figure.
        var model = TestModels.FromJson(Json("q", required: true, "attr", adjustments: """[ { "id": "up", "title": "Up", "kind": "other", "reason": "Test.", "when": { "attribute": "attr", "anyOf": ["x"] }, "percent": 100 } ]"""));
        var a = new Assessment("C1", new DateOnly(2026, 5, 1), attributes: new Dictionary<string, string> { ["attr"] = "x" }, answers: new Dictionary<string, string> { ["q"] = "x" });
        Assert.Equal(2000m, model.Allocate(a).GetValueOrThrow().Annual.Indicative);

        var (summary, rows) = Ras.Engine.Tests.Evaluation.BatchHarness.Run(model, Ras.Engine.Tests.Evaluation.BatchHarness.Csv(model, new[] { a }), CaseloadFormat.Csv, CaseloadFormat.Csv);

        Assert.Empty(Ras.Engine.Tests.Evaluation.BatchHarness.Differences(model.Allocate(a), rows[0], summary.RejectedByCode.Keys.SingleOrDefault(), "csv"));
    }
}
