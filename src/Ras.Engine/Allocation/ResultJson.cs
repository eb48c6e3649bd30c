using System.Text;
using System.Text.Json;
using Ras.Engine.Text;

namespace Ras.Engine.Allocation;

/// <summary>Writes outcomes as JSON (camelCase members, money as exact JSON numbers, dates as ISO strings).</summary>
internal static class ResultJson
{
    public static string Write(AllocationOutcome outcome, bool indented)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            if (outcome.Result is { } r)
            {
                WriteResult(w, r);
            }
            else
            {
                w.WriteStartObject();
                w.WriteString("status", "error");
                w.WriteStartArray("errors");
                foreach (var e in outcome.Errors)
                {
                    w.WriteStartObject();
                    w.WriteString("code", e.Code);
                    w.WriteString("location", e.Location);
                    w.WriteString("problem", e.Problem);
                    if (e.Expected is not null)
                    {
                        w.WriteString("expected", e.Expected);
                    }

                    if (e.Actual is not null)
                    {
                        w.WriteString("actual", e.Actual);
                    }

                    w.WriteString("message", e.Message);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string EligibilityCode(EligibilityStatus e) => e == EligibilityStatus.Eligible ? "eligible" : "notEligible";

    /// <summary>The offer's code in JSON and caseload output: <c>personalBudget</c>, <c>preventativeSupport</c> or <c>none</c>.</summary>
    public static string OfferCode(Offer o) => o switch
    {
        Offer.PersonalBudget => "personalBudget",
        Offer.PreventativeSupport => "preventativeSupport",
        _ => "none",
    };

    private static void WriteResult(Utf8JsonWriter w, AllocationResult r)
    {
        w.WriteStartObject();
        w.WriteString("status", "ok");
        w.WriteString("caseId", r.CaseId);
        w.WriteString("asOf", Format.Date(r.AsOf));
        if (r.ClientGroup is not null)
        {
            w.WriteString("clientGroup", r.ClientGroup);
        }

        w.WriteStartObject("model");
        w.WriteString("id", r.ModelId);
        w.WriteString("version", r.ModelVersion);
        w.WriteString("hash", r.ModelHash);
        w.WriteEndObject();
        w.WriteString("currency", r.Currency);
        w.WriteString("eligibility", EligibilityCode(r.Eligibility));
        w.WriteString("offer", OfferCode(r.Offer));
        if (r.Outcomes.Count > 0)
        {
            w.WriteStartArray("outcomes");
            foreach (var o in r.Outcomes)
            {
                w.WriteStartObject();
                w.WriteString("outcome", o.Outcome);
                w.WriteBoolean("notAchieved", o.NotAchieved);
                Strings(w, "grounds", o.Grounds);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (r.NeedsFromImpairment is { } impairment)
        {
            w.WriteBoolean("needsFromImpairment", impairment);
        }

        if (r.SignificantImpactOnWellbeing is { } wellbeing)
        {
            w.WriteBoolean("significantImpactOnWellbeing", wellbeing);
        }
        Strings(w, "outcomesUnableToAchieve", r.OutcomesUnableToAchieve);
        Strings(w, "anticipatedOutcomesUnableToAchieve", r.AnticipatedOutcomesUnableToAchieve);
        w.WriteStartArray("domains");
        foreach (var d in r.Domains)
        {
            w.WriteStartObject();
            w.WriteString("id", d.DomainId);
            w.WriteString("title", d.Title);
            if (d.Outcome is not null)
            {
                w.WriteString("outcome", d.Outcome);
            }

            w.WriteNumber("rawPoints", d.RawPoints);
            w.WriteNumber("points", d.Points);
            w.WriteNumber("anticipatedPoints", d.AnticipatedPoints);
            w.WriteBoolean("unableToAchieve", d.UnableToAchieve);
            w.WriteBoolean("anticipatedUnableToAchieve", d.AnticipatedUnableToAchieve);
            w.WriteNumber("expectedDeterioration", d.ExpectedDeterioration);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("points");
        w.WriteNumber("raw", r.RawPoints);
        w.WriteNumber("current", r.CurrentPoints);
        w.WriteNumber("anticipated", r.AnticipatedPoints);
        w.WriteNumber("directionOfTravelUplift", r.DirectionOfTravelUplift);
        w.WriteNumber("adjusted", r.AdjustedPoints);
        w.WriteEndObject();
        w.WriteNumber("riskProbability", r.RiskProbability);
        w.WriteNumber("deterioration", r.Deterioration);
        w.WriteStartObject("withoutUplift");
        if (r.BandWithoutUplift is not null)
        {
            w.WriteString("band", r.BandWithoutUplift);
        }

        w.WriteNumber("annualLower", r.AnnualWithoutUplift.Lower);
        w.WriteNumber("annualIndicative", r.AnnualWithoutUplift.Indicative);
        w.WriteNumber("annualUpper", r.AnnualWithoutUplift.Upper);
        w.WriteEndObject();
        w.WriteNumber("upliftAmount", r.UpliftAmount);
        if (r.UpliftAmountCapped)
        {
            w.WriteBoolean("upliftAmountCapped", true);
        }
        if (r.DerivedQuantities.Count > 0)
        {
            // Format version 2 members, written only for models that use them (version 1 output is unchanged).
            w.WriteStartObject("derivedQuantities");
            foreach (var (id, value) in r.DerivedQuantities)
            {
                w.WriteNumber(id, value);
            }

            w.WriteEndObject();
        }

        if (r.PricingBasis is not null)
        {
            w.WriteStartObject("priced");
            w.WriteString("basis", r.PricingBasis);
            w.WriteNumber("points", r.PricedPoints);
            w.WriteEndObject();
        }
        if (r.Band is not null)
        {
            w.WriteStartObject("band");
            w.WriteString("id", r.Band);
            w.WriteString("label", r.BandLabel);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("band");
        }

        w.WriteStartArray("addOns");
        foreach (var a in r.AddOns)
        {
            w.WriteStartObject();
            w.WriteString("id", a.AddOnId);
            w.WriteString("title", a.Title);
            w.WriteNumber("annual", a.Annual);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        Range(w, "annual", r.Annual);
        Range(w, "weekly", r.Weekly);
        Strings(w, "warnings", r.Warnings);
        if (r.Explanation.Count > 0)
        {
            w.WriteStartArray("explanation");
            foreach (var s in r.Explanation)
            {
                w.WriteStartObject();
                w.WriteNumber("step", s.Number);
                w.WriteString("code", s.Code);
                w.WriteString("title", s.Title);
                w.WriteString("detail", s.Detail);
                w.WriteString("value", s.Value);
                w.WriteString("modelPath", s.ModelPath);
                if (s.PolicyReference is not null)
                {
                    w.WriteString("policyReference", s.PolicyReference);
                }

                w.WriteStartObject("inputs");
                foreach (var (k, v) in s.Inputs)
                {
                    w.WriteString(k, v);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void Range(Utf8JsonWriter w, string name, BudgetRange range)
    {
        w.WriteStartObject(name);
        w.WriteNumber("lower", range.Lower);
        w.WriteNumber("indicative", range.Indicative);
        w.WriteNumber("upper", range.Upper);
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }
}
