using System.Text;
using System.Text.Json;
using Ras.Engine.Text;

namespace Ras.Engine.Models;

/// <summary>
/// Writes a <see cref="ModelDefinition"/> as indented JSON in the documented model format: the canonical form behind
/// the content hash. Version 1 members are written with every default explicit; the members format version 2 added
/// are written only when they differ from their defaults, so that a version 1 model's canonical form (and hash) is
/// what it was before version 2 existed.
/// </summary>
internal static class ModelWriter
{
    /// <summary>The <c>$schema</c> every written model names: the model schema's <c>$id</c>.</summary>
    public const string SchemaId = "https://ras-engine.invalid/schema/ras-model.schema.json";

    /// <summary>
    /// Writes the model. The written form names its schema and its rounding <c>mode</c>; the
    /// <paramref name="canonical"/> form behind the content hash has no <c>$schema</c> and keeps the rounding
    /// under its first name, <c>midpoint</c>, with its first values, so that no model's hash changed when the
    /// member was renamed.
    /// </summary>
    public static string Write(ModelDefinition m, bool canonical = false)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            if (!canonical)
            {
                w.WriteString("$schema", SchemaId);
            }

            if (m.FormatVersion != 1)
            {
                w.WriteNumber("formatVersion", m.FormatVersion);
            }

            w.WriteString("id", m.Id);
            w.WriteString("version", m.Version);
            w.WriteString("title", m.Title);
            Optional(w, "publisher", m.Publisher);
            Optional(w, "description", m.Description);
            w.WriteBoolean("illustrative", m.Illustrative);
            w.WriteString("effectiveFrom", Format.Date(m.EffectiveFrom));
            if (m.EffectiveTo is { } to)
            {
                w.WriteString("effectiveTo", Format.Date(to));
            }

            w.WriteString("currency", m.Currency);
            Number(w, "weeksPerYear", m.WeeksPerYear);
            if (m.ProRataPriceChanges)
            {
                w.WriteString("priceChanges", "proRata");
            }

            Array(w, "policyReferences", m.PolicyReferences, p =>
            {
                w.WriteString("id", p.Id);
                w.WriteString("citation", p.Citation);
                Optional(w, "url", p.Url);
            });
            if (m.ClientGroups.Count > 0)
            {
                w.WriteStartArray("clientGroups");
                foreach (var g in m.ClientGroups)
                {
                    w.WriteStringValue(g);
                }

                w.WriteEndArray();
            }

            Array(w, "attributes", m.Attributes, a =>
            {
                w.WriteString("id", a.Id);
                w.WriteString("label", a.Label);
                w.WriteBoolean("required", a.Required);
                Array(w, "values", a.Values, v =>
                {
                    w.WriteString("code", v.Code);
                    w.WriteString("label", v.Label);
                }, always: true);
            });
            Array(w, "domains", m.Domains, d =>
            {
                w.WriteString("id", d.Id);
                w.WriteString("title", d.Title);
                Optional(w, "outcome", d.Outcome);
                Number(w, "weight", d.Weight);
                if (d.MaxPoints is { } cap)
                {
                    Number(w, "maxPoints", cap);
                }

                Array(w, "questions", d.Questions, q =>
                {
                    w.WriteString("id", q.Id);
                    w.WriteString("text", q.Text);
                    w.WriteBoolean("required", q.Required);
                    Array(w, "answers", q.Answers, a =>
                    {
                        w.WriteString("code", a.Code);
                        w.WriteString("text", a.Text);
                        w.WriteNumber("points", a.Points);
                        w.WriteBoolean("unableToAchieve", a.UnableToAchieve);
                        Array(w, "evidence", a.Evidence ?? System.Array.Empty<EvidenceDefinition>(), e =>
                        {
                            w.WriteString("ground", Grounds.Code(e.Ground));
                            if (e.Outcomes.Count > 0)
                            {
                                w.WriteStartArray("outcomes");
                                foreach (var o in e.Outcomes)
                                {
                                    w.WriteStringValue(o);
                                }

                                w.WriteEndArray();
                            }
                        });
                    }, always: true);
                }, always: true);
            }, always: true);
            Array(w, "inputs", m.Inputs, i =>
            {
                w.WriteString("id", i.Id);
                w.WriteString("label", i.Label);
                w.WriteString("unit", i.Unit);
                Number(w, "min", i.Min);
                Number(w, "max", i.Max);
                w.WriteBoolean("required", i.Required);
            });
            Array(w, "derived", m.Derived, d =>
            {
                w.WriteString("id", d.Id);
                w.WriteString("label", d.Label);
                Array(w, "terms", d.Terms, t =>
                {
                    Number(w, "coefficient", t.Coefficient);
                    switch (t.Source)
                    {
                        case DerivedSource.TotalPoints:
                            w.WriteBoolean("totalPoints", true);
                            break;
                        case DerivedSource.Domain:
                            w.WriteString("domain", t.Reference);
                            break;
                        case DerivedSource.Question:
                            w.WriteString("question", t.Reference);
                            break;
                        case DerivedSource.Derived:
                            w.WriteString("derived", t.Reference);
                            break;
                        default:
                            w.WriteString("input", t.Reference);
                            break;
                    }
                }, always: true);
            });
            Array(w, "adjustments", m.Adjustments, a =>
            {
                w.WriteString("id", a.Id);
                w.WriteString("title", a.Title);
                w.WriteString("kind", a.Kind == AdjustmentKind.CarerDeduction ? "carerDeduction" : "other");
                w.WriteString("reason", a.Reason);
                Optional(w, "policyReference", a.PolicyReference);
                Condition(w, "when", a.When);
                if (a.Unless is { } unless)
                {
                    Condition(w, "unless", unless);
                }

                Number(w, "percent", a.Percent);
                w.WriteNumber("points", a.Points);
                if (a.Domains.Count > 0)
                {
                    w.WriteStartArray("domains");
                    foreach (var d in a.Domains)
                    {
                        w.WriteStringValue(d);
                    }

                    w.WriteEndArray();
                }
            });
            if (m.Eligibility is { } eligibility)
            {
                w.WriteStartObject("eligibility");
                w.WriteNumber("minimumOutcomes", eligibility.MinimumOutcomes);
                Optional(w, "policyReference", eligibility.PolicyReference);
                w.WriteEndObject();
            }
            if (m.DirectionOfTravel is { } dot)
            {
                w.WriteStartObject("directionOfTravel");
                w.WriteNumber("horizonMonths", dot.HorizonMonths);
                Number(w, "intercept", dot.Intercept);
                Array(w, "riskFactors", dot.RiskFactors, f =>
                {
                    w.WriteString("id", f.Id);
                    w.WriteString("text", f.Text);
                    Array(w, "levels", f.Levels, l =>
                    {
                        w.WriteString("code", l.Code);
                        w.WriteString("text", l.Text);
                        Number(w, "weight", l.Weight);
                    }, always: true);
                }, always: true);
                w.WriteNumber("maxUpliftPoints", dot.MaxUpliftPoints);
                if (dot.MaxUpliftAmount is { } moneyCap)
                {
                    Number(w, "maxUpliftAmount", moneyCap);
                }

                if (dot.ProRataTiming)
                {
                    w.WriteString("timing", "proRata");
                }

                if (dot.ImprovementsOffset)
                {
                    w.WriteBoolean("improvementsOffset", true);
                }

                Number(w, "minimumProbability", dot.MinimumProbability);
                Number(w, "eligibilityProbability", dot.EligibilityProbability);
                w.WriteStartObject("preventative");
                w.WriteString("label", dot.Preventative.Label);
                Dated(w, "lower", dot.Preventative.Lower);
                Dated(w, "indicative", dot.Preventative.Indicative);
                Dated(w, "upper", dot.Preventative.Upper);
                w.WriteEndObject();
                Optional(w, "calibration", dot.Calibration);
                Optional(w, "policyReference", dot.PolicyReference);
                if (dot.ProbabilityDecimals is not 4)
                {
                    if (dot.ProbabilityDecimals is { } decimals)
                    {
                        w.WriteNumber("probabilityDecimals", decimals);
                    }
                    else
                    {
                        w.WriteString("probabilityDecimals", "none");
                    }
                }

                w.WriteEndObject();
            }

            WritePricing(w, m.Pricing);
            Array(w, "addOns", m.AddOns, a =>
            {
                w.WriteString("id", a.Id);
                w.WriteString("title", a.Title);
                Condition(w, "when", a.When);
                if (a.HoursPerWeek is { } hours)
                {
                    Number(w, "hoursPerWeek", hours);
                }

                Dated(w, "hourlyRate", a.HourlyRate);
                Dated(w, "annualAmount", a.AnnualAmount);
                Optional(w, "policyReference", a.PolicyReference);
            });
            w.WriteStartObject("range");
            w.WriteString("method", m.Range.Method == RangeMethod.Tolerance ? "tolerance" : "bandEdges");
            if (m.Range.Method == RangeMethod.Tolerance)
            {
                Number(w, "belowPercent", m.Range.BelowPercent);
                Number(w, "abovePercent", m.Range.AbovePercent);
            }

            w.WriteEndObject();
            w.WriteStartObject("rounding");
            Number(w, "annualUnit", m.Rounding.AnnualUnit);
            Number(w, "weeklyUnit", m.Rounding.WeeklyUnit);
            if (canonical)
            {
                w.WriteString("midpoint", RoundingModes.OldName(m.Rounding.Mode));
            }
            else
            {
                w.WriteString("mode", RoundingModes.Name(m.Rounding.Mode));
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WritePricing(Utf8JsonWriter w, PricingDefinition p)
    {
        w.WriteStartObject("pricing");
        w.WriteString("method", p.Method switch { PricingMethod.PricePerPoint => "pricePerPoint", PricingMethod.Bands => "bands", _ => "curve" });
        Optional(w, "basis", p.Basis);
        if (p.Per == PricePeriod.Week)
        {
            w.WriteString("per", "week");
        }

        Dated(w, "pricePerPoint", p.PricePerPoint);
        Array(w, "bands", p.Bands, b =>
        {
            w.WriteString("id", b.Id);
            if (b.Label.Length > 0)
            {
                w.WriteString("label", b.Label);
            }

            w.WriteNumber("minPoints", b.MinPoints);
            if (b.MaxPoints is { } max)
            {
                w.WriteNumber("maxPoints", max);
            }

            Dated(w, "amount", b.Amount);
            Dated(w, "pricePerPoint", b.PricePerPoint);
            Dated(w, "lower", b.Lower);
            Dated(w, "upper", b.Upper);
        });
        if (p.NonMonotoneReason is not null)
        {
            w.WriteStartObject("allowNonMonotoneBands");
            w.WriteString("reason", p.NonMonotoneReason);
            w.WriteEndObject();
        }

        if (p.Curve is { } c)
        {
            w.WriteStartObject("curve");
            Number(w, "intercept", c.Intercept);
            Array(w, "terms", c.Terms, t =>
            {
                Number(w, "coefficient", t.Coefficient);
                switch (t.Kind)
                {
                    case CurveTermKind.TotalPoints:
                        w.WriteBoolean("totalPoints", true);
                        break;
                    case CurveTermKind.DomainPoints:
                        w.WriteString("domain", t.Reference);
                        break;
                    case CurveTermKind.Answer:
                        w.WriteString("question", t.Reference);
                        w.WriteString("answer", t.Code);
                        break;
                    case CurveTermKind.Derived:
                        w.WriteString("derived", t.Reference);
                        break;
                    case CurveTermKind.Input:
                        w.WriteString("input", t.Reference);
                        break;
                    default:
                        w.WriteString("attribute", t.Reference);
                        w.WriteString("value", t.Code);
                        break;
                }

                if (t.When is { } when)
                {
                    Condition(w, "when", when);
                }
            }, always: true);
            w.WriteString("transform", c.Transform switch { CurveTransform.Identity => "identity", CurveTransform.Square => "square", _ => "exp" });
            w.WriteString("output", c.Output == CurveOutput.Annual ? "annual" : "weekly");
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void Condition(Utf8JsonWriter w, string name, Condition c)
    {
        w.WriteStartObject(name);
        if (c.IsRange)
        {
            w.WriteString(c.Subject == ConditionSubject.Input ? "input" : "derived", c.Reference);
            if (c.Min is { } min)
            {
                Number(w, "min", min);
            }

            if (c.Max is { } max)
            {
                Number(w, "max", max);
            }

            w.WriteEndObject();
            return;
        }

        w.WriteString(c.Subject == ConditionSubject.Question ? "question" : "attribute", c.Reference);
        w.WriteStartArray("anyOf");
        foreach (var code in c.AnyOf)
        {
            w.WriteStringValue(code);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Dated(Utf8JsonWriter w, string name, DatedValue? value)
    {
        if (value is null)
        {
            return;
        }

        if (value.IsSingle)
        {
            Number(w, name, value.Entries[0].Value);
            return;
        }

        w.WriteStartArray(name);
        foreach (var e in value.Entries)
        {
            w.WriteStartObject();
            w.WriteString("from", Format.Date(e.From!.Value));
            Number(w, "value", e.Value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter w, string name, decimal value)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(Format.Plain(value), skipInputValidation: true);
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void Array<T>(Utf8JsonWriter w, string name, IReadOnlyList<T> items, Action<T> write, bool always = false)
    {
        if (items.Count == 0 && !always)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var item in items)
        {
            w.WriteStartObject();
            write(item);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
