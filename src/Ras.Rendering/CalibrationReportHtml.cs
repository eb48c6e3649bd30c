using System.Globalization;
using System.Net;
using System.Text;
using Ras.Calibration;

namespace Ras.Rendering;

/// <summary>
/// Renders a <see cref="CalibrationResult"/> as one self-contained HTML page: the text summary
/// (<see cref="CalibrationResultText"/>) and inline SVG charts of points against cost with the fitted curve
/// and band edges, the fairness ratio by client group, and coverage by band. No scripts, fonts, images or
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
        var sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>RAS calibration</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto}pre{background:#f6f6f6;padding:1em;white-space:pre-wrap}</style></head><body>\n<h1>RAS calibration</h1>\n");
        sb.Append("<pre>").Append(WebUtility.HtmlEncode(CalibrationResultText.Render(result))).Append("</pre>\n");
        var used = result.UsedRows;
        if (result.FitDescription is not null && used.Count > 0)
        {
            sb.Append("<h2>Points against actual cost (less add-ons), with the fitted amount</h2>\n");
            Scatter(sb, result, used);
            sb.Append("<h2>Estimate ÷ actual by client group (held out; 95% interval)</h2>\n");
            Bars(sb, result.ByClientGroup.ToDictionary(p => p.Key, p => (p.Value.Ratio, p.Value.RatioLow, p.Value.RatioHigh)), 2.0, 1.0);
            sb.Append("<h2>Coverage by band (share of actual costs inside the range)</h2>\n");
            Bars(sb, result.ByBand.ToDictionary(p => p.Key, p => (p.Value.Coverage / 100, p.Value.Coverage / 100, p.Value.Coverage / 100)), 1.0, (double)result.Options.TargetCoverage / 100);
        }

        return sb.Append("</body></html>\n").ToString();
    }

    private static void Scatter(StringBuilder sb, CalibrationResult result, IReadOnlyList<(double Points, double Cost)> used)
    {
        const int W = 760, H = 360, L = 60, B = 30;
        var maxX = Math.Max(1, used.Max(o => o.Points));
        var maxY = Math.Max(1, used.Max(o => o.Cost));
        string X(double v) => (L + (v / maxX * (W - L - 10))).ToString("0.#", C);
        string Y(double v) => (H - B - (v / maxY * (H - B - 10))).ToString("0.#", C);
        sb.Append(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" role=\"img\">\n");
        sb.Append(C, $"<line x1=\"{L}\" y1=\"{H - B}\" x2=\"{W}\" y2=\"{H - B}\" stroke=\"#444\"/><line x1=\"{L}\" y1=\"0\" x2=\"{L}\" y2=\"{H - B}\" stroke=\"#444\"/>\n");
        sb.Append(C, $"<text x=\"{W - 5}\" y=\"{H - 8}\" text-anchor=\"end\" font-size=\"12\">points ({maxX:0} max)</text><text x=\"5\" y=\"14\" font-size=\"12\">£{maxY:N0}</text>\n");
        foreach (var (_, min, _) in result.Bands.Skip(1))
        {
            sb.Append(C, $"<line x1=\"{X(min)}\" y1=\"0\" x2=\"{X(min)}\" y2=\"{H - B}\" stroke=\"#ccc\" stroke-dasharray=\"4 3\"/>\n");
        }

        foreach (var o in used.Take(4000))
        {
            sb.Append(C, $"<circle cx=\"{X(o.Points)}\" cy=\"{Y(o.Cost)}\" r=\"1.6\" fill=\"#4d7eb0\" fill-opacity=\"0.5\"/>\n");
        }

        var path = new StringBuilder();
        for (var px = 0; px <= maxX; px++)
        {
            var v = result.FittedCost(px);
            if (double.IsFinite(v))
            {
                path.Append(path.Length == 0 ? "M" : " L").Append(X(px)).Append(',').Append(Y(Math.Min(v, maxY)));
            }
        }

        sb.Append(C, $"<path d=\"{path}\" fill=\"none\" stroke=\"#b2182b\" stroke-width=\"2\"/>\n</svg>\n");
    }

    private static void Bars(StringBuilder sb, Dictionary<string, (double Value, double Low, double High)> rows, double max, double reference)
    {
        const int W = 640, Label = 170, H = 22;
        sb.Append(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W + Label}\" height=\"{(rows.Count * (H + 6)) + 10}\" role=\"img\">\n");
        var y = 5;
        string X(double v) => (Label + (Math.Clamp(v, 0, max) / max * W)).ToString("0.#", C);
        foreach (var (k, (value, low, high)) in rows)
        {
            sb.Append(C, $"<text x=\"{Label - 6}\" y=\"{y + 16}\" text-anchor=\"end\" font-size=\"13\">{WebUtility.HtmlEncode(k)}</text>");
            sb.Append(C, $"<rect x=\"{Label}\" y=\"{y}\" width=\"{(Math.Clamp(value, 0, max) / max * W).ToString("0.#", C)}\" height=\"{H}\" fill=\"#67a9cf\"><title>{value:0.000}</title></rect>");
            sb.Append(C, $"<line x1=\"{X(low)}\" y1=\"{y + (H / 2)}\" x2=\"{X(high)}\" y2=\"{y + (H / 2)}\" stroke=\"#222\"/>\n");
            y += H + 6;
        }

        sb.Append(C, $"<line x1=\"{X(reference)}\" y1=\"0\" x2=\"{X(reference)}\" y2=\"{y}\" stroke=\"#b2182b\" stroke-dasharray=\"4 3\"/>\n</svg>\n");
    }
}
