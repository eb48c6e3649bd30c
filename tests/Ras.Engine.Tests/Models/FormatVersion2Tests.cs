using System.Text.Json.Nodes;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Models;

/// <summary>
/// Format version 2: numeric inputs, derived quantities, range conditions, derived and input curve terms, a price
/// basis, weekly prices, probability decimals and direction of travel without eligibility, as read, validated and
/// written. Cases start from the two example fixtures and change one thing.
/// </summary>
public class FormatVersion2Tests
{
    private const string Bands = "models/format-v2-bands.json";
    private const string Curve = "models/format-v2-curve.json";

    [Fact]
    public void Read_BandsFixture_HasEveryVersion2Member()
    {
        var m = RasModel.LoadFile(TestModels.Fixture(Bands)).Definition;

        Assert.Equal(2, m.FormatVersion);
        Assert.Equal(new NumericInputDefinition("age", "Age in years", "years", 18m, 120m, true), m.Inputs[0]);
        Assert.Equal(new NumericInputDefinition("unpaid_care_hours", "Hours of unpaid care a week", "hours a week", 0m, 168m, false), m.Inputs[1]);
        Assert.Equal(new[] { "adl_sum", "care_need" }, m.Derived.Select(d => d.Id));
        Assert.Equal(
            new[] { new DerivedTermDefinition(1m, DerivedSource.Derived, "adl_sum"), new DerivedTermDefinition(-0.1m, DerivedSource.Input, "unpaid_care_hours") },
            m.Derived[1].Terms);
        var when = m.Adjustments[0].When;
        Assert.Equal((ConditionSubject.Input, "age", 75m, (decimal?)null), (when.Subject, when.Reference, when.Min, when.Max));
        Assert.Empty(when.AnyOf);
        Assert.Equal("care_need", m.Pricing.Basis);
        Assert.Equal(PricePeriod.Week, m.Pricing.Per);
        Assert.Null(m.DirectionOfTravel!.ProbabilityDecimals);
        Assert.Null(m.Eligibility);
    }

    [Fact]
    public void Read_CurveFixture_HasDerivedAndInputTermsAndARangeCondition()
    {
        var m = RasModel.LoadFile(TestModels.Fixture(Curve)).Definition;
        var terms = m.Pricing.Curve!.Terms;

        Assert.Equal(new[] { (CurveTermKind.Derived, "care_need"), (CurveTermKind.Input, "age"), (CurveTermKind.TotalPoints, (string?)null) }, terms.Select(t => (t.Kind, t.Reference)));
        Assert.Equal((ConditionSubject.Derived, "adl_sum", 10m, 20m), (terms[2].When!.Subject, terms[2].When!.Reference, terms[2].When!.Min, terms[2].When!.Max));
        Assert.Equal(2, m.DirectionOfTravel!.ProbabilityDecimals);
        Assert.Equal(PricePeriod.Year, m.Pricing.Per);
        Assert.Null(m.Pricing.Basis);
    }

    [Fact]
    public void Read_Version1Model_HasVersion1Defaults()
    {
        var m = TestModels.Minimal.Definition;

        Assert.Equal(1, m.FormatVersion);
        Assert.Empty(m.Inputs);
        Assert.Empty(m.Derived);
        Assert.Null(m.Pricing.Basis);
        Assert.Equal(PricePeriod.Year, m.Pricing.Per);
        Assert.Equal(4, m.DirectionOfTravel!.ProbabilityDecimals);
    }

    [Theory]
    [InlineData(Bands, new[]
    {
        "#/adjustments/0/when: a range condition needs \"formatVersion\": 2 (expected 2; found 1) [format-version]",
        "#/directionOfTravel/probabilityDecimals: probability rounding ('probabilityDecimals') needs \"formatVersion\": 2 (expected 2; found 1) [format-version]",
        "#/pricing/basis: a price basis needs \"formatVersion\": 2 (expected 2; found 1) [format-version]",
        "#/pricing/per: a price period ('per') needs \"formatVersion\": 2 (expected 2; found 1) [format-version]",
        "#/addOns/0/when: a range condition needs \"formatVersion\": 2 (expected 2; found 1) [format-version]",
        "#/inputs: numeric inputs need \"formatVersion\": 2 (expected 2; found 1) [format-version]",
        "#/derived: derived quantities need \"formatVersion\": 2 (expected 2; found 1) [format-version]",
        "#/eligibility: a direction-of-travel rule without an eligibility rule needs \"formatVersion\": 2 (expected 2; found 1) [format-version]",
    })]
    [InlineData(Curve, new[]
    {
        "#/adjustments/0/when: a range condition needs \"formatVersion\": 2 (expected 2; found 1) [format-version]",
        "#/directionOfTravel/probabilityDecimals: probability rounding ('probabilityDecimals') needs \"formatVersion\": 2 (expected 2; found 1) [format-version]",
        "#/pricing/curve/terms/0/derived: a derived-quantity curve term needs \"formatVersion\": 2 (expected 2; found 1) [format-version]",
        "#/pricing/curve/terms/1/input: a numeric-input curve term needs \"formatVersion\": 2 (expected 2; found 1) [format-version]",
        "#/pricing/curve/terms/2/when: a range condition needs \"formatVersion\": 2 (expected 2; found 1) [format-version]",
        "#/addOns/0/when: a range condition needs \"formatVersion\": 2 (expected 2; found 1) [format-version]",
        "#/addOns/1/when: a range condition needs \"formatVersion\": 2 (expected 2; found 1) [format-version]",
        "#/inputs: numeric inputs need \"formatVersion\": 2 (expected 2; found 1) [format-version]",
        "#/derived: derived quantities need \"formatVersion\": 2 (expected 2; found 1) [format-version]",
        "#/eligibility: a direction-of-travel rule without an eligibility rule needs \"formatVersion\": 2 (expected 2; found 1) [format-version]",
    })]
    public void Validate_Version2FeaturesInAVersion1Model_OneErrorPerFeature(string fixture, string[] expected)
    {
        var node = Load(fixture);
        node.AsObject().Remove("formatVersion");

        Assert.Equal(expected.Select(e => "test.json" + e), Errors(node));
    }

    public static TheoryData<string, string, string[]> Cases => new()
    {
        { Bands, """{ "formatVersion": 3 }""", new[] { "#/formatVersion: format version not supported (expected 1 or 2; found 3) [out-of-range]" } },
        { Bands, """{ "formatVersion": "2" }""", new[] { "#/formatVersion: wrong JSON type (expected a whole number; found the string \"2\") [wrong-type]" } },
        { Bands, """{ "inputs": { "0": { "max": 10 } } }""", new[] { "#/inputs/0/max: the input's largest value is below its smallest (expected 18 or more; found 10) [invalid-range]" } },
        { Bands, """{ "inputs": { "2": { "id": "case_id", "label": "Case", "unit": "number", "min": 0, "max": 1 } } }""", new[] { "#/inputs/2/id: input id is the name of a caseload column (expected an id other than case_id, as_of and client_group, not starting with 'next.' or 'risk.'; found \"case_id\") [invalid-id]" } },
        { Bands, """{ "inputs": { "2": { "id": "risk.frailty", "label": "Frailty", "unit": "score", "min": 0, "max": 9 } } }""", new[] { "#/inputs/2/id: input id is the name of a caseload column (expected an id other than case_id, as_of and client_group, not starting with 'next.' or 'risk.'; found \"risk.frailty\") [invalid-id]" } },
        { Bands, """{ "inputs": { "2": { "id": "Weight KG", "label": "Weight", "unit": "kg", "min": 0, "max": 300 } } }""", new[] { "#/inputs/2/id: input id must be lower case letters, digits, '.', '_' or '-' (expected for example \"age\"; found \"Weight KG\") [invalid-id]" } },
        { Bands, """{ "inputs": { "2": { "id": "washing", "label": "Washing", "unit": "times", "min": 0, "max": 9 } } }""", new[] { "#/inputs/2/id: input id is used twice (expected an id not already used at /domains/1/questions/0; found \"washing\") [duplicate-id]" } },
        { Bands, """{ "inputs": { "2": { "id": "age", "label": "Age", "unit": "years", "min": 0, "max": 9 } } }""", new[] { "#/inputs/2/id: input id is used twice (expected an id not already used at /inputs/0; found \"age\") [duplicate-id]" } },
        { Bands, """{ "inputs": { "2": { "id": "height", "label": "Height", "min": 0, "max": 3, "requird": true } } }""", new[] { "#/inputs/2/unit: required member is missing (expected 'unit') [missing-member]", "#/inputs/2/requird: unknown member (a typo?) (expected one of 'id', 'label', 'max', 'min', 'required', 'unit'; found 'requird') [unknown-member]" } },
        { Bands, """{ "derived": { "0": { "terms": { "0": { "domain": "nutrition" } } } } }""", new[] { "#/derived/0/terms/0: a derived-quantity term names exactly one of 'question', 'domain', 'derived', 'input' or 'totalPoints' (expected exactly one; found 2) [invalid-term]" } },
        { Bands, """{ "derived": { "0": { "terms": { "0": { "question": null, "coefficient": 2 } } } } }""", new[] { "#/derived/0/terms/0: a derived-quantity term names exactly one of 'question', 'domain', 'derived', 'input' or 'totalPoints' (expected exactly one; found 0) [invalid-term]" } },
        { Bands, """{ "derived": { "0": { "terms": [] } } }""", new[] { "#/derived/0/terms: a derived quantity needs at least one term (expected one or more terms; found none) [empty]" } },
        { Bands, """{ "derived": { "0": { "terms": { "2": { "derived": "adl_sum" } } } } }""", new[] { "#/derived/0/terms/2/derived: derived quantity 'adl_sum' depends on itself (expected no cycle among derived quantities; found adl_sum → adl_sum) [derived-cycle]" } },
        { Bands, """{ "derived": { "0": { "terms": { "2": { "derived": "care_need" } } } } }""", new[] { "#/derived/0/terms/2/derived: derived quantity 'adl_sum' depends on itself (expected no cycle among derived quantities; found adl_sum → care_need → adl_sum) [derived-cycle]" } },
        {
            Bands, """{ "derived": { "0": { "terms": { "0": { "question": "eatin" } } }, "1": { "terms": { "1": { "input": "hours" } } } } }""", new[]
            {
                "#/derived/0/terms/0/question: unknown question (expected the id of a question in /domains; found \"eatin\") [unknown-reference]",
                "#/derived/1/terms/1/input: unknown numeric input (expected the id of an input in /inputs; found \"hours\") [unknown-reference]",
            }
        },
        { Bands, """{ "derived": { "2": { "id": "x", "label": "X", "terms": [ { "domain": "care" }, { "derived": "y" } ] } } }""", new[] { "#/derived/2/terms/0/domain: unknown domain (expected the id of a domain in /domains; found \"care\") [unknown-reference]", "#/derived/2/terms/1/derived: unknown derived quantity (expected the id of a derived quantity in /derived; found \"y\") [unknown-reference]" } },
        { Bands, """{ "derived": { "1": { "id": "adl_sum" } } }""", new[] { "#/derived/1/id: id is used twice (expected an id not already used at /derived/0; found \"adl_sum\") [duplicate-id]", "#/pricing/basis: unknown derived quantity (expected the id of a derived quantity in /derived; found \"care_need\") [unknown-reference]" } },
        { Bands, """{ "addOns": { "0": { "when": { "min": null } } } }""", new[] { "#/addOns/0/when: a range condition needs 'min' and/or 'max' (expected 'min' and/or 'max' (both inclusive); found neither) [invalid-condition]" } },
        { Bands, """{ "addOns": { "0": { "when": { "max": 10 } } } }""", new[] { "#/addOns/0/when/max: the range's upper end is below its lower end (expected 35 or more; found 10) [invalid-condition]" } },
        { Bands, """{ "addOns": { "0": { "when": { "anyOf": ["35"] } } } }""", new[] { "#/addOns/0/when/anyOf: a condition on a numeric input or a derived quantity is a range, not a list of codes (expected 'min' and/or 'max'; found 'anyOf') [invalid-condition]" } },
        { Bands, """{ "addOns": { "0": { "when": { "question": "eating" } } } }""", new[] { "#/addOns/0/when: a condition names exactly one of 'question', 'attribute', 'input' or 'derived' (expected exactly one; found 2) [invalid-condition]" } },
        { Bands, """{ "addOns": { "0": { "when": { "input": null, "question": "eating", "anyOf": ["own"] } } } }""", new[] { "#/addOns/0/when/min: 'min' and 'max' are for conditions on a numeric input or a derived quantity (expected 'anyOf' with the codes; found 'min') [invalid-condition]" } },
        { Bands, """{ "addOns": { "0": { "when": { "input": null, "derived": "care_needs" } } } }""", new[] { "#/addOns/0/when/derived: unknown derived quantity (expected the id of a derived quantity in /derived; found \"care_needs\") [unknown-reference]" } },
        { Bands, """{ "adjustments": { "0": { "when": { "input": "agee" } } } }""", new[] { "#/adjustments/0/when/input: unknown numeric input (expected the id of an input in /inputs; found \"agee\") [unknown-reference]" } },
        { Bands, """{ "adjustments": { "0": { "when": { "input": null, "derived": "adl_sum" } } } }""", new[] { "#/adjustments/0/when: an adjustment's condition cannot use a derived quantity: derived quantities are worked out from points after adjustments (expected a condition on a question, an attribute or a numeric input; found derived quantity \"adl_sum\") [invalid-condition]" } },
        { Bands, """{ "pricing": { "basis": "need" } }""", new[] { "#/pricing/basis: unknown derived quantity (expected the id of a derived quantity in /derived; found \"need\") [unknown-reference]" } },
        { Bands, """{ "pricing": { "bands": { "2": { "maxPoints": 19 } } } }""", new[] { "#/pricing/bands/2/maxPoints: the price basis 'care_need' can reach 20 but the bands stop at 19 (expected 20 or more, or no 'maxPoints' (open-ended); found 19) [band-coverage]" } },
        { Bands, """{ "pricing": { "basis": null, "bands": { "2": { "maxPoints": 26 } } } }""", new[] { "#/pricing/bands/2/maxPoints: the questionnaire can score up to 27 points but the bands stop at 26 (expected 27 or more, or no 'maxPoints' (open-ended); found 26) [band-coverage]" } },
        { Bands, """{ "pricing": { "per": "month" } }""", new[] { "#/pricing/per: unknown value (expected one of \"year\", \"week\"; found \"month\") [invalid-value]" } },
        { Bands, """{ "directionOfTravel": { "probabilityDecimals": 11 } }""", new[] { "#/directionOfTravel/probabilityDecimals: probability decimals out of range (expected 0 to 10, or \"none\"; found 11) [invalid-value]" } },
        { Bands, """{ "directionOfTravel": { "probabilityDecimals": "all" } }""", new[] { "#/directionOfTravel/probabilityDecimals: unknown value (expected a whole number from 0 to 10, or \"none\"; found the string \"all\") [invalid-value]" } },
        { Bands, """{ "directionOfTravel": { "probabilityDecimals": 2.5 } }""", new[] { "#/directionOfTravel/probabilityDecimals: wrong JSON type (expected a whole number from 0 to 10, or \"none\"; found the number 2.5) [wrong-type]" } },
        { Curve, """{ "pricing": { "basis": "care_need", "per": "week" } }""", new[] { "#/pricing/basis: member is not used by this pricing method (expected no 'basis' when method is \"curve\" (use a derived-quantity curve term)) [unused-member]", "#/pricing/per: member is not used by this pricing method (expected no 'per' when method is \"curve\" (the curve's 'output' says annual or weekly)) [unused-member]" } },
        { Curve, """{ "pricing": { "curve": { "terms": { "0": { "derived": "need" }, "1": { "input": "years" } } } } }""", new[] { "#/pricing/curve/terms/0/derived: unknown derived quantity (expected the id of a derived quantity in /derived; found \"need\") [unknown-reference]", "#/pricing/curve/terms/1/input: unknown numeric input (expected the id of an input in /inputs; found \"years\") [unknown-reference]" } },
        { Curve, """{ "pricing": { "curve": { "terms": { "0": { "input": "age" } } } } }""", new[] { "#/pricing/curve/terms/0: a curve term names exactly one of 'totalPoints', 'domain', 'question' (with 'answer'), 'attribute' (with 'value'), 'derived' or 'input' (expected exactly one; found 2) [invalid-term]" } },
        { Curve, """{ "pricing": { "curve": { "terms": { "2": { "when": { "derived": null, "question": "eating", "anyOf": ["own"], "min": null, "max": null } } } } } }""", new[] { "#/pricing/curve/terms/2/when: a curve term's condition is on an attribute, a numeric input or a derived quantity (expected { \"attribute\": …, \"anyOf\": […] } or a range; found a question) [invalid-condition]" } },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_OneChange_ListsExactlyItsProblems(string fixture, string merge, string[] expected)
    {
        var node = Load(fixture);
        Merge(node, JsonNode.Parse(merge)!);

        Assert.Equal(expected.Select(e => "test.json" + e), Errors(node));
    }

    [Fact]
    public void Validate_DirectionOfTravelWithoutEligibility_IsValidInVersion2()
    {
        var node = Load("models/minimal.json");
        node.AsObject().Remove("eligibility");
        node["formatVersion"] = 2;

        Assert.Empty(Errors(node));
    }

    [Theory]
    [InlineData("adl_sum", "0", "20")]
    [InlineData("care_need", "-16.8", "20")]
    [InlineData("mix", "-18", "82")]
    [InlineData("optional", "-3", "0")]
    [InlineData("nothing", "0", "0")]
    public void DerivedBounds_WorksOutEachSourcesRange(string id, string min, string max)
    {
        var node = Load(Bands);
        node["derived"]!.AsArray().Add(JsonNode.Parse("""
            { "id": "mix", "label": "Mixed", "terms": [ { "coefficient": 2, "domain": "nutrition" }, { "coefficient": -1, "totalPoints": true }, { "coefficient": 0.5, "input": "age" } ] }
            """));
        node["derived"]!.AsArray().Add(JsonNode.Parse("""
            { "id": "optional", "label": "Optional input", "terms": [ { "coefficient": -0.1, "input": "hours30" } ] }
            """));
        node["inputs"]!.AsArray().Add(JsonNode.Parse("""{ "id": "hours30", "label": "Hours", "unit": "hours", "min": 10, "max": 30, "required": false }"""));
        var m = TestModels.FromJson(node.ToJsonString()).Definition;

        // A domain can give 10 × 1.1 = 11 points (the age adjustment adds 10%); points to price at most 11 + 11 + 5.
        // An optional input not given counts 0, so 0 is inside its bounds (hours30: 10 to 30, or 0).
        Assert.Equal(27, ModelValidator.MaxPossiblePoints(m));
        Assert.Equal((decimal.Parse(min, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(max, System.Globalization.CultureInfo.InvariantCulture)), ModelValidator.DerivedBounds(m, id));
    }

    [Theory]
    [InlineData(null, 27)]
    [InlineData("1", 20)]
    [InlineData("1.02", 20)]
    [InlineData("1.025", 21)]
    [InlineData("-1", 0)]
    public void MaxPricedPoints_IsTheBasisLargestValueRoundedOrMaxPossiblePoints(string? coefficient, long expected)
    {
        var node = Load(Bands);
        if (coefficient is null)
        {
            node["pricing"]!.AsObject().Remove("basis");
        }
        else
        {
            node["derived"]![1]!["terms"]![0]!["coefficient"] = JsonNode.Parse(coefficient);
        }

        node["pricing"]!["bands"]![2]!.AsObject().Remove("maxPoints");
        var m = TestModels.FromJson(node.ToJsonString()).Definition;

        Assert.Equal(expected, ModelValidator.MaxPricedPoints(m));
    }

    [Fact]
    public void DerivedBounds_LongChainSummingTwice_IsWorkedOutOnceEachAndSaturates()
    {
        // d1 = d0 + d0, d2 = d1 + d1, …: without reuse of known bounds this takes 2⁶⁰ steps.
        var node = Load(Bands);
        var derived = node["derived"]!.AsArray();
        derived.Add(JsonNode.Parse("""{ "id": "d0", "label": "d0", "terms": [ { "question": "eating" } ] }"""));
        for (var k = 1; k <= 60; k++)
        {
            derived.Add(JsonNode.Parse($$"""{ "id": "d{{k}}", "label": "d{{k}}", "terms": [ { "derived": "d{{k - 1}}" }, { "derived": "d{{k - 1}}" } ] }"""));
        }

        node["pricing"]!["basis"] = "d60";
        node["pricing"]!["bands"]![2]!.AsObject().Remove("maxPoints");

        // The model is refused (its quantities leave the engine's bounds), naming the reach of each, quickly.
        var errors = TestModels.ErrorsOf(node.ToJsonString());

        Assert.Equal("0 to 11529215046068469760", errors.Single(e => e.Path == $"/derived/{derived.Count - 1}").Actual); // 10 × 2⁶⁰
        Assert.Equal("9223372036854775807", errors.Single(e => e.Path == "/pricing/basis").Actual);
    }

    [Fact]
    public void Read_TooManyDerivedQuantities_IsRejected()
    {
        var node = Load(Bands);
        var derived = node["derived"]!.AsArray();
        while (derived.Count <= ModelLimits.MaxDerivedQuantities)
        {
            derived.Add(JsonNode.Parse($$"""{ "id": "x{{derived.Count}}", "label": "x", "terms": [ { "question": "eating" } ] }"""));
        }

        Assert.Contains("test.json#/derived: array has too many items (expected at most 1000; found 1001) [too-large]", Errors(node));
    }

    [Fact]
    public void ApplyChange_DerivedTermCoefficient_IsAppliedToTheVersion2Model()
    {
        var baseline = RasModel.LoadFile(TestModels.Fixture(Bands));

        // The source omits this coefficient (default 1); the canonical form writes it, so it has a path.
        var proposal = baseline.ApplyChange(Change("""{ "changes": [ { "path": "/derived/1/terms/0/coefficient", "value": 0.9 }, { "path": "/derived/1/terms/1/coefficient", "value": -0.2 } ] }"""), "change.json");

        Assert.Equal(2, proposal.Definition.FormatVersion);
        Assert.Equal(new[] { 0.9m, -0.2m }, proposal.Definition.Derived[1].Terms.Select(t => t.Coefficient));
        Assert.Equal(baseline.Definition.Inputs, proposal.Definition.Inputs);
        Assert.Equal("care_need", proposal.Definition.Pricing.Basis);
        Assert.NotEqual(baseline.ContentHash, proposal.ContentHash);
    }

    [Fact]
    public void ApplyChange_DerivedTermCoefficientThatOutgrowsTheBands_IsRejected()
    {
        var baseline = RasModel.LoadFile(TestModels.Fixture(Bands));

        var ex = Assert.Throws<ModelValidationException>(() => baseline.ApplyChange(Change("""{ "changes": [ { "path": "/derived/1/terms/0/coefficient", "value": 2 } ] }"""), "change.json"));

        Assert.Equal(
            "change.json#/pricing/bands/2/maxPoints: after the change: the price basis 'care_need' can reach 40 but the bands stop at 20 (expected 40 or more, or no 'maxPoints' (open-ended); found 20) [band-coverage]",
            Assert.Single(ex.Errors).Message);
    }

    private static MemoryStream Change(string json) => new(System.Text.Encoding.UTF8.GetBytes(json));

    private static JsonNode Load(string fixture) => JsonNode.Parse(File.ReadAllText(TestModels.Fixture(fixture)))!;

    private static IEnumerable<string> Errors(JsonNode node) => TestModels.ErrorsOf(node.ToJsonString()).Select(e => e.Message);

    /// <summary>
    /// Merges <paramref name="patch"/> into <paramref name="target"/>: objects member by member, an object with
    /// numeric keys into an array item by item (a key one past the end appends), null removes, anything else replaces.
    /// </summary>
    private static void Merge(JsonNode target, JsonNode patch)
    {
        foreach (var (key, value) in patch.AsObject())
        {
            if (target is JsonArray array)
            {
                var i = int.Parse(key, System.Globalization.CultureInfo.InvariantCulture);
                if (i == array.Count)
                {
                    array.Add(value!.DeepClone());
                }
                else
                {
                    Merge(array[i]!, value!);
                }

                continue;
            }

            var obj = target.AsObject();
            if (value is null)
            {
                obj.Remove(key);
            }
            else if (value is JsonObject && obj[key] is JsonObject or JsonArray)
            {
                Merge(obj[key]!, value);
            }
            else
            {
                obj[key] = value.DeepClone();
            }
        }
    }
}
