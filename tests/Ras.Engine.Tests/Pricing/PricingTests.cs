using System.Text.Json.Nodes;
using Ras.Engine.Allocation;
using Ras.Engine.Assessments;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Pricing;

public class PricingTests
{
    private static RasModel MinimalWith(Action<JsonNode> change)
    {
        var node = JsonNode.Parse(File.ReadAllText(TestModels.Fixture("models/minimal.json")))!;
        change(node);
        return TestModels.FromJson(node.ToJsonString());
    }

    private static Assessment TwentyPoints(DateOnly asOf, string? living = null) => new(
        "P",
        asOf,
        attributes: living is null ? null : new Dictionary<string, string> { ["living"] = living },
        answers: new Dictionary<string, string> { ["q_eating"] = "lot", ["q_washing"] = "lot" },
        riskFactors: new Dictionary<string, string> { ["falls"] = "no" });

    [Theory]
    [InlineData("2026-06-01", 2000, 1800, 2200)] // 20 × £100
    [InlineData("2026-10-01", 2200, 1980, 2420)] // 20 × £110 from 1 October (inclusive)
    public void PricePerPoint_DatedPrice_UsesThePriceInForce(string asOf, int indicative, int lower, int upper)
    {
        var model = MinimalWith(n => n["pricing"] = JsonNode.Parse("""{"method":"pricePerPoint","pricePerPoint":[{"from":"2026-04-01","value":100},{"from":"2026-10-01","value":110}]}"""));

        var r = model.Allocate(TwentyPoints(DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture))).GetValueOrThrow();

        Assert.Equal(new BudgetRange(lower, indicative, upper), r.Annual);
    }

    [Fact]
    public void Curve_SquareWithAttributeTermAndInteraction_IsEncodedExactly()
    {
        // η = 10 + 2 × 20 points + 5 × [living alone] + 1 × washing points (10) only when living alone = 65;
        // square: 4,225; ±10% = 3,802.50 – 4,647.50; + £520 add-on: 4,322.50 → 4,323 (half away), 4,745, 5,167.50 → 5,168.
        var model = MinimalWith(n => n["pricing"] = JsonNode.Parse("""
            {"method":"curve","curve":{"intercept":10,"transform":"square","terms":[
              {"coefficient":2,"totalPoints":true},
              {"coefficient":5,"attribute":"living","value":"alone"},
              {"coefficient":1,"domain":"washing","when":{"attribute":"living","anyOf":["alone"]}}]}}
            """));

        var alone = model.Allocate(TwentyPoints(new DateOnly(2026, 6, 1), "alone"), explain: true).GetValueOrThrow();
        var withOthers = model.Allocate(TwentyPoints(new DateOnly(2026, 6, 1), "with_others")).GetValueOrThrow();

        Assert.Equal(new BudgetRange(4323m, 4745m, 5168m), alone.Annual);
        Assert.Equal(new BudgetRange(2250m, 2500m, 2750m), withOthers.Annual); // (10 + 40)² = 2,500
        Assert.Contains("= 65", alone.Explanation.Single(s => s.Code == "pricing").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Curve_ExponentialOnLogCost_RecoversTheAmount()
    {
        // A model fitted on log(annual cost): η = 7 + 0.05 × 20 = 8; e^8 = 2,980.958 → £2,981; weekly 57.33.
        var model = MinimalWith(n => n["pricing"] = JsonNode.Parse("""{"method":"curve","curve":{"intercept":7,"transform":"exp","terms":[{"coefficient":0.05,"totalPoints":true}]}}"""));

        var r = model.Allocate(TwentyPoints(new DateOnly(2026, 6, 1))).GetValueOrThrow();

        Assert.Equal(2981m, r.Annual.Indicative);
        Assert.Equal(57.33m, r.Weekly.Indicative);
    }

    [Fact]
    public void Curve_WeeklyOutput_IsAnnualisedByWeeksPerYear()
    {
        var model = MinimalWith(n => n["pricing"] = JsonNode.Parse("""{"method":"curve","curve":{"intercept":0,"transform":"identity","output":"weekly","terms":[{"coefficient":5,"totalPoints":true}]}}"""));

        var r = model.Allocate(TwentyPoints(new DateOnly(2026, 6, 1))).GetValueOrThrow();

        Assert.Equal(5200m, r.Annual.Indicative); // 100 a week × 52
        Assert.Equal(100m, r.Weekly.Indicative);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(69, 0)]
    [InlineData(70, 500)]
    [InlineData(115, 500)]
    [InlineData(116, 1000)]
    [InlineData(130, 1000)]
    [InlineData(131, 1500)]
    [InlineData(145, 1500)]
    [InlineData(146, 2800)]
    [InlineData(160, 2800)]
    [InlineData(161, 4000)]
    [InlineData(170, 4000)]
    [InlineData(171, 6000)]
    [InlineData(185, 6000)]
    public void Bands_NorfolkPublishedTable_EdgesAreInclusive(int points, int amount)
    {
        var a = AssessmentScoring(TestModels.Norfolk, points);

        var r = TestModels.Norfolk.Allocate(a).GetValueOrThrow();

        Assert.Equal(points, r.AdjustedPoints);
        Assert.Equal(new BudgetRange(amount, amount, amount), r.Annual);
    }

    [Theory]
    [InlineData(2.5, 1, MidpointRounding.AwayFromZero, 3)]
    [InlineData(2.5, 1, MidpointRounding.ToEven, 2)]
    [InlineData(3.5, 1, MidpointRounding.ToEven, 4)]
    [InlineData(2.5, 1, MidpointRounding.ToZero, 2)]
    [InlineData(1234.565, 0.01, MidpointRounding.AwayFromZero, 1234.57)]
    [InlineData(1234.565, 0.01, MidpointRounding.ToEven, 1234.56)]
    [InlineData(1234.5649, 0.01, MidpointRounding.AwayFromZero, 1234.56)]
    [InlineData(1250, 100, MidpointRounding.AwayFromZero, 1300)]
    [InlineData(1250, 100, MidpointRounding.ToEven, 1200)]
    [InlineData(1249.99, 100, MidpointRounding.AwayFromZero, 1200)]
    [InlineData(7.5, 5, MidpointRounding.AwayFromZero, 10)]
    // The table in docs/model-format.md: the directed modes round every amount, not only halves.
    [InlineData(1234.5, 1, MidpointRounding.ToEven, 1234)]
    [InlineData(1233.5, 1, MidpointRounding.AwayFromZero, 1234)]
    [InlineData(1234.6, 1, MidpointRounding.ToZero, 1234)]
    [InlineData(1233.5, 1, MidpointRounding.ToZero, 1233)]
    [InlineData(1234.4, 1, MidpointRounding.ToPositiveInfinity, 1235)]
    [InlineData(1233.5, 1, MidpointRounding.ToPositiveInfinity, 1234)]
    [InlineData(1234.6, 1, MidpointRounding.ToNegativeInfinity, 1234)]
    [InlineData(1234.5, 1, MidpointRounding.ToNegativeInfinity, 1234)]
    public void Rounding_TieCases_FollowTheNamedRule(double value, double unit, MidpointRounding mode, double expected)
    {
        var rule = new RoundingDefinition((decimal)unit, (decimal)unit, mode);

        Assert.Equal((decimal)expected, rule.RoundAnnual((decimal)value));
    }

    /// <summary>Finds answers (the first in a fixed search order) that score exactly <paramref name="points"/>.</summary>
    internal static Assessment AssessmentScoring(RasModel model, int points)
    {
        var questions = model.Definition.Domains.SelectMany(d => d.Questions).ToArray();
        var choice = new int[questions.Length];
        bool Search(int i, int remaining)
        {
            if (i == questions.Length)
            {
                return remaining == 0;
            }

            for (var k = 0; k < questions[i].Answers.Count; k++)
            {
                var p = questions[i].Answers[k].Points;
                if (p <= remaining && Search(i + 1, remaining - p))
                {
                    choice[i] = k;
                    return true;
                }
            }

            return false;
        }

        Assert.True(Search(0, points), $"no answers score {points}");
        return new Assessment("N", new DateOnly(2026, 6, 1), answers: questions.Select((q, i) => KeyValuePair.Create(q.Id, q.Answers[choice[i]].Code)));
    }
}
