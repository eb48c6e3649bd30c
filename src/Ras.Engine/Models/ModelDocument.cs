using System.Text;
using Ras.Engine.Text;
using Ras.Engine.Models;

namespace Ras.Engine.Models;

/// <summary>Renders a model as the Markdown document a council publishes: "how your budget is worked out".</summary>
internal static class ModelDocument
{
    public static string Render(ModelDefinition m, string contentHash)
    {
        var sb = new StringBuilder();
        string Money(decimal d) => Format.Money(d, m.Currency);
        string Dated(DatedValue? v) => v is null ? "—" : v.IsSingle ? Money(v.Entries[0].Value)
            : string.Join("; ", v.Entries.Select(e => $"{Money(e.Value)} from {Format.Date(e.From!.Value)}"));
        void Line(string s = "") => sb.Append(s).Append('\n');

        Line($"# {Escape(m.Title)}");
        Line();
        Line("How your personal budget is worked out.");
        Line();
        if (m.Illustrative)
        {
            Line("> **Illustrative model.** Parts of this model are examples (see below). A council must calibrate it against its own costs before using it.");
            Line();
        }

        Line("| | |");
        Line("|---|---|");
        Line($"| Model | `{m.Id}` version {m.Version} |");
        Line($"| Content hash | `{contentHash}` |");
        Line($"| In force | from {Format.Date(m.EffectiveFrom)} {(m.EffectiveTo is { } to ? "to " + Format.Date(to) + " (inclusive)" : "with no end date")} |");
        if (m.Publisher is not null)
        {
            Line($"| Publisher | {m.Publisher} |");
        }

        Line($"| Currency | {m.Currency}; {Format.Number(m.WeeksPerYear)} weeks a year |");
        if (m.FormatVersion != 1)
        {
            Line($"| Model format | version {m.FormatVersion} |");
        }

        Line();
        if (m.Description is not null)
        {
            Line(Escape(m.Description));
            Line();
        }

        Line("## The calculation in brief");
        Line();
        Line("1. Each answer scores the points shown below. A domain's points are the sum of its answers' points, multiplied by the domain's weight and limited to its cap.");
        Line("2. Adjustments (below) change a domain's points by a percentage and/or a number of points. The result is rounded to whole points (halves rounded up) and is never below 0.");
        Line(m.Eligibility is { } rule
            ? $"3. Eligibility: you are eligible if you are unable to achieve at least {rule.MinimumOutcomes} of the Care Act outcomes."
            : "3. Eligibility is decided outside this model; every assessment is priced.");
        var step = 4;
        if (m.DirectionOfTravel is not null)
        {
            Line($"{step++}. Direction of travel: your need anticipated over the next twelve months and your risk factors add points for the expected deterioration (below).");
        }

        if (m.Derived.Count > 0)
        {
            Line($"{step++}. Derived quantities (below) are worked out exactly from the points and the numbers recorded about you.");
        }

        var priced = m.Pricing.Basis is { } basisId ? $"The derived quantity {DerivedName(m, basisId)} is priced instead of the points" : "The points are priced";
        Line($"{step}. {priced} ({PricingName(m.Pricing.Method)}), a range is set, add-ons are added, and each amount is rounded once to a multiple of {Money(m.Rounding.AnnualUnit)} a year ({Money(m.Rounding.WeeklyUnit)} a week), rounding mode {RoundingModes.Name(m.Rounding.Mode)}.");
        Line();

        if (m.PolicyReferences.Count > 0)
        {
            Line("## Policy references");
            Line();
            Line("| Reference | Citation |");
            Line("|---|---|");
            foreach (var p in m.PolicyReferences)
            {
                Line($"| `{p.Id}` | {Escape(p.Citation)}{(p.Url is null ? "" : $" (<{p.Url}>)")} |");
            }

            Line();
        }

        if (m.Attributes.Count > 0 || m.ClientGroups.Count > 0 || m.Inputs.Count > 0)
        {
            Line("## About the person");
            Line();
            foreach (var a in m.Attributes)
            {
                Line($"- **{Escape(a.Label)}** (`{a.Id}`{(a.Required ? ", required" : "")}): {string.Join(", ", a.Values.Select(v => $"{Escape(v.Label)} (`{v.Code}`)"))}");
            }

            foreach (var i in m.Inputs)
            {
                Line($"- **{Escape(i.Label)}** (`{i.Id}`, {(i.Required ? "required" : "optional")}): a number of {Escape(i.Unit)} from {Format.Number(i.Min)} to {Format.Number(i.Max)} (both included){(i.Required ? "" : "; when it is not given it counts 0 in sums and no condition on its range holds")}");
            }

            if (m.ClientGroups.Count > 0)
            {
                Line($"- **Client groups** (for reporting only; they do not change the points): {string.Join(", ", m.ClientGroups.Select(g => $"`{g}`"))}");
            }

            Line();
        }

        Line("## Questions and points");
        Line();
        for (var d = 0; d < m.Domains.Count; d++)
        {
            var domain = m.Domains[d];
            Line($"### {d + 1}. {Escape(domain.Title)}");
            Line();
            var facts = new List<string>();
            if (domain.Outcome is not null)
            {
                facts.Add($"Care Act outcome: *{CareActOutcomes.Wording(domain.Outcome)}*");
            }

            if (domain.Weight != 1m)
            {
                facts.Add($"weight × {Format.Number(domain.Weight)}");
            }

            if (domain.MaxPoints is { } cap)
            {
                facts.Add($"at most {Format.Number(cap)} points");
            }

            if (facts.Count > 0)
            {
                Line(string.Join("; ", facts) + ".");
                Line();
            }

            foreach (var q in domain.Questions)
            {
                Line($"**{Escape(q.Text)}** (`{q.Id}`{(q.Required ? "" : ", optional")})");
                Line();
                var outcomeColumn = domain.Outcome is not null || q.Answers.Any(a => a.UnableToAchieve);
                Line(outcomeColumn ? "| Answer | Code | Points | Unable to achieve the outcome |" : "| Answer | Code | Points |");
                Line(outcomeColumn ? "|---|---|---:|---|" : "|---|---|---:|");
                foreach (var a in q.Answers)
                {
                    Line(outcomeColumn ? $"| {Escape(a.Text)} | `{a.Code}` | {a.Points} | {(a.UnableToAchieve ? "yes" : "")} |" : $"| {Escape(a.Text)} | `{a.Code}` | {a.Points} |");
                }

                Line();
            }
        }

        Line("## Adjustments");
        Line();
        if (m.Adjustments.Count == 0)
        {
            Line("This model makes no adjustments to points.");
        }
        else
        {
            Line("| Adjustment | Kind | When | Effect | Domains | Reason |");
            Line("|---|---|---|---|---|---|");
            foreach (var a in m.Adjustments)
            {
                var effect = string.Join(", ", new[] { a.Percent != 0 ? $"{Format.Number(a.Percent)}%" : null, a.Points != 0 ? $"{a.Points} points" : null }.Where(x => x is not null));
                Line($"| {Escape(a.Title)} (`{a.Id}`) | {(a.Kind == AdjustmentKind.CarerDeduction ? "support from unpaid carers" : "other")} | {Escape(a.When.Describe())} | {effect} | {(a.Domains.Count == 0 ? "all" : string.Join(", ", a.Domains))} | {Escape(a.Reason)}{(a.PolicyReference is null ? "" : $" (`{a.PolicyReference}`)")} |");
            }
        }

        Line();
        Line("## Eligibility");
        Line();
        Line(m.Eligibility is { } eligibility
            ? $"You are **eligible** if you are unable to achieve at least **{eligibility.MinimumOutcomes}** of the outcomes listed with the domains above. An outcome counts when any answer in its domain is marked \"unable to achieve the outcome\". (The Care Act also requires a significant impact on wellbeing; your assessor confirms this.)"
            : "This model has no eligibility rule: eligibility is decided outside it, and every assessment is priced.");
        Line();

        if (m.DirectionOfTravel is { } dot)
        {
            Line("## Direction of travel: need over the next twelve months");
            Line();
            Line($"The questionnaire also asks how each answer is likely to be in {dot.HorizonMonths} months. Risk factors give the probability that this change happens:");
            Line();
            Line($"- risk score *z* = {Format.Number(dot.Intercept)} + the weight of each risk factor level recorded (below); a factor not recorded adds 0;");
            Line($"- probability *p* = 1 ÷ (1 + e^−z), {ProbabilityRounding(dot.ProbabilityDecimals)};");
            Line("- expected deterioration = *p* × the sum, over domains, of (anticipated points − points now) where that is more than 0;");
            Line($"- uplift = that, rounded to whole points, at most **{dot.MaxUpliftPoints}** points{(dot.MinimumProbability > 0 ? $", and 0 when *p* is below {Format.Probability(dot.MinimumProbability)}" : "")}. The uplift is added to your points before pricing.");
            Line();
            Line(m.Eligibility is null
                ? $"This model has no eligibility rule, so everyone is eligible and nobody is *eligible on direction of travel*. The preventative allocation of {Dated(dot.Preventative.Indicative)} a year (range {Dated(dot.Preventative.Lower)} to {Dated(dot.Preventative.Upper)}) is the least anyone receives."
                : $"If you are not eligible now, but you are anticipated to be unable to achieve at least {m.Eligibility.MinimumOutcomes} outcomes and *p* is at least **{Format.Probability(dot.EligibilityProbability)}**, you are **eligible on direction of travel** for a preventative allocation of {Dated(dot.Preventative.Indicative)} a year (range {Dated(dot.Preventative.Lower)} to {Dated(dot.Preventative.Upper)}). An eligible person never receives less than this.");
            Line();
            if (dot.Calibration is not null)
            {
                Line($"*Where the weights come from:* {Escape(dot.Calibration)}");
                Line();
            }

            Line("| Risk factor | Level | Code | Weight |");
            Line("|---|---|---|---:|");
            foreach (var f in dot.RiskFactors)
            {
                foreach (var l in f.Levels)
                {
                    Line($"| {Escape(f.Text)} (`{f.Id}`) | {Escape(l.Text)} | `{l.Code}` | {Format.Number(l.Weight)} |");
                }
            }

            Line();
        }

        if (m.Derived.Count > 0)
        {
            Line("## Derived quantities");
            Line();
            Line("Each is a sum worked out exactly, not rounded. An unanswered question, and a number that is optional and not given, count 0.");
            Line();
            foreach (var d in m.Derived)
            {
                Line($"- **{Escape(d.Label)}** (`{d.Id}`) = {Formula(m, d)}");
            }

            Line();
        }

        Line("## Pricing");
        Line();
        var period = m.Pricing.Per == PricePeriod.Week ? "a week" : "a year";
        if (m.Pricing.Basis is { } basis)
        {
            Line($"What is priced is the derived quantity {DerivedName(m, basis)}, not the points: its value rounded to whole points (halves rounded away from zero), and never below 0.");
            Line();
        }

        switch (m.Pricing.Method)
        {
            case PricingMethod.PricePerPoint:
                Line($"Each point is worth {Dated(m.Pricing.PricePerPoint)} {period}{WeeklyNote(m)}.");
                break;
            case PricingMethod.Bands:
                Line($"{(m.Pricing.Basis is null ? "Your points fall" : "That value falls")} in one band. Both edges of a band are included (for example 70–115 means 70 up to and including 115).");
                if (m.Pricing.Per == PricePeriod.Week)
                {
                    Line();
                    Line($"The amounts, prices per point, lower and upper amounts in this table are weekly: × {Format.Number(m.WeeksPerYear)} weeks for a year.");
                }

                Line();
                Line($"| Band | Points | Amount {period} | Lower | Upper |");
                Line("|---|---|---|---|---|");
                foreach (var b in m.Pricing.Bands)
                {
                    var amount = b.Amount is not null ? Dated(b.Amount) : $"points × {Dated(b.PricePerPoint)}";
                    Line($"| {b.Id}{(b.Label.Length > 0 ? " " + Escape(b.Label) : "")} | {b.MinPoints}{(b.MaxPoints is { } max ? "–" + max : " or more")} | {amount} | {(b.Lower is null ? RangeNote(m, b) : Dated(b.Lower))} | {(b.Upper is null ? RangeNote(m, b) : Dated(b.Upper))} |");
                }

                if (m.Pricing.NonMonotoneReason is not null)
                {
                    Line();
                    Line($"Some bands pay less than a band below them. The council's reason: {Escape(m.Pricing.NonMonotoneReason)}");
                }

                break;
            default:
                var c = m.Pricing.Curve!;
                Line($"The amount comes from a fitted curve. Linear predictor = {Format.Number(c.Intercept)} plus:");
                Line();
                Line("| Term | Coefficient |");
                Line("|---|---:|");
                foreach (var t in c.Terms)
                {
                    Line($"| {Escape(t.Describe())} | {Format.Number(t.Coefficient)} |");
                }

                Line();
                Line($"Amount = {(c.Transform switch { CurveTransform.Identity => "the predictor", CurveTransform.Square => "the predictor squared", _ => "e to the power of the predictor" })}, {(c.Output == CurveOutput.Weekly ? $"a weekly amount, × {Format.Number(m.WeeksPerYear)} for a year" : "an annual amount")}. Domain terms use points now; total points include the direction-of-travel uplift.{(c.Terms.Any(t => t.Kind is CurveTermKind.Derived or CurveTermKind.Input) ? " Derived-quantity and input terms use their exact values (an optional input that is not given counts 0)." : "")}");
                break;
        }

        Line();
        Line("## Range");
        Line();
        Line(m.Range.Method == RangeMethod.Tolerance
            ? $"Lower = indicative × (1 − {Format.Number(m.Range.BelowPercent)}%); upper = indicative × (1 + {Format.Number(m.Range.AbovePercent)}%), unless a band states its own lower or upper amount."
            : "Lower and upper are the band's edges: the amounts stated for the band, or its price per point × its lowest and highest points.");
        Line();

        Line("## Add-ons");
        Line();
        if (m.AddOns.Count == 0)
        {
            Line("This model has no add-ons.");
        }
        else
        {
            Line("Add-ons are added to the lower, indicative and upper amounts when their condition holds (for eligible people).");
            Line();
            Line("| Add-on | When | Amount a year |");
            Line("|---|---|---|");
            foreach (var a in m.AddOns)
            {
                var amount = a.AnnualAmount is not null ? Dated(a.AnnualAmount) : $"{Format.Number(a.HoursPerWeek!.Value)} hours a week × {Dated(a.HourlyRate)} an hour × {Format.Number(m.WeeksPerYear)} weeks";
                Line($"| {Escape(a.Title)} (`{a.Id}`) | {Escape(a.When.Describe())} | {amount} |");
            }
        }

        Line();
        Line("## Rounding");
        Line();
        Line($"Money is worked out exactly and rounded once at the end: annual amounts to the nearest {Money(m.Rounding.AnnualUnit)}, weekly amounts (the unrounded annual amount ÷ {Format.Number(m.WeeksPerYear)}) to the nearest {Money(m.Rounding.WeeklyUnit)}. {m.Rounding.Mode switch
        {
            MidpointRounding.AwayFromZero => "Amounts exactly half-way are rounded up.",
            MidpointRounding.ToEven => "Amounts exactly half-way are rounded to the even unit.",
            // The three directed modes round every amount, not only those half-way (decimal.Round's meaning).
            MidpointRounding.ToZero => "Every amount is rounded toward zero (down to the unit), not only amounts half-way.",
            MidpointRounding.ToPositiveInfinity => "Every amount is rounded up to the unit, not only amounts half-way.",
            _ => "Every amount is rounded down to the unit, not only amounts half-way.",
        }}");
        return sb.ToString();
    }

    private static string WeeklyNote(ModelDefinition m) =>
        m.Pricing.Per == PricePeriod.Week ? $" (× {Format.Number(m.WeeksPerYear)} weeks for a year)" : "";

    private static string ProbabilityRounding(int? decimals) => decimals switch
    {
        null => "not rounded",
        0 => "rounded to a whole number (0 or 1)",
        1 => "rounded to one decimal place",
        { } n => $"rounded to {(n < Words.Length ? Words[n] : Format.Number(n))} decimal places",
    };

    private static readonly string[] Words = { "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten" };

    private static string DerivedName(ModelDefinition m, string id) =>
        m.Derived.FirstOrDefault(d => d.Id == id) is { } d ? $"*{Escape(d.Label)}* (`{id}`)" : $"`{id}`";

    /// <summary>A derived quantity as a formula in words: "1 × the points for the answer to `eating` − 0.1 × *Hours* (`hours`)".</summary>
    private static string Formula(ModelDefinition m, DerivedDefinition d)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < d.Terms.Count; i++)
        {
            var t = d.Terms[i];
            var negative = t.Coefficient < 0;
            sb.Append(i == 0 ? (negative ? "−" : "") : (negative ? " − " : " + "));
            sb.Append(Format.Number(Math.Abs(t.Coefficient))).Append(" × ");
            sb.Append(t.Source switch
            {
                DerivedSource.Question => $"the points for the answer to `{t.Reference}`",
                DerivedSource.Domain => $"the points in {(m.Domains.FirstOrDefault(x => x.Id == t.Reference) is { } domain ? $"*{Escape(domain.Title)}* (`{t.Reference}`)" : $"`{t.Reference}`")}",
                DerivedSource.Derived => DerivedName(m, t.Reference!),
                DerivedSource.Input => m.Inputs.FirstOrDefault(x => x.Id == t.Reference) is { } input ? $"*{Escape(input.Label)}* (`{t.Reference}`)" : $"`{t.Reference}`",
                _ => m.DirectionOfTravel is null ? "the points to price" : "the points to price (points now + the direction-of-travel uplift)",
            });
        }

        return sb.ToString();
    }

    private static string RangeNote(ModelDefinition m, BandDefinition b) =>
        m.Range.Method == RangeMethod.BandEdges ? "band edge" : "tolerance";

    private static string PricingName(PricingMethod method) => method switch
    {
        PricingMethod.PricePerPoint => "a price per point",
        PricingMethod.Bands => "by band",
        _ => "by a fitted curve",
    };

    /// <summary>
    /// Model text as Markdown shows it, never as markup: HTML's special characters become entities (a model's
    /// text is data, so a script tag in a title is shown, not run) and a pipe cannot end a table cell.
    /// </summary>
    private static string Escape(string s) => s
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("|", "\\|", StringComparison.Ordinal);
}
