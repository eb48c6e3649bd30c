using System.CommandLine;
using Ras.Cli.Parsing;
using Ras.Calibration;
using Ras.Engine.Caseloads;
using Ras.Rendering;

namespace Ras.Cli.Commands;

/// <summary>
/// <c>ras calibrate [--model BASE] --history HISTORY.csv --out CALIBRATED.json --as-of DATE [--method M]
/// [--report FILE.html] [--summary FILE.json] [--folds N] [--coverage PCT] [--outlier-factor F]
/// [--min-rows-per-band N] [--envelope AMOUNT [--contingency PCT]] [--version V] [--effective-from DATE]
/// [--allow-non-monotone]</c>.
/// </summary>
internal sealed class CalibrateCommand : RasCommand
{
    private static readonly Dictionary<string, CalibrationMethod> Methods = new(StringComparer.Ordinal)
    {
        ["price-per-point"] = CalibrationMethod.PricePerPoint,
        ["price-per-point-intercept"] = CalibrationMethod.PricePerPointWithIntercept,
        ["bands"] = CalibrationMethod.BandAmounts,
        ["band-prices"] = CalibrationMethod.BandPrices,
        ["sqrt-curve"] = CalibrationMethod.SquareRootCurve,
        ["log-curve"] = CalibrationMethod.LogCurve,
    };

    private readonly Option<string?> _model = CommonOptions.Model("--model", "The base model whose prices are fitted (default: the embedded default model).");
    private readonly Option<string> _history = new("--history") { Description = "The history: a caseload CSV plus actual_annual_cost (and an optional weight).", HelpName = "HISTORY.csv", Required = true };
    private readonly Option<string?> _out = new("--out") { Description = "The calibrated model to write.", HelpName = "CALIBRATED.json", Required = true };
    private readonly Option<DateOnly?> _asOf = OptionValues.Date("--as-of", "The date of the calibration, recorded in the model's provenance.");
    private readonly Option<string?> _method = OptionValues.Choice("--method", "What to fit (default price-per-point); see docs/calibration.md.", [.. Methods.Keys]);
    private readonly Option<string?> _report = new("--report") { Description = "A self-contained HTML report with charts.", HelpName = "FILE.html" };
    private readonly Option<string?> _summary = new("--summary") { Description = "The full results as JSON, every excluded row with its line and reason.", HelpName = "FILE.json" };
    private readonly Option<int> _folds = OptionValues.WholeNumber("--folds", "Held-out validation folds (default 5).", 2, 20, 5);
    private readonly Option<decimal?> _coverage = OptionValues.Percentage("--coverage", "The share of held-out costs the range should contain (default 80).", 1m, 99m, 80m);
    private readonly Option<decimal?> _outlier = OptionValues.Number("--outlier-factor", "Exclude rows whose cost is more than F times the fit or less than 1/F (default 3; 0 keeps every row).", 0m, 1000m, 3m, "F");
    private readonly Option<int> _minRows = OptionValues.WholeNumber("--min-rows-per-band", "The fewest rows a band needs (default 5).", 1, 1_000_000, 5);
    private readonly Option<int> _suggest = OptionValues.WholeNumber("--suggest-bands", "With bands or band-prices: N new bands with edges at quantiles of points (2 to 50).", 0, 50, 0);
    private readonly Option<decimal?> _envelope = OptionValues.Number("--envelope", "Scale the prices so the caseload's total indicative budget fits this money a year, less the contingency.", 1m, decimal.MaxValue, null, "AMOUNT");
    private readonly Option<decimal?> _contingency = OptionValues.Percentage("--contingency", "With --envelope: the share held back (default 0).", 0m, 99m, 0m);
    private readonly Option<string?> _version = new("--version") { Description = "The new version (default: the base's next minor version).", HelpName = "V" };
    private readonly Option<DateOnly?> _effectiveFrom = OptionValues.Date("--effective-from", "The new version's first day in force.");
    private readonly Option<bool> _quiet = CommonOptions.Quiet();
    private readonly Option<bool> _allowNonMonotone = new("--allow-non-monotone") { Description = "Write a fit that gives less money for more need (a negative price per point or slope), with a warning, instead of refusing it." };

    public CalibrateCommand() : base("calibrate", "Fit a model's prices to historical costs and write a new, validated model version with its provenance.")
    {
        _asOf.Required = true;
        foreach (var option in new Option[] { _model, _history, _asOf, _method, _folds, _coverage, _outlier, _minRows, _suggest, _envelope, _contingency, _version, _effectiveFrom, _allowNonMonotone, _quiet })
        {
            Add(option);
        }

        AddOutputs(_out, _report, _summary);
        Check(r => r.GetValue(_history) is { } history && !history.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            ? $"--history must be a CSV file (a caseload CSV plus an actual_annual_cost column), not '{history}'"
            : null);
        Check(r => r.GetValue(_outlier) is > 0m and <= 1m ? $"--outlier-factor must be 0 (keep every row) or more than 1, not '{r.GetValue(_outlier)}'" : null);
        Check(r => r.GetValue(_suggest) == 1 ? "--suggest-bands must be 0 (keep the base model's edges) or from 2 to 50, not '1'" : null);
        Check(r => r.GetValue(_suggest) > 0 && r.GetValue(_method) is not ("bands" or "band-prices") ? "--suggest-bands applies to --method bands or band-prices" : null);
        Needs(_contingency, _envelope, "--contingency is held back from --envelope; give --envelope too");
    }

    public override IReadOnlyList<string> Examples { get; } =
    [
        "ras calibrate --history samples/history.csv --out calibrated.json --as-of 2026-11-23",
        "ras calibrate --history samples/history.csv --out calibrated.json --as-of 2026-11-23 --method bands --report calibration.html",
    ];

    protected override int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        var history = Existing(args.GetValue(_history)!, "history file");
        var outPath = args.GetValue(_out)!;
        var reportPath = args.GetValue(_report);
        var summaryPath = args.GetValue(_summary);
        var modelPath = args.GetValue(_model);
        OutputFile.CheckDistinct(
            new[] { ("--history", (string?)history), ("--model", modelPath) },
            new[] { ("--out", (string?)outPath), ("--report", reportPath), ("--summary", summaryPath) });
        CalibrationOptions options;
        try
        {
            options = new CalibrationOptions(
                Methods[args.GetValue(_method) ?? "price-per-point"], args.GetValue(_asOf)!.Value, args.GetValue(_version), args.GetValue(_effectiveFrom),
                args.GetValue(_folds), args.GetValue(_coverage)!.Value, (double)args.GetValue(_outlier)!.Value, args.GetValue(_minRows),
                args.GetValue(_envelope), args.GetValue(_contingency)!.Value, args.GetValue(_suggest), args.GetValue(_allowNonMonotone));
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        var model = ModelSource.Load(modelPath, stderr);
        if (model is null)
        {
            return Cli.InvalidInput;
        }

        CalibrationResult result;
        var progress = ProgressLine.For(Terminal, args.GetValue(_quiet), stderr, null, () => 0, "read");
        try
        {
            result = Calibrator.Calibrate(model, history, options, progress is null ? null : new Reporter(progress.Report));
        }
        catch (CaseloadFormatException ex)
        {
            progress?.Finish();
            stderr.WriteLine($"{history}: the history cannot be used: {ex.Message}");
            return Cli.InvalidInput;
        }

        progress?.Finish();
        stdout.Write(CalibrationResultText.Render(result));

        // The summary, the report and the model are replaced together, or (when one fails) none of them.
        using var summaryFile = summaryPath is null ? null : OutputFile.Create(summaryPath);
        using var reportFile = reportPath is null ? null : OutputFile.Create(reportPath);
        using var modelFile = result.Model is null ? null : OutputFile.Create(outPath);
        summaryFile?.Write(result.ToJson());
        reportFile?.Write(CalibrationReportHtml.Render(result, result.Model is null ? null : outPath));
        modelFile?.Write(result.Model!.ToJson());
        OutputFile.CommitAll(summaryFile, reportFile, modelFile);
        if (result.Model is null)
        {
            stderr.WriteLine($"no model was written: {string.Join("; ", result.Errors)}");
            return Cli.InvalidInput;
        }

        stdout.WriteLine($"calibrated model {result.Model.Id} {result.Model.Version} ({result.Model.ContentHash}) written to {outPath}");
        return Cli.Ok;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and print out of order).</summary>
    private sealed class Reporter(Action<CalibrationProgress> report) : IProgress<CalibrationProgress>
    {
        public void Report(CalibrationProgress value) => report(value);
    }
}
