using System.Globalization;
using System.Text;
using Ras.Engine;
using Ras.Engine.Caseloads;

namespace Ras.Rendering;

/// <summary>
/// Renders a <see cref="CaseloadSummary"/> as plain text for a terminal: rows read, allocated and rejected,
/// counts by eligibility, offer, band (in the model's order) and client group with the model's labels, the errors,
/// the totals and the means per person offered a budget and per eligible person in the model's currency, and the warnings. For machines,
/// use <see cref="CaseloadSummary.ToJson"/>.
/// </summary>
public static class CaseloadSummaryText
{
    /// <summary>Renders the summary with the model's labels and currency.</summary>
    /// <param name="summary">What a caseload run did.</param>
    /// <param name="model">The model the caseload ran under (for a folder of models, any version of the model used): its currency, band labels and order, and client groups' order.</param>
    /// <returns>Lines ending in <c>\n</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> or <paramref name="model"/> is null.</exception>
    public static string Render(CaseloadSummary summary, RasModel model)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(model);
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        var currency = model.Currency;
        string Money(decimal d) => PeopleText.Money(d, currency);
        sb.Append(c, $"{PeopleText.Count(summary.RowsRead, "row")} read: {summary.Allocated:N0} allocated, {summary.Rejected:N0} rejected\n");
        void Section(string title, IEnumerable<KeyValuePair<string, long>> map, Func<string, string> name)
        {
            var rows = map.ToList();
            if (rows.Count == 0)
            {
                return;
            }

            sb.Append(title).Append(":\n");
            var width = Math.Max(32, rows.Max(r => name(r.Key).Length));
            foreach (var (k, v) in rows)
            {
                sb.Append("  ").Append(name(k).PadRight(width)).Append(c, $" {v,12:N0}\n");
            }
        }

        Section("by eligibility", summary.ByEligibility, PeopleText.Eligibility);
        Section("by offer", summary.ByOffer, k => PeopleText.Offer(k, model));
        Section("by band", PeopleText.InBandOrder(summary.ByBand, p => p.Key, model), k => PeopleText.Band(k, model));
        Section("by client group", PeopleText.InGroupOrder(summary.ByClientGroup, p => p.Key, model), PeopleText.ClientGroup);
        Section("rejected by error", summary.RejectedByCode, k => $"{PeopleText.Readable(k)} [{k}]");
        sb.Append(c, $"total indicative budget   {Money(summary.TotalIndicative)} a year (range {Money(summary.TotalLower)} to {Money(summary.TotalUpper)})\n");
        sb.Append(c, $"mean indicative budget    {(summary.WithBudget == 0 ? "n/a" : Money(summary.MeanIndicativePerBudget) + " a year")} per person offered a budget ({PeopleText.Count(summary.WithBudget, "person", "people")})\n");
        sb.Append(c, $"                          {(summary.Eligible == 0 ? "n/a" : Money(summary.MeanIndicativePerEligible) + " a year")} per eligible person ({PeopleText.Count(summary.Eligible, "person", "people")})\n");
        foreach (var warning in summary.Warnings)
        {
            sb.Append("warning: ").Append(warning).Append('\n');
        }

        return sb.ToString();
    }
}
