using Ras.Engine.Models;

namespace Ras.Engine.Tests.Models;

/// <summary>
/// Models that once validated and then crashed, or priced wrong money, on some assessment (issue 11): each is now
/// refused on load, naming the element and the bound (<c>Fixtures/extreme</c>, written by make_fixtures.py).
/// </summary>
public class ModelBoundsTests
{
    [Theory]
    [InlineData("add-on-amount", "#/addOns/0/annualAmount: amount or price above the engine's limit (expected at most 1,000,000,000,000; found 79000000000000000000000000000) [too-large]")]
    [InlineData("adjustment-points", "#/adjustments/0/points: adjustment points out of range (expected -100000 to 100000; found 2147483647) [invalid-value]", "#/domains: the questionnaire can score up to 2147483677 points to price (domain 'eating' alone up to 2147483657, after weight, cap and adjustments), beyond the engine's limit on points (expected at most 10,000,000 points; found 2147483677) [too-large]")]
    [InlineData("band-amount", "#/pricing/bands/0/amount: amount or price above the engine's limit (expected at most 1,000,000,000,000; found 79000000000000000000000000000) [too-large]")]
    [InlineData("band-price", "#/pricing/bands/1/pricePerPoint: amount or price above the engine's limit (expected at most 1,000,000,000,000; found 79000000000000000000000000000) [too-large]")]
    [InlineData("curve-coefficient", "#/pricing/curve: the curve's linear predictor can reach -22 to 12000000000000097, beyond what the engine works out exactly (expected values between -1,000,000,000,000,000 and 1,000,000,000,000,000; found -22 to 12000000000000097) [too-large]")]
    [InlineData("derived-coefficient", "#/derived/0: derived quantity 'adl_sum' can reach beyond about ±7.9 × 10²⁸, beyond what the engine works out exactly (expected values between -1,000,000,000,000,000 and 1,000,000,000,000,000; found beyond about ±7.9 × 10²⁸) [too-large]", "#/derived/1: derived quantity 'care_need' can reach beyond about ±7.9 × 10²⁸, beyond what the engine works out exactly (expected values between -1,000,000,000,000,000 and 1,000,000,000,000,000; found beyond about ±7.9 × 10²⁸) [too-large]", "#/pricing/curve: the curve's linear predictor can reach beyond about ±7.9 × 10²⁸, beyond what the engine works out exactly (expected values between -1,000,000,000,000,000 and 1,000,000,000,000,000; found beyond about ±7.9 × 10²⁸) [too-large]")]
    [InlineData("hourly-add-on", "#/addOns/0/hourlyRate: add-on 'alone' gives 87360000000000 a year at 168 hours a week, above the engine's limit on amounts (expected at most 1,000,000,000,000 a year; found 87360000000000) [too-large]")]
    [InlineData("hourly-rate", "#/addOns/0/hourlyRate: amount or price above the engine's limit (expected at most 1,000,000,000,000; found 100000000000000000000000000) [too-large]")]
    [InlineData("input-range", "#/inputs/0/max: a numeric input's range is beyond what the engine works out exactly (expected between -1,000,000,000,000,000 and 1,000,000,000,000,000; found 100000000000000000000) [too-large]", "#/pricing/curve: the curve's linear predictor can reach -22 to 10000000000000000097, beyond what the engine works out exactly (expected values between -1,000,000,000,000,000 and 1,000,000,000,000,000; found -22 to 10000000000000000097) [too-large]")]
    [InlineData("points-overflow-bands", "#/domains: the answers can score 25000000 raw points, beyond the engine's limit on points (expected at most 10,000,000 raw points; found 25000000) [too-large]", "#/domains: the questionnaire can score up to 2500000000 points to price (domain 'd0' alone up to 100000000, after weight, cap and adjustments), beyond the engine's limit on points (expected at most 10,000,000 points; found 2500000000) [too-large]")]
    [InlineData("points-overflow-price-per-point", "#/domains: the answers can score 25000000 raw points, beyond the engine's limit on points (expected at most 10,000,000 raw points; found 25000000) [too-large]", "#/domains: the questionnaire can score up to 2500000000 points to price (domain 'd0' alone up to 100000000, after weight, cap and adjustments), beyond the engine's limit on points (expected at most 10,000,000 points; found 2500000000) [too-large]")]
    [InlineData("preventative-upper", "#/directionOfTravel/preventative/upper: amount or price above the engine's limit (expected at most 1,000,000,000,000; found 79000000000000000000000000000) [too-large]")]
    [InlineData("price-per-point", "#/pricing/pricePerPoint: the price per point gives 3000000000000 a year at 30 points, above the engine's limit on amounts (expected at most 1,000,000,000,000 a year; found 3000000000000) [too-large]")]
    [InlineData("uplift-amount-cap", "#/directionOfTravel/maxUpliftAmount: amount or price above the engine's limit (expected at most 1,000,000,000,000; found 79000000000000000000000000000) [too-large]")]
    [InlineData("weekly-unit", "#/rounding/weeklyUnit: rounding unit out of range (expected an amount such as 0.01, 1 or 10, at least 0.0001 and at most 1000; found 0.0000000000000000000000000001) [invalid-value]")]
    [InlineData("weeks-per-year", "#/weeksPerYear: weeks per year out of range (expected at least 1 and at most 53; found 0.000000000000000000000000001) [invalid-value]")]
    public void Validate_ExtremeFixture_IsRefusedNamingTheBound(string fixture, params string[] expected)
    {
        var name = $"extreme/{fixture}.json";
        using var stream = File.OpenRead(TestModels.Fixture(name));

        var errors = RasModel.Validate(stream, name);

        Assert.Equal(expected.Select(e => name + e), errors.Select(e => e.Message));
    }

    [Fact]
    public void Validate_EveryExtremeFixtureHasATest()
    {
        var files = Directory.GetFiles(TestModels.Fixture("extreme"), "*.json").Select(Path.GetFileNameWithoutExtension).Order().ToArray();
        var tested = typeof(ModelBoundsTests).GetMethod(nameof(Validate_ExtremeFixture_IsRefusedNamingTheBound))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).First()[0]).Order().ToArray();

        Assert.Equal(files, tested);
    }

    [Theory]
    [InlineData(ModelLimits.MaxPoints, true)]
    [InlineData(ModelLimits.MaxPoints + 1, false)]
    public void Validate_PointsAtTheLimit_AreAccepted(int points, bool valid)
    {
        // The minimal model scores its first question's top answer + 10 (washing) + 10 (uplift cap).
        var minimal = File.ReadAllText(TestModels.Fixture("models/minimal.json"));
        var at = minimal.IndexOf("\"points\": 10,", StringComparison.Ordinal);
        var json = (minimal[..at] + $"\"points\": {points - 20}," + minimal[(at + "\"points\": 10,".Length)..])
            .Replace("\"pricePerPoint\": 100", "\"pricePerPoint\": 0.01", StringComparison.Ordinal);

        var errors = TestModels.ErrorsOf(json);

        Assert.Equal(valid, !errors.Any(e => e.Code == "too-large"));
    }
}
