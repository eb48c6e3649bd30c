using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Ras.Engine.Models;

namespace Ras.Calibration;

/// <summary>
/// The outcome of a calibration: the calibrated model (null when it could not be made, with <see cref="Errors"/>
/// saying why), every excluded row with its reason, held-out accuracy overall, by band and by client group,
/// fairness (the ratio of indicative to actual cost by client group with a 95% interval), and the
/// affordability scaling. Rendered as text, JSON or a self-contained HTML report.
/// </summary>
public sealed class CalibrationResult
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private readonly List<(long Line, string CaseId, string Reason)> _excluded = new();
    private List<Observation> _used = new();
    private double[] _heldOut = Array.Empty<double>();
    private FittedPricing? _fit;

    internal CalibrationResult(CalibrationOptions options, RasModel baseModel, string historyPath, string historyHash, int rows, List<string> warnings)
    {
        Options = options;
        BaseModel = baseModel;
        HistoryFile = Path.GetFileName(historyPath);
        HistoryHash = historyHash;
        RowsRead = rows;
        Warnings = warnings;
    }

    /// <summary>The options used.</summary>
    public CalibrationOptions Options { get; }

    /// <summary>The base model.</summary>
    public RasModel BaseModel { get; }

    /// <summary>The calibrated model, or null when it could not be made.</summary>
    public RasModel? Model { get; internal set; }

    /// <summary>Band prices raised, in the calibrated model, so that more need never lowers the budget.</summary>
    public List<string> Raised { get; } = new();

    /// <summary>Why no model could be made; empty when <see cref="Model"/> is set.</summary>
    public List<string> Errors { get; } = new();

    /// <summary>File-level warnings from reading the history.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The history file's name and SHA-256.</summary>
    public string HistoryFile { get; }

    /// <summary>The SHA-256 of the history file.</summary>
    public string HistoryHash { get; }

    /// <summary>Rows read from the history file.</summary>
    public int RowsRead { get; }

    /// <summary>Rows the fit used.</summary>
    public int RowsUsed => _used.Count;

    /// <summary>Every excluded row: line, case id and reason.</summary>
    public IReadOnlyList<(long Line, string CaseId, string Reason)> Excluded => _excluded;

    /// <summary>The suggested bands (id, lowest and highest points, both inclusive), or null when the base model's edges were kept.</summary>
    public IReadOnlyList<(string Id, int Min, int? Max)>? SuggestedBands { get; internal set; }

    /// <summary>
    /// How carers' deductions fall by client group: the money a year the deductions take from each group, and
    /// how many people they reduce, under the calibrated model; null when the model has no carer deduction.
    /// </summary>
    public IReadOnlyDictionary<string, (decimal Amount, long People)>? CarerDeductions { get; internal set; }

    /// <summary>The range tolerance chosen for the target coverage, percent.</summary>
    public double TolerancePercent { get; private set; }

    /// <summary>The affordability scaling factor applied to prices (1 without an envelope).</summary>
    public decimal ScalingFactor { get; private set; } = 1m;

    /// <summary>The money available after contingency, the total before and after scaling; null without an envelope.</summary>
    public (decimal Available, decimal Before, decimal After)? Affordability { get; private set; }

    /// <summary>Held-out accuracy over every used row.</summary>
    public Accuracy Overall => Measure(Enumerable.Range(0, _used.Count));

    /// <summary>Held-out accuracy by base band.</summary>
    public IReadOnlyDictionary<string, Accuracy> ByBand => Group(o => o.Band);

    /// <summary>Held-out accuracy and fairness by client group.</summary>
    public IReadOnlyDictionary<string, Accuracy> ByClientGroup => Group(o => o.Group);

    internal void Exclude(HistoryRow row, string reason) => _excluded.Add((row.Line, row.CaseId, reason));

    internal void SetUsable(List<Observation> usable) => _used = usable;

    internal void SetFit(FittedPricing fit, List<Observation> used, double[] heldOut, double tolerance)
    {
        _fit = fit;
        _used = used;
        _heldOut = heldOut;
        TolerancePercent = tolerance;
    }

    internal void SetAffordability(decimal available, decimal before, decimal factor, decimal after)
    {
        ScalingFactor = decimal.Round(factor, 6);
        Affordability = (available, before, after);
    }

    internal string Provenance(string version) => string.Create(C,
        $"Calibrated as version {version} on {Options.AsOf:yyyy-MM-dd} from {BaseModel.Id} {BaseModel.Version} ({BaseModel.ContentHash}) and the history file {HistoryFile} ({HistoryHash}): {RowsRead} rows read, {RowsUsed} used, {_excluded.Count} excluded ({string.Join("; ", _excluded.GroupBy(e => e.Reason.Split(':')[0]).Select(g => $"{g.Key}: {g.Count()}"))}); method {Options.Method}; {Options.Folds}-fold held-out R² {Overall.RSquared:0.000}, MAPE {Overall.MeanAbsolutePercentError:0.0}%, coverage {Overall.Coverage:0.0}% of a {Options.TargetCoverage}% target with a ±{TolerancePercent:0.0}% range{(Affordability is null ? "" : $"; prices scaled by {ScalingFactor} to fit {Affordability.Value.Available:0.##} available")}.");

    /// <summary>Held-out accuracy for a set of rows.</summary>
    /// <param name="Rows">Rows.</param>
    /// <param name="RSquared">R² of the core cost.</param>
    /// <param name="RootMeanSquareError">RMSE, £ a year.</param>
    /// <param name="MeanAbsolutePercentError">Mean absolute percentage error.</param>
    /// <param name="MedianAbsolutePercentError">Median absolute percentage error.</param>
    /// <param name="Coverage">Share of actual costs inside the range, percent.</param>
    /// <param name="Estimated">Total of the held-out estimates (core, £ a year).</param>
    /// <param name="Actual">Total of the actual core costs.</param>
    /// <param name="Ratio">Total estimate ÷ total actual cost (1 is fair).</param>
    /// <param name="RatioLow">Lower end of the ratio's 95% interval.</param>
    /// <param name="RatioHigh">Upper end of the ratio's 95% interval.</param>
    public sealed record Accuracy(int Rows, double RSquared, double RootMeanSquareError, double MeanAbsolutePercentError, double MedianAbsolutePercentError, double Coverage, double Estimated, double Actual, double Ratio, double RatioLow, double RatioHigh)
    {
        /// <summary><c>under-allocated</c> or <c>over-allocated</c> when the 95% interval of the ratio excludes 1; otherwise empty.</summary>
        public string Flag => Rows < 2 ? "" : RatioHigh < 1 ? "under-allocated" : RatioLow > 1 ? "over-allocated" : "";
    }

    /// <summary>The result as text.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.Append(C, $"base {BaseModel.Id} {BaseModel.Version}; history {HistoryFile} ({HistoryHash})\n");
        sb.Append(C, $"rows read {RowsRead:N0}: used {RowsUsed:N0}, excluded {_excluded.Count:N0}\n");
        foreach (var g in _excluded.GroupBy(e => e.Reason.Split(':')[0]).OrderByDescending(g => g.Count()))
        {
            sb.Append(C, $"  excluded {g.Count(),8:N0}  {g.Key}\n");
        }

        foreach (var e in Errors)
        {
            sb.Append("error: ").Append(e).Append('\n');
        }

        if (_fit is not null)
        {
            sb.Append(C, $"method {Options.Method}: {Describe(_fit)}\n");
            if (SuggestedBands is { } suggested)
            {
                sb.Append("suggested bands (points, both edges inclusive): ").Append(string.Join(", ", suggested.Select(b => b.Max is null ? $"{b.Id} {b.Min}+" : $"{b.Id} {b.Min}–{b.Max}"))).Append('\n');
            }
            var o = Overall;
            sb.Append(C, $"held-out ({Options.Folds} folds): R² {o.RSquared:0.000}, RMSE £{o.RootMeanSquareError:N0}, MAPE {o.MeanAbsolutePercentError:0.0}%, median APE {o.MedianAbsolutePercentError:0.0}%, coverage {o.Coverage:0.0}% (target {Options.TargetCoverage}%, range ±{TolerancePercent:0.0}%)\n");
            sb.Append(C, $"estimated £{o.Estimated:N0} vs actual £{o.Actual:N0} (core costs, held out)\n");
            Table(sb, "by band", ByBand);
            Table(sb, "by client group (fairness: estimate ÷ actual, 95% interval)", ByClientGroup);
            if (ByClientGroup.Count < 2)
            {
                sb.Append("warning: only one client group: fairness between groups cannot be assessed\n");
            }
        }

        foreach (var raise in Raised)
        {
            sb.Append("note: ").Append(raise).Append('\n');
        }

        if (CarerDeductions is { } deductions)
        {
            sb.Append("carers' deductions by client group (money a year the deductions take; people reduced):\n");
            foreach (var (group, (amount, people)) in deductions)
            {
                sb.Append(C, $"  {group,-22} £{amount,14:N2} {people,8:N0} people\n");
            }
        }

        if (Affordability is { } a)
        {
            sb.Append(C, $"affordability: £{a.Available:N2} available after contingency; total £{a.Before:N2} before scaling, £{a.After:N2} after; prices × {ScalingFactor}\n");
        }

        foreach (var w in Warnings)
        {
            sb.Append("warning: ").Append(w).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The result as indented JSON.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("base", $"{BaseModel.Id} {BaseModel.Version} ({BaseModel.ContentHash})");
            w.WriteString("history", HistoryFile);
            w.WriteString("historyHash", HistoryHash);
            w.WriteString("method", Options.Method.ToString());
            w.WriteNumber("rowsRead", RowsRead);
            w.WriteNumber("rowsUsed", RowsUsed);
            w.WriteStartArray("excluded");
            foreach (var (line, caseId, reason) in _excluded)
            {
                w.WriteStartObject();
                w.WriteNumber("line", line);
                w.WriteString("caseId", caseId);
                w.WriteString("reason", reason);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("errors");
            Errors.ForEach(w.WriteStringValue);
            w.WriteEndArray();
            if (_fit is not null)
            {
                w.WriteString("fit", Describe(_fit));
                w.WriteNumber("tolerancePercent", TolerancePercent);
                WriteAccuracy(w, "overall", Overall);
                foreach (var (name, groups) in new[] { ("byBand", ByBand), ("byClientGroup", ByClientGroup) })
                {
                    w.WriteStartObject(name);
                    foreach (var (k, v) in groups)
                    {
                        WriteAccuracy(w, k, v);
                    }

                    w.WriteEndObject();
                }
            }

            if (Affordability is { } a)
            {
                w.WriteStartObject("affordability");
                w.WriteNumber("available", a.Available);
                w.WriteNumber("before", a.Before);
                w.WriteNumber("after", a.After);
                w.WriteNumber("scalingFactor", ScalingFactor);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>A self-contained HTML report with inline SVG charts: points against cost with the fitted curve and band edges, the fairness ratio by client group, coverage by band.</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>RAS calibration</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto}pre{background:#f6f6f6;padding:1em;white-space:pre-wrap}</style></head><body>\n<h1>RAS calibration</h1>\n");
        sb.Append("<pre>").Append(WebUtility.HtmlEncode(ToText())).Append("</pre>\n");
        if (_fit is not null && _used.Count > 0)
        {
            sb.Append("<h2>Points against actual cost (less add-ons), with the fitted amount</h2>\n");
            Scatter(sb);
            sb.Append("<h2>Estimate ÷ actual by client group (held out; 95% interval)</h2>\n");
            Bars(sb, ByClientGroup.ToDictionary(p => p.Key, p => (p.Value.Ratio, p.Value.RatioLow, p.Value.RatioHigh)), 2.0, 1.0);
            sb.Append("<h2>Coverage by band (share of actual costs inside the range)</h2>\n");
            Bars(sb, ByBand.ToDictionary(p => p.Key, p => (p.Value.Coverage / 100, p.Value.Coverage / 100, p.Value.Coverage / 100)), 1.0, (double)Options.TargetCoverage / 100);
        }

        return sb.Append("</body></html>\n").ToString();
    }

    private static void WriteAccuracy(Utf8JsonWriter w, string name, Accuracy a)
    {
        w.WriteStartObject(name);
        w.WriteNumber("rows", a.Rows);
        w.WriteNumber("rSquared", Math.Round(a.RSquared, 4));
        w.WriteNumber("rmse", Math.Round(a.RootMeanSquareError, 2));
        w.WriteNumber("mape", Math.Round(a.MeanAbsolutePercentError, 2));
        w.WriteNumber("medianApe", Math.Round(a.MedianAbsolutePercentError, 2));
        w.WriteNumber("coverage", Math.Round(a.Coverage, 2));
        w.WriteNumber("estimated", Math.Round(a.Estimated, 2));
        w.WriteNumber("actual", Math.Round(a.Actual, 2));
        w.WriteNumber("ratio", Math.Round(a.Ratio, 4));
        w.WriteNumber("ratioLow", Math.Round(a.RatioLow, 4));
        w.WriteNumber("ratioHigh", Math.Round(a.RatioHigh, 4));
        w.WriteString("flag", a.Flag);
        w.WriteEndObject();
    }

    private static string Describe(FittedPricing f) => f.Method switch
    {
        CalibrationMethod.PricePerPoint => string.Create(C, $"£{f.Slope:0.00} a point"),
        CalibrationMethod.PricePerPointWithIntercept => string.Create(C, $"£{f.Intercept:0.00} + £{f.Slope:0.00} a point"),
        CalibrationMethod.SquareRootCurve => string.Create(C, $"({f.Intercept:0.####} + {f.Slope:0.######} × points)²"),
        CalibrationMethod.LogCurve => string.Create(C, $"e^({f.Intercept:0.####} + {f.Slope:0.######} × points)"),
        CalibrationMethod.BandPrices => string.Join(", ", f.BandAmounts.Select(b => string.Create(C, $"{b.Key} £{b.Value:0.00} a point"))),
        _ => string.Join(", ", f.BandAmounts.Select(b => string.Create(C, $"{b.Key} £{b.Value:0}"))) + (f.Pooled.Count > 0 ? $" (pooled to keep amounts rising: {string.Join(", ", f.Pooled)})" : ""),
    };

    private static void Table(StringBuilder sb, string title, IReadOnlyDictionary<string, Accuracy> groups)
    {
        sb.Append(title).Append(":\n");
        foreach (var (k, a) in groups)
        {
            sb.Append(C, $"  {k,-22} {a.Rows,7:N0} rows  MAPE {a.MeanAbsolutePercentError,6:0.0}%  coverage {a.Coverage,5:0.0}%  ratio {a.Ratio:0.000} ({a.RatioLow:0.000}–{a.RatioHigh:0.000}) {a.Flag}\n");
        }
    }

    private Dictionary<string, Accuracy> Group(Func<Observation, string> key) =>
        Enumerable.Range(0, _used.Count).GroupBy(i => key(_used[i])).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Measure(g));

    private Accuracy Measure(IEnumerable<int> indexes)
    {
        var ix = indexes.Where(i => double.IsFinite(_heldOut[i]) && _heldOut[i] > 0).ToArray();
        if (ix.Length == 0)
        {
            return new Accuracy(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        var y = ix.Select(i => _used[i].Cost).ToArray();
        var p = ix.Select(i => _heldOut[i]).ToArray();
        var mean = y.Average();
        var ssRes = y.Zip(p, (a, b) => (a - b) * (a - b)).Sum();
        var ssTot = y.Sum(a => (a - mean) * (a - mean));
        var ape = y.Zip(p, (a, b) => Math.Abs(a - b) / a * 100).Order().ToArray();
        var t = TolerancePercent / 100;
        var covered = y.Zip(p, (a, b) => a >= b * (1 - t) && a <= b * (1 + t)).Count(x => x);
        // The ratio of totals (estimate ÷ actual money for the group) with the ratio estimator's standard error:
        // unlike a mean of per-person ratios it is not biased upwards by noise in the actual costs.
        var ratio = p.Sum() / y.Sum();
        var n = y.Length;
        var residual = y.Zip(p, (a, b) => b - (ratio * a)).Sum(e => e * e);
        var half = n > 1 ? 1.96 * Math.Sqrt(residual / (n * (n - 1.0))) / mean : 0;
        return new Accuracy(ix.Length, ssTot == 0 ? 0 : 1 - (ssRes / ssTot), Math.Sqrt(ssRes / ix.Length), ape.Average(), ape[ape.Length / 2], 100.0 * covered / ix.Length, p.Sum(), y.Sum(), ratio, ratio - half, ratio + half);
    }

    private void Scatter(StringBuilder sb)
    {
        const int W = 760, H = 360, L = 60, B = 30;
        var maxX = Math.Max(1, _used.Max(o => o.Points));
        var maxY = Math.Max(1, _used.Max(o => o.Cost));
        string X(double v) => (L + (v / maxX * (W - L - 10))).ToString("0.#", C);
        string Y(double v) => (H - B - (v / maxY * (H - B - 10))).ToString("0.#", C);
        sb.Append(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" role=\"img\">\n");
        sb.Append(C, $"<line x1=\"{L}\" y1=\"{H - B}\" x2=\"{W}\" y2=\"{H - B}\" stroke=\"#444\"/><line x1=\"{L}\" y1=\"0\" x2=\"{L}\" y2=\"{H - B}\" stroke=\"#444\"/>\n");
        sb.Append(C, $"<text x=\"{W - 5}\" y=\"{H - 8}\" text-anchor=\"end\" font-size=\"12\">points ({maxX:0} max)</text><text x=\"5\" y=\"14\" font-size=\"12\">£{maxY:N0}</text>\n");
        foreach (var (_, min, _) in Bands().Skip(1))
        {
            sb.Append(C, $"<line x1=\"{X(min)}\" y1=\"0\" x2=\"{X(min)}\" y2=\"{H - B}\" stroke=\"#ccc\" stroke-dasharray=\"4 3\"/>\n");
        }

        foreach (var o in _used.Take(4000))
        {
            sb.Append(C, $"<circle cx=\"{X(o.Points)}\" cy=\"{Y(o.Cost)}\" r=\"1.6\" fill=\"#4d7eb0\" fill-opacity=\"0.5\"/>\n");
        }

        var path = new StringBuilder();
        for (var px = 0; px <= maxX; px++)
        {
            var band = Bands().LastOrDefault(b => px >= b.Min).Id ?? "none";
            var v = _fit!.Predict(px, band);
            if (double.IsFinite(v))
            {
                path.Append(path.Length == 0 ? "M" : " L").Append(X(px)).Append(',').Append(Y(Math.Min(v, maxY)));
            }
        }

        sb.Append(C, $"<path d=\"{path}\" fill=\"none\" stroke=\"#b2182b\" stroke-width=\"2\"/>\n</svg>\n");
    }

    /// <summary>The bands in force for the fit: the suggested ones, or the base model's.</summary>
    private IReadOnlyList<(string Id, int Min, int? Max)> Bands() =>
        SuggestedBands ?? BaseModel.Definition.Pricing.Bands.Select(b => (b.Id, b.MinPoints, b.MaxPoints)).ToList();

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
