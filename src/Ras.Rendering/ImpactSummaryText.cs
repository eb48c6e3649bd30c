using System.Globalization;
using System.Text;
using Ras.Engine.Impact;

namespace Ras.Rendering;

/// <summary>
/// Renders an <see cref="ImpactSummary"/> as plain text for a terminal, in the baseline model's currency and
/// labels: what the proposal does, totals, the gross change and (with protection) its rule, cost and the net
/// change, eligibility, winners and losers overall, by client group and by baseline band (in the model's
/// order), band transitions, the mean change by decile of baseline budget, and warnings.
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
        var model = s.BaselineModel;
        var currency = model.Currency;
        string Money(decimal d) => PeopleText.Money(d, currency);
        var sb = new StringBuilder();
        var names = s.Options.Buckets;
        sb.Append(c, $"baseline {s.Baseline}\nproposal {s.Proposal}\n");
        if (Proposal(s) is { } what)
        {
            sb.Append("  ").Append(what).Append('\n');
        }

        sb.Append(c, $"{PeopleText.Count(s.RowsRead, "row")} read: {s.Compared:N0} compared, {s.Rejected:N0} rejected\n");
        sb.Append(c, $"total indicative: baseline {Money(s.BaselineTotal)}, proposal {Money(s.ProposalTotal)}\n");
        sb.Append(c, $"gross change (before protection) {Money(s.TotalChange)} a year{Percent(s, s.TotalChange)}\n");
        if (ProtectionRule(s) is { } rule)
        {
            sb.Append(c, $"transitional protection ({rule}): {PeopleText.Count(s.Protected, "person", "people")} protected, cost {Money(s.ProtectionCost)}\n");
            sb.Append(c, $"net change (after protection) {Money(s.TotalChange + s.ProtectionCost)} a year{Percent(s, s.TotalChange + s.ProtectionCost)}\n");
        }

        sb.Append(c, $"eligibility: {s.NewlyEligible:N0} newly eligible, {s.LosingEligibility:N0} losing eligibility\n");
        sb.Append("winners and losers (people):\n");
        for (var b = 0; b < 5; b++)
        {
            sb.Append(c, $"  {names[b],-32} {s.Buckets[b],12:N0}\n");
        }

        void Table(string title, IEnumerable<KeyValuePair<string, IReadOnlyList<long>>> rows, Func<string, string> name)
        {
            sb.Append(c, $"{title}:\n  {"",-24}");
            foreach (var n in new[] { "lose >", "lose ≤", "same", "gain ≤", "gain >" })
            {
                sb.Append(c, $" {n,10}");
            }

            sb.Append('\n');
            foreach (var (k, v) in rows)
            {
                sb.Append(c, $"  {name(k),-24}");
                foreach (var n in v)
                {
                    sb.Append(c, $" {n,10:N0}");
                }

                sb.Append('\n');
            }
        }

        Table("by client group", PeopleText.InGroupOrder(s.BucketsByClientGroup, p => p.Key, model), PeopleText.ClientGroup);
        Table("by baseline band", PeopleText.InBandOrder(s.BucketsByBaselineBand, p => p.Key, model), k => PeopleText.Band(k, model));
        sb.Append("band transitions (baseline → proposal: people):\n");
        foreach (var ((from, to), n) in PeopleText.InBandOrder(PeopleText.InBandOrder(s.Transitions, p => p.Key.To, model), p => p.Key.From, model))
        {
            sb.Append(c, $"  {PeopleText.Band(from, model),-24} → {PeopleText.Band(to, model),-24} {n,12:N0}\n");
        }

        var deciles = s.ChangeByBaselineDecile;
        if (deciles.Count > 0)
        {
            sb.Append("mean change by decile of baseline budget (a year):\n");
            foreach (var d in deciles)
            {
                sb.Append(c, $"  {d.Decile,2}  {Money(d.BaselineFrom),14} to {Money(d.BaselineTo),-14} {PeopleText.Count(d.People, "person", "people"),14}  mean change {Money(d.MeanChange)}\n");
            }
        }

        foreach (var w in s.Warnings)
        {
            sb.Append("warning: ").Append(w).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The protection rule in words ("losses capped at 5% of the baseline"), or null when there is none.</summary>
    internal static string? ProtectionRule(ImpactSummary s) =>
        s.Options.ProtectLossPercent is { } p ? string.Create(CultureInfo.InvariantCulture, $"losses capped at {p:0.##}% of the baseline")
        : s.Options.ProtectLossAmount is { } a ? $"losses capped at {PeopleText.Money(a, s.BaselineModel.Currency)} a year"
        : null;

    /// <summary>The proposal's title when it is not the baseline's (a change file's proposal names its change there), or null.</summary>
    internal static string? Proposal(ImpactSummary s) =>
        s.ProposalModel.Title != s.BaselineModel.Title ? s.ProposalModel.Title : null;

    internal static string Percent(ImpactSummary s, decimal change) =>
        s.BaselineTotal == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" ({change / s.BaselineTotal * 100m:0.00}%)");
}
