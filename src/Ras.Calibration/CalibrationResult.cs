using Ras.Engine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ras.Engine.Models;

namespace Ras.Calibration;

/// <summary>
/// The outcome of a calibration: the calibrated model (null when it could not be made, with <see cref="Errors"/>
/// saying why), every excluded row with its reason, held-out accuracy overall, by band and by client group,
/// fairness (the ratio of indicative to actual cost by client group with a 95% interval), and the
/// affordability scaling. Written as JSON by <see cref="ToJson"/>; rendered for people (text, HTML report) by
/// the <c>Ras.Rendering</c> assembly from the public members here.
/// </summary>
public sealed class CalibrationResult
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private readonly List<(long Line, string CaseId, string Reason)> _excluded = new();
    private Observations _used = new();
    private readonly ModelShape _shape;
    private double[] _heldOut = Array.Empty<double>();
    private FittedPricing? _fit;
    private Accuracy? _overall;
    private IReadOnlyDictionary<string, Accuracy>? _byBand;
    private IReadOnlyDictionary<string, Accuracy>? _byClientGroup;
    private double[] _scratch = Array.Empty<double>();

    internal CalibrationResult(CalibrationOptions options, RasModel baseModel, ModelShape shape, string historyPath, string historyHash)
    {
        _shape = shape;
        Options = options;
        BaseModel = baseModel;
        HistoryFile = Path.GetFileName(historyPath);
        HistoryHash = historyHash;
        WarningList = new List<string>();
    }

    /// <summary>The options used.</summary>
    public CalibrationOptions Options { get; }

    /// <summary>The base model.</summary>
    public RasModel BaseModel { get; }

    /// <summary>The calibrated model, or null when it could not be made.</summary>
    public RasModel? Model { get; internal set; }

    /// <summary>Band prices raised, in the calibrated model, so that more need never lowers the budget.</summary>
    public IReadOnlyList<string> Raised => RaisedList.AsReadOnly();

    /// <summary>Why no model could be made; empty when <see cref="Model"/> is set.</summary>
    public IReadOnlyList<string> Errors => ErrorList.AsReadOnly();

    /// <summary>File-level warnings from reading the history, and a non-monotone fit written because it was allowed.</summary>
    public IReadOnlyList<string> Warnings => WarningList.AsReadOnly();

    /// <summary>The history file's name and SHA-256.</summary>
    public string HistoryFile { get; }

    /// <summary>The SHA-256 of the history file.</summary>
    public string HistoryHash { get; }

    /// <summary>Rows read from the history file.</summary>
    public int RowsRead { get; private set; }

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

    /// <summary>
    /// The fitted pricing in words, for example <c>£216.22 a point</c> or <c>A £8164, B £11749</c> (band
    /// amounts, with any bands pooled to keep amounts rising); null when nothing could be fitted.
    /// </summary>
    public string? FitDescription => _fit is null ? null : Describe(_fit);

    /// <summary>
    /// The rows the fit used, in the order of the history file: each row's points and its core cost (the
    /// actual annual cost less the add-ons the model already pays, £). A copy.
    /// </summary>
    public IReadOnlyList<(double Points, double Cost)> UsedRows
    {
        get
        {
            var rows = new List<(double Points, double Cost)>(_used.Count);
            for (var i = 0; i < _used.Count; i++)
            {
                rows.Add((_used[i].Points, _used[i].Cost));
            }

            return rows.AsReadOnly();
        }
    }

    /// <summary>
    /// The bands in force for the fit: <see cref="SuggestedBands"/> when bands were suggested, otherwise the
    /// base model's bands (id, lowest and highest points, both inclusive; the last may be open-ended). Empty
    /// when the base model is not priced by bands and none were suggested.
    /// </summary>
    public IReadOnlyList<(string Id, int Min, int? Max)> Bands =>
        SuggestedBands ?? _shape.Bands;

    /// <summary>Held-out accuracy over every used row.</summary>
    public Accuracy Overall => _overall ??= Measure(null, 0);

    /// <summary>Held-out accuracy by base band.</summary>
    public IReadOnlyDictionary<string, Accuracy> ByBand => _byBand ??= Group(o => o.Band);

    /// <summary>Held-out accuracy and fairness by client group.</summary>
    public IReadOnlyDictionary<string, Accuracy> ByClientGroup => _byClientGroup ??= Group(o => o.Group);

    internal List<string> RaisedList { get; } = new();

    internal List<string> ErrorList { get; } = new();

    internal List<string> WarningList { get; }

    internal void Exclude(long line, string caseId, string reason) => _excluded.Add((line, caseId, reason));

    /// <summary>Sets the rows read and the history's file-level warnings, before any other warning.</summary>
    internal void SetRowsRead(long rows, List<string> warnings)
    {
        RowsRead = checked((int)rows);
        WarningList.InsertRange(0, warnings);
    }

    internal void SetUsable(Observations usable)
    {
        _used = usable;
        (_overall, _byBand, _byClientGroup) = (null, null, null);
    }

    internal void SetFit(FittedPricing fit, Observations used, double[] heldOut, double tolerance)
    {
        _fit = fit;
        _used = used;
        _heldOut = heldOut;
        TolerancePercent = tolerance;
        (_overall, _byBand, _byClientGroup) = (null, null, null);
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
            ErrorList.ForEach(w.WriteStringValue);
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

    private string Describe(FittedPricing f)
    {
        // In the base model's currency, the minus sign before the symbol, as every other amount the tool writes.
        var symbol = BaseModel.CurrencySymbol;
        string Money(double v, string format) => (v < 0 ? "-" : "") + symbol + Math.Abs(v).ToString(format, C);
        return f.Method switch
        {
            CalibrationMethod.PricePerPoint => $"{Money(f.Slope, "0.00")} a point",
            CalibrationMethod.PricePerPointWithIntercept => $"{Money(f.Intercept, "0.00")} + {Money(f.Slope, "0.00")} a point",
            CalibrationMethod.SquareRootCurve => string.Create(C, $"({f.Intercept:0.####} + {f.Slope:0.######} × points)²"),
            CalibrationMethod.LogCurve => string.Create(C, $"e^({f.Intercept:0.####} + {f.Slope:0.######} × points)"),
            CalibrationMethod.BandPrices => string.Join(", ", f.BandAmounts.Select(b => $"{b.Key} {Money(b.Value, "0.00")} a point")),
            _ => string.Join(", ", f.BandAmounts.Select(b => $"{b.Key} {Money(b.Value, "0")}")) + (f.Pooled.Count > 0 ? $" (pooled to keep amounts rising: {string.Join(", ", f.Pooled)})" : ""),
        };
    }

    /// <summary>
    /// The fitted core cost (£ a year, before any affordability scaling) at a number of points, priced in the
    /// band of <see cref="Bands"/> those points fall in (<c>none</c> below the first band).
    /// </summary>
    /// <param name="points">Total points.</param>
    /// <returns>The fitted amount; <see cref="double.NaN"/> when nothing was fitted, or when the fit prices by band and has no amount for that band.</returns>
    public double FittedCost(int points)
    {
        if (_fit is null)
        {
            return double.NaN;
        }

        var band = Bands.LastOrDefault(b => points >= b.Min).Id ?? "none";
        return _fit.Predict(points, band);
    }

    /// <summary>Accuracy for each value of <paramref name="key"/> (a band or a client group), by name.</summary>
    private Dictionary<string, Accuracy> Group(Func<Observation, short> key)
    {
        var present = new SortedSet<short>();
        for (var i = 0; i < _used.Count; i++)
        {
            present.Add(key(_used[i]));
        }

        return present.Select(k => (Name: _used.Names[k], Key: k)).OrderBy(g => g.Name, StringComparer.Ordinal).ToDictionary(g => g.Name, g => Measure(key, g.Key));
    }

    /// <summary>
    /// Held-out accuracy over the rows whose <paramref name="key"/> is <paramref name="value"/> (every row when
    /// <paramref name="key"/> is null), summed in file order; only the percentage errors are kept, for their median.
    /// </summary>
    private Accuracy Measure(Func<Observation, short>? key, short value)
    {
        bool In(int i) => key is null || key(_used[i]) == value;

        var n = 0;
        var sumY = 0.0;
        var sumP = 0.0;
        for (var i = 0; i < _used.Count; i++)
        {
            if (In(i) && double.IsFinite(_heldOut[i]) && _heldOut[i] > 0)
            {
                n++;
                sumY += _used[i].Cost;
                sumP += _heldOut[i];
            }
        }

        if (n == 0)
        {
            return new Accuracy(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        lock (_excluded)
        {
            return Measure(key, value, n, sumY, sumP, Scratch(n));
        }
    }

    /// <summary>
    /// A buffer of at least <paramref name="length"/> doubles, kept for the next caller: the range's quantile and
    /// each accuracy's median sort one row's worth of numbers at a time, and with millions of rows a new array
    /// each time would be garbage as large as the rows themselves. Callers hold the lock on <c>_excluded</c>
    /// (or run before the result is shared).
    /// </summary>
    internal double[] Scratch(int length) => _scratch.Length >= length ? _scratch : _scratch = new double[length];

    private Accuracy Measure(Func<Observation, short>? key, short value, int n, double sumY, double sumP, double[] ape)
    {
        bool In(int i) => key is null || key(_used[i]) == value;

        var mean = sumY / n;
        var t = TolerancePercent / 100;
        // The ratio of totals (estimate ÷ actual money for the group) with the ratio estimator's standard error:
        // unlike a mean of per-person ratios it is not biased upwards by noise in the actual costs.
        var ratio = sumP / sumY;
        double ssRes = 0, ssTot = 0, residual = 0;
        var covered = 0;
        var k = 0;
        for (var i = 0; i < _used.Count; i++)
        {
            var b = _heldOut[i];
            if (!In(i) || !(double.IsFinite(b) && b > 0))
            {
                continue;
            }

            var a = _used[i].Cost;
            ssRes += (a - b) * (a - b);
            ssTot += (a - mean) * (a - mean);
            ape[k++] = Math.Abs(a - b) / a * 100;
            covered += a >= b * (1 - t) && a <= b * (1 + t) ? 1 : 0;
            var e = b - (ratio * a);
            residual += e * e;
        }

        Array.Sort(ape, 0, n);
        var apeSum = 0.0;
        for (var j = 0; j < n; j++)
        {
            apeSum += ape[j];
        }

        var half = n > 1 ? 1.96 * Math.Sqrt(residual / (n * (n - 1.0))) / mean : 0;
        return new Accuracy(n, ssTot == 0 ? 0 : 1 - (ssRes / ssTot), Math.Sqrt(ssRes / n), apeSum / n, ape[n / 2], 100.0 * covered / n, sumP, sumY, ratio, ratio - half, ratio + half);
    }
}
