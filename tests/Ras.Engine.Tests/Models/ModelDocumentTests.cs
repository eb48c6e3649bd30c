using Snapshooter.Xunit;

namespace Ras.Engine.Tests.Models;

public class ModelDocumentTests
{
    [Fact]
    public void Describe_DefaultModel_MatchesSnapshot() => Snapshot.Match(TestModels.Default.Describe());

    [Fact]
    public void Describe_NorfolkModel_MatchesSnapshot() => Snapshot.Match(TestModels.Norfolk.Describe());

    [Fact]
    public void Describe_FormatVersion2BandsModel_MatchesSnapshot() =>
        Snapshot.Match(Ras.Engine.RasModel.LoadFile(TestModels.Fixture("models/format-v2-bands.json")).Describe());

    [Fact]
    public void Describe_FormatVersion2CurveModel_MatchesSnapshot() =>
        Snapshot.Match(Ras.Engine.RasModel.LoadFile(TestModels.Fixture("models/format-v2-curve.json")).Describe());

    [Theory]
    [InlineData(null, "- probability *p* = 1 ÷ (1 + e^−z), rounded to four decimal places;")]
    [InlineData("\"none\"", "- probability *p* = 1 ÷ (1 + e^−z), not rounded;")]
    [InlineData("0", "- probability *p* = 1 ÷ (1 + e^−z), rounded to a whole number (0 or 1);")]
    [InlineData("1", "- probability *p* = 1 ÷ (1 + e^−z), rounded to one decimal place;")]
    [InlineData("6", "- probability *p* = 1 ÷ (1 + e^−z), rounded to six decimal places;")]
    public void Describe_ProbabilityDecimals_SaysHowTheProbabilityIsRounded(string? decimals, string expected)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestModels.Fixture("models/format-v2-bands.json")))!;
        node["directionOfTravel"]!.AsObject().Remove("probabilityDecimals");
        if (decimals is not null)
        {
            node["directionOfTravel"]!["probabilityDecimals"] = System.Text.Json.Nodes.JsonNode.Parse(decimals);
        }

        Assert.Contains(expected + "\n", TestModels.FromJson(node.ToJsonString()).Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_HtmlInModelText_IsShownNotRun()
    {
        var json = File.ReadAllText(TestModels.Fixture("models/minimal.json"))
            .Replace("\"title\": \"Minimal test model\"", "\"title\": \"<script>alert(1)</script> & co\"", StringComparison.Ordinal)
            .Replace("\"title\": \"Eating\"", "\"title\": \"<b>Eating</b>\"", StringComparison.Ordinal);

        var document = TestModels.FromJson(json).Describe();

        Assert.StartsWith("# &lt;script&gt;alert(1)&lt;/script&gt; &amp; co\n", document, StringComparison.Ordinal);
        Assert.Contains("### 1. &lt;b&gt;Eating&lt;/b&gt;\n", document, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", document, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_BasisWithPricePerPointPerWeek_SaysWhatIsPricedAndThePeriod()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestModels.Fixture("models/format-v2-bands.json")))!;
        node["pricing"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "method": "pricePerPoint", "basis": "adl_sum", "per": "week", "pricePerPoint": 9.5 }""");

        var document = TestModels.FromJson(node.ToJsonString()).Describe();

        Assert.Contains("What is priced is the derived quantity *Daily living items* (`adl_sum`), not the points: its value rounded to whole points (halves rounded away from zero), and never below 0.\n", document, StringComparison.Ordinal);
        Assert.Contains("Each point is worth £9.50 a week (× 52 weeks for a year).\n", document, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ListsEveryQuestionAnswerAndBand()
    {
        var document = TestModels.Default.Describe();
        var m = TestModels.Default.Definition;

        foreach (var q in m.Domains.SelectMany(d => d.Questions))
        {
            Assert.Contains($"(`{q.Id}`", document, StringComparison.Ordinal);
            foreach (var a in q.Answers)
            {
                Assert.Contains($"| {a.Text} | `{a.Code}` | {a.Points} |", document, StringComparison.Ordinal);
            }
        }

        foreach (var b in m.Pricing.Bands)
        {
            Assert.Contains($"| {b.Id} {b.Label} | {b.MinPoints}", document, StringComparison.Ordinal);
        }

        Assert.Contains(TestModels.Default.ContentHash, document, StringComparison.Ordinal);
    }
}
