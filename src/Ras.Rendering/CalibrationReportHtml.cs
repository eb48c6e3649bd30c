using System.Globalization;
using System.Net;
using System.Text;
using Ras.Calibration;
using Ras.Rendering.Charts;

namespace Ras.Rendering;

/// <summary>
/// Renders a <see cref="CalibrationResult"/> as one self-contained HTML page: a summary in plain words, inline
/// SVG charts with labelled axes (points against cost with the fitted curve and band edges, the fairness ratio
/// by client group, coverage by band), the figures in full (<see cref="CalibrationResultText"/>) and a glossary. No scripts, fonts, images or
/// links to fetch. Deterministic: the same result gives the same bytes.
/// </summary>
public static class CalibrationReportHtml
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Renders the report.</summary>
    /// <param name="result">The outcome of <see cref="Calibrator.Calibrate"/>.</param>
    /// <returns>The page, UTF-8 text ending in a newline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public static string Render(CalibrationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>RAS calibration</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}pre{background:#f6f6f6;padding:1em;white-space:pre-wrap}figure{margin:1em 0;break-inside:avoid}figcaption{font-size:.9em;color:#444}dt{font-weight:bold}@page{size:A4;margin:15mm}@media print{body{max-width:none;margin:0;font-size:10pt}pre{font-size:8pt}}</style></head><body>\n<h1>RAS calibration</h1>\n");
        Summary(sb, result);
        var used = result.UsedRows;
        if (result.FitDescription is not null && used.Count > 0)
        {
            sb.Append("<h2>Points against actual cost (less add-ons), with the fitted amount</h2>\n");
            Scatter(sb, result, used);
            sb.Append("<h2>Estimate ÷ actual by client group (held out; 95% interval)</h2>\n");
            Bars(sb, "fairness", "Estimate ÷ actual by client group", "estimate ÷ actual (1 = right on average); whiskers: 95% interval", result.ByClientGroup.ToDictionary(p => p.Key, p => (p.Value.Ratio, p.Value.RatioLow, p.Value.RatioHigh)), 2.0, 1.0, "0.00");
            sb.Append("<h2>Coverage by band (share of actual costs inside the range)</h2>\n");
            Bars(sb, "coverage", "Coverage by band", "share of held-out actual costs inside the range (%); dashed line: the target", result.ByBand.ToDictionary(p => p.Key, p => (p.Value.Coverage, p.Value.Coverage, p.Value.Coverage)), 100.0, (double)result.Options.TargetCoverage, "0.0");
        }

        sb.Append("<h2>The figures in full</h2>\n<pre>").Append(WebUtility.HtmlEncode(CalibrationResultText.Render(result))).Append("</pre>\n");
        sb.Append("""
            <h2>Glossary</h2>
            <dl>
            <dt>Held out</dt><dd>Measured on cases the fit did not see: the history is split into folds, and each fold is estimated by a fit made from the others.</dd>
            <dt>R² (coefficient of determination)</dt><dd>The share of the variation in actual costs that the estimates explain: 1 is perfect, 0 is no better than everyone getting the average.</dd>
            <dt>RMSE (root mean square error)</dt><dd>The typical size of an estimate's error in pounds a year, with large errors counting more.</dd>
            <dt>MAPE (mean absolute percentage error)</dt><dd>The average error as a percentage of the actual cost; the median APE is the middle one, less swayed by a few large errors.</dd>
            <dt>Coverage</dt><dd>The share of actual costs that fall inside the lower-to-upper range; the range is widened or narrowed until it meets the target.</dd>
            <dt>Estimate ÷ actual</dt><dd>For a group, the total estimated divided by the total actual cost: below 1 the group is under-allocated, above 1 over-allocated; flagged when the 95% interval excludes 1.</dd>
            </dl>

            """);
        return sb.Append("</body></html>\n").ToString();
    }

    /// <summary>What was fitted, how accurate it is on held-out cases, who is under- or over-allocated, and which model results: in plain words, first.</summary>
    private static void Summary(StringBuilder sb, CalibrationResult result)
    {
        string H(string text) => WebUtility.HtmlEncode(text);
        sb.Append("<h2>Summary</h2>\n<ul>\n");
        sb.Append(C, $"<li>Fitted the prices of <code>{H(result.BaseModel.Id)} {H(result.BaseModel.Version)}</code> to the actual costs of {result.RowsUsed:N0} of the {result.RowsRead:N0} cases in <code>{H(result.HistoryFile)}</code> ({result.RowsRead - result.RowsUsed:N0} excluded: not eligible, preventative, outliers or costs below the add-ons).</li>\n");
        if (result.FitDescription is { } fit)
        {
            var o = result.Overall;
            sb.Append(C, $"<li>The fit: {H(fit)}.</li>\n");
            sb.Append(C, $"<li>On cases the fit did not see, a typical estimate is {o.MedianAbsolutePercentError:0.#}% away from the actual cost (half are closer, half further); the range from lower to upper contains {o.Coverage:0.#}% of actual costs (target {result.Options.TargetCoverage.ToString("0.#", C)}%), and the estimates explain {o.RSquared * 100:0}% of the variation in costs (R² {o.RSquared:0.000}).</li>\n");
            var under = result.ByClientGroup.Where(g => g.Value.Flag == "under-allocated").Select(g => g.Key).ToList();
            var over = result.ByClientGroup.Where(g => g.Value.Flag == "over-allocated").Select(g => g.Key).ToList();
            sb.Append("<li>").Append(under.Count == 0 && over.Count == 0
                ? "No client group is clearly under- or over-allocated (every group's 95% interval of estimate ÷ actual contains 1)."
                : H((under.Count == 0 ? "" : $"Under-allocated (the estimates fall short of actual costs): {string.Join(", ", under)}. ") + (over.Count == 0 ? "" : $"Over-allocated: {string.Join(", ", over)}."))).Append("</li>\n");
        }

        sb.Append("<li>").Append(result.Model is { } m
            ? H($"The calibrated model is {m.Id} {m.Version} ({m.ContentHash}); ras calibrate writes it to the file given with --out.")
            : H("No model was made: " + string.Join("; ", result.Errors))).Append("</li>\n</ul>\n");
    }

    private static void Scatter(StringBuilder sb, CalibrationResult result, IReadOnlyList<(double Points, double Cost)> used)
    {
        const int Left = 80, Plot = 680, Top = 30, Height = 300;
        var xTicks = SvgChart.Ticks(0, Math.Max(1, used.Max(o => o.Points)));
        var yTicks = SvgChart.Ticks(0, Math.Max(1, used.Max(o => o.Cost)));
        double X(double v) => Left + (v / xTicks[^1] * Plot);
        double Y(double v) => Top + Height - (Math.Min(v, yTicks[^1]) / yTicks[^1] * Height);
        var o = result.Overall;
        SvgChart.Open(sb, "scatter", Left + Plot + 30, Top + Height + 50, "Points against actual cost, with the fitted amount",
            string.Create(C, $"{used.Count:N0} cases; points from 0 to {xTicks[^1]:0}, costs up to £{used.Max(p => p.Cost):N0} a year; the fitted amount ({result.FitDescription}) explains {o.RSquared * 100:0}% of the variation on held-out cases."));
        SvgChart.Legend(sb, Left + 10, 16, [("actual cost of one case", "#4d7eb0"), ("fitted amount", "#b2182b"), ("band edge", "#999")]);
        foreach (var (_, min, _) in result.Bands.Skip(1))
        {
            sb.Append(C, $"<line x1=\"{X(min):0.#}\" y1=\"{Top}\" x2=\"{X(min):0.#}\" y2=\"{Top + Height}\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n");
        }

        foreach (var p in used.Take(4000))
        {
            sb.Append(C, $"<circle cx=\"{X(p.Points):0.#}\" cy=\"{Y(p.Cost):0.#}\" r=\"1.6\" fill=\"#4d7eb0\" fill-opacity=\"0.5\"/>\n");
        }

        var path = new StringBuilder();
        for (var px = 0; px <= xTicks[^1]; px++)
        {
            var v = result.FittedCost(px);
            if (double.IsFinite(v))
            {
                path.Append(path.Length == 0 ? "M" : " L").Append(X(px).ToString("0.#", C)).Append(',').Append(Y(v).ToString("0.#", C));
            }
        }

        sb.Append(C, $"<path d=\"{path}\" fill=\"none\" stroke=\"#b2182b\" stroke-width=\"2\"/>\n");
        SvgChart.YAxis(sb, Left, Top + Height, Top, yTicks, Y, t => SvgChart.ShortMoney(t), "actual cost less add-ons (£ a year)");
        SvgChart.XAxis(sb, Left, Left + Plot, Top + Height, xTicks, X, t => t.ToString("0", C), "points priced");
        SvgChart.Close(sb, "Each dot is one case used in the fit (at most 4,000 shown); the red line is the fitted amount for each number of points; dashed lines are the band edges.");
    }

    private static void Bars(StringBuilder sb, string id, string title, string axis, Dictionary<string, (double Value, double Low, double High)> rows, double max, double reference, string format)
    {
        const int Label = 170, Plot = 560, Bar = 20, Gap = 8, Top = 8;
        var height = Top + (rows.Count * (Bar + Gap)) + 48;
        var ticks = SvgChart.Ticks(0, max);
        double X(double v) => Label + (Math.Clamp(v, 0, ticks[^1]) / ticks[^1] * Plot);
        SvgChart.Open(sb, id, Label + Plot + 60, height, title, string.Join("; ", rows.Select(r => $"{r.Key}: {r.Value.Value.ToString(format, C)}" + (r.Value.Low < r.Value.High ? $" ({r.Value.Low.ToString(format, C)} to {r.Value.High.ToString(format, C)})" : ""))));
        var y = Top;
        foreach (var (k, (value, low, high)) in rows)
        {
            SvgChart.Text(sb, Label - 6, y + 15, k, "end");
            sb.Append(C, $"<rect x=\"{Label}\" y=\"{y}\" width=\"{X(value) - Label:0.#}\" height=\"{Bar}\" fill=\"#67a9cf\"><title>{WebUtility.HtmlEncode(k)}: {value.ToString(format, C)}</title></rect>");
            if (low < high)
            {
                sb.Append(C, $"<line x1=\"{X(low):0.#}\" y1=\"{y + (Bar / 2)}\" x2=\"{X(high):0.#}\" y2=\"{y + (Bar / 2)}\" stroke=\"#222\"/>");
            }

            SvgChart.Text(sb, Math.Max(X(value), X(high)) + 4, y + 15, value.ToString(format, C));
            y += Bar + Gap;
        }

        sb.Append(C, $"<line x1=\"{X(reference):0.#}\" y1=\"{Top - 4}\" x2=\"{X(reference):0.#}\" y2=\"{y}\" stroke=\"#b2182b\" stroke-dasharray=\"4 3\"/>\n");
        SvgChart.XAxis(sb, Label, Label + Plot, y, ticks, X, t => t.ToString(max > 10 ? "0" : "0.0", C), axis);
        SvgChart.Close(sb, title + ": " + axis + ".");
    }
}
