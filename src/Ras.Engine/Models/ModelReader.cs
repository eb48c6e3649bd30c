using System.Globalization;
using System.Text.Json;

namespace Ras.Engine.Models;

/// <summary>
/// Turns a model document into a <see cref="ModelDefinition"/>, recording every structural problem (unknown
/// members, missing members, wrong types) with its JSON pointer. Semantic checks are in <see cref="ModelValidator"/>.
/// </summary>
internal static class ModelReader
{
    public static ModelDefinition? Read(JsonElement root, List<ModelError> errors)
    {
        var r = JsonObjectReader.Open(root, "", errors);
        if (r is null)
        {
            return null;
        }

        r.OptionalString("$schema");
        var format = ReadFormatVersion(r);
        var definition = new ModelDefinition(
            Id: r.String("id"),
            Version: r.String("version"),
            Title: r.String("title"),
            Publisher: r.OptionalString("publisher"),
            Description: r.OptionalString("description"),
            Illustrative: r.Bool("illustrative", false),
            EffectiveFrom: r.Date("effectiveFrom"),
            EffectiveTo: r.OptionalDate("effectiveTo"),
            Currency: r.OptionalString("currency") ?? "GBP",
            WeeksPerYear: r.OptionalDecimal("weeksPerYear") ?? 52m,
            PolicyReferences: r.Array("policyReferences", false, (e, p) => ReadPolicyReference(e, p, errors)),
            ClientGroups: r.Strings("clientGroups", false),
            Attributes: r.Array("attributes", false, (e, p) => ReadAttribute(e, p, errors)),
            Domains: r.Array("domains", true, (e, p) => ReadDomain(e, p, errors, format)),
            Adjustments: r.Array("adjustments", false, (e, p) => ReadAdjustment(e, p, errors, format), ModelLimits.MaxAdjustments),
            Eligibility: ReadEligibility(r.Object("eligibility", false)),
            DirectionOfTravel: ReadDirectionOfTravel(r.Object("directionOfTravel", false), format),
            Pricing: ReadPricing(r.Object("pricing", true), format),
            AddOns: r.Array("addOns", false, (e, p) => ReadAddOn(e, p, errors, format), ModelLimits.MaxAddOns),
            Range: ReadRange(r.Object("range", true)),
            Rounding: ReadRounding(r.Object("rounding", true)),
            FormatVersion: format.Version,
            Inputs: format.Member(r, "inputs", "numeric inputs need") ? r.Array("inputs", false, (e, p) => ReadInput(e, p, errors)) : Array.Empty<NumericInputDefinition>(),
            Derived: format.Member(r, "derived", "derived quantities need") ? r.Array("derived", false, (e, p) => ReadDerived(e, p, errors), ModelLimits.MaxDerivedQuantities) : Array.Empty<DerivedDefinition>(),
            ProRataPriceChanges: format.Member(r, "priceChanges", "pricing across price changes ('priceChanges') needs") && r.Enum("priceChanges", false, false, ("asOfDate", false), ("proRata", true)));
        r.Finish();
        return definition;
    }

    /// <summary>
    /// Reads <c>formatVersion</c> (1 when omitted). Version 2 members in a version 1 model are each reported as
    /// <c>format-version</c> where they appear; an unsupported version is reported once and nothing else is.
    /// </summary>
    private static FormatGate ReadFormatVersion(JsonObjectReader r)
    {
        if (!r.Has("formatVersion"))
        {
            r.OptionalInt("formatVersion"); // marks it read
            return new FormatGate(1, r.Errors);
        }

        var version = r.OptionalInt("formatVersion");
        if (version is null)
        {
            return new FormatGate(0, r.Errors); // reported as the wrong type
        }

        if (version is not (1 or 2))
        {
            r.Error("out-of-range", "formatVersion", "format version not supported", "1 or 2", version.Value.ToString(CultureInfo.InvariantCulture));
            return new FormatGate(0, r.Errors);
        }

        return new FormatGate(version.Value, r.Errors);
    }

    private static NumericInputDefinition? ReadInput(JsonElement e, string path, List<ModelError> errors)
    {
        var r = JsonObjectReader.Open(e, path, errors);
        if (r is null)
        {
            return null;
        }

        var value = new NumericInputDefinition(r.String("id"), r.String("label"), r.String("unit"), r.Decimal("min"), r.Decimal("max"), r.Bool("required", true));
        r.Finish();
        return value;
    }

    private static DerivedDefinition? ReadDerived(JsonElement e, string path, List<ModelError> errors)
    {
        var r = JsonObjectReader.Open(e, path, errors);
        if (r is null)
        {
            return null;
        }

        var value = new DerivedDefinition(
            r.String("id"),
            r.String("label"),
            r.Array("terms", true, (t, p) =>
            {
                var tr = JsonObjectReader.Open(t, p, errors);
                if (tr is null)
                {
                    return null;
                }

                var coefficient = tr.OptionalDecimal("coefficient") ?? 1m;
                var question = tr.OptionalString("question");
                var domain = tr.OptionalString("domain");
                var derived = tr.OptionalString("derived");
                var input = tr.OptionalString("input");
                var totalPoints = tr.Bool("totalPoints", false);
                tr.Finish();
                var sources = (question is null ? 0 : 1) + (domain is null ? 0 : 1) + (derived is null ? 0 : 1) + (input is null ? 0 : 1) + (totalPoints ? 1 : 0);
                if (sources != 1)
                {
                    tr.Error("invalid-term", "", "a derived-quantity term names exactly one of 'question', 'domain', 'derived', 'input' or 'totalPoints'", "exactly one", sources.ToString(CultureInfo.InvariantCulture));
                    return null;
                }

                return question is not null ? new DerivedTermDefinition(coefficient, DerivedSource.Question, question)
                    : domain is not null ? new DerivedTermDefinition(coefficient, DerivedSource.Domain, domain)
                    : derived is not null ? new DerivedTermDefinition(coefficient, DerivedSource.Derived, derived)
                    : input is not null ? new DerivedTermDefinition(coefficient, DerivedSource.Input, input)
                    : new DerivedTermDefinition(coefficient, DerivedSource.TotalPoints, null);
            }));
        r.Finish();
        return value;
    }

    private static PolicyReference? ReadPolicyReference(JsonElement e, string path, List<ModelError> errors)
    {
        var r = JsonObjectReader.Open(e, path, errors);
        if (r is null)
        {
            return null;
        }

        var value = new PolicyReference(r.String("id"), r.String("citation"), r.OptionalString("url"));
        r.Finish();
        return value;
    }

    private static AttributeDefinition? ReadAttribute(JsonElement e, string path, List<ModelError> errors)
    {
        var r = JsonObjectReader.Open(e, path, errors);
        if (r is null)
        {
            return null;
        }

        var value = new AttributeDefinition(
            r.String("id"),
            r.String("label"),
            r.Bool("required", false),
            r.Array("values", true, (v, p) =>
            {
                var vr = JsonObjectReader.Open(v, p, errors);
                if (vr is null)
                {
                    return null;
                }

                var coded = new CodedValue(vr.String("code"), vr.String("label"));
                vr.Finish();
                return coded;
            }));
        r.Finish();
        return value;
    }

    private static DomainDefinition? ReadDomain(JsonElement e, string path, List<ModelError> errors, FormatGate format)
    {
        var r = JsonObjectReader.Open(e, path, errors);
        if (r is null)
        {
            return null;
        }

        var value = new DomainDefinition(
            r.String("id"),
            r.String("title"),
            r.OptionalString("outcome"),
            r.OptionalDecimal("weight") ?? 1m,
            r.OptionalDecimal("maxPoints"),
            r.Array("questions", true, (q, p) => ReadQuestion(q, p, errors, format)));
        r.Finish();
        return value;
    }

    private static QuestionDefinition? ReadQuestion(JsonElement e, string path, List<ModelError> errors, FormatGate format)
    {
        var r = JsonObjectReader.Open(e, path, errors);
        if (r is null)
        {
            return null;
        }

        var value = new QuestionDefinition(
            r.String("id"),
            r.String("text"),
            r.Bool("required", true),
            r.Array("answers", true, (a, p) =>
            {
                var ar = JsonObjectReader.Open(a, p, errors);
                if (ar is null)
                {
                    return null;
                }

                var answer = new AnswerDefinition(
                    ar.String("code"),
                    ar.String("text"),
                    ar.Int("points"),
                    ar.Bool("unableToAchieve", false),
                    format.Member(ar, "evidence", "eligibility evidence ('evidence') needs") ? ar.Array("evidence", false, (v, vp) => ReadEvidence(v, vp, errors)) : null);
                ar.Finish();
                return answer;
            }));
        r.Finish();
        return value;
    }

    private static EvidenceDefinition? ReadEvidence(JsonElement e, string path, List<ModelError> errors)
    {
        var r = JsonObjectReader.Open(e, path, errors);
        if (r is null)
        {
            return null;
        }

        var value = new EvidenceDefinition(
            r.Enum("ground", Ground.WithoutAssistance, true, Grounds.Codes.Select(g => (g.Code, g.Ground)).ToArray()),
            r.Strings("outcomes", false));
        r.Finish();
        return value;
    }

    private static Condition? ReadCondition(JsonObjectReader? r, FormatGate format)
    {
        if (r is null)
        {
            return null;
        }

        var question = r.OptionalString("question");
        var attribute = r.OptionalString("attribute");
        var input = r.OptionalString("input");
        var derived = r.OptionalString("derived");
        var range = input is not null || derived is not null;
        var anyOf = r.Strings("anyOf", required: !range);
        var min = r.OptionalDecimal("min");
        var max = r.OptionalDecimal("max");
        r.Finish();
        var subjects = (question is null ? 0 : 1) + (attribute is null ? 0 : 1) + (input is null ? 0 : 1) + (derived is null ? 0 : 1);
        if (subjects != 1)
        {
            // A version 1 model keeps the version 1 wording: it has only answer and attribute conditions.
            if (format.Version == 2 || range)
            {
                r.Error("invalid-condition", "", "a condition names exactly one of 'question', 'attribute', 'input' or 'derived'", "exactly one", subjects == 0 ? "none" : subjects.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                r.Error("invalid-condition", "", "a condition names exactly one of 'question' or 'attribute'", "one of them", question is null ? "neither" : "both");
            }

            return null;
        }

        if (!range)
        {
            if (min is not null || max is not null)
            {
                r.Error("invalid-condition", min is not null ? "min" : "max", "'min' and 'max' are for conditions on a numeric input or a derived quantity", "'anyOf' with the codes", min is not null ? "'min'" : "'max'");
                return null;
            }

            return question is not null
                ? new Condition(ConditionSubject.Question, question, anyOf)
                : new Condition(ConditionSubject.Attribute, attribute!, anyOf);
        }

        format.Need(r.Path, "a range condition needs");
        if (r.Has("anyOf"))
        {
            r.Error("invalid-condition", "anyOf", "a condition on a numeric input or a derived quantity is a range, not a list of codes", "'min' and/or 'max'", "'anyOf'");
            return null;
        }

        if (min is null && max is null && !r.Has("min") && !r.Has("max"))
        {
            r.Error("invalid-condition", "", "a range condition needs 'min' and/or 'max'", "'min' and/or 'max' (both inclusive)", "neither");
            return null;
        }

        return input is not null
            ? new Condition(ConditionSubject.Input, input, Array.Empty<string>(), min, max)
            : new Condition(ConditionSubject.Derived, derived!, Array.Empty<string>(), min, max);
    }

    private static AdjustmentDefinition? ReadAdjustment(JsonElement e, string path, List<ModelError> errors, FormatGate format)
    {
        var r = JsonObjectReader.Open(e, path, errors);
        if (r is null)
        {
            return null;
        }

        var value = new AdjustmentDefinition(
            r.String("id"),
            r.String("title"),
            r.Enum("kind", AdjustmentKind.Other, true, ("carerDeduction", AdjustmentKind.CarerDeduction), ("other", AdjustmentKind.Other)),
            r.String("reason"),
            r.OptionalString("policyReference"),
            ReadCondition(r.Object("when", true), format) ?? new Condition(ConditionSubject.Question, "", Array.Empty<string>()),
            r.OptionalDecimal("percent") ?? 0m,
            r.OptionalInt("points") ?? 0,
            r.Strings("domains", false),
            format.Member(r, "unless", "an adjustment's 'unless' condition needs") ? ReadCondition(r.Object("unless", false), format) : null);
        if (!r.Has("percent") && !r.Has("points"))
        {
            r.Error("missing-member", "", "an adjustment needs 'percent' or 'points'", "'percent' and/or 'points'", "neither");
        }

        r.Finish();
        return value;
    }

    private static EligibilityDefinition? ReadEligibility(JsonObjectReader? r)
    {
        if (r is null)
        {
            return null;
        }

        var value = new EligibilityDefinition(r.OptionalInt("minimumOutcomes") ?? 2, r.OptionalString("policyReference"));
        r.Finish();
        return value;
    }

    private static DirectionOfTravelDefinition? ReadDirectionOfTravel(JsonObjectReader? r, FormatGate format)
    {
        if (r is null)
        {
            return null;
        }

        var errors = r.Errors;
        var value = new DirectionOfTravelDefinition(
            r.OptionalInt("horizonMonths") ?? 12,
            r.Decimal("intercept"),
            r.Array("riskFactors", true, (e, p) =>
            {
                var fr = JsonObjectReader.Open(e, p, errors);
                if (fr is null)
                {
                    return null;
                }

                var factor = new RiskFactorDefinition(
                    fr.String("id"),
                    fr.String("text"),
                    fr.Array("levels", true, (l, lp) =>
                    {
                        var lr = JsonObjectReader.Open(l, lp, errors);
                        if (lr is null)
                        {
                            return null;
                        }

                        var level = new RiskLevelDefinition(lr.String("code"), lr.String("text"), lr.Decimal("weight"));
                        lr.Finish();
                        return level;
                    }));
                fr.Finish();
                return factor;
            }),
            r.Int("maxUpliftPoints"),
            r.OptionalDecimal("minimumProbability") ?? 0m,
            r.Decimal("eligibilityProbability"),
            ReadPreventative(r.Object("preventative", true)),
            r.OptionalString("calibration"),
            r.OptionalString("policyReference"),
            format.Member(r, "probabilityDecimals", "probability rounding ('probabilityDecimals') needs") ? ReadProbabilityDecimals(r) : 4,
            format.Member(r, "timing", "weighting changes by when they are expected ('timing') needs") && r.Enum("timing", false, false, ("dayOne", false), ("proRata", true)),
            format.Member(r, "maxUpliftAmount", "a cap in money on the uplift ('maxUpliftAmount') needs") ? r.OptionalDecimal("maxUpliftAmount") : null,
            format.Member(r, "improvementsOffset", "offsetting improvements ('improvementsOffset') needs") && r.Bool("improvementsOffset", false));
        r.Finish();
        return value;
    }

    /// <summary>A whole number of decimal places, or <c>"none"</c> (null: the probability is not rounded).</summary>
    private static int? ReadProbabilityDecimals(JsonObjectReader r)
    {
        const string Expected = "a whole number from 0 to 10, or \"none\"";
        var element = r.Member("probabilityDecimals");
        if (element.ValueKind == JsonValueKind.String && element.GetString() == "none")
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var decimals))
        {
            return decimals;
        }

        r.Error(element.ValueKind == JsonValueKind.String ? "invalid-value" : "wrong-type", "probabilityDecimals", element.ValueKind == JsonValueKind.String ? "unknown value" : "wrong JSON type", Expected, JsonObjectReader.Describe(element));
        return 4;
    }

    private static PreventativeDefinition ReadPreventative(JsonObjectReader? r)
    {
        var zero = DatedValue.Of(0m);
        if (r is null)
        {
            return new PreventativeDefinition("", zero, zero, zero);
        }

        var value = new PreventativeDefinition(
            r.OptionalString("label") ?? "Preventative",
            ReadDated(r, "lower", true) ?? zero,
            ReadDated(r, "indicative", true) ?? zero,
            ReadDated(r, "upper", true) ?? zero);
        r.Finish();
        return value;
    }

    private static PricingDefinition ReadPricing(JsonObjectReader? r, FormatGate format)
    {
        if (r is null)
        {
            return new PricingDefinition(PricingMethod.Bands, null, Array.Empty<BandDefinition>(), null, null);
        }

        var errors = r.Errors;
        var method = r.Enum("method", PricingMethod.Bands, true, ("pricePerPoint", PricingMethod.PricePerPoint), ("bands", PricingMethod.Bands), ("curve", PricingMethod.Curve));
        var pricePerPoint = ReadDated(r, "pricePerPoint", method == PricingMethod.PricePerPoint);
        var bands = r.Array("bands", method == PricingMethod.Bands, (e, p) =>
        {
            var br = JsonObjectReader.Open(e, p, errors);
            if (br is null)
            {
                return null;
            }

            var band = new BandDefinition(
                br.String("id"),
                br.OptionalString("label") ?? "",
                br.Int("minPoints"),
                br.OptionalInt("maxPoints"),
                ReadDated(br, "amount", false),
                ReadDated(br, "pricePerPoint", false),
                ReadDated(br, "lower", false),
                ReadDated(br, "upper", false));
            if (br.Has("amount") == br.Has("pricePerPoint"))
            {
                br.Error("invalid-band", "", "a band has exactly one of 'amount' or 'pricePerPoint'", "one of them", br.Has("amount") ? "both" : "neither");
            }

            br.Finish();
            return band;
        });
        string? nonMonotoneReason = null;
        var nonMonotone = r.Object("allowNonMonotoneBands", false);
        if (nonMonotone is not null)
        {
            nonMonotoneReason = nonMonotone.String("reason");
            nonMonotone.Finish();
        }

        var curve = ReadCurve(r.Object("curve", method == PricingMethod.Curve), format);
        var basis = format.Member(r, "basis", "a price basis needs") ? r.OptionalString("basis") : null;
        var per = format.Member(r, "per", "a price period ('per') needs") ? r.Enum("per", PricePeriod.Year, false, ("year", PricePeriod.Year), ("week", PricePeriod.Week)) : PricePeriod.Year;
        r.Finish();

        if (method != PricingMethod.PricePerPoint && pricePerPoint is not null)
        {
            r.Error("unused-member", "pricePerPoint", "member is not used by this pricing method", "no 'pricePerPoint' when method is not \"pricePerPoint\"");
        }

        if (method != PricingMethod.Bands && bands.Count > 0)
        {
            r.Error("unused-member", "bands", "member is not used by this pricing method", "no 'bands' when method is not \"bands\"");
        }

        if (method != PricingMethod.Curve && curve is not null)
        {
            r.Error("unused-member", "curve", "member is not used by this pricing method", "no 'curve' when method is not \"curve\"");
        }

        if (method == PricingMethod.Curve && r.Has("basis"))
        {
            r.Error("unused-member", "basis", "member is not used by this pricing method", "no 'basis' when method is \"curve\" (use a derived-quantity curve term)");
        }

        if (method == PricingMethod.Curve && r.Has("per"))
        {
            r.Error("unused-member", "per", "member is not used by this pricing method", "no 'per' when method is \"curve\" (the curve's 'output' says annual or weekly)");
        }

        return new PricingDefinition(method, pricePerPoint, bands, nonMonotoneReason, curve, basis, per);
    }

    private static CurveDefinition? ReadCurve(JsonObjectReader? r, FormatGate format)
    {
        if (r is null)
        {
            return null;
        }

        var errors = r.Errors;
        var value = new CurveDefinition(
            r.Decimal("intercept"),
            r.Array("terms", true, (e, p) =>
            {
                var tr = JsonObjectReader.Open(e, p, errors);
                if (tr is null)
                {
                    return null;
                }

                var coefficient = tr.Decimal("coefficient");
                var totalPoints = tr.Bool("totalPoints", false);
                var domain = tr.OptionalString("domain");
                var question = tr.OptionalString("question");
                var answer = tr.OptionalString("answer");
                var attribute = tr.OptionalString("attribute");
                var attributeValue = tr.OptionalString("value");
                var derived = tr.OptionalString("derived");
                var input = tr.OptionalString("input");
                var when = ReadCondition(tr.Object("when", false), format);
                tr.Finish();
                var kinds = (totalPoints ? 1 : 0) + (domain is null ? 0 : 1) + (question is null ? 0 : 1) + (attribute is null ? 0 : 1) + (derived is null ? 0 : 1) + (input is null ? 0 : 1);
                if (kinds != 1)
                {
                    // A version 1 model keeps the version 1 wording.
                    tr.Error("invalid-term", "", format.Version == 2 || derived is not null || input is not null
                        ? "a curve term names exactly one of 'totalPoints', 'domain', 'question' (with 'answer'), 'attribute' (with 'value'), 'derived' or 'input'"
                        : "a curve term names exactly one of 'totalPoints', 'domain', 'question' (with 'answer') or 'attribute' (with 'value')", "exactly one", kinds.ToString(CultureInfo.InvariantCulture));
                    return null;
                }

                if (derived is not null)
                {
                    format.Need(tr.At("derived"), "a derived-quantity curve term needs");
                    return new CurveTermDefinition(coefficient, CurveTermKind.Derived, derived, null, when);
                }

                if (input is not null)
                {
                    format.Need(tr.At("input"), "a numeric-input curve term needs");
                    return new CurveTermDefinition(coefficient, CurveTermKind.Input, input, null, when);
                }

                if (question is not null && answer is null)
                {
                    tr.Error("missing-member", "answer", "a question term needs the answer code it indicates", "'answer'");
                }

                if (attribute is not null && attributeValue is null)
                {
                    tr.Error("missing-member", "value", "an attribute term needs the value it indicates", "'value'");
                }

                return totalPoints ? new CurveTermDefinition(coefficient, CurveTermKind.TotalPoints, null, null, when)
                    : domain is not null ? new CurveTermDefinition(coefficient, CurveTermKind.DomainPoints, domain, null, when)
                    : question is not null ? new CurveTermDefinition(coefficient, CurveTermKind.Answer, question, answer, when)
                    : new CurveTermDefinition(coefficient, CurveTermKind.Attribute, attribute, attributeValue, when);
            }),
            r.Enum("transform", CurveTransform.Identity, true, ("identity", CurveTransform.Identity), ("square", CurveTransform.Square), ("exp", CurveTransform.Exponential)),
            r.Enum("output", CurveOutput.Annual, false, ("annual", CurveOutput.Annual), ("weekly", CurveOutput.Weekly)));
        r.Finish();
        return value;
    }

    private static AddOnDefinition? ReadAddOn(JsonElement e, string path, List<ModelError> errors, FormatGate format)
    {
        var r = JsonObjectReader.Open(e, path, errors);
        if (r is null)
        {
            return null;
        }

        var value = new AddOnDefinition(
            r.String("id"),
            r.String("title"),
            ReadCondition(r.Object("when", true), format) ?? new Condition(ConditionSubject.Question, "", Array.Empty<string>()),
            r.OptionalDecimal("hoursPerWeek"),
            ReadDated(r, "hourlyRate", false),
            ReadDated(r, "annualAmount", false),
            r.OptionalString("policyReference"));
        var hourly = value.HoursPerWeek is not null || value.HourlyRate is not null;
        if (hourly == (value.AnnualAmount is not null) || (hourly && (value.HoursPerWeek is null || value.HourlyRate is null)))
        {
            r.Error("invalid-add-on", "", "an add-on has either 'hoursPerWeek' with 'hourlyRate', or 'annualAmount'", "one of the two forms", "neither or a mixture");
        }

        r.Finish();
        return value;
    }

    private static RangeDefinition ReadRange(JsonObjectReader? r)
    {
        if (r is null)
        {
            return new RangeDefinition(RangeMethod.Tolerance, 0m, 0m);
        }

        var method = r.Enum("method", RangeMethod.Tolerance, true, ("tolerance", RangeMethod.Tolerance), ("bandEdges", RangeMethod.BandEdges));
        var value = new RangeDefinition(method, r.OptionalDecimal("belowPercent", method == RangeMethod.Tolerance) ?? 0m, r.OptionalDecimal("abovePercent", method == RangeMethod.Tolerance) ?? 0m);
        r.Finish();
        return value;
    }

    private static RoundingDefinition ReadRounding(JsonObjectReader? r)
    {
        if (r is null)
        {
            return new RoundingDefinition(1m, 0.01m, MidpointRounding.AwayFromZero);
        }

        var annualUnit = r.Decimal("annualUnit");
        var weeklyUnit = r.Decimal("weeklyUnit");

        // 'mode' names the rounding for what it does. 'midpoint' is its first name, kept readable for ever (it
        // was a misnomer: its directed values round every amount, not only halves); a model gives one of them.
        MidpointRounding mode;
        if (r.Has("midpoint") && r.Has("mode"))
        {
            r.Error(ModelErrorCodes.UnusedMember, "midpoint", "'midpoint' is the old name of 'mode': give one of them", "'mode' alone", "both");
            mode = r.Enum("mode", MidpointRounding.AwayFromZero, true, RoundingModes.Names);
            r.OptionalString("midpoint");
        }
        else if (r.Has("midpoint"))
        {
            mode = r.Enum("midpoint", MidpointRounding.AwayFromZero, true, RoundingModes.OldNames);
        }
        else
        {
            mode = r.Enum("mode", MidpointRounding.AwayFromZero, true, RoundingModes.Names);
        }

        var value = new RoundingDefinition(annualUnit, weeklyUnit, mode);
        r.Finish();
        return value;
    }

    /// <summary>A dated value is a number, or an array of <c>{ "from": date, "value": number }</c>.</summary>
    private static DatedValue? ReadDated(JsonObjectReader r, string name, bool required)
    {
        if (!r.Has(name))
        {
            r.OptionalString(name, required); // marks it read and reports it missing when required
            return null;
        }

        var path = r.At(name);
        var errors = r.Errors;
        var element = GetMember(r, name);
        if (element.ValueKind == JsonValueKind.Number)
        {
            var d = JsonObjectReader.ReadDecimal(element, path, errors);
            return d is null ? null : DatedValue.Of(d.Value);
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ModelError("wrong-type", path, "wrong JSON type", "a number or an array of { \"from\": date, \"value\": number }", JsonObjectReader.Describe(element)));
            return null;
        }

        var entries = r.Array(name, true, (e, p) =>
        {
            var er = JsonObjectReader.Open(e, p, errors);
            if (er is null)
            {
                return null;
            }

            var entry = new DatedEntry(er.Date("from"), er.Decimal("value"));
            er.Finish();
            return entry;
        });
        if (entries.Count == 0)
        {
            errors.Add(new ModelError("empty-dated-value", path, "a dated value needs at least one entry", "at least one { \"from\", \"value\" }", "an empty array"));
            return null;
        }

        return new DatedValue(entries);
    }

    private static JsonElement GetMember(JsonObjectReader r, string name) => r.Member(name);

    /// <summary>The model's format version, and the reporting of version 2 members in a version 1 model.</summary>
    private sealed class FormatGate(int version, List<ModelError> errors)
    {
        /// <summary>1 or 2; 0 when the version itself is invalid (already reported; nothing more is).</summary>
        public int Version { get; } = version;

        /// <summary>Reports a version 2 feature at <paramref name="path"/> when the model is version 1.</summary>
        public void Need(string path, string problem)
        {
            if (Version == 1)
            {
                errors.Add(new ModelError("format-version", path, problem + " \"formatVersion\": 2", "2", "1"));
            }
        }

        /// <summary>True when the version 2 member is present (reporting it in a version 1 model); it is then read.</summary>
        public bool Member(JsonObjectReader r, string name, string problem)
        {
            r.Known(name);
            if (!r.Has(name))
            {
                return false;
            }

            Need(r.At(name), problem);
            return true;
        }
    }
}
