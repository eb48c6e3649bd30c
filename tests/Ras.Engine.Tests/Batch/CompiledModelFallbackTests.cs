using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ras.Engine.Allocation;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Batch;

/// <summary>
/// A model too large to tabulate (13 adjustments: no domain table; a 9⁷-entry risk table; up to 400,000
/// points: no money table) takes the compiled path's row-by-row fallbacks; they must give the explained path's
/// figures too.
/// </summary>
public class CompiledModelFallbackTests
{
    private static readonly RasModel Large = Build();

    private static RasModel Build()
    {
        var node = JsonNode.Parse(File.ReadAllText(TestModels.Fixture("models/minimal.json")))!;
        node["domains"]![0]!["questions"]![0]!["answers"]![2]!["points"] = 100000;
        node["domains"]![0]!["weight"] = 2;
        node["domains"]![1]!["questions"]![0]!["answers"]![2]!["points"] = 100000;
        var adjustments = new JsonArray();
        for (var k = 0; k < 13; k++)
        {
            adjustments.Add(JsonNode.Parse($$"""
                { "id": "adj-{{k}}", "title": "Adjustment {{k}}", "kind": "other", "reason": "test",
                  "when": { {{(k % 2 == 0 ? "\"question\": \"q_carer\", \"anyOf\": [\"some\"]" : "\"attribute\": \"living\", \"anyOf\": [\"alone\"]")}} },
                  "percent": {{-(k + 1)}}, "domains": ["{{(k % 3 == 0 ? "washing" : "eating")}}"] }
                """));
        }

        node["adjustments"] = adjustments;
        var factors = new JsonArray();
        for (var f = 0; f < 7; f++)
        {
            var levels = new JsonArray();
            for (var l = 0; l < 8; l++)
            {
                levels.Add(JsonNode.Parse($$"""{ "code": "l{{l}}", "text": "Level {{l}}", "weight": {{(l * 0.15m) - 0.3m}} }"""));
            }

            factors.Add(new JsonObject { ["id"] = $"f{f}", ["text"] = $"Factor {f}", ["levels"] = levels });
        }

        node["directionOfTravel"]!["riskFactors"] = factors;
        node["directionOfTravel"]!["maxUpliftPoints"] = 100000;
        return TestModels.FromJson(node.ToJsonString());
    }

    [Fact]
    public void LargeModel_IsNotTabulated()
    {
        Assert.False(Large.Compiled.IsFullyTabulated);
        Assert.Null(Large.Compiled.DomainTable);
        Assert.Null(Large.Compiled.Risks);
        Assert.Null(Large.Compiled.PriceClass);
    }

    [Property(MaxTest = 300)]
    public Property Fallbacks_EqualTheExplainedPath(int seed)
    {
        var a = Generators.Assessment(Large, seed);
        var explained = Large.Allocate(a);
        var (fast, error) = CompiledModelTests.Fast(Large, a);
        if (!explained.IsSuccess)
        {
            return (error == explained.Errors[0].Message).ToProperty();
        }

        var r = explained.Result!;
        return (error is null
                && fast.Eligibility == r.Eligibility
                && fast.CurrentPoints == r.CurrentPoints
                && fast.AnticipatedPoints == r.AnticipatedPoints
                && fast.Probability == r.RiskProbability
                && fast.AdjustedPoints == r.AdjustedPoints
                && Large.Compiled.BandId(fast.Band) == r.Band
                && new BudgetRange(fast.AnnualLower, fast.AnnualIndicative, fast.AnnualUpper) == r.Annual
                && new BudgetRange(fast.WeeklyLower, fast.WeeklyIndicative, fast.WeeklyUpper) == r.Weekly)
            .Label($"seed {seed}: fast {fast.AdjustedPoints} {fast.AnnualIndicative}; explained {r.AdjustedPoints} {r.Annual.Indicative}");
    }
}
