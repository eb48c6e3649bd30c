using System.Globalization;
using System.Text;
using Ras.Calibration;

namespace Ras.Rendering;

/// <summary>
/// Renders a <see cref="CalibrationResult"/> as plain text for a terminal: rows used and excluded, errors, the
/// fit, held-out accuracy overall, by band and by client group (with fairness flags), notes, carers'
/// deductions, affordability and warnings. For machines, use <see cref="CalibrationResult.ToJson"/>.
/// </summary>
public static class CalibrationResultText
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Renders the result.</summary>
    /// <param name="result">The outcome of <see cref="Calibrator.Calibrate"/>.</param>
    /// <returns>Lines ending in <c>\n</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public static string Render(CalibrationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var r = result;
        var sb = new StringBuilder();
        sb.Append(C, $"base {r.BaseModel.Id} {r.BaseModel.Version}; history {r.HistoryFile} ({r.HistoryHash})\n");
        sb.Append(C, $"rows read {r.RowsRead:N0}: used {r.RowsUsed:N0}, excluded {r.Excluded.Count:N0}\n");
        foreach (var g in r.Excluded.GroupBy(e => e.Reason.Split(':')[0]).OrderByDescending(g => g.Count()))
        {
            sb.Append(C, $"  excluded {g.Count(),8:N0}  {g.Key}\n");
        }

        foreach (var e in r.Errors)
        {
            sb.Append("error: ").Append(e).Append('\n');
        }

        if (r.FitDescription is { } fit)
        {
            sb.Append(C, $"method {r.Options.Method}: {fit}\n");
            if (r.SuggestedBands is { } suggested)
            {
                sb.Append("suggested bands (points, both edges inclusive): ").Append(string.Join(", ", suggested.Select(b => b.Max is null ? $"{b.Id} {b.Min}+" : $"{b.Id} {b.Min}–{b.Max}"))).Append('\n');
            }
            var o = r.Overall;
            sb.Append(C, $"held-out ({r.Options.Folds} folds): R² {o.RSquared:0.000}, RMSE £{o.RootMeanSquareError:N0}, MAPE {o.MeanAbsolutePercentError:0.0}%, median APE {o.MedianAbsolutePercentError:0.0}%, coverage {o.Coverage:0.0}% (target {r.Options.TargetCoverage}%, range ±{r.TolerancePercent:0.0}%)\n");
            sb.Append(C, $"estimated £{o.Estimated:N0} vs actual £{o.Actual:N0} (core costs, held out)\n");
            Table(sb, "by band", r.ByBand);
            Table(sb, "by client group (fairness: estimate ÷ actual, 95% interval)", r.ByClientGroup);
            if (r.ByClientGroup.Count < 2)
            {
                sb.Append("warning: only one client group: fairness between groups cannot be assessed\n");
            }
        }

        foreach (var raise in r.Raised)
        {
            sb.Append("note: ").Append(raise).Append('\n');
        }

        if (r.CarerDeductions is { } deductions)
        {
            sb.Append("carers' deductions by client group (money a year the deductions take; people reduced):\n");
            foreach (var (group, (amount, people)) in deductions)
            {
                sb.Append(C, $"  {group,-22} £{amount,14:N2} {people,8:N0} people\n");
            }
        }

        if (r.Affordability is { } a)
        {
            sb.Append(C, $"affordability: £{a.Available:N2} available after contingency; total £{a.Before:N2} before scaling, £{a.After:N2} after; prices × {r.ScalingFactor}\n");
        }

        foreach (var w in r.Warnings)
        {
            sb.Append("warning: ").Append(w).Append('\n');
        }

        return sb.ToString();
    }

    private static void Table(StringBuilder sb, string title, IReadOnlyDictionary<string, CalibrationResult.Accuracy> groups)
    {
        sb.Append(title).Append(":\n");
        foreach (var (k, a) in groups)
        {
            sb.Append(C, $"  {k,-22} {a.Rows,7:N0} rows  MAPE {a.MeanAbsolutePercentError,6:0.0}%  coverage {a.Coverage,5:0.0}%  ratio {a.Ratio:0.000} ({a.RatioLow:0.000}–{a.RatioHigh:0.000}) {a.Flag}\n");
        }
    }
}
