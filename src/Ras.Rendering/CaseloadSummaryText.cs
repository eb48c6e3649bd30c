using System.Globalization;
using System.Text;
using Ras.Engine.Caseloads;

namespace Ras.Rendering;

/// <summary>
/// Renders a <see cref="CaseloadSummary"/> as plain text for a terminal: rows read, allocated and rejected,
/// counts by eligibility, offer, band, client group and error, the totals and the mean, and the warnings. For machines,
/// use <see cref="CaseloadSummary.ToJson"/>.
/// </summary>
public static class CaseloadSummaryText
{
    /// <summary>Renders the summary.</summary>
    /// <param name="summary">What a caseload run did.</param>
    /// <returns>Lines ending in <c>\n</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is null.</exception>
    public static string Render(CaseloadSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        sb.Append(c, $"rows read {summary.RowsRead:N0}: allocated {summary.Allocated:N0}, rejected {summary.Rejected:N0}\n");
        void Section(string title, IReadOnlyDictionary<string, long> map)
        {
            if (map.Count == 0)
            {
                return;
            }

            sb.Append(title).Append(":\n");
            foreach (var (k, v) in map)
            {
                sb.Append(c, $"  {k,-32} {v,12:N0}\n");
            }
        }

        Section("by eligibility", summary.ByEligibility);
        Section("by offer", summary.ByOffer);
        Section("by band", summary.ByBand);
        Section("by client group", summary.ByClientGroup);
        Section("rejected by error", summary.RejectedByCode);
        sb.Append(c, $"total indicative budget   £{summary.TotalIndicative:N2} a year (range £{summary.TotalLower:N2} to £{summary.TotalUpper:N2})\n");
        sb.Append(c, $"mean indicative budget    £{summary.MeanIndicative:N2} a year per allocated row\n");
        foreach (var warning in summary.Warnings)
        {
            sb.Append("warning: ").Append(warning).Append('\n');
        }

        return sb.ToString();
    }
}
