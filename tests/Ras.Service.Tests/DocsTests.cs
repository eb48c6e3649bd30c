using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ras.Service.Tests;

/// <summary>docs/service.md's examples run against the service and give what the page says.</summary>
public sealed partial class DocsTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private static readonly string Doc = File.ReadAllText(ServiceFactory.Repo("docs/service.md"));

    [GeneratedRegex(@"^curl -s (?:-X (?<method>\w+) )?(?:-H '(?<header>[^']+)' )?(?:--data-binary @(?<file>\S+) )?'?http://localhost:5080(?<path>[^'\s]+)'?\s+# → (?<status>\d{3})$", RegexOptions.Multiline)]
    private static partial Regex Curl();

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (Match m in Curl().Matches(Doc))
        {
            data.Add(m.Value);
        }

        return data;
    }

    [Fact]
    public void Doc_HasEveryCurlExampleInTheTestedForm()
    {
        var curls = Regex.Matches(Doc, "^curl .*$", RegexOptions.Multiline).Count;

        Assert.True(curls >= 9, $"{curls} curl examples");
        Assert.Equal(curls, Curl().Matches(Doc).Count);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task CurlExample_GivesTheStatusShown(string command)
    {
        var m = Curl().Match(command);
        using var request = new HttpRequestMessage(new HttpMethod(m.Groups["method"].Success ? m.Groups["method"].Value : "GET"), m.Groups["path"].Value);
        if (m.Groups["file"].Success)
        {
            request.Content = new ByteArrayContent(File.ReadAllBytes(ServiceFactory.Repo(m.Groups["file"].Value)));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(m.Groups["header"].Value.Split(": ")[1]);
        }

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(int.Parse(m.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture), (int)response.StatusCode);
    }

    [Fact]
    public async Task ProblemExample_IsWhatTheServiceAnswers()
    {
        var shown = Regex.Match(Doc, "```json\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        var body = File.ReadAllText(ServiceFactory.Repo("samples/assessment.json")).Replace("\"eating\": \"some_help\"", "\"eating\": \"never\"", StringComparison.Ordinal);

        var response = await factory.CreateClient().PostAsync("/v1/allocations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var actual = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        var expected = JsonDocument.Parse(shown).RootElement;
        foreach (var member in expected.EnumerateObject())
        {
            Assert.Equal(JsonSerializer.Serialize(member.Value), JsonSerializer.Serialize(actual.GetProperty(member.Name)));
        }
    }
}
