using Ras.Engine.Allocation;
using Ras.Engine.Assessments;
using Ras.Engine.Explanation;
using Ras.Engine.Models;
using Ras.Engine.Scoring;

namespace Ras.Engine.Pricing;

/// <summary>Turns adjusted points into the unrounded lower / indicative / upper annual amounts, before add-ons.</summary>
internal static class PriceCalculator
{
    internal readonly record struct Priced(decimal Lower, decimal Indicative, decimal Upper, string? Band, string? BandLabel, AssessmentError? Error);

    public static Priced Price(ModelDefinition m, Assessment a, EligibilityStatus eligibility, int points, int[] domainPoints, int[] answers, ModelIndex ix, ExplanationBuilder? ex, List<string> warnings)
    {
        var asOf = a.AsOf;
        if (eligibility == EligibilityStatus.NotEligible)
        {
            warnings.Add("not eligible: no personal budget is indicated; information, advice and prevention services still apply");
            ex?.Add("pricing", "Budget", "The person is not eligible, so no budget is indicated.", ex.Money(0m), "/eligibility", m.Eligibility?.PolicyReference);
            return new Priced(0m, 0m, 0m, null, null, null);
        }

        if (eligibility == EligibilityStatus.EligibleOnDirectionOfTravel)
        {
            var p = m.DirectionOfTravel!.Preventative;
            var (pl, pi, pu) = (p.Lower.ValueAt(asOf), p.Indicative.ValueAt(asOf), p.Upper.ValueAt(asOf));
            ex?.Add("pricing", "Preventative allocation", $"Eligible on direction of travel: the model's preventative allocation applies: lower {ex.Money(pl)}, indicative {ex.Money(pi)}, upper {ex.Money(pu)} a year.", ex.Money(pi), "/directionOfTravel/preventative", m.DirectionOfTravel.PolicyReference);
            return new Priced(pl, pi, pu, "preventative", p.Label, null);
        }

        Priced priced;
        switch (m.Pricing.Method)
        {
            case PricingMethod.PricePerPoint:
                {
                    var price = m.Pricing.PricePerPoint!.ValueAt(asOf);
                    var amount = points * price;
                    ex?.Add("pricing", "Price per point", $"{points} points × {ex.Money(price)} a point = {ex.Money(amount)} a year.", ex.Money(amount), "/pricing/pricePerPoint", null, ("points", Format.Number(points)), ("price per point", Format.Plain(price)));
                    priced = Tolerance(m, amount, null, null, ex);
                    break;
                }

            case PricingMethod.Bands:
                priced = Band(m, asOf, points, ex);
                break;
            default:
                priced = Curve(m, a, points, domainPoints, answers, ix, ex, warnings);
                break;
        }

        if (priced.Error is not null || m.DirectionOfTravel is not { } dot)
        {
            return priced;
        }

        // An eligible person never receives less than someone eligible on direction of travel alone.
        var floor = dot.Preventative;
        var (fl, fi, fu) = (floor.Lower.ValueAt(asOf), floor.Indicative.ValueAt(asOf), floor.Upper.ValueAt(asOf));
        if (priced.Lower >= fl && priced.Indicative >= fi && priced.Upper >= fu)
        {
            return priced;
        }

        var (rl, ri, ru) = ApplyFloor(dot, asOf, priced.Lower, priced.Indicative, priced.Upper);
        var raised = priced with { Lower = rl, Indicative = ri, Upper = ru };
        ex?.Add("preventative-floor", "Preventative floor", $"An eligible person never receives less than the preventative allocation ({ex.Money(fl)} – {ex.Money(fi)} – {ex.Money(fu)}); each amount is raised to at least its floor: {ex.Money(raised.Lower)} – {ex.Money(raised.Indicative)} – {ex.Money(raised.Upper)}.", ex.Money(raised.Indicative), "/directionOfTravel/preventative", dot.PolicyReference);
        return raised;
    }

    /// <summary>Raises each of lower, indicative and upper to at least the preventative amount in force.</summary>
    public static (decimal Lower, decimal Indicative, decimal Upper) ApplyFloor(DirectionOfTravelDefinition dot, DateOnly asOf, decimal lower, decimal indicative, decimal upper)
    {
        var floor = dot.Preventative;
        return (Math.Max(lower, floor.Lower.ValueAt(asOf)), Math.Max(indicative, floor.Indicative.ValueAt(asOf)), Math.Max(upper, floor.Upper.ValueAt(asOf)));
    }

    /// <summary>indicative × (1 − below ÷ 100) and indicative × (1 + above ÷ 100).</summary>
    public static (decimal Lower, decimal Upper) ToleranceRange(RangeDefinition range, decimal indicative) =>
        (indicative * (1m - (range.BelowPercent / 100m)), indicative * (1m + (range.AbovePercent / 100m)));

    /// <summary>The curve's annual amount for a linear predictor: transform, then × weeks for a weekly curve.</summary>
    /// <exception cref="OverflowException">The amount is too large for a decimal.</exception>
    public static decimal CurveAnnual(CurveDefinition curve, decimal eta, decimal weeksPerYear)
    {
        var amount = curve.Transform switch
        {
            CurveTransform.Identity => eta,
            CurveTransform.Square => eta * eta,
            _ => (decimal)Math.Exp((double)eta),
        };
        return amount * (curve.Output == CurveOutput.Weekly ? weeksPerYear : 1m);
    }

    /// <summary>An add-on's annual amount on a date: hours a week × hourly rate × weeks a year, or its annual amount.</summary>
    public static decimal AddOnAmount(ModelDefinition m, AddOnDefinition addOn, DateOnly asOf) =>
        addOn.AnnualAmount is { } annual
            ? annual.ValueAt(asOf)
            : addOn.HoursPerWeek!.Value * addOn.HourlyRate!.ValueAt(asOf) * m.WeeksPerYear;

    private static Priced Band(ModelDefinition m, DateOnly asOf, int points, ExplanationBuilder? ex)
    {
        var bands = m.Pricing.Bands;
        for (var i = 0; i < bands.Count; i++)
        {
            var b = bands[i];
            if (points < b.MinPoints || (b.MaxPoints is { } max && points > max))
            {
                continue;
            }

            var indicative = b.Amount is { } amount ? amount.ValueAt(asOf) : points * b.PricePerPoint!.ValueAt(asOf);
            var path = $"/pricing/bands/{i}";
            if (ex is not null)
            {
                var edges = b.MaxPoints is { } top ? $"{b.MinPoints}–{top}" : $"{b.MinPoints} or more";
                var working = b.Amount is not null
                    ? $"a fixed {ex.Money(indicative)} a year"
                    : $"{points} points × {ex.Money(b.PricePerPoint!.ValueAt(asOf))} a point = {ex.Money(indicative)} a year";
                ex.Add("band", $"Band {b.Id}", $"{points} points fall in band {b.Id}{(b.Label.Length > 0 ? $" ({b.Label})" : "")}, points {edges} (both edges inclusive): {working}.", ex.Money(indicative), path, null, ("points", Format.Number(points)), ("band", b.Id));
            }

            if (m.Range.Method == RangeMethod.BandEdges)
            {
                var price = b.PricePerPoint?.ValueAt(asOf);
                var lower = b.Lower?.ValueAt(asOf) ?? price!.Value * b.MinPoints;
                var upper = b.Upper?.ValueAt(asOf) ?? price!.Value * b.MaxPoints!.Value;
                ex?.Add("range", "Range", $"The range runs from the band's lower edge to its upper edge: {ex.Money(lower)} to {ex.Money(upper)}{(b.Lower is null && price is not null ? $" ({b.MinPoints} and {b.MaxPoints} points × {ex.Money(price.Value)})" : "")}.", $"{ex.Money(lower)} – {ex.Money(upper)}", path, null);
                return new Priced(lower, indicative, upper, b.Id, b.Label, null);
            }

            return Tolerance(m, indicative, b, asOf, ex) with { Band = b.Id, BandLabel = b.Label };
        }

        return new Priced(0, 0, 0, null, null, PointsAboveBands(m, points));
    }

    private static Priced Tolerance(ModelDefinition m, decimal indicative, BandDefinition? band, DateOnly? asOf, ExplanationBuilder? ex)
    {
        var below = m.Range.BelowPercent;
        var above = m.Range.AbovePercent;
        var (toleranceLower, toleranceUpper) = ToleranceRange(m.Range, indicative);
        var lower = band?.Lower?.ValueAt(asOf!.Value) ?? toleranceLower;
        var upper = band?.Upper?.ValueAt(asOf!.Value) ?? toleranceUpper;
        ex?.Add(
            "range",
            "Range",
            $"Lower = {(band?.Lower is null ? $"{ex.Money(indicative)} × (1 − {Format.Number(below)}%) = {ex.Money(lower)}" : $"the band's stated lower amount {ex.Money(lower)}")}; upper = {(band?.Upper is null ? $"{ex.Money(indicative)} × (1 + {Format.Number(above)}%) = {ex.Money(upper)}" : $"the band's stated upper amount {ex.Money(upper)}")}.",
            $"{ex.Money(lower)} – {ex.Money(upper)}",
            "/range");
        return new Priced(lower, indicative, upper, null, null, null);
    }

    private static Priced Curve(ModelDefinition m, Assessment a, int points, int[] domainPoints, int[] answers, ModelIndex ix, ExplanationBuilder? ex, List<string> warnings)
    {
        var curve = m.Pricing.Curve!;
        var eta = curve.Intercept;
        var parts = ex is null ? null : new List<string> { Format.Number(curve.Intercept) };
        foreach (var t in curve.Terms)
        {
            if (t.When is { } when && !DomainScorer.Holds(when, ix, answers, a))
            {
                continue;
            }

            decimal x = t.Kind switch
            {
                CurveTermKind.TotalPoints => points,
                CurveTermKind.DomainPoints => domainPoints[IndexOfDomain(m, t.Reference!)],
                CurveTermKind.Answer => DomainScorer.Holds(new Condition(ConditionSubject.Question, t.Reference!, new[] { t.Code! }), ix, answers, a) ? 1 : 0,
                _ => a.Attributes.TryGetValue(t.Reference!, out var v) && v == t.Code ? 1 : 0,
            };
            eta += t.Coefficient * x;
            parts?.Add($"{Format.Number(t.Coefficient)} × {Format.Number(x)} [{t.Describe()}]");
        }

        decimal annual;
        try
        {
            annual = CurveAnnual(curve, eta, m.WeeksPerYear);
        }
        catch (OverflowException)
        {
            return new Priced(0, 0, 0, null, null, CurveOverflow(eta));
        }

        var unit = curve.Output == CurveOutput.Weekly ? m.WeeksPerYear : 1m;
        var amount = unit == 1m ? annual : annual / unit;
        if (annual < 0)
        {
            warnings.Add($"the pricing curve gave a negative amount ({Format.Number(annual)}); it is taken as 0");
            annual = 0;
        }

        ex?.Add(
            "pricing",
            "Pricing curve",
            $"Linear predictor = {string.Join(" + ", parts!)} = {Format.Number(eta)}. {curve.Transform switch { CurveTransform.Identity => "Amount = the predictor", CurveTransform.Square => "Amount = predictor²", _ => "Amount = e^predictor" }} = {Format.Number(amount)}{(unit != 1m ? $" a week × {Format.Number(unit)} weeks" : "")} = {ex.Money(annual)} a year.",
            ex.Money(annual),
            "/pricing/curve");
        return Tolerance(m, annual, null, null, ex);
    }

    internal static AssessmentError CurveOverflow(decimal eta) =>
        new("curve-overflow", "/answers", "the pricing curve gives an amount too large to represent", "a linear predictor the curve was fitted for", Format.Number(eta));

    internal static AssessmentError PointsAboveBands(ModelDefinition m, int points) =>
        new("points-above-bands", "/answers", $"{points} points are above the highest band of the model", $"at most {m.Pricing.Bands[^1].MaxPoints} points (band '{m.Pricing.Bands[^1].Id}')", points.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static int IndexOfDomain(ModelDefinition m, string id)
    {
        for (var i = 0; i < m.Domains.Count; i++)
        {
            if (m.Domains[i].Id == id)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Validated model has no domain '{id}'.");
    }
}
