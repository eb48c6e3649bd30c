using System.Globalization;
using System.Text.Json.Nodes;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Models;

/// <summary>
/// The rounding rule's <c>mode</c> and its first name <c>midpoint</c>: the documented tables hold for the engine,
/// both names read alike and hash alike, and old files (models and change files) keep working.
/// </summary>
public class RoundingModesTests
{
    [Theory]
    [InlineData("docs/model-format.md")]
    [InlineData("docs/calculation.md")]
    public void DocumentedTable_IsWhatTheEngineDoes(string doc)
    {
        var lines = File.ReadAllLines(TestModels.Repo(doc)).Select(l => l.Trim()).ToArray();
        var header = Array.FindIndex(lines, l => l.StartsWith("| `mode` |", StringComparison.Ordinal));
        Assert.True(header >= 0, $"{doc} has the table of rounding modes");
        var columns = Cells(lines[header]);
        var rows = lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).ToList();
        var checkedModes = new List<MidpointRounding>();
        var cells = 0;

        foreach (var row in rows)
        {
            var values = Cells(row);
            var name = values[0].Split('`')[1];
            var mode = RoundingModes.Names.Single(n => n.Text == name).Value;
            checkedModes.Add(mode);
            for (var i = 0; i < columns.Length; i++)
            {
                if (columns[i] == "Old `midpoint` value")
                {
                    Assert.Equal(RoundingModes.OldName(mode), values[i].Trim('`'));
                }
                else if (Example(columns[i]) is { } example)
                {
                    var rounded = new RoundingDefinition(example.Unit, example.Unit, mode).RoundAnnual(example.Value);
                    Assert.True(Number(values[i]) == rounded, $"{doc}: {name} rounds {example.Value} to a unit of {example.Unit} as {rounded}, not {values[i]}");
                    cells++;
                }
            }
        }

        Assert.Equal(RoundingModes.Names.Select(n => n.Value), checkedModes);
        Assert.Equal(5 * 7, cells);
    }

    [Theory]
    [InlineData(MidpointRounding.AwayFromZero, 10467, 201.30)]
    [InlineData(MidpointRounding.ToEven, 10467, 201.30)]
    [InlineData(MidpointRounding.ToZero, 10467, 201.29)]
    [InlineData(MidpointRounding.ToPositiveInfinity, 10468, 201.30)]
    [InlineData(MidpointRounding.ToNegativeInfinity, 10467, 201.29)]
    public void WorkedExampleInCalculationDoc_AnnualAndWeekly(MidpointRounding mode, double annual, double weekly)
    {
        var rule = new RoundingDefinition(1m, 0.01m, mode);

        Assert.Equal((decimal)annual, rule.RoundAnnual(10467.496m));
        Assert.Equal((decimal)weekly, rule.RoundWeekly(10467.496m / 52m));
    }

    [Theory]
    [InlineData("nearestHalfAwayFromZero", "awayFromZero")]
    [InlineData("nearestHalfToEven", "toEven")]
    [InlineData("towardZero", "toZero")]
    [InlineData("ceiling", "toPositiveInfinity")]
    [InlineData("floor", "toNegativeInfinity")]
    public void Read_ModeAndItsOldName_SameRuleAndSameHash(string mode, string midpoint)
    {
        var byMode = TestModels.FromJson(WithRounding(new JsonObject { ["annualUnit"] = 1, ["weeklyUnit"] = 0.01m, ["mode"] = mode }));
        var byMidpoint = TestModels.FromJson(WithRounding(new JsonObject { ["annualUnit"] = 1, ["weeklyUnit"] = 0.01m, ["midpoint"] = midpoint }));

        Assert.Equal(byMidpoint.Definition.Rounding, byMode.Definition.Rounding);
        Assert.Equal(byMidpoint.ContentHash, byMode.ContentHash);
    }

    [Fact]
    public void Read_BothNames_IsAnUnusedMemberError()
    {
        var json = WithRounding(new JsonObject { ["annualUnit"] = 1, ["weeklyUnit"] = 0.01m, ["mode"] = "towardZero", ["midpoint"] = "toZero" });

        Assert.Equal(
            ["test.json#/rounding/midpoint: 'midpoint' is the old name of 'mode': give one of them (expected 'mode' alone; found both) [unused-member]"],
            TestModels.ErrorsOf(json).Select(e => e.Message));
    }

    [Fact]
    public void Read_NeitherName_AsksForMode()
    {
        var json = WithRounding(new JsonObject { ["annualUnit"] = 1, ["weeklyUnit"] = 0.01m });

        Assert.Equal(["test.json#/rounding/mode: required member is missing (expected 'mode') [missing-member]"], TestModels.ErrorsOf(json).Select(e => e.Message));
    }

    [Fact]
    public void Read_ModeWithAnOldValue_ListsTheNewValues()
    {
        var json = WithRounding(new JsonObject { ["annualUnit"] = 1, ["weeklyUnit"] = 0.01m, ["mode"] = "toZero" });

        Assert.Equal(
            ["test.json#/rounding/mode: unknown value (expected one of \"nearestHalfAwayFromZero\", \"nearestHalfToEven\", \"towardZero\", \"ceiling\", \"floor\"; found \"toZero\") [invalid-value]"],
            TestModels.ErrorsOf(json).Select(e => e.Message));
    }

    [Fact]
    public void ToJson_WritesModeAndKeepsTheHash()
    {
        var written = RasModel.Default.ToJson();
        var rounding = JsonNode.Parse(written)!["rounding"]!.AsObject();

        Assert.Equal("nearestHalfAwayFromZero", rounding["mode"]!.GetValue<string>());
        Assert.False(rounding.ContainsKey("midpoint"));
        Assert.Equal(RasModel.Default.ContentHash, TestModels.FromJson(written).ContentHash);
    }

    [Theory]
    [InlineData("/rounding/midpoint", "toZero")]
    [InlineData("/rounding/mode", "towardZero")]
    public void ApplyChange_EitherPath_ChangesTheRoundingMode(string path, string value)
    {
        var change = $$"""{ "changes": [ { "path": "{{path}}", "value": "{{value}}" } ] }""";

        var proposal = RasModel.Default.ApplyChange(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(change)), "change.json");

        Assert.Equal(MidpointRounding.ToZero, proposal.Definition.Rounding.Mode);
        Assert.Equal(RasModel.Default.Definition.Rounding.AnnualUnit, proposal.Definition.Rounding.AnnualUnit);
    }

    [Theory]
    [InlineData("nearestHalfAwayFromZero", "rounded once to the nearest £1.00 (halves away from zero):", "rounded to the nearest £0.01 (halves away from zero):")]
    [InlineData("nearestHalfToEven", "rounded once to the nearest £1.00 (halves to the even multiple):", "rounded to the nearest £0.01 (halves to the even multiple):")]
    [InlineData("towardZero", "rounded once toward zero to a multiple of £1.00:", "rounded toward zero to a multiple of £0.01:")]
    [InlineData("ceiling", "rounded once up to a multiple of £1.00:", "rounded up to a multiple of £0.01:")]
    [InlineData("floor", "rounded once down to a multiple of £1.00:", "rounded down to a multiple of £0.01:")]
    public void Explanation_SaysWhatTheModeDoes(string mode, string annual, string weekly)
    {
        var json = JsonNode.Parse(File.ReadAllText(TestModels.Repo("models/default/default-adult-2.0.0.json")))!;
        json["rounding"]!["mode"] = mode;
        var model = TestModels.FromJson(json.ToJsonString());

        var steps = model.AllocateJson(File.ReadAllText(TestModels.Repo("samples/assessment.json")), explain: true).GetValueOrThrow().Explanation;

        Assert.Contains(annual, steps.Single(s => s.Code == "rounding").Detail, StringComparison.Ordinal);
        Assert.Contains(weekly, steps.Single(s => s.Code == "weekly").Detail, StringComparison.Ordinal);
    }

    private static string WithRounding(JsonObject rounding)
    {
        var model = JsonNode.Parse(File.ReadAllText(TestModels.Fixture("models/minimal.json")))!;
        model["rounding"] = rounding;
        return model.ToJsonString();
    }

    private static string[] Cells(string row) => row.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();

    /// <summary>A column heading that is an example: a number (to a unit of 1), or "N to a unit of U".</summary>
    private static (decimal Value, decimal Unit)? Example(string heading)
    {
        var parts = heading.Split(" to a unit of ");
        if (!TryNumber(parts[0], out var value))
        {
            return null;
        }

        return (value, parts.Length == 2 ? Number(parts[1]) : 1m);
    }

    private static decimal Number(string text) =>
        TryNumber(text, out var n) ? n : throw new FormatException($"not a number: {text}");

    private static bool TryNumber(string text, out decimal value) =>
        decimal.TryParse(text.Replace('−', '-').Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
}
