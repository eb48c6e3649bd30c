using System.Globalization;
using System.Text;
using Ras.Calibration;
using Ras.Rendering.Charts;

namespace Ras.Rendering;

/// <summary>
/// Renders a <see cref="CalibrationResult"/> as one self-contained HTML page: a summary in plain words, inline
/// SVG charts with labelled axes (points against cost with the fitted curve and band edges, the fairness ratio
/// by client group, coverage by band), the figures as tables and a glossary. No scripts, fonts, images or
/// links to fetch. Deterministic: the same result gives the same bytes.
/// </summary>
public static class CalibrationReportHtml
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Renders the report.</summary>
    /// <param name="result">The outcome of <see cref="Calibrator.Calibrate(Ras.Engine.RasModel, string, CalibrationOptions)"/>.</param>
    /// <param name="modelFile">The file the calibrated model was written to, named in the summary; null when it was not written to a file.</param>
    /// <returns>The page, UTF-8 text ending in a newline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public static string Render(CalibrationResult result, string? modelFile = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>RAS calibration</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f4f4f4}td.l,th.l{text-align:left}table.acc{font-size:.85em}table.acc td{white-space:nowrap}table.acc td.l{white-space:normal}figure{margin:1em 0;break-inside:avoid}figcaption{font-size:.9em;color:#444}dt{font-weight:bold}@page{size:A4;margin:15mm}@media print{body{max-width:none;margin:0;font-size:10pt}h2{break-after:avoid}table,dl{break-inside:avoid}svg{max-width:100%!important}}</style></head><body>\n<h1>RAS calibration</h1>\n");
        Summary(sb, result, modelFile);
        var used = result.UsedRows;
        if (result.FitDescription is not null && used.Count > 0)
        {
            sb.Append("<h2>Points against actual cost (less add-ons), with the fitted amount</h2>\n");
            Scatter(sb, result, used);
            sb.Append("<h2>Estimate ÷ actual by client group (held out; 95% interval)</h2>\n");
            Bars(sb, "fairness", "Estimate ÷ actual by client group", "estimate ÷ actual (1 = right on average); whiskers: 95% interval", PeopleText.InGroupOrder(result.ByClientGroup, p => p.Key, result.BaseModel).ToDictionary(p => PeopleText.ClientGroup(p.Key), p => (p.Value.Ratio, p.Value.RatioLow, p.Value.RatioHigh)), 2.0, 1.0, "0.00");
            sb.Append("<h2>Coverage by band (share of actual costs inside the range)</h2>\n");
            Bars(sb, "coverage", "Coverage by band", "share of held-out actual costs inside the range (%); dashed line: the target", PeopleText.InBandOrder(result.ByBand, p => p.Key, result.BaseModel).ToDictionary(p => PeopleText.Band(p.Key, result.BaseModel), p => (p.Value.Coverage, p.Value.Coverage, p.Value.Coverage)), 100.0, (double)result.Options.TargetCoverage, "0.0");
        }

        Tables(sb, result);
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
    private static void Summary(StringBuilder sb, CalibrationResult result, string? modelFile)
    {
        string H(string text) => PeopleText.Html(text);
        sb.Append("<h2>Summary</h2>\n<ul>\n");
        sb.Append(C, $"<li>Fitted the prices ({H(PeopleText.Readable(result.Options.Method.ToString()).ToLowerInvariant())}) of <code>{H(result.BaseModel.Id)} {H(result.BaseModel.Version)}</code> to the actual costs of {result.RowsUsed:N0} of the {result.RowsRead:N0} cases in <code>{H(result.HistoryFile)}</code> ({result.RowsRead - result.RowsUsed:N0} excluded{(result.Excluded.Count == 0 ? "" : ": " + H(string.Join(", ", ExclusionReasons(result).Select(g => string.Create(C, $"{g.Reason} {g.Count:N0}")))))}).</li>\n");
        if (result.FitDescription is { } fit)
        {
            var o = result.Overall;
            sb.Append(C, $"<li>The fit: {H(fit)}.</li>\n");
            sb.Append(C, $"<li>On cases the fit did not see, a typical estimate is {o.MedianAbsolutePercentError:0.#}% away from the actual cost (half are closer, half further); the range from lower to upper contains {o.Coverage:0.#}% of actual costs (target {result.Options.TargetCoverage.ToString("0.#", C)}%), and the estimates explain {o.RSquared * 100:0}% of the variation in costs (R² {o.RSquared:0.000}).</li>\n");
            var under = result.ByClientGroup.Where(g => g.Value.Flag == "under-allocated").Select(g => PeopleText.ClientGroup(g.Key)).ToList();
            var over = result.ByClientGroup.Where(g => g.Value.Flag == "over-allocated").Select(g => PeopleText.ClientGroup(g.Key)).ToList();
            sb.Append("<li>").Append(under.Count == 0 && over.Count == 0
                ? "No client group is clearly under- or over-allocated (every group's 95% interval of estimate ÷ actual contains 1)."
                : H((under.Count == 0 ? "" : $"Under-allocated (the estimates fall short of actual costs): {string.Join(", ", under)}. ") + (over.Count == 0 ? "" : $"Over-allocated: {string.Join(", ", over)}."))).Append("</li>\n");
        }

        sb.Append("<li>").Append(result.Model is { } m
            ? H($"The calibrated model is {m.Id} {m.Version} ({m.ContentHash})") + (modelFile is null ? "; it was not written to a file." : $", written to <code>{H(modelFile)}</code>.")
            : H("No model was made: " + string.Join("; ", result.Errors))).Append("</li>\n</ul>\n");
    }

    /// <summary>The figures as tables: accuracy overall, by band and by client group, the rows excluded and why, carers' deductions, affordability, notes and warnings.</summary>
    /// <summary>The excluded rows counted by reason (the text before any colon), the most frequent first.</summary>
    private static IEnumerable<(string Reason, int Count)> ExclusionReasons(CalibrationResult r) =>
        r.Excluded.GroupBy(e => e.Reason.Split(':')[0]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count()));

    private static void Tables(StringBuilder sb, CalibrationResult r)
    {
        string H(string text) => PeopleText.Html(text);
        var currency = r.BaseModel.Currency;
        if (r.FitDescription is not null)
        {
            sb.Append(C, $"<h2>Accuracy on held-out cases ({r.Options.Folds} folds)</h2>\n");
            sb.Append("<table class=\"acc\"><tr><th class=\"l\"></th><th>Rows</th><th>R²</th><th>RMSE (a year)</th><th>MAPE</th><th>Median APE</th><th>Coverage</th><th>Estimated (a year)</th><th>Actual (a year)</th><th>Estimate ÷ actual (95% interval)</th><th class=\"l\">Flag</th></tr>\n");
            void Line(string name, CalibrationResult.Accuracy a) => sb.Append(C, $"<tr><td class=\"l\">{H(name)}</td><td>{a.Rows:N0}</td><td>{a.RSquared:0.000}</td><td>{H(PeopleText.WholeMoney(a.RootMeanSquareError, currency))}</td><td>{a.MeanAbsolutePercentError:0.0}%</td><td>{a.MedianAbsolutePercentError:0.0}%</td><td>{a.Coverage:0.0}%</td><td>{H(PeopleText.WholeMoney(a.Estimated, currency))}</td><td>{H(PeopleText.WholeMoney(a.Actual, currency))}</td><td>{a.Ratio:0.000} ({a.RatioLow:0.000}–{a.RatioHigh:0.000})</td><td class=\"l\">{H(a.Flag)}</td></tr>\n");
            Line("All cases", r.Overall);
            foreach (var (k, a) in PeopleText.InBandOrder(r.ByBand, p => p.Key, r.BaseModel))
            {
                Line("Band " + PeopleText.Band(k, r.BaseModel), a);
            }

            foreach (var (k, a) in PeopleText.InGroupOrder(r.ByClientGroup, p => p.Key, r.BaseModel))
            {
                Line(PeopleText.ClientGroup(k), a);
            }

            sb.Append(C, $"</table>\n<p>Coverage target {r.Options.TargetCoverage.ToString("0.#", C)}%; the range is ±{r.TolerancePercent:0.0}% around the estimate.</p>\n");
            if (r.SuggestedBands is { } suggested)
            {
                sb.Append("<p>Suggested bands (points, both edges inclusive): ").Append(H(string.Join(", ", suggested.Select(b => b.Max is null ? $"{b.Id} {b.Min}+" : $"{b.Id} {b.Min}–{b.Max}")))).Append("</p>\n");
            }
        }

        sb.Append("<h2>Rows used and excluded</h2>\n<table><tr><th class=\"l\">Rows</th><th>Number</th></tr>\n");
        sb.Append(C, $"<tr><td class=\"l\">Read</td><td>{r.RowsRead:N0}</td></tr>\n<tr><td class=\"l\">Used in the fit</td><td>{r.RowsUsed:N0}</td></tr>\n");
        foreach (var g in ExclusionReasons(r))
        {
            sb.Append(C, $"<tr><td class=\"l\">Excluded: {H(g.Reason)}</td><td>{g.Count:N0}</td></tr>\n");
        }

        sb.Append("</table>\n");
        if (r.CarerDeductions is { Count: > 0 } deductions)
        {
            sb.Append("<h2>Carers' deductions by client group</h2>\n<table><tr><th class=\"l\">Client group</th><th>Money the deductions take (a year)</th><th>People reduced</th></tr>\n");
            foreach (var (group, (amount, people)) in PeopleText.InGroupOrder(deductions, p => p.Key, r.BaseModel))
            {
                sb.Append(C, $"<tr><td class=\"l\">{H(PeopleText.ClientGroup(group))}</td><td>{H(PeopleText.Money(amount, currency))}</td><td>{people:N0}</td></tr>\n");
            }

            sb.Append("</table>\n");
        }

        if (r.Affordability is { } fit)
        {
            sb.Append(C, $"<h2>Affordability</h2>\n<p>{H(PeopleText.Money(fit.Available, currency))} available after the contingency; the caseload's total was {H(PeopleText.Money(fit.Before, currency))} before scaling and {H(PeopleText.Money(fit.After, currency))} after; prices multiplied by {r.ScalingFactor}.</p>\n");
        }

        foreach (var e in r.Errors)
        {
            sb.Append("<p><strong>Error:</strong> ").Append(H(e)).Append("</p>\n");
        }

        foreach (var n in r.Raised)
        {
            sb.Append("<p><strong>Note:</strong> ").Append(H(n)).Append("</p>\n");
        }

        foreach (var w in r.Warnings)
        {
            sb.Append("<p><strong>Warning:</strong> ").Append(H(w)).Append("</p>\n");
        }
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
            string.Create(C, $"{used.Count:N0} cases; points from 0 to {xTicks[^1]:0}, costs up to {PeopleText.WholeMoney(used.Max(p => p.Cost), result.BaseModel.Currency)} a year; the fitted amount ({result.FitDescription}) explains {o.RSquared * 100:0}% of the variation on held-out cases."));
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
        SvgChart.YAxis(sb, Left, Top + Height, Top, yTicks, Y, t => SvgChart.ShortMoney(t, PeopleText.Symbol(result.BaseModel.Currency)), $"actual cost less add-ons ({PeopleText.Symbol(result.BaseModel.Currency).Trim()} a year)", Left + Plot);
        SvgChart.XAxis(sb, Left, Left + Plot, Top + Height, xTicks, X, t => t.ToString("0", C), "points priced", Top);
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
            sb.Append(C, $"<rect x=\"{Label}\" y=\"{y}\" width=\"{X(value) - Label:0.#}\" height=\"{Bar}\" fill=\"#67a9cf\"><title>{PeopleText.Html(k)}: {value.ToString(format, C)}</title></rect>");
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
