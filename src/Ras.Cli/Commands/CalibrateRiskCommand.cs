using System.CommandLine;
using Ras.Calibration;
using Ras.Cli.Parsing;
using Ras.Engine.Caseloads;
using Ras.Rendering;

namespace Ras.Cli.Commands;

/// <summary>
/// <c>ras calibrate-risk [--model BASE] --history REASSESSMENTS.csv --out NEW.json --as-of DATE
/// [--report FILE.html] [--outcome any|deterioration|crisis] [--min-increase N] [--folds N] [--version V]
/// [--effective-from DATE]</c>: the model's risk weights fitted to reassessment history (docs/calibration.md).
/// </summary>
internal sealed class CalibrateRiskCommand : RasCommand
{
    private static readonly Dictionary<string, RiskOutcome> Outcomes = new(StringComparer.Ordinal)
    {
        ["any"] = RiskOutcome.Any,
        ["deterioration"] = RiskOutcome.Deterioration,
        ["crisis"] = RiskOutcome.Crisis,
    };

    private readonly Option<string?> _model = CommonOptions.Model("--model", "The base model whose direction-of-travel risk weights are fitted (default: the embedded default model).");
    private readonly Option<string> _history = new("--history") { Description = "The reassessment history: a caseload CSV plus reassessment_points and/or crisis columns.", HelpName = "REASSESSMENTS.csv", Required = true };
    private readonly Option<string?> _out = new("--out") { Description = "The new model with the fitted risk weights to write.", HelpName = "NEW.json", Required = true };
    private readonly Option<DateOnly?> _asOf = OptionValues.Date("--as-of", "The date of the calibration, recorded in the model's provenance.");
    private readonly Option<string?> _report = new("--report") { Description = "A self-contained HTML report: weights with their intervals, held-out AUC, calibration by decile.", HelpName = "FILE.html" };
    private readonly Option<string?> _outcome = OptionValues.Choice("--outcome", "What counts as the outcome (default any: a deterioration or a crisis); see docs/calibration.md.", [.. Outcomes.Keys]);
    private readonly Option<int> _minIncrease = OptionValues.WholeNumber("--min-increase", "With --outcome any or deterioration: the fewest points more at reassessment that count as a deterioration (default 1).", 1, 1_000_000, 1);
    private readonly Option<int> _folds = OptionValues.WholeNumber("--folds", "Held-out validation folds (default 5).", 2, 20, 5);
    private readonly Option<string?> _version = new("--version") { Description = "The new version (default: the base's next minor version).", HelpName = "V" };
    private readonly Option<DateOnly?> _effectiveFrom = OptionValues.Date("--effective-from", "The new version's first day in force.");

    public CalibrateRiskCommand() : base("calibrate-risk", "Fit a model's direction-of-travel risk weights to reassessment history, check them on held-out folds, and write a new, validated model version with its provenance.")
    {
        _asOf.Required = true;
        foreach (var option in new Option[] { _model, _history, _asOf, _outcome, _minIncrease, _folds, _version, _effectiveFrom })
        {
            Add(option);
        }

        AddOutputs(_out, _report);
        Check(r => r.GetValue(_history) is { } history && !history.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            ? $"--history must be a CSV file (a caseload CSV plus outcome columns), not '{history}'"
            : null);
        Check(r => r.GetResult(_minIncrease) is { Implicit: false } && r.GetValue(_outcome) == "crisis"
            ? "--min-increase sets what counts as a deterioration; it does not apply to --outcome crisis"
            : null);
    }

    public override IReadOnlyList<string> Examples { get; } =
    [
        "ras calibrate-risk --history samples/reassessments.csv --out risk-calibrated.json --as-of 2026-11-23",
        "ras calibrate-risk --history samples/reassessments.csv --out risk-calibrated.json --as-of 2026-11-23 --outcome deterioration --min-increase 3 --report risk.html",
    ];

    protected override int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        var history = Existing(args.GetValue(_history)!, "history file");
        var outPath = args.GetValue(_out)!;
        var reportPath = args.GetValue(_report);
        OutputFile.CheckDistinct(
            new[] { ("--history", (string?)history), ("--model", args.GetValue(_model)) },
            new[] { ("--out", (string?)outPath), ("--report", reportPath) });
        RiskCalibrationOptions options;
        try
        {
            options = new RiskCalibrationOptions(
                args.GetValue(_asOf)!.Value, Outcomes[args.GetValue(_outcome) ?? "any"], args.GetValue(_minIncrease), args.GetValue(_folds),
                args.GetValue(_version), args.GetValue(_effectiveFrom));
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        var model = ModelSource.Load(args.GetValue(_model), stderr);
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

        // The report and the model are replaced together, or (when one fails) neither.
        using var reportFile = reportPath is null ? null : OutputFile.Create(reportPath);
        using var modelFile = result.Model is null ? null : OutputFile.Create(outPath);
        reportFile?.Write(RiskCalibrationReportHtml.Render(result, result.Model is null ? null : outPath));
        modelFile?.Write(result.Model!.ToJson());
        OutputFile.CommitAll(reportFile, modelFile);
        if (result.Model is null)
        {
            stderr.WriteLine($"no model was written: {string.Join("; ", result.Errors)}");
            return Cli.InvalidInput;
        }

        stdout.WriteLine($"model {result.Model.Id} {result.Model.Version} ({result.Model.ContentHash}) with the fitted risk weights written to {outPath}");
        return Cli.Ok;
    }
}
