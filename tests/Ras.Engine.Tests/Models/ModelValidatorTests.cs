using Ras.Engine.Models;

namespace Ras.Engine.Tests.Models;

public class ModelValidatorTests
{
    [Theory]
    [InlineData("unknown-member", "#/domains/0/questions/0/answers/1/pionts: unknown member (a typo?) (expected one of 'code', 'evidence', 'points', 'text', 'unableToAchieve'; found 'pionts') [unknown-member]")]
    [InlineData("missing-member", "#/title: required member is missing (expected 'title') [missing-member]")]
    [InlineData("wrong-type", "#/version: wrong JSON type (expected a string; found the number 1) [wrong-type]")]
    [InlineData("duplicate-id", "#/domains/1/id: id is used twice (expected an id not already used at /domains/0; found \"eating\") [duplicate-id]")]
    [InlineData("band-gap", "#/pricing/bands/1/minPoints: points 10–11 fall in no band (expected 10; found 12) [band-gap]")]
    [InlineData("band-overlap", "#/pricing/bands/1/minPoints: points 8–9 fall in both band 'A' and band 'B' (edges are inclusive) (expected 10; found 8) [band-overlap]", "#/pricing/bands/1: band 'B' pays less than band 'A' below it on 2026-04-01: more need would lower the budget (expected at least 1000, or 'allowNonMonotoneBands' with a reason; found 800) [non-monotone-bands]")]
    [InlineData("band-coverage", "#/pricing/bands/1/maxPoints: the questionnaire can score up to 30 points but the bands stop at 20 (expected 30 or more, or no 'maxPoints' (open-ended); found 20) [band-coverage]")]
    [InlineData("non-monotone-bands", "#/pricing/bands/1: band 'B' pays less than band 'A' below it on 2026-04-01: more need would lower the budget (expected at least 5000, or 'allowNonMonotoneBands' with a reason; found 1000) [non-monotone-bands]")]
    [InlineData("negative-amount", "#/pricing/bands/1/pricePerPoint: amounts and prices cannot be negative (expected 0 or more; found -100) [negative-amount]", "#/pricing/bands/1: band 'B' pays less than band 'A' below it on 2026-04-01: more need would lower the budget (expected at least 1000, or 'allowNonMonotoneBands' with a reason; found -1000) [non-monotone-bands]")]
    [InlineData("dates-out-of-order", "#/effectiveTo: effective-to is before effective-from (expected a date on or after 2026-04-01; found 2026-01-01) [dates-out-of-order]")]
    [InlineData("dated-values-out-of-order", "#/addOns/0/annualAmount/1/from: start dates must increase (expected a date after 2026-04-01; found 2026-04-01) [dates-out-of-order]")]
    [InlineData("unknown-reference", "#/adjustments/0/when/question: unknown question (expected the id of a question in /domains; found \"q_carers\") [unknown-reference]")]
    [InlineData("unknown-outcome", "#/domains/0/outcome: unknown Care Act outcome (expected one of nutrition, personal_hygiene, toilet_needs, being_clothed, home_safety, habitable_home, relationships, work_education_volunteering, community_services, caring_for_child; found \"eating\") [unknown-outcome]")]
    [InlineData("invalid-version", "#/version: version must be a semantic version (expected MAJOR.MINOR.PATCH such as \"1.0.0\"; found \"1.0\") [invalid-version]")]
    [InlineData("invalid-id", "#/id: model id must be lower case letters, digits, '.', '_' or '-' (expected for example \"default-adult\"; found \"Minimal Model\") [invalid-id]")]
    [InlineData("too-deep", "#/: the file nests JSON too deeply (expected at most 32 levels; found deeper nesting at line 232, byte 70) [too-deep]")]
    [InlineData("unused-member", "#/pricing/pricePerPoint: member is not used by this pricing method (expected no 'pricePerPoint' when method is not \"pricePerPoint\") [unused-member]")]
    [InlineData("invalid-value", "#/directionOfTravel/eligibilityProbability: probability out of range (expected between 0 and 1; found 1.5) [invalid-value]")]
    [InlineData("missing-reason", "#/pricing/allowNonMonotoneBands/reason: opting out of monotone bands needs a stated reason (expected a non-empty reason; found an empty string) [missing-reason]")]
    [InlineData("range-out-of-order", "#/directionOfTravel/preventative: lower ≤ indicative ≤ upper does not hold on 2026-04-01 (expected lower ≤ indicative ≤ upper; found 250, 200, 300) [range-out-of-order]")]
    [InlineData("invalid-condition", "#/addOns/0/when: a condition names exactly one of 'question' or 'attribute' (expected one of them; found both) [invalid-condition]")]
    [InlineData("invalid-band", "#/pricing/bands/0: a band has exactly one of 'amount' or 'pricePerPoint' (expected one of them; found both) [invalid-band]")]
    [InlineData("invalid-add-on", "#/addOns/0: an add-on has either 'hoursPerWeek' with 'hourlyRate', or 'annualAmount' (expected one of the two forms; found neither or a mixture) [invalid-add-on]")]
    [InlineData("invalid-range", "#/range/method: band-edge ranges need band pricing (expected \"tolerance\" for this pricing method; found \"bandEdges\") [invalid-range]")]
    [InlineData("invalid-term", "#/pricing/curve/terms/0: a curve term names exactly one of 'totalPoints', 'domain', 'question' (with 'answer') or 'attribute' (with 'value') (expected exactly one; found 2) [invalid-term]")]
    [InlineData("empty", "#/domains/2/questions: a domain needs at least one question (expected one or more questions; found none) [empty]", "#/adjustments/0/when/question: unknown question (expected the id of a question in /domains; found \"q_carer\") [unknown-reference]")]
    [InlineData("out-of-range", "#/pricing/bands/0/amount: number cannot be represented exactly as a decimal (expected a number within ±7.9e28 with at most 28 decimal places; found 1e+30) [out-of-range]")]
    [InlineData("invalid-enum", "#/rounding/midpoint: unknown value (expected one of \"awayFromZero\", \"toEven\", \"toZero\", \"toPositiveInfinity\", \"toNegativeInfinity\"; found \"halfUp\") [invalid-value]")]
    [InlineData("missing-eligibility", "#/eligibility: a direction-of-travel rule without an eligibility rule needs \"formatVersion\": 2 (expected 2; found 1) [format-version]")]
    [InlineData("format-version", "#/inputs: numeric inputs need \"formatVersion\": 2 (expected 2; found 1) [format-version]")]
    [InlineData("derived-cycle", "#/derived/0/terms/1/derived: derived quantity 'a' depends on itself (expected no cycle among derived quantities; found a → b → a) [derived-cycle]")]
    [InlineData("invalid-json", "#/: the file is not well-formed JSON: Expected depth to be zero at the end of the JSON payload (expected valid JSON; found line 3, byte 1) [invalid-json]")]
    public void Validate_InvalidFixture_ListsExactlyItsProblems(string fixture, params string[] expected)
    {
        var name = $"invalid/{fixture}.json";
        using var stream = File.OpenRead(TestModels.Fixture(name));

        var errors = RasModel.Validate(stream, name);

        Assert.Equal(expected.Select(e => name + e), errors.Select(e => e.Message));
    }

    [Fact]
    public void Validate_EveryFixtureHasATest()
    {
        var files = Directory.GetFiles(TestModels.Fixture("invalid"), "*.json").Select(Path.GetFileNameWithoutExtension).Order().ToArray();
        var tested = typeof(ModelValidatorTests).GetMethod(nameof(Validate_InvalidFixture_ListsExactlyItsProblems))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).First()[0]).Order().ToArray();

        Assert.Equal(files, tested);
    }

    [Fact]
    public void Validate_ManyProblems_ListsThemAllAtOnce()
    {
        var json = File.ReadAllText(TestModels.Fixture("models/minimal.json"))
            .Replace("\"title\": \"Minimal test model\"", "\"tittle\": \"x\"", StringComparison.Ordinal)
            .Replace("\"minPoints\": 10", "\"minPoints\": 12", StringComparison.Ordinal)
            .Replace("\"percent\": -50", "\"percent\": -150", StringComparison.Ordinal);

        var codes = TestModels.ErrorsOf(json).Select(e => e.Code).ToArray();

        Assert.Equal(new[] { "missing-member", "unknown-member", "invalid-value", "band-gap" }, codes);
    }

    [Fact]
    public void Load_TooLarge_IsRejectedBeforeParsing()
    {
        var big = new MemoryStream(new byte[ModelLimits.MaxBytes + 1]);

        var error = Assert.Single(RasModel.Validate(big, "big.json"));

        Assert.Equal("big.json#/: model file is too large (expected at most 4194304 bytes; found more) [too-large]", error.Message);
    }

    [Fact]
    public void Load_Invalid_ThrowsWithEveryError()
    {
        using var stream = File.OpenRead(TestModels.Fixture("invalid/band-overlap.json"));

        var ex = Assert.Throws<ModelValidationException>(() => RasModel.Load(stream, "x.json"));

        Assert.Equal(2, ex.Errors.Count);
        Assert.StartsWith("The model is not valid (2 problems):", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tests/Ras.Engine.Tests/Fixtures/models/default-adult-1.0.0.json")]
    [InlineData("models/norfolk-children/norfolk-children-primary-1.0.0.json")]
    [InlineData("samples/history-truth-model.json")]
    [InlineData("tests/Ras.Engine.Tests/Fixtures/models/format-v2-bands.json")]
    [InlineData("tests/Ras.Engine.Tests/Fixtures/models/format-v2-curve.json")]
    public void Validate_ShippedModels_AreValid(string path)
    {
        using var stream = File.OpenRead(TestModels.Repo(path));

        Assert.Empty(RasModel.Validate(stream, path));
    }
}
