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
    /// <param name="result">The outcome of <see cref="Calibrator.Calibrate(Ras.Engine.RasModel, string, CalibrationOptions)"/>.</param>
    /// <returns>Lines ending in <c>\n</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public static string Render(CalibrationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var r = result;
        var currency = r.BaseModel.Currency;
        string Money(double d) => PeopleText.WholeMoney(d, currency);
        string Money2(decimal d) => PeopleText.Money(d, currency);
        var sb = new StringBuilder();
        sb.Append(C, $"base {r.BaseModel.Id} {r.BaseModel.Version}; history {r.HistoryFile} ({r.HistoryHash})\n");
        sb.Append(C, $"{PeopleText.Count(r.RowsRead, "row")} read: {r.RowsUsed:N0} used, {r.Excluded.Count:N0} excluded\n");
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
            sb.Append(C, $"method {PeopleText.Readable(r.Options.Method.ToString()).ToLowerInvariant()}: {fit}\n");
            if (r.SuggestedBands is { } suggested)
            {
                sb.Append("suggested bands (points, both edges inclusive): ").Append(string.Join(", ", suggested.Select(b => b.Max is null ? $"{b.Id} {b.Min}+" : $"{b.Id} {b.Min}–{b.Max}"))).Append('\n');
            }
            var o = r.Overall;
            sb.Append(C, $"held-out ({r.Options.Folds} folds): R² {o.RSquared:0.000}, RMSE {Money(o.RootMeanSquareError)}, MAPE {o.MeanAbsolutePercentError:0.0}%, median APE {o.MedianAbsolutePercentError:0.0}%, coverage {o.Coverage:0.0}% (target {r.Options.TargetCoverage}%, range ±{r.TolerancePercent:0.0}%)\n");
            sb.Append(C, $"estimated {Money(o.Estimated)} vs actual {Money(o.Actual)} (core costs, held out)\n");
            Table(sb, "by band", PeopleText.InBandOrder(r.ByBand, p => p.Key, r.BaseModel).Select(p => (PeopleText.Band(p.Key, r.BaseModel), p.Value)));
            Table(sb, "by client group (fairness: estimate ÷ actual, 95% interval)", PeopleText.InGroupOrder(r.ByClientGroup, p => p.Key, r.BaseModel).Select(p => (PeopleText.ClientGroup(p.Key), p.Value)));
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
            foreach (var (group, (amount, people)) in PeopleText.InGroupOrder(deductions, p => p.Key, r.BaseModel))
            {
                sb.Append(C, $"  {PeopleText.ClientGroup(group),-22} {Money2(amount),15} {PeopleText.Count(people, "person", "people"),14}\n");
            }
        }

        if (r.Affordability is { } a)
        {
            sb.Append(C, $"affordability: {Money2(a.Available)} available after contingency; total {Money2(a.Before)} before scaling, {Money2(a.After)} after; prices × {r.ScalingFactor}\n");
        }

        foreach (var w in r.Warnings)
        {
            sb.Append("warning: ").Append(w).Append('\n');
        }

        return sb.ToString();
    }

    private static void Table(StringBuilder sb, string title, IEnumerable<(string Name, CalibrationResult.Accuracy Accuracy)> groups)
    {
        sb.Append(title).Append(":\n");
        foreach (var (k, a) in groups)
        {
            sb.Append(C, $"  {k,-22} {a.Rows,7:N0} {PeopleText.Noun(a.Rows, "row"),-4}  MAPE {a.MeanAbsolutePercentError,6:0.0}%  coverage {a.Coverage,5:0.0}%  ratio {a.Ratio:0.000} ({a.RatioLow:0.000}–{a.RatioHigh:0.000}) {a.Flag}\n");
        }
    }
}
