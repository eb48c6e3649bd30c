using System.Globalization;
using Ras.Engine;
using Ras.Engine.Impact;

namespace Ras.Calibration;

/// <summary>
/// The outcome of fitting risk weights to reassessment history: the new model (null when it could not be made,
/// with <see cref="Errors"/> saying why), every excluded row with its reason, the fitted weights with their
/// intervals, and the held-out figures (AUC with its 95% interval, observed against predicted by decile, Brier
/// score) beside the published level for such instruments. Rendered for people by <c>Ras.Rendering</c>
/// (<c>RiskCalibrationResultText</c>, <c>RiskCalibrationReportHtml</c>).
/// </summary>
public sealed class RiskCalibrationResult
{
    /// <summary>
    /// The lower end of the AUC published twelve-month instruments reach (a community screening instrument
    /// predicting institutionalisation within a year, 0.68; a 38-variable model of unplanned admission, 0.69).
    /// </summary>
    public const double PublishedAucLow = 0.6;

    /// <summary>The upper end of the published AUC range.</summary>
    public const double PublishedAucHigh = 0.7;

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private readonly List<(long Line, string CaseId, string Reason)> _excluded = new();
    private readonly List<string> _warnings;
    private IReadOnlyList<RiskWeight> _weights = Array.Empty<RiskWeight>();
    private IReadOnlyList<CalibrationDecile> _deciles = Array.Empty<CalibrationDecile>();

    internal RiskCalibrationResult(RiskCalibrationOptions options, RasModel baseModel, string historyPath, string historyHash, int rows, List<string> warnings)
    {
        Options = options;
        BaseModel = baseModel;
        HistoryFile = Path.GetFileName(historyPath);
        HistoryHash = historyHash;
        RowsRead = rows;
        _warnings = warnings;
    }

    /// <summary>The base model's direction-of-travel horizon, months (0 when it has no such rule).</summary>
    public int HorizonMonths => ModelShape.Of(BaseModel).DirectionOfTravel?.HorizonMonths ?? 0;

    /// <summary>The base model's risk factor ids, in model order (empty when it has no direction-of-travel rule).</summary>
    public IReadOnlyList<string> RiskFactors => (ModelShape.Of(BaseModel).DirectionOfTravel?.RiskFactors.Select(f => f.Id) ?? []).ToList().AsReadOnly();

    /// <summary>The options used.</summary>
    public RiskCalibrationOptions Options { get; }

    /// <summary>The base model.</summary>
    public RasModel BaseModel { get; }

    /// <summary>The new model version with the fitted weights, or null when it could not be made.</summary>
    public RasModel? Model { get; internal set; }

    /// <summary>
    /// What the new weights do to budgets: every row of the history allocated under the base model and under
    /// the new model (as <c>ras compare</c> would); null when no model was made.
    /// </summary>
    public ImpactSummary? Impact { get; internal set; }

    /// <summary>Why no model could be made; empty when <see cref="Model"/> is set.</summary>
    public IReadOnlyList<string> Errors => ErrorList.AsReadOnly();

    /// <summary>
    /// Plain warnings: file-level warnings from reading the history, too few outcomes for the number of
    /// weights, a held-out AUC whose 95% interval includes 0.5 (no better than chance) or that is below the
    /// published level.
    /// </summary>
    public IReadOnlyList<string> Warnings => _warnings.AsReadOnly();

    /// <summary>The history file's name.</summary>
    public string HistoryFile { get; }

    /// <summary>The SHA-256 of the history file.</summary>
    public string HistoryHash { get; }

    /// <summary>Rows read from the history file.</summary>
    public int RowsRead { get; }

    /// <summary>Rows the fit used.</summary>
    public int RowsUsed { get; private set; }

    /// <summary>Of those, rows with the outcome.</summary>
    public int Events { get; private set; }

    /// <summary>Every excluded row: line, case id and reason.</summary>
    public IReadOnlyList<(long Line, string CaseId, string Reason)> Excluded => _excluded.AsReadOnly();

    /// <summary>The outcome in words, as fitted.</summary>
    public string OutcomeDescription => Options.Outcome switch
    {
        RiskOutcome.Deterioration => Deterioration,
        RiskOutcome.Crisis => Crisis,
        _ => $"{Deterioration}, or {Crisis}",
    };

    /// <summary>
    /// The intercept, then every level of every risk factor (reference levels included, at 0), in model order;
    /// empty when nothing was fitted.
    /// </summary>
    public IReadOnlyList<RiskWeight> Weights => _weights;

    /// <summary>Iterations the fit on every row took.</summary>
    public int Iterations { get; private set; }

    /// <summary>The held-out AUC, or NaN when nothing was fitted.</summary>
    public double Auc { get; private set; } = double.NaN;

    /// <summary>DeLong's standard error of <see cref="Auc"/>.</summary>
    public double AucStandardError { get; private set; } = double.NaN;

    /// <summary>Lower end of the AUC's 95% interval (AUC − 1.96 SE, at least 0).</summary>
    public double AucLow => Math.Max(0, Auc - (RiskMeasures.Z95 * AucStandardError));

    /// <summary>Upper end of the AUC's 95% interval (AUC + 1.96 SE, at most 1).</summary>
    public double AucHigh => Math.Min(1, Auc + (RiskMeasures.Z95 * AucStandardError));

    /// <summary>True when the AUC's 95% interval includes 0.5: the weights may rank people no better than chance.</summary>
    public bool AucIncludesChance => !(AucLow > 0.5);

    /// <summary>The held-out Brier score (mean squared difference of probability and outcome; 0 is perfect).</summary>
    public double Brier { get; private set; } = double.NaN;

    /// <summary>The Brier score of predicting the observed rate for everyone: r × (1 − r).</summary>
    public double NoSkillBrier => RowsUsed == 0 ? double.NaN : (double)Events / RowsUsed * (1 - ((double)Events / RowsUsed));

    /// <summary>The mean held-out probability (compare with the observed rate <see cref="Events"/> ÷ <see cref="RowsUsed"/>).</summary>
    public double MeanPredicted { get; private set; } = double.NaN;

    /// <summary>Observed against predicted by tenth of held-out probability.</summary>
    public IReadOnlyList<CalibrationDecile> Deciles => _deciles;

    internal List<string> ErrorList { get; } = new();

    private string Deterioration => string.Create(C, $"deterioration (points at the reassessment at least {Options.MinimumIncrease} above points at the assessment, under the base model)");

    private static string Crisis => $"a crisis event within the horizon ({string.Join(" or ", ReassessmentReader.CrisisEvents.Select(e => e.Replace('_', ' ')))})";

    internal void Exclude(ReassessmentRow row, string reason) => _excluded.Add((row.Line, row.CaseId, reason));

    internal void SetUsed(int rows, int events) => (RowsUsed, Events) = (rows, events);

    internal void SetFit(IReadOnlyList<RiskWeight> weights, int iterations, double[] heldOut, bool[] outcomes, int coefficients)
    {
        _weights = weights.ToList().AsReadOnly();
        Iterations = iterations;
        (Auc, AucStandardError) = RiskMeasures.Auc(heldOut, outcomes) ?? (double.NaN, double.NaN);
        Brier = RiskMeasures.Brier(heldOut, outcomes);
        MeanPredicted = heldOut.Average();
        _deciles = RiskMeasures.Deciles(heldOut, outcomes);
        var fewer = Math.Min(Events, RowsUsed - Events);
        if (fewer < 10 * (coefficients - 1))
        {
            _warnings.Add(string.Create(C, $"few outcomes for the number of weights: {fewer} rows in the smaller outcome class for {coefficients - 1} weights (fewer than 10 a weight), so the weights are imprecise; see their intervals"));
        }

        if (AucIncludesChance)
        {
            _warnings.Add(string.Create(C, $"the held-out AUC's 95% interval ({AucLow:0.000} to {AucHigh:0.000}) includes 0.5: on this history the risk weights may rank people no better than chance, so they should not change anyone's budget"));
        }
        else if (Auc < PublishedAucLow)
        {
            _warnings.Add(string.Create(C, $"the held-out AUC {Auc:0.000} is below the level published instruments reach (about {PublishedAucLow:0.0} to {PublishedAucHigh:0.0})"));
        }
    }

    /// <summary>The sentence written into the new model's <c>directionOfTravel.calibration</c>, shown in every explanation.</summary>
    internal string CalibrationNote() => string.Create(C,
        $"Weights fitted by maximum likelihood (logistic regression) to {RowsUsed} reassessments in {HistoryFile}, {Events} of which had the outcome: {OutcomeDescription}. Held out over {Options.Folds} folds, the area under the ROC curve is {Auc:0.000} (95% interval {AucLow:0.000} to {AucHigh:0.000}); published twelve-month instruments reach about {PublishedAucLow:0.0} to {PublishedAucHigh:0.0}.");

    internal string Provenance(string version) => string.Create(C,
        $"Risk weights calibrated as version {version} on {Options.AsOf:yyyy-MM-dd} from {BaseModel.Id} {BaseModel.Version} ({BaseModel.ContentHash}) and the reassessment history {HistoryFile} ({HistoryHash}): {RowsRead} rows read, {RowsUsed} used ({Events} with the outcome), {_excluded.Count} excluded{(_excluded.Count == 0 ? "" : $" ({string.Join("; ", _excluded.GroupBy(e => e.Reason.Split(':')[0]).Select(g => $"{g.Key}: {g.Count()}"))})")}; outcome {ReassessmentReader.Name(Options.Outcome)}; {Options.Folds}-fold held-out AUC {Auc:0.000} (95% interval {AucLow:0.000} to {AucHigh:0.000}, DeLong), Brier score {Brier:0.0000} (no skill {NoSkillBrier:0.0000}).");
}
