using System.Globalization;
using System.Text;
using Ras.Engine.Impact;
using Ras.Rendering.Charts;

namespace Ras.Rendering;

/// <summary>
/// Renders an <see cref="ImpactSummary"/> as one self-contained HTML page: inline CSS and inline SVG charts,
/// no scripts, fonts, images or links to fetch, so that it opens offline and can be attached to a committee
/// paper. Deterministic: the same summary gives the same bytes.
/// </summary>
public static class ImpactReportHtml
{
    private static readonly string[] Colours = { "#b2182b", "#ef8a62", "#bababa", "#67a9cf", "#2166ac" };
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Renders the report.</summary>
    /// <param name="summary">The impact of a proposal, from <see cref="CaseloadComparison"/>.</param>
    /// <param name="caseloadName">The caseload's name as people know it (a file name), or null.</param>
    /// <returns>The page, UTF-8 text ending in a newline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is null.</exception>
    public static string Render(ImpactSummary summary, string? caseloadName = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var s = summary;
        var model = s.BaselineModel;
        var currency = model.Currency;
        string Money(decimal d) => PeopleText.Money(d, currency);
        var sb = new StringBuilder();
        string H(string text) => PeopleText.Html(text);
        var change = ImpactSummaryText.Proposal(s);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Impact of a proposed RAS change</title>\n<style>")
            .Append("body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f4f4f4}td.l,th.l{text-align:left}dl.about{display:grid;grid-template-columns:max-content 1fr;gap:.3em 1em}dl.about dt{font-weight:bold}dl.about dd{margin:0}figure{margin:1em 0;break-inside:avoid}figcaption{font-size:.9em;color:#444}@page{size:A4;margin:15mm}@media print{body{max-width:none;margin:0;font-size:10pt}h2,h3{break-after:avoid}table,dl{break-inside:avoid}svg{max-width:100%!important}th{-webkit-print-color-adjust:exact;print-color-adjust:exact}td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}")
            .Append("</style></head><body>\n");
        sb.Append("<h1>Impact of a proposed RAS change</h1>\n");
        sb.Append("<h2>The proposal</h2>\n<dl class=\"about\">\n");
        void About(string term, string definition) => sb.Append("<dt>").Append(H(term)).Append("</dt><dd>").Append(definition).Append("</dd>\n");
        About("Proposal", H(s.ProposalModel.Title));
        About("Identity", string.Create(C, $"<code>{H(s.ProposalModel.Id)}</code> version <code>{H(s.ProposalModel.Version)}</code> (<code>{H(s.ProposalModel.ContentHash)}</code>)"));
        if (s.ProposalModel.Description is { Length: > 0 } description)
        {
            // A change file's proposal repeats the baseline's description after its own: say it once, under the baseline.
            var own = model.Description is { Length: > 0 } inherited && description.EndsWith(inherited, StringComparison.Ordinal) && description.Length > inherited.Length
                ? description[..^inherited.Length].TrimEnd()
                : description;
            About("What it changes", H(own));
        }

        About("Baseline", string.Create(C, $"{H(model.Title)}: <code>{H(model.Id)}</code> version <code>{H(model.Version)}</code> (<code>{H(model.ContentHash)}</code>)") + (model.Description is { Length: > 0 } baselineDescription ? "<br>" + H(baselineDescription) : ""));
        About("Caseload", H((caseloadName is null ? "" : caseloadName + ": ") + $"{PeopleText.Count(s.RowsRead, "row")} ({s.Compared.ToString("N0", C)} compared under both models, {s.Rejected.ToString("N0", C)} rejected)"));
        About("Transitional protection", H(ImpactSummaryText.ProtectionRule(s) is { } rule ? char.ToUpperInvariant(rule[0]) + rule[1..] + ": nobody's indicative amount falls by more than that against the baseline." : "None: every loss applies in full."));
        sb.Append("</dl>\n");

        sb.Append("<h2>Key figures</h2>\n<table><tr><th class=\"l\">Measure (a year)</th><th>Value</th></tr>\n");
        void Row(string name, string value) => sb.Append("<tr><td class=\"l\">").Append(H(name)).Append("</td><td>").Append(H(value)).Append("</td></tr>\n");
        Row("Total indicative budget, baseline", Money(s.BaselineTotal));
        Row("Total indicative budget, proposal", Money(s.ProposalTotal));
        Row("Gross change (before protection)", Money(s.TotalChange) + ImpactSummaryText.Percent(s, s.TotalChange));
        if (ImpactSummaryText.ProtectionRule(s) is not null)
        {
            Row("People protected by the loss cap", s.Protected.ToString("N0", C));
            Row("Cost of transitional protection", Money(s.ProtectionCost));
            Row("Net change (after protection)", Money(s.TotalChange + s.ProtectionCost) + ImpactSummaryText.Percent(s, s.TotalChange + s.ProtectionCost));
        }

        var peopleByChange = s.PeopleByChange;
        Row("People losing (before protection)", peopleByChange.Where(p => p.Key < 0).Sum(p => p.Value).ToString("N0", C));
        Row("People gaining", peopleByChange.Where(p => p.Key > 0).Sum(p => p.Value).ToString("N0", C));
        Row("Newly eligible", s.NewlyEligible.ToString("N0", C));
        Row("Losing eligibility", s.LosingEligibility.ToString("N0", C));
        sb.Append("</table>\n");

        var groups = PeopleText.InGroupOrder(s.BucketsByClientGroup, p => p.Key, model).Select(p => (PeopleText.ClientGroup(p.Key), p.Value)).ToList();
        var bands = PeopleText.InBandOrder(s.BucketsByBaselineBand, p => p.Key, model).Select(p => (PeopleText.Band(p.Key, model), p.Value)).ToList();
        sb.Append("<h2>Winners and losers by client group</h2>\n");
        StackedBars(sb, "by-group", "Winners and losers by client group", groups, s.Options.Buckets);
        Counts(sb, "People by client group and change", groups, s.Options.Buckets);
        sb.Append("<h2>Winners and losers by baseline band</h2>\n");
        StackedBars(sb, "by-band", "Winners and losers by baseline band", bands, s.Options.Buckets);
        Counts(sb, "People by baseline band and change", bands, s.Options.Buckets);

        sb.Append("<h2>Band transitions</h2>\n<p>People by baseline band (rows) and proposal band (columns), in the model's order.</p>\n");
        var from = PeopleText.InBandOrder(s.Transitions.Keys.Select(k => k.From).Distinct(), b => b, model).ToArray();
        var to = PeopleText.InBandOrder(s.Transitions.Keys.Select(k => k.To).Distinct(), b => b, model).ToArray();
        var max = Math.Max(1, s.Transitions.Values.DefaultIfEmpty(0).Max());
        sb.Append("<table><tr><th class=\"l\">baseline \\ proposal</th>");
        foreach (var t in to)
        {
            sb.Append("<th>").Append(H(PeopleText.Band(t, model))).Append("</th>");
        }

        sb.Append("</tr>\n");
        foreach (var f in from)
        {
            sb.Append("<tr><th class=\"l\">").Append(H(PeopleText.Band(f, model))).Append("</th>");
            foreach (var t in to)
            {
                var n = s.Transitions.GetValueOrDefault((f, t));
                var shade = 255 - (int)(160.0 * n / max);
                sb.Append(C, $"<td style=\"background:rgb({shade},{shade},255)\">{(n == 0 ? "" : n.ToString("N0", C))}</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</table>\n");
        sb.Append("<h2>Distribution of gains and losses</h2>\n");
        Histogram(sb, peopleByChange, currency);
        sb.Append("<h2>Mean change by decile of baseline budget</h2>\n");
        Deciles(sb, s.ChangeByBaselineDecile, currency);

        foreach (var w in s.Warnings)
        {
            sb.Append("<p><strong>Warning:</strong> ").Append(H(w)).Append("</p>\n");
        }

        return sb.Append("</body></html>\n").ToString();
    }

    private static void StackedBars(StringBuilder sb, string id, string title, IReadOnlyList<(string Name, IReadOnlyList<long> Counts)> rows, IReadOnlyList<string> buckets)
    {
        const int Label = 170, Plot = 600, BarHeight = 22, Gap = 8, Top = 34;
        var height = Top + (rows.Count * (BarHeight + Gap)) + 48;
        var described = string.Join("; ", rows.Select(r => $"{r.Name}: " + string.Join(", ", r.Counts.Select((n, b) => $"{n.ToString("N0", C)} {buckets[b]}"))));
        SvgChart.Open(sb, id, Label + Plot + 30, height, title, described);
        SvgChart.Legend(sb, 10, 16, buckets.Select((b, i) => (b, Colours[i])).ToList());
        double X(double share) => Label + (share * Plot);
        var y = Top;
        foreach (var (name, counts) in rows)
        {
            var total = Math.Max(1, counts.Sum());
            SvgChart.Text(sb, Label - 6, y + 15, name, "end");
            double share = 0;
            for (var b = 0; b < counts.Count; b++)
            {
                var w = (double)counts[b] / total;
                if (w > 0)
                {
                    sb.Append(C, $"<rect x=\"{X(share):0.##}\" y=\"{y}\" width=\"{w * Plot:0.##}\" height=\"{BarHeight}\" fill=\"{Colours[b]}\"><title>{PeopleText.Html(name)}, {PeopleText.Html(buckets[b])}: {counts[b]:N0} ({w * 100:0.0}%)</title></rect>\n");
                    if (w * Plot >= 36)
                    {
                        SvgChart.Text(sb, X(share + (w / 2)), y + 15, counts[b].ToString("N0", C), "middle", b is 0 or 4 ? "#fff" : "#222");
                    }
                }

                share += w;
            }

            y += BarHeight + Gap;
        }

        SvgChart.XAxis(sb, Label, Label + Plot, y, SvgChart.Ticks(0, 100), t => X(t / 100), t => t.ToString("0", C) + "%", "share of people in the group (%); labels are numbers of people", Top - 4);
        SvgChart.Close(sb, title + ". Each bar is one group; its segments are the people in each bucket of change, as a share of the group, labelled with their number when wide enough. The table below gives every count.");
    }

    private static void Counts(StringBuilder sb, string title, IReadOnlyList<(string Name, IReadOnlyList<long> Counts)> rows, IReadOnlyList<string> buckets)
    {
        sb.Append("<h3>").Append(PeopleText.Html(title)).Append("</h3>\n<table><tr><th class=\"l\">People</th>");
        foreach (var b in buckets)
        {
            sb.Append("<th>").Append(PeopleText.Html(b)).Append("</th>");
        }

        sb.Append("</tr>\n");
        foreach (var (name, counts) in rows)
        {
            sb.Append("<tr><td class=\"l\">").Append(PeopleText.Html(name)).Append("</td>");
            foreach (var n in counts)
            {
                sb.Append("<td>").Append(n.ToString("N0", C)).Append("</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</table>\n");
    }

    /// <summary>
    /// A histogram of the changes of the people whose amount changes: bins of equal width in money, with zero on
    /// a bin edge so that no bin mixes losers and gainers (losses in red, gains in blue); the people with no
    /// change are counted in the caption, not drawn, so that they do not flatten the losers into the axis.
    /// </summary>
    /// <param name="sb">The page.</param>
    /// <param name="peopleByChange">Each distinct change, ascending, with its number of people.</param>
    /// <param name="currency">The model's currency.</param>
    private static void Histogram(StringBuilder sb, IReadOnlyDictionary<decimal, long> peopleByChange, string currency)
    {
        const int Left = 70, Plot = 720, Top = 14, Height = 220;
        var symbol = PeopleText.Symbol(currency);
        var moved = peopleByChange.Where(p => p.Key != 0).Select(p => (Change: (double)p.Key, People: p.Value)).ToArray();
        var losers = moved.Where(p => p.Change < 0).Sum(p => p.People);
        var gainers = moved.Sum(p => p.People) - losers;
        var same = peopleByChange.GetValueOrDefault(0m);
        if (moved.Length == 0)
        {
            sb.Append(C, $"<p>Nobody's indicative amount changes ({PeopleText.Count(same, "person", "people")} compared).</p>\n");
            return;
        }

        var ticks = SvgChart.Ticks(Math.Min(moved.Min(p => p.Change), 0), Math.Max(moved.Max(p => p.Change), 0), 8);
        var lo = ticks[0];
        var hi = ticks[^1];
        var width = (ticks[1] - ticks[0]) / 2;
        var bins = (int)Math.Round((hi - lo) / width);
        var counts = new long[bins];
        foreach (var (c, people) in moved)
        {
            counts[Math.Clamp((int)Math.Floor((c - lo) / width), 0, bins - 1)] += people;
        }

        var max = Math.Max(1, counts.Max());
        var yTicks = SvgChart.Ticks(0, max, 4);
        double X(double v) => Left + ((v - lo) / (hi - lo) * Plot);
        double Y(double n) => Top + Height - (n / yTicks[^1] * Height);
        var description = string.Create(C, $"{PeopleText.Count(losers, "person loses", "people lose")} and {PeopleText.Count(gainers, "person gains", "people gain")} (before protection); {PeopleText.Count(same, "person sees", "people see")} no change and {(same == 1 ? "is" : "are")} not drawn.") + (losers == 0 ? "" : $" The largest loss is {PeopleText.Money(peopleByChange.Keys.First(), currency)} a year.") + (gainers == 0 ? "" : $" The largest gain is {PeopleText.Money(peopleByChange.Keys.Last(), currency)} a year.");
        SvgChart.Open(sb, "distribution", Left + Plot + 30, Top + Height + 50, "People by change in their indicative amount", description);
        for (var b = 0; b < bins; b++)
        {
            if (counts[b] == 0)
            {
                continue;
            }

            var from = lo + (b * width);
            var losing = from < 0;
            sb.Append(C, $"<rect x=\"{X(from) + 1:0.##}\" y=\"{Y(counts[b]):0.##}\" width=\"{(Plot * width / (hi - lo)) - 2:0.##}\" height=\"{Y(0) - Y(counts[b]):0.##}\" fill=\"{(losing ? Colours[0] : Colours[4])}\"><title>{SvgChart.ShortMoney(from, symbol)} to {SvgChart.ShortMoney(from + width, symbol)}: {counts[b]:N0} {(losing ? "losing" : "gaining")}</title></rect>");
            SvgChart.Text(sb, X(from + (width / 2)), Y(counts[b]) - 3, counts[b].ToString("N0", C), "middle");
        }

        sb.Append(C, $"<line x1=\"{X(0):0.#}\" y1=\"{Top}\" x2=\"{X(0):0.#}\" y2=\"{Top + Height}\" stroke=\"#222\" stroke-dasharray=\"3 3\"/>\n");
        SvgChart.Legend(sb, Left + Plot - 170, Top + 12, [("losing", Colours[0]), ("gaining", Colours[4])]);
        SvgChart.YAxis(sb, Left, Top + Height, Top, yTicks, Y, t => t.ToString("N0", C), "people", Left + Plot);
        SvgChart.XAxis(sb, Left, Left + Plot, Top + Height, ticks, X, t => SvgChart.ShortMoney(t, symbol), $"change in indicative amount ({symbol.Trim()} a year); losses left of the dashed line at 0, in red");
        SvgChart.Close(sb, string.Create(C, $"People whose indicative amount changes, by how much, in bins {PeopleText.Money((decimal)width, currency)} wide. ") + description);
        sb.Append("<table><tr><th class=\"l\">Change a year, from (inclusive)</th><th class=\"l\">to (exclusive)</th><th>People losing</th><th>People gaining</th></tr>\n");
        for (var b = 0; b < bins; b++)
        {
            if (counts[b] > 0)
            {
                var from = lo + (b * width);
                sb.Append(C, $"<tr><td class=\"l\">{PeopleText.Html(PeopleText.Money((decimal)from, currency))}</td><td class=\"l\">{PeopleText.Html(PeopleText.Money((decimal)(from + width), currency))}</td><td>{(from < 0 ? counts[b].ToString("N0", C) : "")}</td><td>{(from < 0 ? "" : counts[b].ToString("N0", C))}</td></tr>\n");
            }
        }

        sb.Append(C, $"<tr><td class=\"l\" colspan=\"2\">No change</td><td colspan=\"2\">{same:N0}</td></tr>\n</table>\n");
    }

    /// <summary>The mean change by decile of baseline budget: a bar each (losses left of zero), and the table.</summary>
    private static void Deciles(StringBuilder sb, IReadOnlyList<DecileChange> deciles, string currency)
    {
        if (deciles.Count == 0)
        {
            sb.Append("<p>No compared rows.</p>\n");
            return;
        }

        const int Label = 70, Plot = 620, Bar = 18, Gap = 6, Top = 8;
        var symbol = PeopleText.Symbol(currency);
        var ticks = SvgChart.Ticks(Math.Min(0, (double)deciles.Min(d => d.MeanChange)), Math.Max(0, (double)deciles.Max(d => d.MeanChange)), 6);
        double X(double v) => Label + ((v - ticks[0]) / (ticks[^1] - ticks[0]) * Plot);
        var height = Top + (deciles.Count * (Bar + Gap)) + 48;
        var description = string.Join("; ", deciles.Select(d => string.Create(C, $"decile {d.Decile} ({PeopleText.Money(d.BaselineFrom, currency)} to {PeopleText.Money(d.BaselineTo, currency)}): {PeopleText.Money(d.MeanChange, currency)}")));
        SvgChart.Open(sb, "deciles", Label + Plot + 90, height, "Mean change by decile of baseline budget", description);
        var y = Top;
        foreach (var d in deciles)
        {
            var v = (double)d.MeanChange;
            var x0 = Math.Min(X(0), X(v));
            SvgChart.Text(sb, Label - 6, y + 13, string.Create(C, $"{d.Decile}"), "end");
            sb.Append(C, $"<rect x=\"{x0:0.#}\" y=\"{y}\" width=\"{Math.Abs(X(v) - X(0)):0.#}\" height=\"{Bar}\" fill=\"{(v < 0 ? Colours[0] : Colours[4])}\"><title>decile {d.Decile}: {PeopleText.Html(PeopleText.Money(d.MeanChange, currency))}</title></rect>");
            SvgChart.Text(sb, Math.Max(X(0), X(v)) + 4, y + 13, PeopleText.Money(d.MeanChange, currency));
            y += Bar + Gap;
        }

        sb.Append(C, $"<line x1=\"{X(0):0.#}\" y1=\"{Top - 4}\" x2=\"{X(0):0.#}\" y2=\"{y}\" stroke=\"#222\"/>\n");
        SvgChart.Text(sb, 14, Top + 10, "decile", "start");
        SvgChart.XAxis(sb, Label, Label + Plot, y, ticks, X, t => SvgChart.ShortMoney(t, symbol), $"mean change per person ({symbol.Trim()} a year); decile 1 has the smallest baseline budgets", Top - 4);
        SvgChart.Close(sb, "Mean change in the indicative amount per person, by decile of baseline budget (the compared people ordered by their baseline amount and cut into ten groups of equal size). The table gives each decile's range.");
        sb.Append("<table><tr><th>Decile</th><th>Baseline from</th><th>to</th><th>People</th><th>Mean baseline</th><th>Mean change</th><th>Total change</th></tr>\n");
        foreach (var d in deciles)
        {
            sb.Append(C, $"<tr><td>{d.Decile}</td><td>{E(PeopleText.Money(d.BaselineFrom, currency))}</td><td>{E(PeopleText.Money(d.BaselineTo, currency))}</td><td>{d.People:N0}</td><td>{E(PeopleText.Money(d.MeanBaseline, currency))}</td><td>{E(PeopleText.Money(d.MeanChange, currency))}</td><td>{E(PeopleText.Money(d.TotalChange, currency))}</td></tr>\n");
        }

        sb.Append("</table>\n");
    }

    private static string E(string text) => PeopleText.Html(text);
}
