using Ras.Engine.Allocation;
using Ras.Engine.Text;
using Ras.Engine.Models;

namespace Ras.Engine.Rules;

/// <summary>Why an amount could not be worked out.</summary>
internal enum PriceStatus : byte
{
    Ok = 0,
    NotInForce = 1,
    PointsAboveBands = 2,
    CurveOverflow = 3,

    /// <summary>A derived quantity, the quantity priced or the curve's predictor is beyond exact decimal arithmetic.</summary>
    Overflow = 4,
}

/// <summary>Unrounded lower, indicative and upper annual amounts before add-ons, and the band (index, or −1).</summary>
internal readonly record struct Priced(decimal Lower, decimal Indicative, decimal Upper, short Band, PriceStatus Status)
{
    public const short NoBand = -1;
    public const short PreventativeBand = -2;

    public static Priced Failed(PriceStatus status) => new(0m, 0m, 0m, NoBand, status);
}

/// <summary>
/// How points become money for an eligible person: price per point, bands or a curve; the range; the
/// preventative floor; add-on amounts; and the one rounding of the reported figures. Written once: the
/// compiler tabulates <see cref="Points"/> by points, and the evaluator explains it.
/// </summary>
internal static class PricingRule
{
    /// <summary>Prices <paramref name="points"/> by price per point or bands, with the range and the preventative floor.</summary>
    public static Priced Points<TTrace>(ModelDefinition m, DateOnly asOf, int points, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        Priced priced;
        if (m.Pricing.Method == PricingMethod.PricePerPoint)
        {
            var price = m.Pricing.PricePerPoint!.ValueAt(asOf);
            var amount = points * price * PerYear(m);
            if (trace.Explains)
            {
                trace.Step("pricing", "Price per point", $"{points} points × {Money(m, price)} a point{Weekly(m)} = {Money(m, amount)} a year.", Money(m, amount), "/pricing/pricePerPoint", null, ("points", Format.Number(points)), ("price per point", Format.Plain(price)));
            }

            priced = Tolerance(m, amount, null, asOf, ref trace);
        }
        else
        {
            priced = Band(m, asOf, points, ref trace);
        }

        return priced.Status == PriceStatus.Ok ? Floor(m, asOf, priced, ref trace) : priced;
    }

    /// <summary>Prices a curve's linear predictor: the transform, × weeks for a weekly curve, the range and the floor.</summary>
    public static Priced Curve<TTrace>(ModelDefinition m, DateOnly asOf, decimal eta, string? predictor, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var curve = m.Pricing.Curve!;
        decimal annual;
        try
        {
            annual = CurveAnnual(curve, eta, m.WeeksPerYear);
        }
        catch (OverflowException)
        {
            return Priced.Failed(PriceStatus.CurveOverflow);
        }

        // A curve's amount cannot be bounded by validation (e^predictor), so it is checked here: above the limit
        // on amounts it is an error, which keeps range, add-ons and rounding exact.
        if (annual > ModelLimits.MaxAmount)
        {
            return Priced.Failed(PriceStatus.CurveOverflow);
        }

        var unit = curve.Output == CurveOutput.Weekly ? m.WeeksPerYear : 1m;
        var amount = unit == 1m ? annual : annual / unit;
        if (annual < 0)
        {
            if (trace.Records)
            {
                trace.Warning($"the pricing curve gave a negative amount ({Format.Number(annual)}); it is taken as 0");
            }

            annual = 0;
        }

        if (trace.Explains)
        {
            trace.Step(
                "pricing",
                "Pricing curve",
                $"Linear predictor = {predictor} = {Format.Number(eta)}. {curve.Transform switch { CurveTransform.Identity => "Amount = the predictor", CurveTransform.Square => "Amount = predictor²", _ => "Amount = e^predictor" }} = {Format.Number(amount)}{(unit != 1m ? $" a week × {Format.Number(unit)} weeks" : "")} = {Money(m, annual)} a year.",
                Money(m, annual),
                "/pricing/curve",
                null);
        }

        return Floor(m, asOf, Tolerance(m, annual, null, asOf, ref trace), ref trace);
    }

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

    /// <summary>The preventative allocation (lower, indicative, upper) in force, for a person eligible on direction of travel.</summary>
    public static Priced Preventative<TTrace>(ModelDefinition m, DateOnly asOf, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var p = m.DirectionOfTravel!.Preventative;
        var (pl, pi, pu) = (p.Lower.ValueAt(asOf), p.Indicative.ValueAt(asOf), p.Upper.ValueAt(asOf));
        if (trace.Explains)
        {
            trace.Step("pricing", "Preventative allocation", $"Eligible on direction of travel: the model's preventative allocation applies: lower {Money(m, pl)}, indicative {Money(m, pi)}, upper {Money(m, pu)} a year.", Money(m, pi), "/directionOfTravel/preventative", m.DirectionOfTravel.PolicyReference);
        }

        return new Priced(pl, pi, pu, Priced.PreventativeBand, PriceStatus.Ok);
    }

    /// <summary>An add-on's annual amount on a date: hours a week × hourly rate × weeks a year, or its annual amount.</summary>
    public static decimal AddOnAmount(ModelDefinition m, AddOnDefinition addOn, DateOnly asOf) =>
        addOn.AnnualAmount is { } annual
            ? annual.ValueAt(asOf)
            : addOn.HoursPerWeek!.Value * addOn.HourlyRate!.ValueAt(asOf) * m.WeeksPerYear;

    /// <summary>Explains one add-on included.</summary>
    public static void ExplainAddOn<TTrace>(ModelDefinition m, int k, DateOnly asOf, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var addOn = m.AddOns[k];
        var amount = AddOnAmount(m, addOn, asOf);
        var working = addOn.AnnualAmount is not null
            ? $"a fixed {Money(m, amount)} a year"
            : $"{Format.Number(addOn.HoursPerWeek!.Value)} hours a week × {Money(m, addOn.HourlyRate!.ValueAt(asOf))} an hour × {Format.Number(m.WeeksPerYear)} weeks = {Money(m, amount)}";
        trace.Step("add-on", "Add-on: " + addOn.Title, $"Included because the {addOn.When.Describe()}: {working}; added to the lower, indicative and upper amounts.", Money(m, amount), $"/addOns/{k}", addOn.PolicyReference);
    }

    /// <summary>Rounds each unrounded annual figure once, and each weekly figure (unrounded annual ÷ weeks) once.</summary>
    public static (BudgetRange Annual, BudgetRange Weekly) Finish(ModelDefinition m, decimal lower, decimal indicative, decimal upper)
    {
        var r = m.Rounding;
        return (
            new BudgetRange(r.RoundAnnual(lower), r.RoundAnnual(indicative), r.RoundAnnual(upper)),
            new BudgetRange(r.RoundWeekly(lower / m.WeeksPerYear), r.RoundWeekly(indicative / m.WeeksPerYear), r.RoundWeekly(upper / m.WeeksPerYear)));
    }

    /// <summary>Explains the rounding of the annual and weekly figures.</summary>
    public static void ExplainRounding<TTrace>(ModelDefinition m, decimal lower, decimal indicative, decimal upper, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var r = m.Rounding;
        var (annual, weekly) = Finish(m, lower, indicative, upper);
        trace.Step(
            "rounding",
            "Twelve-month range",
            $"Before rounding: lower {Money(m, lower)}, indicative {Money(m, indicative)}, upper {Money(m, upper)}. Each is rounded once {RoundingModes.Describe(r.Mode, Money(m, r.AnnualUnit))}: {Money(m, annual.Lower)} – {Money(m, annual.Indicative)} – {Money(m, annual.Upper)} a year.",
            $"{Money(m, annual.Lower)} – {Money(m, annual.Indicative)} – {Money(m, annual.Upper)}",
            "/rounding",
            null);
        trace.Step(
            "weekly",
            "Weekly equivalent",
            $"Each unrounded annual amount ÷ {Format.Number(m.WeeksPerYear)} weeks, rounded {RoundingModes.Describe(r.Mode, Money(m, r.WeeklyUnit))}: {Money(m, weekly.Lower)} – {Money(m, weekly.Indicative)} – {Money(m, weekly.Upper)} a week.",
            $"{Money(m, weekly.Lower)} – {Money(m, weekly.Indicative)} – {Money(m, weekly.Upper)}",
            "/weeksPerYear",
            null);
    }

    /// <summary>indicative × (1 − below ÷ 100) and indicative × (1 + above ÷ 100).</summary>
    public static (decimal Lower, decimal Upper) ToleranceRange(RangeDefinition range, decimal indicative) =>
        (indicative * (1m - (range.BelowPercent / 100m)), indicative * (1m + (range.AbovePercent / 100m)));

    /// <summary>Money in the model's currency, as explanations show it.</summary>
    public static string Money(ModelDefinition m, decimal amount) => Format.Money(amount, m.Currency);

    /// <summary>1, or the weeks in a year when the price table states weekly figures.</summary>
    private static decimal PerYear(ModelDefinition m) => m.Pricing.Per == PricePeriod.Week ? m.WeeksPerYear : 1m;

    private static string Weekly(ModelDefinition m) => m.Pricing.Per == PricePeriod.Week ? $" a week × {Format.Number(m.WeeksPerYear)} weeks" : "";

    private static Priced Band<TTrace>(ModelDefinition m, DateOnly asOf, int points, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var bands = m.Pricing.Bands;
        var perYear = PerYear(m);
        for (var i = 0; i < bands.Count; i++)
        {
            var b = bands[i];
            if (points < b.MinPoints || (b.MaxPoints is { } max && points > max))
            {
                continue;
            }

            var indicative = (b.Amount is { } amount ? amount.ValueAt(asOf) : points * b.PricePerPoint!.ValueAt(asOf)) * perYear;
            var path = trace.Explains ? $"/pricing/bands/{i}" : "";
            if (trace.Explains)
            {
                var edges = b.MaxPoints is { } top ? $"{b.MinPoints}–{top}" : $"{b.MinPoints} or more";
                var working = b.Amount is not null
                    ? $"a fixed {Money(m, b.Amount.ValueAt(asOf))}{(perYear == 1m ? "" : $" a week × {Format.Number(perYear)} weeks = {Money(m, indicative)}")} a year"
                    : $"{points} points × {Money(m, b.PricePerPoint!.ValueAt(asOf))} a point{Weekly(m)} = {Money(m, indicative)} a year";
                trace.Step("band", $"Band {b.Id}", $"{points} points fall in band {b.Id}{(b.Label.Length > 0 ? $" ({b.Label})" : "")}, points {edges} (both edges inclusive): {working}.", Money(m, indicative), path, null, ("points", Format.Number(points)), ("band", b.Id));
            }

            if (m.Range.Method == RangeMethod.BandEdges)
            {
                var price = b.PricePerPoint?.ValueAt(asOf);
                var lower = (b.Lower?.ValueAt(asOf) ?? price!.Value * b.MinPoints) * perYear;
                var upper = (b.Upper?.ValueAt(asOf) ?? price!.Value * b.MaxPoints!.Value) * perYear;
                if (trace.Explains)
                {
                    trace.Step("range", "Range", $"The range runs from the band's lower edge to its upper edge: {Money(m, lower)} to {Money(m, upper)}{(b.Lower is null && price is not null ? $" ({b.MinPoints} and {b.MaxPoints} points × {Money(m, price.Value)}{Weekly(m)})" : "")}.", $"{Money(m, lower)} – {Money(m, upper)}", path, null);
                }

                return new Priced(lower, indicative, upper, (short)i, PriceStatus.Ok);
            }

            return Tolerance(m, indicative, b, asOf, ref trace) with { Band = (short)i };
        }

        return Priced.Failed(PriceStatus.PointsAboveBands);
    }

    private static Priced Tolerance<TTrace>(ModelDefinition m, decimal indicative, BandDefinition? band, DateOnly asOf, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var (toleranceLower, toleranceUpper) = ToleranceRange(m.Range, indicative);
        var lower = band?.Lower is { } l ? l.ValueAt(asOf) * PerYear(m) : toleranceLower;
        var upper = band?.Upper is { } u ? u.ValueAt(asOf) * PerYear(m) : toleranceUpper;
        if (trace.Explains)
        {
            var below = m.Range.BelowPercent;
            var above = m.Range.AbovePercent;
            trace.Step(
                "range",
                "Range",
                $"Lower = {(band?.Lower is null ? $"{Money(m, indicative)} × (1 − {Format.Number(below)}%) = {Money(m, lower)}" : $"the band's stated lower amount {Money(m, lower)}")}; upper = {(band?.Upper is null ? $"{Money(m, indicative)} × (1 + {Format.Number(above)}%) = {Money(m, upper)}" : $"the band's stated upper amount {Money(m, upper)}")}.",
                $"{Money(m, lower)} – {Money(m, upper)}",
                "/range",
                null);
        }

        return new Priced(lower, indicative, upper, Priced.NoBand, PriceStatus.Ok);
    }

    /// <summary>An eligible person never receives less than someone eligible on direction of travel alone.</summary>
    private static Priced Floor<TTrace>(ModelDefinition m, DateOnly asOf, Priced priced, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        if (m.DirectionOfTravel is not { } dot)
        {
            return priced;
        }

        var floor = dot.Preventative;
        var (fl, fi, fu) = (floor.Lower.ValueAt(asOf), floor.Indicative.ValueAt(asOf), floor.Upper.ValueAt(asOf));
        if (priced.Lower >= fl && priced.Indicative >= fi && priced.Upper >= fu)
        {
            return priced;
        }

        var raised = priced with { Lower = Math.Max(priced.Lower, fl), Indicative = Math.Max(priced.Indicative, fi), Upper = Math.Max(priced.Upper, fu) };
        if (trace.Explains)
        {
            trace.Step("preventative-floor", "Preventative floor", $"An eligible person never receives less than the preventative allocation ({Money(m, fl)} – {Money(m, fi)} – {Money(m, fu)}); each amount is raised to at least its floor: {Money(m, raised.Lower)} – {Money(m, raised.Indicative)} – {Money(m, raised.Upper)}.", Money(m, raised.Indicative), "/directionOfTravel/preventative", dot.PolicyReference);
        }

        return raised;
    }
}
