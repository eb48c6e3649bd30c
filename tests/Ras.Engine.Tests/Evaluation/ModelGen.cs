using System.Globalization;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Ras.Engine.Assessments;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Evaluation;

/// <summary>
/// FsCheck generators of random valid model documents (format versions 1 and 2, about half each) and of assessments for them, built
/// from FsCheck's own combinators so that a run is reproduced from FsCheck's seed. FsCheck shrinks through an
/// arbitrary's shrinker, not through the generator, so <see cref="ModelCase()"/> pairs the generator with a
/// shrinker that removes parts of the model document (keeping only candidates that still validate) and of the
/// assessment. The generators aim at the places where the tabulated batch path and the explained path could
/// part: answers and attribute values at high indexes (up to the limit of 100), every answer at its maximum
/// and minimum, anticipated answers that improve as well as worsen, start-dated prices and the days they
/// change, band edges, add-on combinations, and one invalid input now and then. Format version 2 models use a
/// random subset of numeric inputs (0..200, required or not), derived quantities (terms on questions, domains,
/// inputs, total points and earlier derived quantities, coefficients −2..2), range conditions on inputs
/// (adjustments, add-ons, curve terms) and derived quantities (add-ons, curve terms), input and derived curve
/// terms, a pricing basis (bands open-ended or closed at the validator's bound), weekly prices,
/// <c>probabilityDecimals</c> and direction of travel without an eligibility rule; their assessments give inputs
/// at their minimum, maximum and inside, leave optional ones out, and now and then leave a required one out or
/// give one just out of range.
/// </summary>
public static class ModelGen
{
    /// <summary>The Care Act outcome codes a domain may evidence.</summary>
    public static readonly string[] Outcomes =
    {
        "nutrition", "personal_hygiene", "toilet_needs", "being_clothed", "home_safety", "habitable_home",
        "relationships", "work_education_volunteering", "community_services", "caring_for_child",
    };

    private static readonly string[] Midpoints = { "awayFromZero", "toEven", "toZero", "toPositiveInfinity", "toNegativeInfinity" };

    /// <summary>The rounding <c>mode</c> values, in the order of <see cref="Midpoints"/> (its old name's values).</summary>
    private static readonly string[] Modes = { "nearestHalfAwayFromZero", "nearestHalfToEven", "towardZero", "ceiling", "floor" };


    /// <summary>A random model and one assessment for it (valid most of the time).</summary>
    public static Gen<ModelCase> Cases() =>
        from json in ModelDocuments()
        from c in ForDocument(json.ToJsonString())
        select c;

    /// <summary>Loads a model document and draws an assessment and a column order for it.</summary>
    public static Gen<ModelCase> ForDocument(string json)
    {
        var model = TryLoad(json, out var errors);
        if (model is null)
        {
            return Gen.Constant(new ModelCase(json, null, new Assessment("C1", new DateOnly(2026, 1, 1)), Array.Empty<int>(), errors));
        }

        return from a in Assessments(model)
               from keys in Pick((3, Gen.Constant(Array.Empty<int>())), (1, Gen.ArrayOf(Gen.Choose(0, 999), 64)))
               select new ModelCase(json, model, a, keys, errors);
    }

    /// <summary>Loads a model document; null with the errors when it does not validate.</summary>
    public static RasModel? TryLoad(string json, out IReadOnlyList<ModelError> errors) =>
        RasModel.TryLoad(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "generated.json", out errors);

    // ----------------------------------------------------------------------------------------------------
    // Models

    /// <summary>Random valid model documents.</summary>
    public static Gen<JsonObject> ModelDocuments() =>
        from shape in Shapes()
        from adjustments in Pick((12, Gen.Choose(0, 4)), (1, Gen.Choose(13, 16))).SelectMany(n => Gen.ListOf(Adjustment(shape), n)).Select(l => l.ToArray())
        from eligibility in Eligibility(shape)
        from dot in eligibility is null && !shape.V2 ? Gen.Constant<JsonObject?>(null) : Pick((1, Gen.Constant<JsonObject?>(null)), (1, DirectionOfTravel(shape).Select(d => (JsonObject?)d)))
        from priced in Pricing(shape, MaxPossiblePoints(shape, adjustments, dot))
        from addOns in Gen.Choose(0, 3).SelectMany(n => Gen.ListOf(AddOn(shape), n))
        from rounding in Rounding()
        from weeks in Gen.Elements(52m, 52m, 52.143m, 53m)
        from closeTop in Pick((1, Gen.Constant(false)), (2, Gen.Constant(true)))
        from extras in Extras()
        select WithExtras(CloseBasisBands(Document(shape, adjustments, eligibility, dot, priced.Pricing, priced.Range, addOns.ToArray(), rounding, weeks), closeTop), extras);

    /// <summary>
    /// Format version 2 members of issue 9, switched on at random in a version 2 document: pro rata pricing across
    /// price changes, timing-weighted direction of travel with a money cap and offsetting improvements, an
    /// adjustment stopped by an 'unless' condition, and answers evidencing other grounds for other outcomes.
    /// </summary>
    private static Gen<(bool ProRata, bool Timing, decimal? MoneyCap, bool Offset, int Unless, int Evidence)> Extras() =>
        from proRata in Gen.Elements(false, true)
        from timing in Gen.Elements(false, true)
        from cap in Pick((2, Gen.Constant<decimal?>(null)), (1, Gen.Elements<decimal?>(0m, 100m, 1000m, 2500.5m)))
        from offset in Pick((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from unless in Gen.Choose(0, 99)
        from evidence in Gen.Choose(0, 99)
        select (proRata, timing, cap, offset, unless, evidence);

    private static JsonObject WithExtras(JsonObject doc, (bool ProRata, bool Timing, decimal? MoneyCap, bool Offset, int Unless, int Evidence) x)
    {
        if (doc["formatVersion"] is null)
        {
            return doc;
        }

        if (x.ProRata)
        {
            doc["priceChanges"] = "proRata";
        }

        if (doc["directionOfTravel"] is JsonObject dot)
        {
            if (x.Timing)
            {
                dot["timing"] = "proRata";
            }

            if (x.MoneyCap is { } cap)
            {
                dot["maxUpliftAmount"] = cap;
            }

            if (x.Offset)
            {
                dot["improvementsOffset"] = true;
            }
        }

        var questions = ((JsonArray)doc["domains"]!).SelectMany(d => (JsonArray)d!["questions"]!).Select(q => (JsonObject)q!).ToArray();
        if (doc["adjustments"] is JsonArray { Count: > 0 } adjustments && x.Unless < 50)
        {
            var q = questions[x.Unless % questions.Length];
            var answers = (JsonArray)q["answers"]!;
            var adjustment = (JsonObject)adjustments[x.Unless % adjustments.Count]!;
            if (adjustment["when"]?["derived"] is null)
            {
                adjustment["unless"] = new JsonObject { ["question"] = (string)q["id"]!, ["anyOf"] = new JsonArray((string)answers[x.Unless % answers.Count]!["code"]!) };
            }
        }

        var outcomes = ((JsonArray)doc["domains"]!).Select(d => (string?)d!["outcome"]).Where(o => o is not null).Distinct().ToArray();
        if (outcomes.Length > 0 && x.Evidence < 50)
        {
            var q = questions[x.Evidence % questions.Length];
            var answers = (JsonArray)q["answers"]!;
            var grounds = new[] { "withoutAssistance", "painDistressOrAnxiety", "endangersHealthOrSafety", "takesSignificantlyLonger" };
            ((JsonObject)answers[x.Evidence % answers.Count]!)["evidence"] = new JsonArray(new JsonObject { ["ground"] = grounds[x.Evidence % 4], ["outcomes"] = new JsonArray(outcomes[x.Evidence % outcomes.Length]) });
        }

        return doc;
    }

    /// <summary>
    /// Bands priced on a derived basis are generated open-ended; most are then closed exactly at the basis's
    /// largest possible value as the validator works it out, so that the top edge is tested too.
    /// </summary>
    private static JsonObject CloseBasisBands(JsonObject doc, bool close)
    {
        if (!close || doc["pricing"] is not JsonObject pricing || pricing["basis"] is null || pricing["bands"] is not JsonArray bands)
        {
            return doc;
        }

        var model = TryLoad(doc.ToJsonString(), out _);
        if (model is null)
        {
            return doc;
        }

        var top = ModelValidator.MaxPricedPoints(model.Definition);
        var last = (JsonObject)bands[^1]!;
        if (top < (int)last["minPoints"]! || last["maxPoints"] is not null)
        {
            return doc;
        }

        var closed = doc.DeepClone().AsObject();
        ((JsonObject)((JsonArray)closed["pricing"]!["bands"]!)[^1]!)["maxPoints"] = top;
        return TryLoad(closed.ToJsonString(), out _) is null ? doc : closed;
    }

    private static JsonObject Document(Shape s, Adj[] adjustments, JsonObject? eligibility, JsonObject? dot, JsonObject pricing, JsonObject range, JsonObject[] addOns, JsonObject rounding, decimal weeks)
    {
        var doc = new JsonObject();
        if (s.V2)
        {
            doc["formatVersion"] = 2;
        }

        foreach (var (key, value) in new JsonObject
        {
            ["id"] = "generated",
            ["version"] = "1.0.0",
            ["title"] = "Generated model",
            ["effectiveFrom"] = Iso(s.From),
        }.ToArray())
        {
            doc[key] = value?.DeepClone();
        }

        if (s.To is { } to)
        {
            doc["effectiveTo"] = Iso(to);
        }

        doc["weeksPerYear"] = weeks;
        if (s.Groups)
        {
            doc["clientGroups"] = new JsonArray("g1", "g2");
        }

        doc["attributes"] = new JsonArray(s.Attributes.Select(a => (JsonNode)new JsonObject
        {
            ["id"] = a.Id,
            ["label"] = a.Id,
            ["required"] = a.Required,
            ["values"] = new JsonArray(Enumerable.Range(0, a.Values).Select(i => (JsonNode)new JsonObject { ["code"] = $"v{i}", ["label"] = $"value {i}" }).ToArray()),
        }).ToArray());
        if (s.Inputs.Length > 0)
        {
            doc["inputs"] = new JsonArray(s.Inputs.Select(i =>
            {
                var o = new JsonObject { ["id"] = i.Id, ["label"] = i.Id, ["unit"] = "units", ["min"] = i.Min, ["max"] = i.Max };
                if (!i.Required || i.SayRequired)
                {
                    o["required"] = i.Required;
                }

                return (JsonNode)o;
            }).ToArray());
        }

        doc["domains"] = new JsonArray(s.Domains.Select(d =>
        {
            var o = new JsonObject { ["id"] = d.Id, ["title"] = d.Id };
            if (d.Outcome is not null)
            {
                o["outcome"] = d.Outcome;
            }

            o["weight"] = d.Weight;
            if (d.Cap is { } cap)
            {
                o["maxPoints"] = cap;
            }

            o["questions"] = new JsonArray(d.Questions.Select(q => (JsonNode)new JsonObject
            {
                ["id"] = q.Id,
                ["text"] = q.Id,
                ["required"] = q.Required,
                ["answers"] = new JsonArray(q.Points.Select((p, i) => (JsonNode)new JsonObject
                {
                    ["code"] = $"a{i}",
                    ["text"] = $"answer {i}",
                    ["points"] = p,
                    ["unableToAchieve"] = q.Unable[i],
                }).ToArray()),
            }).ToArray());
            return (JsonNode)o;
        }).ToArray());
        if (s.Derived.Length > 0)
        {
            doc["derived"] = new JsonArray(s.Derived.Select(d => (JsonNode)new JsonObject
            {
                ["id"] = d.Id,
                ["label"] = d.Id,
                ["terms"] = new JsonArray(d.Terms.Select(t => t.DeepClone()).ToArray()),
            }).ToArray());
        }

        doc["adjustments"] = new JsonArray(adjustments.Select((a, k) =>
        {
            var o = (JsonObject)a.Json.DeepClone();
            o["id"] = $"adj{k}";
            return (JsonNode)o;
        }).ToArray());
        if (eligibility is not null)
        {
            doc["eligibility"] = eligibility;
        }

        if (dot is not null)
        {
            doc["directionOfTravel"] = dot;
        }

        doc["pricing"] = pricing;
        doc["addOns"] = new JsonArray(addOns.Select((a, k) =>
        {
            a["id"] = $"addon{k}";
            return (JsonNode)a;
        }).ToArray());
        doc["range"] = range;
        doc["rounding"] = rounding;
        return doc;
    }

    /// <summary>The questionnaire, attributes, dates and price path of a model, which the other parts refer to.</summary>
    private static Gen<Shape> Shapes() =>
        from start in Gen.Choose(0, 700).Select(d => new DateOnly(2025, 1, 1).AddDays(d))
        from to in Pick((2, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 3).Select(d => (int?)d)), (3, Gen.Choose(30, 500).Select(d => (int?)d)))
        from path in PricePath(start, to is { } days ? start.AddDays(days) : null)
        from attributes in Gen.Choose(0, 2).SelectMany(n => Gen.ListOf(Attribute(), n))
        from domainCount in Gen.Choose(1, 4)
        from domains in Gen.CollectToArray(Enumerable.Range(0, domainCount).Select(Domain))
        from groups in Pick((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from v2 in Pick((1, Gen.Constant(false)), (1, Gen.Constant(true)))
        from inputs in v2 ? Gen.Choose(0, 3).SelectMany(n => Gen.ListOf(Input(), n)).Select(l => l.Select((x, i) => x with { Id = $"in{i}" }).ToArray()) : Gen.Constant(Array.Empty<Inp>())
        from derivedCount in v2 ? Gen.Choose(0, 3) : Gen.Constant(0)
        from derived in Gen.CollectToArray(Enumerable.Range(0, derivedCount).Select(k => Derived(k, domains, inputs)))
        select new Shape(
            start,
            to is { } d ? start.AddDays(d) : null,
            path,
            attributes.Select((a, i) => a with { Id = $"attr{i}" }).ToArray(),
            domains,
            groups,
            v2,
            inputs,
            derived);

    /// <summary>A numeric input within 0..200: whole or with one or two decimals at its ends, sometimes a single value.</summary>
    private static Gen<Inp> Input() =>
        from min in Pick((3, Gen.Choose(0, 150).Select(m => (decimal)m)), (1, Gen.Choose(0, 1500).Select(m => m / 10m)), (1, Gen.Constant(0m)))
        from width in Pick((4, Gen.Choose(1, 50).Select(w => (decimal)w)), (1, Gen.Choose(1, 500).Select(w => w / 100m)), (1, Gen.Constant(0m)))
        from required in Pick((1, Gen.Constant(true)), (1, Gen.Constant(false)))
        from sayRequired in Gen.Elements(true, false)
        select new Inp("", min, Math.Min(200m, min + width), required, sayRequired);

    private static Gen<decimal> SmallCoefficient() =>
        Pick((3, Gen.Choose(-200, 200).Select(c => c / 100m)), (2, Gen.Elements(1m, -1m, 0.5m, 2m, -0.1m)), (1, Gen.Choose(-2, 2).Select(c => (decimal)c)));

    /// <summary>A derived quantity on questions, domains, inputs, total points and derived quantities defined before it (so no cycles).</summary>
    private static Gen<Der> Derived(int k, Dom[] domains, Inp[] inputs)
    {
        var questions = domains.SelectMany(d => d.Questions).Select(q => q.Id).ToArray();
        var sources = new List<(int, Gen<JsonObject>)>
        {
            (3, Gen.Elements(questions).Select(q => new JsonObject { ["question"] = q })),
            (2, Gen.Elements(domains).Select(d => new JsonObject { ["domain"] = d.Id })),
            (1, Gen.Constant(new JsonObject { ["totalPoints"] = true })),
        };
        if (inputs.Length > 0)
        {
            sources.Add((3, Gen.Elements(inputs).Select(i => new JsonObject { ["input"] = i.Id })));
        }

        if (k > 0)
        {
            sources.Add((2, Gen.Choose(0, k - 1).Select(j => new JsonObject { ["derived"] = $"der{j}" })));
        }

        var term = from source in Gen.Frequency(sources)
                   from c in Pick((4, SmallCoefficient().Select(c => (decimal?)c)), (1, Gen.Constant<decimal?>(null)))
                   select c is { } coefficient ? new JsonObject { ["coefficient"] = coefficient }.Also(source) : source;
        return from n in Gen.Choose(1, 3)
               from terms in Gen.ListOf(term, n)
               select new Der($"der{k}", terms.ToArray());
    }

    /// <summary>
    /// Start-dated values use one path of factors shared by the whole model (the base value times the factor in
    /// force), so that whatever must hold between amounts (monotone bands, lower ≤ indicative ≤ upper) holds on
    /// every date exactly. The first entry starts on or before the model; the others change mid-period.
    /// </summary>
    private static Gen<(DateOnly From, decimal Factor)[]> PricePath(DateOnly start, DateOnly? to)
    {
        var span = (to ?? start.AddDays(400)).DayNumber - start.DayNumber;
        return from before in Pick((3, Gen.Constant(0)), (1, Gen.Choose(2, 90)))
               from earlier in before < 2 ? Gen.Constant(0) : Pick((3, Gen.Constant(0)), (1, Gen.Choose(1, before - 1)))
               from earlierFactor in Gen.Elements(0.9m, 1.05m)
               from changes in span == 0 ? Gen.Constant(new List<int>()) : Gen.Choose(0, 2).SelectMany(n => Gen.ListOf(Gen.Choose(1, span), n)).Select(l => l.Distinct().Order().ToList())
               from factors in Gen.ListOf(Gen.Elements(1.02m, 1.1m, 0.95m, 1.5m, 2m, 1m), changes.Count)
               select earlier == 0
                   ? changes.Select((c, i) => (start.AddDays(c), factors[i])).Prepend((start.AddDays(-before), 1m)).ToArray()
                   : changes.Select((c, i) => (start.AddDays(c), factors[i])).Prepend((start.AddDays(-earlier), earlierFactor)).Prepend((start.AddDays(-before), 1m)).ToArray();
    }

    private static Gen<Attr> Attribute() =>
        from values in Pick((4, Gen.Choose(1, 6)), (1, Gen.Choose(65, 99)), (2, Gen.Constant(ModelLimits.MaxAnswersPerQuestion)))
        from required in Pick((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new Attr("", values, required);

    private static Gen<Dom> Domain(int d) =>
        from outcome in Pick((3, Gen.Elements(Outcomes).Select(o => (string?)o)), (1, Gen.Constant<string?>(null)))
        from weight in Gen.Elements(1m, 1m, 0.5m, 1.5m, 2m, 0m)
        from cap in Pick((3, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 80).Select(c => (int?)c)))
        from count in Gen.Choose(1, 3)
        from questions in Gen.CollectToArray(Enumerable.Range(0, count).Select(j => Question($"q{d}_{j}")))
        select new Dom($"d{d}", outcome, weight, cap, questions);

    private static Gen<Quest> Question(string id) =>
        from n in Pick((12, Gen.Choose(2, 6)), (2, Gen.Choose(7, 99)), (1, Gen.Constant(ModelLimits.MaxAnswersPerQuestion)))
        from points in Gen.ListOf(Gen.Choose(0, 50), n)
        from sorted in Pick((2, Gen.Constant(true)), (1, Gen.Constant(false)))
        from unable in Gen.ListOf(Pick((3, Gen.Constant(false)), (1, Gen.Constant(true))), n)
        from required in Pick((3, Gen.Constant(true)), (1, Gen.Constant(false)))
        select new Quest(id, sorted ? points.Order().ToArray() : points.ToArray(), unable.ToArray(), required);

    /// <summary>Codes of a list of n codes that a condition names: any subset, the last one, and the high indexes 63, 64, 70 and 99 when they exist.</summary>
    private static Gen<int[]> CodeIndexes(int n)
    {
        var high = new[] { 63, 64, 70, 99 }.Where(i => i < n).ToArray();
        return Pick(
            (3, Gen.SubListOf(Enumerable.Range(0, n).ToArray()).Where(l => l.Count > 0).Select(l => l.ToArray())),
            (1, Gen.Constant(new[] { n - 1 })),
            (1, Gen.Choose(0, n - 1).Select(i => new[] { i })),
            (2, high.Length == 0 ? Gen.Constant(new[] { n - 1 }) : Gen.SubListOf(high).Where(l => l.Count > 0).Select(l => l.ToArray())));
    }

    private static Gen<JsonObject> Condition(Shape s, bool attributeOnly = false, bool derived = false)
    {
        var questions = s.Questions.ToArray();
        var options = new List<(int, Gen<JsonObject>)>();
        if (!attributeOnly)
        {
            options.Add((2, from q in Gen.Elements(questions)
                            from codes in CodeIndexes(q.Points.Length)
                            select new JsonObject { ["question"] = q.Id, ["anyOf"] = Codes("a", codes) }));
        }

        if (s.Attributes.Length > 0)
        {
            options.Add((2, from a in Gen.Elements(s.Attributes)
                            from codes in CodeIndexes(a.Values)
                            select new JsonObject { ["attribute"] = a.Id, ["anyOf"] = Codes("v", codes) }));
        }

        if (s.Inputs.Length > 0)
        {
            options.Add((2, from i in Gen.Elements(s.Inputs)
                            from range in RangeEnds(i.Min, i.Max)
                            select Range(new JsonObject { ["input"] = i.Id }, range)));
        }

        if (derived && s.Derived.Length > 0)
        {
            options.Add((2, from d in Gen.Elements(s.Derived)
                            from range in RangeEnds(-10m, 60m)
                            select Range(new JsonObject { ["derived"] = d.Id }, range)));
        }

        return options.Count == 0 ? Gen.Constant<JsonObject>(null!) : Gen.Frequency(options);
    }

    /// <summary>An inclusive range with one or both ends, drawn from the ends of [lo, hi], values inside and halves.</summary>
    private static Gen<(decimal? Min, decimal? Max)> RangeEnds(decimal lo, decimal hi)
    {
        var value = Pick(
            (2, Gen.Elements(lo, hi)),
            (3, Gen.Choose(0, 100).Select(k => decimal.Round(lo + ((hi - lo) * k / 100m), 2))),
            (1, Gen.Choose(0, 100).Select(k => decimal.Round(lo + ((hi - lo) * k / 100m), 0) + 0.5m)));
        return from a in value
               from b in value
               from ends in Gen.Choose(0, 2)
               select ends switch
               {
                   0 => ((decimal?)a, (decimal?)null),
                   1 => (null, (decimal?)a),
                   _ => ((decimal?)Math.Min(a, b), (decimal?)Math.Max(a, b)),
               };
    }

    private static JsonObject Range(JsonObject o, (decimal? Min, decimal? Max) range)
    {
        if (range.Min is { } min)
        {
            o["min"] = min;
        }

        if (range.Max is { } max)
        {
            o["max"] = max;
        }

        return o;
    }

    private static Gen<Adj> Adjustment(Shape s) =>
        from when in Condition(s)
        from percent in Pick((2, Gen.Choose(-50, 50).Select(p => (int?)p)), (1, Gen.Constant<int?>(null)))
        from points in percent is null ? Gen.Choose(-5, 5).Select(p => (int?)p) : Pick((2, Gen.Constant<int?>(null)), (1, Gen.Choose(-5, 5).Select(p => (int?)p)))
        from kind in Gen.Elements("carerDeduction", "other")
        from domains in Pick((2, Gen.Constant(Array.Empty<string>())), (1, Gen.SubListOf(s.Domains.Select(d => d.Id).ToArray()).Select(l => l.ToArray())))
        select MakeAdjustment(when, percent, points, kind, domains);

    private static Adj MakeAdjustment(JsonObject when, int? percent, int? points, string kind, string[] domains)
    {
        var o = new JsonObject { ["title"] = "Adjustment", ["kind"] = kind, ["reason"] = "Generated.", ["when"] = when };
        if (percent is { } p)
        {
            o["percent"] = p;
        }

        if (points is { } n)
        {
            o["points"] = n;
        }

        if (domains.Length > 0)
        {
            o["domains"] = new JsonArray(domains.Select(d => (JsonNode)d).ToArray());
        }

        return new Adj(o, percent ?? 0, points ?? 0, domains);
    }

    private static Gen<JsonObject?> Eligibility(Shape s)
    {
        var outcomes = s.Domains.Where(d => d.Outcome is not null).Select(d => d.Outcome).Distinct().Count();
        return outcomes == 0
            ? Gen.Constant<JsonObject?>(null)
            : Pick(
                (1, Gen.Constant<JsonObject?>(null)),
                (3, Gen.Choose(1, Math.Min(2, outcomes)).Select(n => (JsonObject?)new JsonObject { ["minimumOutcomes"] = n })));
    }

    private static Gen<JsonObject> DirectionOfTravel(Shape s) =>
        from factorCount in Gen.Choose(1, 3)
        from factors in Gen.ListOf(Gen.Choose(2, 4).SelectMany(n => Gen.ListOf(Gen.Choose(-20, 20), n)), factorCount)
        from intercept in Gen.Choose(-30, 30)
        from maxUplift in Gen.Choose(0, 30)
        from minimum in Gen.Elements(0m, 0.1m, 0.3m, 0.5m)
        from eligibility in Gen.Elements(0m, 0.2m, 0.5m, 0.9m, 1m)
        from lower in Gen.Choose(0, 2000)
        from more in Gen.Two(Gen.Choose(0, 2000))
        from dated in Pick((2, Gen.Constant(false)), (1, Gen.Constant(true)))
        from decimals in s.V2 ? Pick((1, Gen.Constant<JsonNode?>(null)), (3, Gen.Choose(0, 10).Select(d => (JsonNode?)d)), (1, Gen.Constant<JsonNode?>("none"))) : Gen.Constant<JsonNode?>(null)
        select new JsonObject
        {
            ["horizonMonths"] = 12,
            ["intercept"] = intercept / 10m,
            ["riskFactors"] = new JsonArray(factors.Select((levels, f) => (JsonNode)new JsonObject
            {
                ["id"] = $"risk{f}",
                ["text"] = $"risk {f}",
                ["levels"] = new JsonArray(levels.Select((w, l) => (JsonNode)new JsonObject { ["code"] = $"l{l}", ["text"] = $"level {l}", ["weight"] = w / 10m }).ToArray()),
            }).ToArray()),
            ["maxUpliftPoints"] = maxUplift,
            ["minimumProbability"] = minimum,
            ["eligibilityProbability"] = eligibility,
            ["preventative"] = new JsonObject
            {
                ["label"] = "Preventative",
                ["lower"] = Dated(s, lower, dated),
                ["indicative"] = Dated(s, lower + more.Item1, dated),
                ["upper"] = Dated(s, lower + more.Item1 + more.Item2, dated),
            },
        }.AlsoIf("probabilityDecimals", decimals);

    /// <summary>The most points the questionnaire can give: the rule the validator checks band coverage against (docs/model-format.md).</summary>
    private static long MaxPossiblePoints(Shape s, Adj[] adjustments, JsonObject? dot)
    {
        long total = 0;
        foreach (var d in s.Domains)
        {
            var weighted = d.Questions.Sum(q => q.Points.Max()) * d.Weight;
            if (d.Cap is { } cap)
            {
                weighted = Math.Min(weighted, cap);
            }

            var applicable = adjustments.Where(a => a.Domains.Length == 0 || a.Domains.Contains(d.Id)).ToArray();
            var percent = applicable.Where(a => a.Percent > 0).Sum(a => a.Percent);
            var points = applicable.Where(a => a.Points > 0).Sum(a => a.Points);
            total += (long)decimal.Round((weighted * (1 + (percent / 100m))) + points, 0, MidpointRounding.AwayFromZero);
        }

        return total + (dot is null ? 0 : (int)dot["maxUpliftPoints"]!);
    }

    private static Gen<(JsonObject Pricing, JsonObject Range)> Pricing(Shape s, long top) =>
        from basis in s.Derived.Length == 0 ? Gen.Constant<string?>(null) : Pick((1, Gen.Constant<string?>(null)), (2, Gen.Elements(s.Derived).Select(d => (string?)d.Id)))
        from weekly in s.V2 ? Pick((1, Gen.Constant<string?>(null)), (2, Gen.Constant<string?>("week")), (1, Gen.Constant<string?>("year"))) : Gen.Constant<string?>(null)
        from pricing in Pick((2, PricePerPoint(s, weekly == "week")), (4, Bands(s, basis is null ? (int)top : -1, weekly == "week")), (3, Curve(s)))
        from tolerance in Tolerance()
        select (PricingExtras(pricing.Pricing, basis, weekly), pricing.BandEdges ? new JsonObject { ["method"] = "bandEdges" } : tolerance);

    private static JsonObject PricingExtras(JsonObject pricing, string? basis, string? per)
    {
        if ((string)pricing["method"]! == "curve")
        {
            return pricing;
        }

        return pricing.AlsoIf("basis", basis).AlsoIf("per", per);
    }

    private static Gen<JsonObject> Tolerance() =>
        from below in Pick((3, Gen.Choose(0, 50).Select(b => (decimal)b)), (1, Gen.Constant(12.5m)))
        from above in Gen.Choose(0, 100)
        select new JsonObject { ["method"] = "tolerance", ["belowPercent"] = below, ["abovePercent"] = above };

    private static Gen<(JsonObject Pricing, bool BandEdges)> PricePerPoint(Shape s, bool weekly) =>
        from price in Gen.Choose(0, weekly ? 500 : 20000)
        from dated in Pick((1, Gen.Constant(false)), (1, Gen.Constant(true)))
        select (new JsonObject { ["method"] = "pricePerPoint", ["pricePerPoint"] = Dated(s, price / 100m, dated) }, false);

    /// <summary>
    /// Contiguous bands from 0 with inclusive edges, the last open-ended, closing exactly at the most points the
    /// questionnaire can give, or beyond; fixed amounts or prices per point, monotone (or opted out with a reason).
    /// </summary>
    /// <summary>
    /// Contiguous bands (see above); a <paramref name="top"/> of −1 means priced on a derived basis: cuts up to
    /// 40 and the last band open-ended (<see cref="CloseBasisBands"/> may close it). Weekly figures are smaller.
    /// </summary>
    private static Gen<(JsonObject Pricing, bool BandEdges)> Bands(Shape s, int top, bool weekly = false) =>
        from count in Gen.Choose(1, 5)
        from cuts in top == 0 ? Gen.Constant(new List<int>()) : Gen.ListOf(Gen.Choose(0, top < 0 ? 40 : top - 1), count - 1).Select(l => l.Distinct().Order().ToList())
        from last in top < 0 ? Gen.Constant<int?>(null) : Pick((2, Gen.Constant<int?>(null)), (2, Gen.Constant<int?>(top)), (1, Gen.Choose(1, 20).Select(e => (int?)(top + e))))
        from bandEdges in Pick((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from nonMonotone in Pick((7, Gen.Constant(false)), (1, Gen.Constant(true)))
        from dated in Pick((2, Gen.Constant(false)), (1, Gen.Constant(true)))
        from specs in Gen.ListOf(BandSpec(weekly), cuts.Count + 1)
        select (BandTable(s, cuts, last, bandEdges, nonMonotone, dated, specs.ToArray()), bandEdges);

    private static Gen<BandRaw> BandSpec(bool weekly) =>
        from amount in Pick((1, Gen.Constant(true)), (1, Gen.Constant(false)))
        from euros in Gen.Choose(0, weekly ? 300 : 3000)
        from cents in Pick((2, Gen.Constant(0)), (1, Gen.Choose(0, 99)))
        from price in Gen.Choose(0, weekly ? 500 : 5000)
        from lower in Gen.Elements<decimal?>(null, null, 1m, 0.8m, 0.5m)
        from upper in Gen.Elements<decimal?>(null, null, 1m, 1.25m, 2m)
        select new BandRaw(amount, euros + (cents / 100m), price / 100m, lower, upper);

    private static JsonObject BandTable(Shape s, List<int> cuts, int? last, bool bandEdges, bool nonMonotone, bool dated, BandRaw[] specs)
    {
        var bands = new JsonArray();
        var previousHigh = 0m;
        for (var i = 0; i <= cuts.Count; i++)
        {
            var raw = specs[i];
            var min = i == 0 ? 0 : cuts[i - 1] + 1;
            int? max = i < cuts.Count ? cuts[i] : last;
            var band = new JsonObject { ["id"] = $"b{i}", ["minPoints"] = min };
            if (max is { } top)
            {
                band["maxPoints"] = top;
            }

            decimal low, high;
            if (raw.Amount)
            {
                low = high = nonMonotone ? raw.Euros : previousHigh + raw.Euros;
                band["amount"] = Dated(s, low, dated);
            }
            else
            {
                var price = min == 0 || nonMonotone ? raw.Price : Math.Ceiling(previousHigh * 100m / min) / 100m + raw.Price;
                low = price * min;
                high = price * (max ?? min);
                band["pricePerPoint"] = Dated(s, price, dated);
            }

            var lower = raw.Lower ?? (bandEdges && raw.Amount ? 1m : null);
            var upper = raw.Upper ?? (bandEdges && (raw.Amount || max is null) ? 1.5m : null);
            if (lower is { } l)
            {
                band["lower"] = Dated(s, Math.Floor(low * l * 100m) / 100m, dated);
            }

            if (upper is { } u)
            {
                band["upper"] = Dated(s, Math.Ceiling(high * u * 100m) / 100m, dated);
            }

            bands.Add(band);
            previousHigh = high;
        }

        var pricing = new JsonObject { ["method"] = "bands", ["bands"] = bands };
        if (nonMonotone)
        {
            pricing["allowNonMonotoneBands"] = new JsonObject { ["reason"] = "Generated: amounts at random." };
        }

        return pricing;
    }

    /// <summary>A pricing curve: coefficients scaled to each transform so that amounts stay in a sensible range.</summary>
    private static Gen<(JsonObject Pricing, bool BandEdges)> Curve(Shape s) =>
        from transform in Gen.Elements("identity", "square", "exp")
        from weekly in Pick((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from intercept in transform switch
        {
            "identity" => Gen.Choose(-500, 3000).Select(i => (decimal)i),
            "square" => Gen.Choose(0, 60).Select(i => (decimal)i),
            _ => Gen.Choose(400, 900).Select(i => i / 100m),
        }
        from count in Gen.Choose(1, 4)
        from terms in Gen.ListOf(CurveTerm(s, transform), count)
        select (new JsonObject
        {
            ["method"] = "curve",
            ["curve"] = new JsonObject
            {
                ["intercept"] = intercept,
                ["transform"] = transform,
                ["output"] = weekly ? "weekly" : "annual",
                ["terms"] = new JsonArray(terms.Select(t => (JsonNode)t).ToArray()),
            },
        }, false);

    private static Gen<JsonObject> CurveTerm(Shape s, string transform)
    {
        var perPoint = transform switch
        {
            "identity" => Gen.Choose(0, 20000).Select(c => c / 100m),
            "square" => Gen.Choose(0, 300).Select(c => c / 100m),
            _ => Gen.Choose(0, 300).Select(c => c / 10000m),
        };
        var indicator = transform switch
        {
            "identity" => Gen.Choose(-50000, 50000).Select(c => c / 100m),
            "square" => Gen.Choose(-1000, 1000).Select(c => c / 100m),
            _ => Gen.Choose(-50, 50).Select(c => c / 100m),
        };
        var questions = s.Questions.ToArray();
        var kinds = new List<(int, Gen<JsonObject>)>
        {
            (2, perPoint.Select(c => new JsonObject { ["coefficient"] = c, ["totalPoints"] = true })),
            (1, from c in perPoint from d in Gen.Elements(s.Domains) select new JsonObject { ["coefficient"] = c, ["domain"] = d.Id }),
            (2, from c in indicator from q in Gen.Elements(questions) from a in CodeIndexes(q.Points.Length) select new JsonObject { ["coefficient"] = c, ["question"] = q.Id, ["answer"] = $"a{a[^1]}" }),
        };
        if (s.Attributes.Length > 0)
        {
            kinds.Add((2, from c in indicator from a in Gen.Elements(s.Attributes) from v in CodeIndexes(a.Values) select new JsonObject { ["coefficient"] = c, ["attribute"] = a.Id, ["value"] = $"v{v[^1]}" }));
        }

        // Inputs (0..200) and derived quantities take coefficients small enough for the transform not to run away.
        var small = transform == "exp" ? SmallCoefficient().Select(c => c / 1000m) : SmallCoefficient();
        if (s.Inputs.Length > 0)
        {
            kinds.Add((2, from c in small from i in Gen.Elements(s.Inputs) select new JsonObject { ["coefficient"] = c, ["input"] = i.Id }));
        }

        if (s.Derived.Length > 0)
        {
            kinds.Add((2, from c in small from d in Gen.Elements(s.Derived) select new JsonObject { ["coefficient"] = c, ["derived"] = d.Id }));
        }

        var conditional = s.Attributes.Length > 0 || s.Inputs.Length > 0 || s.Derived.Length > 0;
        return from term in Gen.Frequency(kinds)
               from when in !conditional ? Gen.Constant<JsonObject?>(null) : Pick((3, Gen.Constant<JsonObject?>(null)), (1, Condition(s, attributeOnly: true, derived: true).Select(c => (JsonObject?)c)))
               select When(term, when);
    }

    private static JsonObject When(JsonObject o, JsonObject? when)
    {
        if (when is not null)
        {
            o["when"] = when;
        }

        return o;
    }

    private static Gen<JsonObject> AddOn(Shape s) =>
        from when in Condition(s, derived: true)
        from hourly in Pick((1, Gen.Constant(true)), (1, Gen.Constant(false)))
        from hours in Pick((2, Gen.Choose(1, 168).Select(h => (decimal)h)), (1, Gen.Choose(1, 335).Select(h => h / 2m)))
        from rate in Gen.Choose(1000, 3000)
        from amount in Gen.Choose(0, 20000)
        from dated in Pick((1, Gen.Constant(false)), (1, Gen.Constant(true)))
        select hourly
            ? new JsonObject { ["title"] = "Add-on", ["when"] = when, ["hoursPerWeek"] = hours, ["hourlyRate"] = Dated(s, rate / 100m, dated) }
            : new JsonObject { ["title"] = "Add-on", ["when"] = when, ["annualAmount"] = Dated(s, amount, dated) };

    private static Gen<JsonObject> Rounding() =>
        from annual in Gen.Elements(1m, 0.01m, 5m)
        from weekly in Gen.Elements(0.01m, 1m, 5m)
        from mode in Gen.Choose(0, Modes.Length - 1)
        from oldName in Gen.Elements(true, false)
        select oldName
            ? new JsonObject { ["annualUnit"] = annual, ["weeklyUnit"] = weekly, ["midpoint"] = Midpoints[mode] }
            : new JsonObject { ["annualUnit"] = annual, ["weeklyUnit"] = weekly, ["mode"] = Modes[mode] };

    /// <summary>A number, or the model's price path applied to it.</summary>
    private static JsonNode Dated(Shape s, decimal value, bool dated) =>
        dated
            ? new JsonArray(s.Path.Select(p => (JsonNode)new JsonObject { ["from"] = Iso(p.From), ["value"] = value * p.Factor }).ToArray())
            : JsonValue.Create(value);

    /// <summary>
    /// Models whose questionnaire gives every total from 0 to its maximum N (one domain; question j has answers
    /// worth 0 to 99 points, one for each value, until the answers reach N), priced by a random band table: so an
    /// assessment can land on every band's lower and upper edge. N is sometimes 185, Norfolk's closed top edge.
    /// </summary>
    public static Gen<JsonObject> EveryTotalModels() =>
        from top in Pick((1, Gen.Constant(185)), (3, Gen.Choose(1, 250)))
        from shape in Shapes().Select(s => s with { Attributes = Array.Empty<Attr>(), Domains = new[] { new Dom("d0", null, 1m, null, EveryTotalQuestions(top)) }, Groups = false, V2 = false, Inputs = Array.Empty<Inp>(), Derived = Array.Empty<Der>() })
        from priced in Bands(shape, top)
        from tolerance in Tolerance()
        from rounding in Rounding()
        select Document(shape, Array.Empty<Adj>(), null, null, priced.Pricing, priced.BandEdges ? new JsonObject { ["method"] = "bandEdges" } : tolerance, Array.Empty<JsonObject>(), rounding, 52m);

    private static Quest[] EveryTotalQuestions(int top) =>
        Enumerable.Range(0, (top + 98) / 99)
            .Select(j => Math.Min(99, top - (99 * j)))
            .Select((most, j) => new Quest($"q{j}", Enumerable.Range(0, most + 1).ToArray(), new bool[most + 1], true))
            .ToArray();

    /// <summary>An assessment scoring exactly <paramref name="points"/> on a model from <see cref="EveryTotalModels"/> (answer code aN is worth N points).</summary>
    public static Assessment ScoringExactly(RasModel model, int points, DateOnly asOf)
    {
        var answers = new Dictionary<string, string>();
        var left = points;
        foreach (var q in model.Definition.Domains.SelectMany(d => d.Questions))
        {
            var take = Math.Min(left, q.Answers.Max(a => a.Points));
            answers[q.Id] = q.Answers.First(a => a.Points == take).Code;
            left -= take;
        }

        return new Assessment($"P{points}", asOf, answers: answers);
    }

    // ----------------------------------------------------------------------------------------------------
    // Assessments

    /// <summary>
    /// Assessments for a model: answers at random and at their maximum and minimum, anticipated answers that
    /// improve, worsen or stay, missing optional answers, attribute values at every index including the highest,
    /// risk levels or none, as-of dates across the effective period (its first and last day, the days prices
    /// change and the day before); about one in ten has exactly one invalid input.
    /// </summary>
    public static Gen<Assessment> Assessments(RasModel model)
    {
        var m = model.Definition;
        var questions = m.Domains.SelectMany(d => d.Questions).ToArray();
        var factors = m.DirectionOfTravel?.RiskFactors ?? Array.Empty<RiskFactorDefinition>();
        var last = m.EffectiveTo ?? m.EffectiveFrom.AddDays(400);
        var dates = new List<DateOnly> { m.EffectiveFrom, last };
        foreach (var change in ChangeDates(m).Where(d => d > m.EffectiveFrom && d <= last))
        {
            dates.Add(change);
            dates.Add(change.AddDays(-1));
        }

        var span = last.DayNumber - m.EffectiveFrom.DayNumber;
        return from answers in Gen.CollectToArray(questions.Select(AnswerPair))
               from attributes in Gen.CollectToArray(m.Attributes.Select(a => a.Required ? ValueIndex(a.Values.Count).Select(i => (int?)i) : Pick((3, ValueIndex(a.Values.Count).Select(i => (int?)i)), (1, Gen.Constant<int?>(null)))))
               from risks in Gen.CollectToArray(factors.Select(f => Pick((1, Gen.Constant<int?>(null)), (3, Gen.Choose(0, f.Levels.Count - 1).Select(l => (int?)l)))))
               from groupPick in m.ClientGroups.Count == 0 ? Gen.Constant<string?>(null) : Pick((3, Gen.Elements(m.ClientGroups.ToArray()).Select(g => (string?)g)), (1, Gen.Constant<string?>(null)))
               from asOf in Pick<DateOnly>((3, Gen.Choose(0, span).Select(d => m.EffectiveFrom.AddDays(d))), (2, Gen.Elements(dates.ToArray())))
               from caseId in Gen.Elements("C1", "case-0000042", "C,1", "a\"b")
               from inputs in Gen.CollectToArray(m.Inputs.Select(InputValue))
               from mutation in m.Inputs.Count == 0 ? Pick((9, Gen.Constant(-1)), (1, Gen.Choose(0, 7))) : Pick((16, Gen.Constant(-1)), (2, Gen.Choose(0, 7)), (2, Gen.Choose(8, 10)))
               from mutationPick in Gen.Choose(0, 1000)
               from months in Gen.ArrayOf(Pick((2, Gen.Constant(0)), (1, Gen.Choose(1, m.DirectionOfTravel?.HorizonMonths ?? 12))), questions.Length)
               from determinations in Gen.Elements<(bool?, bool?)>((null, null), (null, null), (true, true), (false, true), (true, false), (null, false))
               select Mutate(m, new Assessment(
                   caseId,
                   asOf,
                   groupPick,
                   m.Attributes.Select((a, i) => (a, i)).Where(x => attributes[x.i] is not null).Select(x => KeyValuePair.Create(x.a.Id, x.a.Values[attributes[x.i]!.Value].Code)),
                   questions.Select((q, i) => (q, i)).Where(x => answers[x.i].Now is not null).Select(x => KeyValuePair.Create(x.q.Id, x.q.Answers[answers[x.i].Now!.Value].Code)),
                   questions.Select((q, i) => (q, i)).Where(x => answers[x.i].Next is not null).Select(x => KeyValuePair.Create(x.q.Id, x.q.Answers[answers[x.i].Next!.Value].Code)),
                   factors.Select((f, i) => (f, i)).Where(x => risks[x.i] is not null).Select(x => KeyValuePair.Create(x.f.Id, x.f.Levels[risks[x.i]!.Value].Code)),
                   m.Inputs.Select((x, i) => (x, i)).Where(x => inputs[x.i] is not null).Select(x => KeyValuePair.Create(x.x.Id, inputs[x.i]!.Value)),
                   m.DirectionOfTravel is null ? null : questions.Select((q, i) => (q, i)).Where(x => answers[x.i].Next is not null && months[x.i] > 0).Select(x => KeyValuePair.Create(x.q.Id, months[x.i])),
                   determinations.Item1,
                   determinations.Item2),
                   mutation,
                   mutationPick);
    }

    /// <summary>A numeric input's value: its minimum, its maximum, inside (whole or not), or none when optional.</summary>
    private static Gen<decimal?> InputValue(NumericInputDefinition i)
    {
        var value = Pick(
            (2, Gen.Constant(i.Min)),
            (2, Gen.Constant(i.Max)),
            (3, Gen.Choose(0, 1000).Select(k => decimal.Round(i.Min + ((i.Max - i.Min) * k / 1000m), 2))),
            (1, Gen.Choose(0, 100).Select(k => Math.Clamp(decimal.Round(i.Min + ((i.Max - i.Min) * k / 100m), 0), i.Min, i.Max))));
        return i.Required ? value.Select(v => (decimal?)v) : Pick((3, value.Select(v => (decimal?)v)), (1, Gen.Constant<decimal?>(null)));
    }

    /// <summary>Every start date of a start-dated amount or price in the model.</summary>
    internal static IEnumerable<DateOnly> ChangeDates(ModelDefinition m)
    {
        var values = new List<DatedValue?> { m.Pricing.PricePerPoint };
        values.AddRange(m.Pricing.Bands.SelectMany(b => new[] { b.Amount, b.PricePerPoint, b.Lower, b.Upper }));
        values.AddRange(m.AddOns.SelectMany(a => new[] { a.HourlyRate, a.AnnualAmount }));
        if (m.DirectionOfTravel is { } dot)
        {
            values.AddRange(new[] { dot.Preventative.Lower, dot.Preventative.Indicative, dot.Preventative.Upper });
        }

        return values.Where(v => v is not null).SelectMany(v => v!.Entries).Select(e => e.From).OfType<DateOnly>().Distinct().Order();
    }

    private static Gen<int> ValueIndex(int n) =>
        Pick(
            (3, Gen.Choose(0, n - 1)),
            (1, Gen.Constant(n - 1)),
            (1, Gen.Constant(0)),
            (2, Gen.Elements(new[] { 63, 64, 69, 70, 98, 99 }.Where(i => i < n).DefaultIfEmpty(n - 1).ToArray())));

    /// <summary>An answer now (or none for an optional question) and an anticipated answer: none, better, worse or any.</summary>
    private static Gen<(int? Now, int? Next)> AnswerPair(QuestionDefinition q)
    {
        var points = q.Answers.Select(a => a.Points).ToArray();
        var n = points.Length;
        var argMax = Array.IndexOf(points, points.Max());
        var argMin = Array.IndexOf(points, points.Min());
        var answer = Pick((3, Gen.Choose(0, n - 1)), (1, Gen.Constant(argMax)), (1, Gen.Constant(argMin)), (1, Gen.Constant(n - 1)), (1, Gen.Constant(0)));
        var now = q.Required ? answer.Select(i => (int?)i) : Pick((4, answer.Select(i => (int?)i)), (1, Gen.Constant<int?>(null)));
        return from a in now
               from next in Anticipated(q, points, a)
               select (a, next);
    }

    private static Gen<int?> Anticipated(QuestionDefinition q, int[] points, int? now)
    {
        var unable = Enumerable.Range(0, points.Length).Where(k => q.Answers[k].UnableToAchieve).ToArray();
        var current = now is { } i ? points[i] : 0;
        var better = Enumerable.Range(0, points.Length).Where(k => points[k] < current).ToArray();
        var worse = Enumerable.Range(0, points.Length).Where(k => points[k] > current).ToArray();
        var options = new List<(int, Gen<int?>)> { (4, Gen.Constant<int?>(null)), (1, Gen.Choose(0, points.Length - 1).Select(k => (int?)k)) };
        if (better.Length > 0)
        {
            options.Add((2, Gen.Elements(better).Select(k => (int?)k)));
        }

        if (unable.Length > 0)
        {
            options.Add((1, Gen.Elements(unable).Select(k => (int?)k)));
        }

        if (worse.Length > 0)
        {
            options.Add((2, Gen.Elements(worse).Select(k => (int?)k)));
        }

        return Gen.Frequency(options);
    }

    /// <summary>Applies one invalid input (an unknown code, a missing required answer or attribute, a date outside the model) when the model has room for it.</summary>
    private static Assessment Mutate(ModelDefinition m, Assessment a, int mutation, int pick)
    {
        if (mutation < 0)
        {
            return a;
        }

        var answers = a.Answers.ToDictionary();
        var anticipated = a.AnticipatedAnswers.ToDictionary();
        var attributes = a.Attributes.ToDictionary();
        var risks = a.RiskFactors.ToDictionary();
        var inputs = a.Inputs.ToDictionary();
        var asOf = a.AsOf;
        var group = a.ClientGroup;
        var questions = m.Domains.SelectMany(d => d.Questions).ToArray();
        T Choose<T>(IReadOnlyList<T> list) => list[pick % list.Count];
        var required = questions.Where(q => q.Required).ToArray();
        var requiredAttributes = m.Attributes.Where(x => x.Required).ToArray();
        var factors = m.DirectionOfTravel?.RiskFactors ?? Array.Empty<RiskFactorDefinition>();
        switch (mutation)
        {
            case 0:
                answers[Choose(questions).Id] = "unknown";
                break;
            case 1:
                anticipated[Choose(questions).Id] = "a100";
                break;
            case 2 when required.Length > 0:
                answers.Remove(Choose(required).Id);
                break;
            case 3 when m.Attributes.Count > 0:
                attributes[Choose(m.Attributes).Id] = $"v{Choose(m.Attributes).Values.Count}";
                break;
            case 4 when requiredAttributes.Length > 0:
                attributes.Remove(Choose(requiredAttributes).Id);
                break;
            case 5 when factors.Count > 0:
                risks[Choose(factors).Id] = "l9";
                break;
            case 6 when m.ClientGroups.Count > 0:
                group = "g3";
                break;
            case 8 when m.Inputs.Any(x => x.Required):
                inputs.Remove(Choose(m.Inputs.Where(x => x.Required).ToArray()).Id);
                break;
            case 9 or 10 when m.Inputs.Count > 0:
                var input = Choose(m.Inputs);
                var by = new[] { 0.01m, 0.5m, 1m, 0.001m }[pick % 4];
                inputs[input.Id] = mutation == 9 ? input.Min - by : input.Max + by;
                break;
            default:
                asOf = m.EffectiveTo is { } to && pick % 2 == 0 ? to.AddDays(1 + (pick % 30)) : m.EffectiveFrom.AddDays(-1 - (pick % 30));
                break;
        }

        return new Assessment(a.CaseId, asOf, group, attributes, answers, anticipated, risks, inputs, a.AnticipatedWithinMonths.Where(x => anticipated.ContainsKey(x.Key)), a.NeedsFromImpairment, a.SignificantImpactOnWellbeing);
    }

    // ----------------------------------------------------------------------------------------------------
    // Shrinking

    /// <summary>
    /// Smaller cases: the assessment with one input fewer (or its date moved to the model's first day, or its
    /// columns in the natural order), then the model document with one array element or one member fewer,
    /// keeping only documents that still validate (largest parts first, so the model loses whole domains,
    /// adjustments and add-ons before single answers).
    /// </summary>
    public static IEnumerable<ModelCase> Shrink(ModelCase c)
    {
        if (c.Model is null)
        {
            yield break;
        }

        var a = c.Assessment;
        if (c.ColumnKeys.Length > 0)
        {
            yield return c with { ColumnKeys = Array.Empty<int>() };
        }

        foreach (var key in a.AnticipatedAnswers.Keys)
        {
            yield return c with { Assessment = new Assessment(a.CaseId, a.AsOf, a.ClientGroup, a.Attributes, a.Answers, a.AnticipatedAnswers.Where(x => x.Key != key), a.RiskFactors, a.Inputs, a.AnticipatedWithinMonths.Where(x => a.AnticipatedAnswers.ContainsKey(x.Key)), a.NeedsFromImpairment, a.SignificantImpactOnWellbeing) };
        }

        foreach (var key in a.Inputs.Keys)
        {
            yield return c with { Assessment = new Assessment(a.CaseId, a.AsOf, a.ClientGroup, a.Attributes, a.Answers, a.AnticipatedAnswers, a.RiskFactors, a.Inputs.Where(x => x.Key != key), a.AnticipatedWithinMonths.Where(x => a.AnticipatedAnswers.ContainsKey(x.Key)), a.NeedsFromImpairment, a.SignificantImpactOnWellbeing) };
        }

        if (a.AnticipatedWithinMonths.Count > 0 || a.NeedsFromImpairment is not null || a.SignificantImpactOnWellbeing is not null)
        {
            yield return c with { Assessment = new Assessment(a.CaseId, a.AsOf, a.ClientGroup, a.Attributes, a.Answers, a.AnticipatedAnswers, a.RiskFactors, a.Inputs) };
        }

        foreach (var key in a.RiskFactors.Keys)
        {
            yield return c with { Assessment = new Assessment(a.CaseId, a.AsOf, a.ClientGroup, a.Attributes, a.Answers, a.AnticipatedAnswers, a.RiskFactors.Where(x => x.Key != key), a.Inputs, a.AnticipatedWithinMonths.Where(x => a.AnticipatedAnswers.ContainsKey(x.Key)), a.NeedsFromImpairment, a.SignificantImpactOnWellbeing) };
        }

        foreach (var key in a.Attributes.Keys)
        {
            yield return c with { Assessment = new Assessment(a.CaseId, a.AsOf, a.ClientGroup, a.Attributes.Where(x => x.Key != key), a.Answers, a.AnticipatedAnswers, a.RiskFactors, a.Inputs, a.AnticipatedWithinMonths.Where(x => a.AnticipatedAnswers.ContainsKey(x.Key)), a.NeedsFromImpairment, a.SignificantImpactOnWellbeing) };
        }

        foreach (var key in a.Answers.Keys)
        {
            yield return c with { Assessment = new Assessment(a.CaseId, a.AsOf, a.ClientGroup, a.Attributes, a.Answers.Where(x => x.Key != key), a.AnticipatedAnswers, a.RiskFactors, a.Inputs, a.AnticipatedWithinMonths.Where(x => a.AnticipatedAnswers.ContainsKey(x.Key)), a.NeedsFromImpairment, a.SignificantImpactOnWellbeing) };
        }

        if (a.AsOf != c.Model.EffectiveFrom)
        {
            yield return c with { Assessment = new Assessment(a.CaseId, c.Model.EffectiveFrom, a.ClientGroup, a.Attributes, a.Answers, a.AnticipatedAnswers, a.RiskFactors, a.Inputs, a.AnticipatedWithinMonths.Where(x => a.AnticipatedAnswers.ContainsKey(x.Key)), a.NeedsFromImpairment, a.SignificantImpactOnWellbeing) };
        }

        if (a.CaseId != "C1" || a.ClientGroup is not null)
        {
            yield return c with { Assessment = new Assessment("C1", a.AsOf, null, a.Attributes, a.Answers, a.AnticipatedAnswers, a.RiskFactors, a.Inputs, a.AnticipatedWithinMonths.Where(x => a.AnticipatedAnswers.ContainsKey(x.Key)), a.NeedsFromImpairment, a.SignificantImpactOnWellbeing) };
        }

        foreach (var smaller in SmallerDocuments(JsonNode.Parse(c.ModelJson)!.AsObject()))
        {
            var json = smaller.ToJsonString();
            if (TryLoad(json, out var errors) is { } model)
            {
                yield return c with { ModelJson = json, Model = model, Assessment = Fit(c.Assessment, model), LoadErrors = errors };
            }
        }
    }

    /// <summary>
    /// The assessment without the answers, attributes and risk factors that a smaller model no longer has: a CSV
    /// caseload cannot carry an unknown id (its column is only a warning), so keeping them would shrink towards
    /// that known difference instead of the failure found.
    /// </summary>
    private static Assessment Fit(Assessment a, RasModel model)
    {
        var m = model.Definition;
        var questions = m.Domains.SelectMany(d => d.Questions).Select(q => q.Id).ToHashSet();
        var attributes = m.Attributes.Select(x => x.Id).ToHashSet();
        var factors = (m.DirectionOfTravel?.RiskFactors ?? Array.Empty<RiskFactorDefinition>()).Select(f => f.Id).ToHashSet();
        var inputs = m.Inputs.Select(x => x.Id).ToHashSet();
        return new Assessment(
            a.CaseId,
            a.AsOf,
            a.ClientGroup,
            a.Attributes.Where(x => attributes.Contains(x.Key)),
            a.Answers.Where(x => questions.Contains(x.Key)),
            a.AnticipatedAnswers.Where(x => questions.Contains(x.Key)),
            a.RiskFactors.Where(x => factors.Contains(x.Key)),
            a.Inputs.Where(x => inputs.Contains(x.Key)));
    }

    /// <summary>The document with one element of one array, or one member of one object, removed; breadth first.</summary>
    private static IEnumerable<JsonObject> SmallerDocuments(JsonObject root)
    {
        var queue = new Queue<string[]>();
        queue.Enqueue(Array.Empty<string>());
        while (queue.Count > 0)
        {
            var path = queue.Dequeue();
            var node = At(root, path);
            switch (node)
            {
                case JsonArray array:
                    for (var i = array.Count - 1; i >= 0; i--)
                    {
                        var copy = root.DeepClone().AsObject();
                        ((JsonArray)At(copy, path)!).RemoveAt(i);
                        yield return copy;
                    }

                    for (var i = 0; i < array.Count; i++)
                    {
                        queue.Enqueue(path.Append(i.ToString(CultureInfo.InvariantCulture)).ToArray());
                    }

                    break;
                case JsonObject o:
                    foreach (var name in o.Select(p => p.Key).ToArray())
                    {
                        var copy = root.DeepClone().AsObject();
                        ((JsonObject)At(copy, path)!).Remove(name);
                        yield return copy;
                    }

                    foreach (var name in o.Select(p => p.Key).ToArray())
                    {
                        queue.Enqueue(path.Append(name).ToArray());
                    }

                    break;
            }
        }
    }

    private static JsonNode? At(JsonNode root, string[] path)
    {
        var node = root;
        foreach (var step in path)
        {
            node = node is JsonArray array ? array[int.Parse(step, CultureInfo.InvariantCulture)] : node![step];
        }

        return node;
    }

    private static Gen<T> Pick<T>(params (int Weight, Gen<T> Gen)[] options) => Gen.Frequency(options);

    private static JsonArray Codes(string prefix, IEnumerable<int> indexes) => new(indexes.Select(i => (JsonNode)$"{prefix}{i}").ToArray());

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The arbitraries the properties use (<c>[Property(Arbitrary = new[] { typeof(ModelGen.Arbitraries) })]</c>).</summary>
    public static class Arbitraries
    {
        /// <summary>Random models with an assessment each, shrinking towards smaller models and assessments.</summary>
        public static Arbitrary<ModelCase> ModelCase() => Arb.From(Cases(), Shrink);
    }

    private sealed record Shape(DateOnly From, DateOnly? To, (DateOnly From, decimal Factor)[] Path, Attr[] Attributes, Dom[] Domains, bool Groups, bool V2, Inp[] Inputs, Der[] Derived)
    {
        public IEnumerable<Quest> Questions => Domains.SelectMany(d => d.Questions);
    }

    private sealed record Attr(string Id, int Values, bool Required);

    private sealed record Inp(string Id, decimal Min, decimal Max, bool Required, bool SayRequired);

    private sealed record Der(string Id, JsonObject[] Terms);

    private sealed record Dom(string Id, string? Outcome, decimal Weight, int? Cap, Quest[] Questions);

    private sealed record Quest(string Id, int[] Points, bool[] Unable, bool Required);

    private sealed record Adj(JsonObject Json, decimal Percent, int Points, string[] Domains);

    private sealed record BandRaw(bool Amount, decimal Euros, decimal Price, decimal? Lower, decimal? Upper);
}

/// <summary>Small helpers for building JSON objects in generators.</summary>
internal static class JsonObjectExtensions
{
    /// <summary>Moves the members of <paramref name="other"/> into <paramref name="o"/>; returns <paramref name="o"/>.</summary>
    public static JsonObject Also(this JsonObject o, JsonObject other)
    {
        foreach (var (key, value) in other.ToArray())
        {
            o[key] = value?.DeepClone();
        }

        return o;
    }

    /// <summary>Sets a member when the value is not null; returns <paramref name="o"/>.</summary>
    public static JsonObject AlsoIf(this JsonObject o, string key, JsonNode? value)
    {
        if (value is not null)
        {
            o[key] = value;
        }

        return o;
    }
}
