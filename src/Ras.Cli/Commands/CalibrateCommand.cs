using System.Globalization;
using Ras.Calibration;
using Ras.Engine.Caseloads;
using Ras.Rendering;

namespace Ras.Cli.Commands;

/// <summary>
/// <c>ras calibrate [--model BASE] --history HISTORY.csv --out CALIBRATED.json --as-of DATE [--method M]
/// [--report FILE.html] [--summary FILE.json] [--folds N] [--coverage PCT] [--outlier-factor F]
/// [--min-rows-per-band N] [--envelope AMOUNT [--contingency PCT]] [--version V] [--effective-from DATE]</c>.
/// </summary>
internal static class CalibrateCommand
{
    public static int Run(Arguments args, TextWriter stdout, TextWriter stderr)
    {
        var modelPath = args.Option("model");
        var history = args.Option("history") ?? throw new UsageException("give --history FILE.csv: a caseload file with an actual_annual_cost column");
        var outPath = args.Option("out") ?? throw new UsageException("give --out FILE.json for the calibrated model");
        var asOf = args.Date("as-of") ?? throw new UsageException("give --as-of DATE: the date of the calibration, recorded in the model's provenance");
        var method = (args.Option("method") ?? "price-per-point") switch
        {
            "price-per-point" => CalibrationMethod.PricePerPoint,
            "price-per-point-intercept" => CalibrationMethod.PricePerPointWithIntercept,
            "bands" => CalibrationMethod.BandAmounts,
            "band-prices" => CalibrationMethod.BandPrices,
            "sqrt-curve" => CalibrationMethod.SquareRootCurve,
            "log-curve" => CalibrationMethod.LogCurve,
            var other => throw new UsageException($"--method must be price-per-point, price-per-point-intercept, bands, band-prices, sqrt-curve or log-curve, not '{other}'"),
        };
        var reportPath = args.Option("report");
        var summaryPath = args.Option("summary");
        var folds = args.WholeNumber("folds", 5);
        var coverage = args.Number("coverage", 80m);
        var outlier = (double)args.Number("outlier-factor", 3m, 0m);
        var minRows = args.WholeNumber("min-rows-per-band", 5);
        var envelope = args.Option("envelope") is { } envelopeText ? Arguments.ParseNumber(envelopeText, "--envelope", 0m) : (decimal?)null;
        var contingency = args.Number("contingency", 0m, 0m);
        var version = args.Option("version");
        var suggest = args.WholeNumber("suggest-bands", 0);
        var effectiveFrom = args.Date("effective-from");
        var allowNonMonotone = args.Flag("allow-non-monotone");
        args.Done(maxPositional: 0);
        if (!File.Exists(history))
        {
            throw new FileNotFoundException(Directory.Exists(history) ? $"'{history}' is a folder, not a history file: give the history's .csv file" : $"history file '{history}' does not exist", history);
        }

        if (!history.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"the history must be a CSV file (a caseload CSV plus an actual_annual_cost column), not '{history}'");
        }

        CalibrationOptions options;
        try
        {
            options = new CalibrationOptions(method, asOf, version, effectiveFrom, folds, coverage, outlier, minRows, envelope, contingency, suggest, allowNonMonotone);
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
        try
        {
            result = Calibrator.Calibrate(model, history, options);
        }
        catch (CaseloadFormatException ex)
        {
            stderr.WriteLine($"{history}: the history cannot be used: {ex.Message}");
            return Cli.InvalidInput;
        }

        stdout.Write(CalibrationResultText.Render(result));
        if (summaryPath is not null)
        {
            File.WriteAllText(summaryPath, result.ToJson());
        }

        if (reportPath is not null)
        {
            File.WriteAllText(reportPath, CalibrationReportHtml.Render(result));
        }

        if (result.Model is null)
        {
            stderr.WriteLine($"no model was written: {string.Join("; ", result.Errors)}");
            return Cli.InvalidInput;
        }

        File.WriteAllText(outPath, result.Model.ToJson());
        stdout.WriteLine($"calibrated model {result.Model.Id} {result.Model.Version} ({result.Model.ContentHash}) written to {outPath}");
        return Cli.Ok;
    }
}
