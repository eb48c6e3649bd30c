using Ras.Engine.Assessments;
using Ras.Engine.Caseloads;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Evaluation;

/// <summary>
/// Models that validate and allocate, but whose assessments a CSV caseload cannot carry as the explained path
/// reads them, found while writing the batch-equals-allocate tests (whose generators keep clear of them so as
/// to find other faults). (1) All ids share one namespace in a caseload header (case_id, as_of, client_group,
/// attribute ids, question ids, next.&lt;question&gt;, risk.&lt;factor&gt;), but the validator checks each kind of id
/// only against its own kind. (2) The CSV reader trims every cell and header name and takes an empty cell as
/// "not given", but answer codes and attribute ids are not checked for surrounding spaces or emptiness.
/// Kept as the minimal cases, skipped until the engine is fixed.
/// </summary>
public class CsvCaseloadDivergenceTests
{
    private static RasModel Model(string questionId, bool required, string attributeId, string answerCode = "x") => TestModels.FromJson($$"""
        { "id": "m", "version": "1.0.0", "title": "Collision", "effectiveFrom": "2026-04-01",
          "attributes": [ { "id": "{{attributeId}}", "label": "Attribute", "values": [ { "code": "x", "label": "X" } ] } ],
          "domains": [ { "id": "d", "title": "Domain", "questions": [ { "id": "{{questionId}}", "text": "Question", "required": {{(required ? "true" : "false")}},
             "answers": [ { "code": "none", "text": "None", "points": 0 }, { "code": {{System.Text.Json.JsonSerializer.Serialize(answerCode)}}, "text": "Some", "points": 10 } ] } ] } ],
          "pricing": { "method": "pricePerPoint", "pricePerPoint": 100 },
          "range": { "method": "tolerance", "belowPercent": 0, "abovePercent": 0 },
          "rounding": { "annualUnit": 1, "weeklyUnit": 0.01, "midpoint": "awayFromZero" } }
        """);

    [Theory(Skip = "engine bug: an attribute id equal to a question id (or to next.<question>, as_of, case_id, client_group) validates and allocates (10 points, 1000.00), but the caseload header for it names a column twice, so the CSV batch throws CaseloadFormatException and allocates nothing")]
    [InlineData("q", "q")]
    [InlineData("q", "next.q")]
    [InlineData("q", "as_of")]
    [InlineData("as_of", "attribute")]
    public void Batch_AttributeAndQuestionIdsCollide_AllocatesAsAllocateDoes(string questionId, string attributeId)
    {
        var model = Model(questionId, required: true, attributeId);
        var a = new Assessment("C1", new DateOnly(2026, 5, 1), attributes: new Dictionary<string, string> { [attributeId] = "x" }, answers: new Dictionary<string, string> { [questionId] = "x" });
        Assert.Equal(1000m, model.Allocate(a).GetValueOrThrow().Annual.Indicative);

        var (summary, rows) = BatchHarness.Run(model, BatchHarness.Csv(model, new[] { a }), CaseloadFormat.Csv, CaseloadFormat.Csv);

        Assert.Empty(BatchHarness.Differences(model.Allocate(a), rows[0], summary.RejectedByCode.Keys.SingleOrDefault(), "csv"));
    }

    [Fact(Skip = "engine bug: an optional question with id 'client_group' validates and allocate scores its answer (10 points, 1000.00); in a CSV caseload its column is read as the client group, so the batch silently prices 0 points (0.00)")]
    public void Batch_OptionalQuestionNamedClientGroup_IsScoredAsInAllocate()
    {
        var model = Model("client_group", required: false, "attribute");
        var a = new Assessment("C1", new DateOnly(2026, 5, 1), answers: new Dictionary<string, string> { ["client_group"] = "x" });
        Assert.Equal(1000m, model.Allocate(a).GetValueOrThrow().Annual.Indicative);

        var (summary, rows) = BatchHarness.Run(model, "case_id,as_of,client_group\nC1,2026-05-01,x\n", CaseloadFormat.Csv, CaseloadFormat.Csv);

        Assert.Empty(BatchHarness.Differences(model.Allocate(a), rows[0], summary.RejectedByCode.Keys.SingleOrDefault(), "csv"));
    }

    [Theory(Skip = "engine bug: answer codes are not checked for surrounding spaces or emptiness; allocate accepts ' x', 'x ' and '' (10 points, 1000.00), but the CSV reader trims cells and takes an empty cell as not given, so the batch rejects the row (invalid-answer: found 'x'; missing-answer)")]
    [InlineData(" x")]
    [InlineData("x ")]
    [InlineData("")]
    public void Batch_AnswerCodeWithSpacesOrEmpty_AllocatesAsAllocateDoes(string code)
    {
        var model = Model("q", required: true, "attribute", answerCode: code);
        var a = new Assessment("C1", new DateOnly(2026, 5, 1), answers: new Dictionary<string, string> { ["q"] = code });
        Assert.Equal(1000m, model.Allocate(a).GetValueOrThrow().Annual.Indicative);

        var (summary, rows) = BatchHarness.Run(model, BatchHarness.Csv(model, new[] { a }), CaseloadFormat.Csv, CaseloadFormat.Csv);

        Assert.Empty(BatchHarness.Differences(model.Allocate(a), rows[0], summary.RejectedByCode.Keys.SingleOrDefault(), "csv"));
    }

    [Fact(Skip = "engine bug: attribute ids are not checked against the id pattern; an attribute ' attr' (leading space) with an adjustment on it (+100%) validates and allocate gives 20 points (2000.00), but the CSV reader trims the header name, ignores the column with a warning, and the batch silently prices 10 points (1000.00)")]
    public void Batch_AttributeIdWithLeadingSpace_IsReadAsInAllocate()
    {
        var json = Model("q", required: true, " attr").ToJson();
        var document = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        document["adjustments"] = System.Text.Json.Nodes.JsonNode.Parse("""[ { "id": "up", "title": "Up", "kind": "other", "reason": "Test.", "when": { "attribute": " attr", "anyOf": ["x"] }, "percent": 100 } ]""");
        var model = TestModels.FromJson(document.ToJsonString());
        var a = new Assessment("C1", new DateOnly(2026, 5, 1), attributes: new Dictionary<string, string> { [" attr"] = "x" }, answers: new Dictionary<string, string> { ["q"] = "x" });
        Assert.Equal(2000m, model.Allocate(a).GetValueOrThrow().Annual.Indicative);

        var (summary, rows) = BatchHarness.Run(model, BatchHarness.Csv(model, new[] { a }), CaseloadFormat.Csv, CaseloadFormat.Csv);

        Assert.Empty(BatchHarness.Differences(model.Allocate(a), rows[0], summary.RejectedByCode.Keys.SingleOrDefault(), "csv"));
    }
}
