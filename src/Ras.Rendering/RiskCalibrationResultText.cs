using System.Globalization;
using System.Text;
using Ras.Calibration;

namespace Ras.Rendering;

/// <summary>
/// Renders a <see cref="RiskCalibrationResult"/> as plain text for a terminal: rows used and excluded, the
/// outcome, errors, warnings first and plainly, the held-out figures against the published level, and the
/// weights with their 95% intervals beside the base model's.
/// </summary>
public static class RiskCalibrationResultText
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Renders the result.</summary>
    /// <param name="result">The outcome of <see cref="RiskCalibrator.Calibrate"/>.</param>
    /// <returns>Lines ending in <c>\n</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public static string Render(RiskCalibrationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var r = result;
        var sb = new StringBuilder();
        sb.Append(C, $"base {r.BaseModel.Id} {r.BaseModel.Version}; reassessment history {r.HistoryFile} ({r.HistoryHash})\n");
        sb.Append(C, $"{PeopleText.Count(r.RowsRead, "row")} read: {r.RowsUsed:N0} used ({r.Events:N0} with the outcome), {r.Excluded.Count:N0} excluded\n");
        foreach (var (reason, count) in ExcludedByReason(r))
        {
            sb.Append(C, $"  excluded {count,8:N0}  {reason}\n");
        }

        sb.Append("outcome: ").Append(r.OutcomeDescription).Append('\n');
        foreach (var e in r.Errors)
        {
            sb.Append("error: ").Append(e).Append('\n');
        }

        foreach (var w in r.Warnings)
        {
            sb.Append("WARNING: ").Append(w).Append('\n');
        }

        if (r.Weights.Count == 0)
        {
            return sb.ToString();
        }

        sb.Append(C, $"held out ({r.Options.Folds} folds): AUC {r.Auc:0.000} (95% interval {r.AucLow:0.000} to {r.AucHigh:0.000}, DeLong; published instruments about {RiskCalibrationResult.PublishedAucLow:0.0} to {RiskCalibrationResult.PublishedAucHigh:0.0}; 0.5 is chance)\n");
        sb.Append(C, $"  Brier score {r.Brier:0.0000} (predicting the observed rate for everyone: {r.NoSkillBrier:0.0000}); mean predicted {Percent(r.MeanPredicted)}, observed {Percent((double)r.Events / r.RowsUsed)}\n");
        sb.Append("weights (logit scale; each factor's first level is the reference, 0):\n");
        sb.Append(C, $"  {"factor",-24} {"level",-20} {"rows",6} {"outcome",7} {"base",8} {"fitted",8} {"95% interval",19}\n");
        foreach (var w in r.Weights.Where(w => !w.IsReference))
        {
            sb.Append(C, $"  {w.Factor,-24} {w.Level,-20} {w.Rows,6:N0} {w.Events,7:N0} {w.BaseWeight,8:0.0000} {w.Estimate,8:0.0000} {Interval(w),19}\n");
        }

        if (r.Impact is { } impact)
        {
            sb.Append(C, $"budgets over the history's caseload: {PeopleText.Money(impact.BaselineTotal, r.BaseModel.Currency)} under the base model, {PeopleText.Money(impact.ProposalTotal, r.BaseModel.Currency)} with the new weights (change {PeopleText.Money(impact.TotalChange, r.BaseModel.Currency)})\n");
        }

        return sb.ToString();
    }

    /// <summary>The excluded rows counted by the reason's heading (the text before its first colon), most first.</summary>
    internal static IEnumerable<(string Reason, int Count)> ExcludedByReason(RiskCalibrationResult r) =>
        r.Excluded.GroupBy(e => e.Reason.Split(':')[0]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count()));

    /// <summary>A share as a percentage to one decimal place, <c>39.7%</c> (the invariant culture's P format puts a space before the sign).</summary>
    internal static string Percent(double share) => (share * 100).ToString("0.0", C) + "%";

    internal static string Interval(RiskWeight w) => string.Create(C, $"{w.Low:0.0000} to {w.High:0.0000}");
}
