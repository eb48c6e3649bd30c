using System.Globalization;
using System.Net;
using System.Text;
using Ras.Engine.Impact;

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
            .Append("body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f4f4f4}td.l,th.l{text-align:left}.key span{display:inline-block;width:1em;height:1em;margin:0 .3em 0 1em;vertical-align:middle}")
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

        sb.Append("<h2>Winners and losers by client group</h2>\n<p class=\"key\">");
        for (var b = 0; b < 5; b++)
        {
            sb.Append(C, $"<span style=\"background:{Colours[b]}\"></span>{H(s.Options.Buckets[b])}");
        }

        sb.Append("</p>\n");
        StackedBars(sb, s.BucketsByClientGroup);
        sb.Append("<h2>Winners and losers by baseline band</h2>\n");
        StackedBars(sb, s.BucketsByBaselineBand);
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

    private static void StackedBars(StringBuilder sb, IReadOnlyDictionary<string, IReadOnlyList<long>> rows)
    {
        const int Width = 640, Label = 170, BarHeight = 22, Gap = 6;
        var height = (rows.Count * (BarHeight + Gap)) + Gap;
        sb.Append(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width + Label}\" height=\"{height}\" role=\"img\">\n");
        var y = Gap;
        foreach (var (name, counts) in rows)
        {
            var total = Math.Max(1, counts.Sum());
            sb.Append(C, $"<text x=\"{Label - 6}\" y=\"{y + 16}\" text-anchor=\"end\" font-size=\"13\">{WebUtility.HtmlEncode(name)}</text>\n");
            double x = Label;
            for (var b = 0; b < 5; b++)
            {
                var w = Width * (double)counts[b] / total;
                if (w > 0)
                {
                    sb.Append(C, $"<rect x=\"{x:0.##}\" y=\"{y}\" width=\"{w:0.##}\" height=\"{BarHeight}\" fill=\"{Colours[b]}\"><title>{counts[b]:N0}</title></rect>\n");
                }

                x += w;
            }

            y += BarHeight + Gap;
        }

        sb.Append("</svg>\n");
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
        const int Width = 800, Height = 220, Bins = 40;
        if (changes.Count == 0)
        {
            sb.Append("<p>No compared rows.</p>\n");
            return;
        }

        var lo = changes.Min();
        var hi = changes.Max();
        var counts = new long[Bins];
        var span = hi - lo;
        foreach (var c in changes)
        {
            var bin = span == 0 ? Bins / 2 : (int)Math.Min(Bins - 1, (c - lo) / span * Bins);
            counts[bin]++;
        }

        var max = Math.Max(1, counts.Max());
        sb.Append(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height + 30}\" role=\"img\">\n");
        for (var b = 0; b < Bins; b++)
        {
            var h = Height * (double)counts[b] / max;
            sb.Append(C, $"<rect x=\"{b * Width / Bins}\" y=\"{Height - h:0.##}\" width=\"{(Width / Bins) - 2}\" height=\"{h:0.##}\" fill=\"#4d7eb0\"><title>{counts[b]:N0}</title></rect>\n");
        }

        sb.Append(C, $"<text x=\"0\" y=\"{Height + 20}\" font-size=\"13\">{Money(lo)}</text><text x=\"{Width}\" y=\"{Height + 20}\" font-size=\"13\" text-anchor=\"end\">{Money(hi)}</text>\n</svg>\n");
        sb.Append(C, $"<p>People by change in their indicative amount (£ a year), {Bins} equal bins from {Money(lo)} to {Money(hi)}.</p>\n");
    }
}
