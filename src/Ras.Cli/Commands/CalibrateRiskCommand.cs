using Ras.Calibration;
using Ras.Engine.Caseloads;
using Ras.Rendering;

namespace Ras.Cli.Commands;

/// <summary>
/// <c>ras calibrate-risk [--model BASE] --history REASSESSMENTS.csv --out NEW.json --as-of DATE
/// [--report FILE.html] [--outcome any|deterioration|crisis] [--min-increase N] [--folds N] [--version V]
/// [--effective-from DATE]</c>: the model's risk weights fitted to reassessment history (docs/calibration.md).
/// </summary>
internal static class CalibrateRiskCommand
{
    public static int Run(Arguments args, TextWriter stdout, TextWriter stderr)
    {
        var modelPath = args.Option("model");
        var history = args.Option("history") ?? throw new UsageException("give --history FILE.csv: a caseload file with reassessment_points and/or crisis columns");
        var outPath = args.Option("out") ?? throw new UsageException("give --out FILE.json for the model with the fitted weights");
        var asOf = args.Date("as-of") ?? throw new UsageException("give --as-of DATE: the date of the calibration, recorded in the model's provenance");
        var outcome = (args.Option("outcome") ?? "any") switch
        {
            "any" => RiskOutcome.Any,
            "deterioration" => RiskOutcome.Deterioration,
            "crisis" => RiskOutcome.Crisis,
            var other => throw new UsageException($"--outcome must be any, deterioration or crisis, not '{other}'"),
        };
        var minIncrease = args.WholeNumber("min-increase", 1);
        var folds = args.WholeNumber("folds", 5);
        var reportPath = args.Option("report");
        var version = args.Option("version");
        var effectiveFrom = args.Date("effective-from");
        args.Done(maxPositional: 0);
        if (!File.Exists(history))
        {
            throw new FileNotFoundException($"history file '{history}' does not exist", history);
        }

        if (!history.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"the reassessment history must be a CSV file (a caseload CSV plus outcome columns), not '{history}'");
        }

        RiskCalibrationOptions options;
        try
        {
            options = new RiskCalibrationOptions(asOf, outcome, minIncrease, folds, version, effectiveFrom);
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

        RiskCalibrationResult result;
        try
        {
            result = RiskCalibrator.Calibrate(model, history, options);
        }
        catch (CaseloadFormatException ex)
        {
            stderr.WriteLine($"{history}: the reassessment history cannot be used: {ex.Message}");
            return Cli.InvalidInput;
        }

        stdout.Write(RiskCalibrationResultText.Render(result));
        if (reportPath is not null)
        {
            File.WriteAllText(reportPath, RiskCalibrationReportHtml.Render(result));
        }

        if (result.Model is null)
        {
            stderr.WriteLine($"no model was written: {string.Join("; ", result.Errors)}");
            return Cli.InvalidInput;
        }

        File.WriteAllText(outPath, result.Model.ToJson());
        stdout.WriteLine($"model {result.Model.Id} {result.Model.Version} ({result.Model.ContentHash}) with the fitted risk weights written to {outPath}");
        return Cli.Ok;
    }
}
