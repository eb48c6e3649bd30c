using System.Globalization;
using System.Net;
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
    /// <returns>The page, UTF-8 text ending in a newline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is null.</exception>
    public static string Render(ImpactSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var s = summary;
        var sb = new StringBuilder();
        string H(string text) => WebUtility.HtmlEncode(text);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Impact of a proposed RAS change</title>\n<style>")
            .Append("body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f4f4f4}td.l,th.l{text-align:left}figure{margin:1em 0;break-inside:avoid}figcaption{font-size:.9em;color:#444}@page{size:A4;margin:15mm}@media print{body{max-width:none;margin:0;font-size:10pt}h2{break-after:avoid}table{break-inside:avoid}}")
            .Append("</style></head><body>\n");
        sb.Append("<h1>Impact of a proposed RAS change</h1>\n");
        sb.Append(C, $"<p>Baseline: <code>{H(s.Baseline)}</code><br>Proposal: <code>{H(s.Proposal)}</code></p>\n");
        sb.Append("<table><tr><th class=\"l\">Measure</th><th>Value</th></tr>\n");
        void Row(string name, string value) => sb.Append("<tr><td class=\"l\">").Append(H(name)).Append("</td><td>").Append(H(value)).Append("</td></tr>\n");
        Row("Rows read", s.RowsRead.ToString("N0", C));
        Row("Compared (allocated under both)", s.Compared.ToString("N0", C));
        Row("Rejected (error rows)", s.Rejected.ToString("N0", C));
        Row("Total indicative, baseline", Money(s.BaselineTotal));
        Row("Total indicative, proposal", Money(s.ProposalTotal));
        Row("Total change (case by case)", Money(s.TotalChange) + (s.BaselineTotal == 0 ? "" : string.Create(C, $" ({s.TotalChange / s.BaselineTotal * 100m:0.00}%)")));
        Row("Newly eligible", s.NewlyEligible.ToString("N0", C));
        Row("Losing eligibility", s.LosingEligibility.ToString("N0", C));
        if (s.Options.ProtectLossPercent is not null || s.Options.ProtectLossAmount is not null)
        {
            Row("People protected by the loss cap", s.Protected.ToString("N0", C));
            Row("Cost of transitional protection", Money(s.ProtectionCost));
        }

        sb.Append("</table>\n");

        sb.Append("<h2>Winners and losers by client group</h2>\n");
        StackedBars(sb, "by-group", "Winners and losers by client group", s.BucketsByClientGroup, s.Options.Buckets);
        sb.Append("<h2>Winners and losers by baseline band</h2>\n");
        StackedBars(sb, "by-band", "Winners and losers by baseline band", s.BucketsByBaselineBand, s.Options.Buckets);
        Counts(sb, "Counts by client group", s.BucketsByClientGroup, s.Options.Buckets);

        sb.Append("<h2>Band transitions</h2>\n<p>People by baseline band (rows) and proposal band (columns).</p>\n");
        var from = s.Transitions.Keys.Select(k => k.From).Distinct().Order(StringComparer.Ordinal).ToArray();
        var to = s.Transitions.Keys.Select(k => k.To).Distinct().Order(StringComparer.Ordinal).ToArray();
        var max = Math.Max(1, s.Transitions.Values.DefaultIfEmpty(0).Max());
        sb.Append("<table><tr><th class=\"l\">baseline \\ proposal</th>");
        foreach (var t in to)
        {
            sb.Append("<th>").Append(H(t)).Append("</th>");
        }

        sb.Append("</tr>\n");
        foreach (var f in from)
        {
            sb.Append("<tr><th class=\"l\">").Append(H(f)).Append("</th>");
            foreach (var t in to)
            {
                var n = s.Transitions.GetValueOrDefault((f, t));
                var shade = 255 - (int)(160.0 * n / max);
                sb.Append(C, $"<td style=\"background:rgb({shade},{shade},255)\">{(n == 0 ? "" : n.ToString("N0", C))}</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</table>\n");
        sb.Append("<h2>Distribution of changes</h2>\n");
        Histogram(sb, s.Changes);
        var deciles = s.Deciles;
        if (deciles.Count > 0)
        {
            sb.Append("<table><tr><th class=\"l\">Decile</th>");
            for (var k = 1; k <= 9; k++)
            {
                sb.Append(C, $"<th>{k * 10}%</th>");
            }

            sb.Append("</tr><tr><td class=\"l\">Change (£ a year)</td>");
            foreach (var d in deciles)
            {
                sb.Append("<td>").Append(d.ToString("N2", C)).Append("</td>");
            }

            sb.Append("</tr></table>\n");
        }

        foreach (var w in s.Warnings)
        {
            sb.Append("<p><strong>Warning:</strong> ").Append(H(w)).Append("</p>\n");
        }

        return sb.Append("</body></html>\n").ToString();
    }

    private static string Money(decimal d) => (d < 0 ? "-£" : "£") + Math.Abs(d).ToString("N2", C);

    private static void StackedBars(StringBuilder sb, string id, string title, IReadOnlyDictionary<string, IReadOnlyList<long>> rows, IReadOnlyList<string> buckets)
    {
        const int Label = 170, Plot = 600, BarHeight = 22, Gap = 8, Top = 34;
        var height = Top + (rows.Count * (BarHeight + Gap)) + 48;
        var described = string.Join("; ", rows.Select(r => $"{r.Key}: " + string.Join(", ", r.Value.Select((n, b) => $"{n.ToString("N0", C)} {buckets[b]}"))));
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
                    sb.Append(C, $"<rect x=\"{X(share):0.##}\" y=\"{y}\" width=\"{w * Plot:0.##}\" height=\"{BarHeight}\" fill=\"{Colours[b]}\"><title>{WebUtility.HtmlEncode(name)}, {WebUtility.HtmlEncode(buckets[b])}: {counts[b]:N0} ({w * 100:0.0}%)</title></rect>\n");
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

    private static void Counts(StringBuilder sb, string title, IReadOnlyDictionary<string, IReadOnlyList<long>> rows, IReadOnlyList<string> buckets)
    {
        sb.Append("<h3>").Append(WebUtility.HtmlEncode(title)).Append("</h3>\n<table><tr><th class=\"l\"></th>");
        foreach (var b in buckets)
        {
            sb.Append("<th>").Append(WebUtility.HtmlEncode(b)).Append("</th>");
        }

        sb.Append("</tr>\n");
        foreach (var (name, counts) in rows)
        {
            sb.Append("<tr><td class=\"l\">").Append(WebUtility.HtmlEncode(name)).Append("</td>");
            foreach (var n in counts)
            {
                sb.Append("<td>").Append(n.ToString("N0", C)).Append("</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</table>\n");
    }

    private static void Histogram(StringBuilder sb, IReadOnlyList<decimal> changes)
    {
        const int Left = 70, Plot = 720, Top = 14, Height = 220, Bins = 20;
        if (changes.Count == 0)
        {
            sb.Append("<p>No compared rows.</p>\n");
            return;
        }

        var lo = (double)changes.Min();
        var hi = (double)changes.Max();
        var ticks = SvgChart.Ticks(Math.Min(lo, 0), Math.Max(hi, 0), 8);
        lo = ticks[0];
        hi = ticks[^1];
        // Each bin is stacked by sign, so that a bin holding both losers and people with no change shows both.
        var counts = new long[Bins, 3];
        var width = (hi - lo) / Bins;
        long losers = 0, gainers = 0;
        foreach (var c in changes)
        {
            var sign = Math.Sign(c);
            counts[Math.Clamp((int)(((double)c - lo) / width), 0, Bins - 1), sign + 1]++;
            losers += sign < 0 ? 1 : 0;
            gainers += sign > 0 ? 1 : 0;
        }

        long Total(int b) => counts[b, 0] + counts[b, 1] + counts[b, 2];
        var max = Math.Max(1, Enumerable.Range(0, Bins).Max(Total));
        var yTicks = SvgChart.Ticks(0, max, 4);
        double X(double v) => Left + ((v - lo) / (hi - lo) * Plot);
        double Y(double n) => Top + Height - (n / yTicks[^1] * Height);
        var description = string.Create(C, $"{losers:N0} people lose, {changes.Count - losers - gainers:N0} see no change and {gainers:N0} gain; the largest loss is {Money(changes.Min())} and the largest gain {Money(changes.Max())} a year.");
        SvgChart.Open(sb, "distribution", Left + Plot + 30, Top + Height + 50, "People by change in their indicative amount", description);
        string[] signs = ["losing", "with no change", "gaining"];
        for (var b = 0; b < Bins; b++)
        {
            if (Total(b) == 0)
            {
                continue;
            }

            var from = lo + (b * width);
            long below = 0;
            for (var k = 0; k < 3; k++)
            {
                if (counts[b, k] > 0)
                {
                    sb.Append(C, $"<rect x=\"{X(from) + 1:0.##}\" y=\"{Y(below + counts[b, k]):0.##}\" width=\"{(Plot / (double)Bins) - 2:0.##}\" height=\"{Y(below) - Y(below + counts[b, k]):0.##}\" fill=\"{Colours[k * 2]}\"><title>{SvgChart.ShortMoney(from)} to {SvgChart.ShortMoney(from + width)}: {counts[b, k]:N0} people {signs[k]}</title></rect>");
                    below += counts[b, k];
                }
            }

            SvgChart.Text(sb, X(from + (width / 2)), Y(Total(b)) - 3, Total(b).ToString("N0", C), "middle");
        }

        SvgChart.YAxis(sb, Left, Top + Height, Top, yTicks, Y, t => t.ToString("N0", C), "people", Left + Plot);
        SvgChart.XAxis(sb, Left, Left + Plot, Top + Height, ticks, X, t => SvgChart.ShortMoney(t), "change in indicative amount (£ a year); losses in red, no change in grey, gains in blue");
        SvgChart.Close(sb, "People by change in their indicative amount, in " + Bins.ToString(C) + " equal bins. " + description);
    }
}
