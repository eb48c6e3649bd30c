using System.Globalization;
using System.Text;
using Ras.Engine.Impact;

namespace Ras.Rendering;

/// <summary>
/// Renders an <see cref="ImpactSummary"/> as plain text for a terminal: totals, eligibility, protection,
/// winners and losers overall, by client group and by baseline band, band transitions, deciles and warnings.
/// For machines, use <see cref="ImpactSummary.ToJson"/>.
/// </summary>
public static class ImpactSummaryText
{
    /// <summary>Renders the summary.</summary>
    /// <param name="summary">The impact of a proposal, from <see cref="CaseloadComparison"/>.</param>
    /// <returns>Lines ending in <c>\n</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is null.</exception>
    public static string Render(ImpactSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var s = summary;
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var names = s.Options.Buckets;
        sb.Append(c, $"baseline {s.Baseline}\nproposal {s.Proposal}\n");
        sb.Append(c, $"rows read {s.RowsRead:N0}: compared {s.Compared:N0}, rejected {s.Rejected:N0}\n");
        sb.Append(c, $"total indicative: baseline £{s.BaselineTotal:N2}, proposal £{s.ProposalTotal:N2}, change £{s.TotalChange:N2}{(s.BaselineTotal == 0 ? "" : string.Create(c, $" ({s.TotalChange / s.BaselineTotal * 100m:0.00}%)"))}\n");
        sb.Append(c, $"eligibility: {s.NewlyEligible:N0} newly eligible, {s.LosingEligibility:N0} losing eligibility\n");
        if (s.Options.ProtectLossPercent is not null || s.Options.ProtectLossAmount is not null)
        {
            sb.Append(c, $"transitional protection ({(s.Options.ProtectLossPercent is { } p ? string.Create(c, $"losses capped at {p}%") : string.Create(c, $"losses capped at £{s.Options.ProtectLossAmount:N2}"))}): {s.Protected:N0} people protected, cost £{s.ProtectionCost:N2}\n");
        }

        sb.Append("winners and losers:\n");
        for (var b = 0; b < 5; b++)
        {
            sb.Append(c, $"  {names[b],-32} {s.Buckets[b],12:N0}\n");
        }

        void Table(string title, IReadOnlyDictionary<string, IReadOnlyList<long>> rows)
        {
            sb.Append(c, $"{title}:\n  {"",-24}");
            foreach (var n in new[] { "lose >", "lose ≤", "same", "gain ≤", "gain >" })
            {
                sb.Append(c, $" {n,10}");
            }

            sb.Append('\n');
            foreach (var (k, v) in rows)
            {
                sb.Append(c, $"  {k,-24}");
                foreach (var n in v)
                {
                    sb.Append(c, $" {n,10:N0}");
                }

                sb.Append('\n');
            }
        }

        Table("by client group", s.BucketsByClientGroup);
        Table("by baseline band", s.BucketsByBaselineBand);
        sb.Append("band transitions (baseline → proposal: people):\n");
        foreach (var ((from, to), n) in s.Transitions)
        {
            sb.Append(c, $"  {from,-14} → {to,-14} {n,12:N0}\n");
        }

        var deciles = s.Deciles;
        if (deciles.Count > 0)
        {
            sb.Append("change in pounds by decile (10% … 90%): ").Append(string.Join(", ", deciles.Select(d => d.ToString("0.##", c)))).Append('\n');
        }

        foreach (var w in s.Warnings)
        {
            sb.Append("warning: ").Append(w).Append('\n');
        }

        return sb.ToString();
    }
}
