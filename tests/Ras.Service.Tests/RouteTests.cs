using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ras.Engine;

namespace Ras.Service.Tests;

public sealed class RouteTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private static readonly string SampleJson = File.ReadAllText(ServiceFactory.Repo("samples/assessment.json"));

    private HttpClient Client => factory.CreateClient();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Read(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Models_ListsEveryVersionWithDatesAndHash()
    {
        var body = await Read(await Client.GetAsync("/v1/models"));

        Assert.Equal("default-adult", body.GetProperty("defaultModel").GetString());
        var adult = body.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "default-adult");
        Assert.Equal(RasModel.Default.Version, adult.GetProperty("version").GetString());
        Assert.Equal("2026-04-01", adult.GetProperty("effectiveFrom").GetString());
        Assert.Equal("2027-03-31", adult.GetProperty("effectiveTo").GetString());
        Assert.Equal(RasModel.Default.ContentHash, adult.GetProperty("hash").GetString());
        Assert.Equal(2, body.GetProperty("models").GetArrayLength());
    }

    [Fact]
    public async Task Questionnaire_InForce_IsTheTypedView()
    {
        var body = await Read(await Client.GetAsync("/v1/models/default-adult/questionnaire?asOf=2026-11-01"));

        var view = RasModel.Default.Questionnaire;
        Assert.Equal(view.ModelHash, body.GetProperty("modelHash").GetString());
        Assert.Equal(view.Domains.SelectMany(d => d.Questions).Select(q => q.Id), body.GetProperty("domains").EnumerateArray().SelectMany(d => d.GetProperty("questions").EnumerateArray()).Select(q => q.GetProperty("id").GetString()));
        var eating = body.GetProperty("domains")[0].GetProperty("questions")[0];
        Assert.Equal("Can you get food and drink ready, and eat and drink enough?", eating.GetProperty("text").GetString());
        Assert.Equal("nutrition", eating.GetProperty("answers")[2].GetProperty("evidence")[0].GetProperty("outcome").GetString());
        Assert.Equal("withoutAssistance", eating.GetProperty("answers")[2].GetProperty("evidence")[0].GetProperty("ground").GetString());
        Assert.Equal(12, body.GetProperty("horizonMonths").GetInt32());
        Assert.Equal("GBP", body.GetProperty("currency").GetString());
    }

    [Theory]
    [InlineData("/v1/models/default-adult/questionnaire?asOf=2030-01-01", HttpStatusCode.NotFound, "no version of model 'default-adult' is in force on 2030-01-01")]
    [InlineData("/v1/models/nope/questionnaire?asOf=2026-11-01", HttpStatusCode.NotFound, "no model 'nope' is loaded (loaded: default-adult, norfolk-children-primary)")]
    [InlineData("/v1/models/default-adult/questionnaire?asOf=1%2F11%2F2026", HttpStatusCode.BadRequest, "asOf must be a date as yyyy-MM-dd; found '1/11/2026'")]
    [InlineData("/v1/models/default-adult/questionnaire", HttpStatusCode.BadRequest, "asOf must be a date as yyyy-MM-dd; found ''")]
    public async Task Questionnaire_BadRequest_IsAProblem(string url, HttpStatusCode status, string detail)
    {
        var response = await Client.GetAsync(url);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(detail, (await Read(response)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Allocation_Sample_IsTheEnginesResult(bool explain)
    {
        var response = await Client.PostAsync($"/v1/allocations?explain={explain.ToString().ToLowerInvariant()}", Json(SampleJson));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RasModel.Default.AllocateJson(SampleJson, explain).ToJson(), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Allocation_InvalidAnswers_IsAProblemListingEveryError()
    {
        var response = await Client.PostAsync("/v1/allocations", Json("""{"caseId":"x","asOf":"2026-06-01","answers":{"eating":"never","nope":"own"}}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Read(response);
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.Equal("The assessment cannot be allocated", problem.GetProperty("title").GetString());
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        var engine = RasModel.Default.AllocateJson("""{"caseId":"x","asOf":"2026-06-01","answers":{"eating":"never","nope":"own"}}""").Errors;
        Assert.Equal(engine.Select(e => e.Message), errors.Select(e => e.GetProperty("message").GetString()));
        Assert.Contains(errors, e => e.GetProperty("code").GetString() == "invalid-answer" && e.GetProperty("location").GetString() == "/answers/eating");
    }

    [Fact]
    public async Task Allocation_DateWithNoVersionInForce_NamesTheDates()
    {
        var response = await Client.PostAsync("/v1/allocations", Json(SampleJson.Replace("\"asOf\": \"2026-06-01\"", "\"asOf\": \"2027-06-01\"", StringComparison.Ordinal)));

        var error = (await Read(response)).GetProperty("errors")[0];
        Assert.Equal("/asOf: no version of model default-adult is in force on 2027-06-01 (expected a date in 2026-04-01 to 2027-03-31 (version 2.0.0); found 2027-06-01) [model-not-in-force]", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Allocation_UnknownModel_IsNotFound()
    {
        var response = await Client.PostAsync("/v1/allocations?model=nope", Json(SampleJson));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no model 'nope' is loaded (loaded: default-adult, norfolk-children-primary)", (await Read(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Allocation_TooLarge_IsRefused()
    {
        var response = await Client.PostAsync("/v1/allocations", Json(new string(' ', 70_000) + SampleJson));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.StartsWith("the request body is larger than 65536 bytes", (await Read(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_JsonLines_OneResultPerLineInOrder()
    {
        var good = SampleJson.ReplaceLineEndings("");
        var lines = Enumerable.Range(0, 1000).Select(i => i % 10 == 3 ? """{"caseId":"bad","asOf":"2026-06-01","answers":{"eating":"never"}}""" : good.Replace("SAMPLE-0001", $"C{i}", StringComparison.Ordinal)).ToList();
        var content = new StringContent(string.Join("\n", lines) + "\n", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");

        var response = await Client.PostAsync("/v1/allocations/batch", content);
        var output = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(lines.Count, output.Length);
        for (var i = 0; i < lines.Count; i++)
        {
            var row = JsonDocument.Parse(output[i]).RootElement;
            if (i % 10 == 3)
            {
                Assert.Equal("error", row.GetProperty("status").GetString());
                Assert.StartsWith($"line {i + 1}, /answers/eating: 'never' is not an answer", row.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal($"C{i}", row.GetProperty("caseId").GetString());
                Assert.Equal(RasModel.Default.AllocateJson(lines[i]).ToJson(indented: false), output[i]);
            }
        }
    }

    [Fact]
    public async Task Validate_InvalidModel_ListsEveryProblemWithItsPath()
    {
        var model = File.ReadAllText(ServiceFactory.Repo("models/default/default-adult-2.0.0.json"))
            .Replace("\"weeksPerYear\": 52", "\"weeksPerYear\": 60", StringComparison.Ordinal)
            .Replace("\"currency\": \"GBP\"", "\"currency\": \"pounds\"", StringComparison.Ordinal);

        var response = await Client.PostAsync("/v1/models/validate", Json(model));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await Read(response)).GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("code").GetString(), e.GetProperty("path").GetString())).ToList();
        Assert.Equal(new (string?, string?)[] { ("invalid-value", "/currency"), ("invalid-value", "/weeksPerYear") }, errors);
    }

    [Fact]
    public async Task Validate_ValidModel_GivesItsHash()
    {
        var response = await Client.PostAsync("/v1/models/validate", Json(File.ReadAllText(ServiceFactory.Repo("models/default/default-adult-2.0.0.json"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RasModel.Default.ContentHash, (await Read(response)).GetProperty("hash").GetString());
    }

    [Fact]
    public async Task Healthz_WithModels_IsHealthy()
    {
        var response = await Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_DescribesEveryRoute()
    {
        var paths = (await Read(await Client.GetAsync("/openapi/v1.json"))).GetProperty("paths");

        Assert.Equal(
            new[] { "/v1/allocations", "/v1/allocations/batch", "/v1/models", "/v1/models/validate", "/v1/models/{id}/questionnaire" },
            paths.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Page_IsServedAtTheRoot()
    {
        var html = await Client.GetStringAsync("/");

        Assert.Contains("<script src=\"app.js\" defer></script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_CarryNoPersonalData()
    {
        var secret = SampleJson.Replace("SAMPLE-0001", "PERSON-7Q4Z", StringComparison.Ordinal);
        await Client.PostAsync("/v1/allocations?explain=true", Json(secret));
        await Client.PostAsync("/v1/allocations", Json(secret.Replace("\"some_help\"", "\"sometimes-PRIVATE\"", StringComparison.Ordinal)));
        var batch = new StringContent(secret.ReplaceLineEndings("") + "\n", Encoding.UTF8, "application/x-ndjson");
        await Client.PostAsync("/v1/allocations/batch", batch);

        var logs = factory.Logs.ToArray();
        Assert.Contains(logs, l => l.Contains("Allocation with default-adult: ok", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("Allocation with default-adult: error (invalid-answer)", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains("PERSON-7Q4Z", StringComparison.Ordinal) || l.Contains("PRIVATE", StringComparison.Ordinal) || l.Contains("lot_of_help", StringComparison.Ordinal));
    }
}
