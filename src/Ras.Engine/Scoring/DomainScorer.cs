using Ras.Engine.Assessments;
using Ras.Engine.Explanation;
using Ras.Engine.Models;

namespace Ras.Engine.Scoring;

/// <summary>
/// A domain's points: the answers' points × weight, capped, then adjusted
/// (× (1 + Σ percent ÷ 100) + Σ points), rounded to whole points with midpoints away from zero, never below 0.
/// </summary>
internal static class DomainScorer
{
    internal readonly record struct DomainScore(int Raw, int Points, bool Unable);

    public static DomainScore Score(ModelDefinition m, ModelIndex ix, int d, int[] answers, Assessment a, ExplanationBuilder? ex)
    {
        var domain = m.Domains[d];
        var raw = RawPoints(m, ix, d, answers);
        var weighted = raw * domain.Weight;
        var capped = Capped(domain, raw);
        decimal percent = 0m;
        var points = 0;
        List<string>? applied = ex is null ? null : new List<string>();
        for (var i = 0; i < m.Adjustments.Count; i++)
        {
            var adj = m.Adjustments[i];
            if (!AppliesTo(adj, domain.Id) || !Holds(adj.When, ix, answers, a))
            {
                continue;
            }

            percent += adj.Percent;
            points += adj.Points;
            applied?.Add($"{adj.Title} ({Effect(adj)}, because the {adj.When.Describe()})");
        }

        var value = Value(capped, percent, points);
        var result = Points(value);
        var unable = Unable(m, ix, d, answers);

        if (ex is not null)
        {
            var lines = new List<string>();
            var inputs = new List<(string, string)>();
            foreach (var q in domain.Questions)
            {
                var entry = ix.Questions[q.Id];
                var chosen = answers[entry.FlatIndex];
                if (chosen < 0)
                {
                    lines.Add($"'{q.Text}' not answered: 0 points");
                    inputs.Add((q.Id, "not answered"));
                }
                else
                {
                    var answer = q.Answers[chosen];
                    lines.Add($"'{q.Text}' answered '{answer.Text}': {answer.Points} points{(answer.UnableToAchieve ? " (unable to achieve the outcome)" : "")}");
                    inputs.Add((q.Id, answer.Code));
                }
            }

            var working = $"{string.Join("; ", lines)}. Raw points {raw}";
            if (domain.Weight != 1m)
            {
                working += $" × weight {Format.Number(domain.Weight)} = {Format.Number(weighted)}";
            }

            if (domain.MaxPoints is { } c)
            {
                working += weighted > c ? $", capped at {Format.Number(c)}" : $" (cap {Format.Number(c)} not reached)";
            }

            if (applied!.Count > 0)
            {
                working += $". Adjusted by {string.Join(" and ", applied)}: {Format.Number(capped)} × (1 {(percent < 0 ? "−" : "+")} {Format.Number(Math.Abs(percent))}%){(points != 0 ? $" {(points < 0 ? "−" : "+")} {Math.Abs(points)}" : "")} = {Format.Number(value)}";
            }

            working += $". Domain points: {result}{(value != result ? " (rounded to whole points, halves up)" : "")}.";
            ex.Add("domain-points", domain.Title, working, Format.Number(result), $"/domains/{d}", null, inputs.ToArray());
        }

        return new DomainScore(raw, result, unable);
    }

    /// <summary>The weighted points limited by the domain's cap.</summary>
    public static decimal Capped(DomainDefinition domain, int raw)
    {
        var weighted = raw * domain.Weight;
        return domain.MaxPoints is { } cap ? Math.Min(weighted, cap) : weighted;
    }

    /// <summary>capped × (1 + Σ percent ÷ 100) + Σ points.</summary>
    public static decimal Value(decimal capped, decimal percent, int points) => (capped * (1m + (percent / 100m))) + points;

    /// <summary>Whole points, halves away from zero, never below 0.</summary>
    public static int Points(decimal value) => Math.Max(0, (int)decimal.Round(value, 0, MidpointRounding.AwayFromZero));

    public static int RawPoints(ModelDefinition m, ModelIndex ix, int d, int[] answers)
    {
        var raw = 0;
        foreach (var q in m.Domains[d].Questions)
        {
            var chosen = answers[ix.Questions[q.Id].FlatIndex];
            if (chosen >= 0)
            {
                raw = checked(raw + q.Answers[chosen].Points);
            }
        }

        return raw;
    }

    public static bool Unable(ModelDefinition m, ModelIndex ix, int d, int[] answers)
    {
        foreach (var q in m.Domains[d].Questions)
        {
            var chosen = answers[ix.Questions[q.Id].FlatIndex];
            if (chosen >= 0 && q.Answers[chosen].UnableToAchieve)
            {
                return true;
            }
        }

        return false;
    }

    public static bool AppliesTo(AdjustmentDefinition adj, string domainId) => adj.Domains.Count == 0 || adj.Domains.Contains(domainId);

    public static bool Holds(Condition c, ModelIndex ix, int[] answers, Assessment a)
    {
        if (c.Subject == ConditionSubject.Attribute)
        {
            return a.Attributes.TryGetValue(c.Reference, out var value) && c.AnyOf.Contains(value);
        }

        var entry = ix.Questions[c.Reference];
        var chosen = answers[entry.FlatIndex];
        return chosen >= 0 && c.AnyOf.Contains(entry.Question.Answers[chosen].Code);
    }

    private static string Effect(AdjustmentDefinition adj)
    {
        var parts = new List<string>();
        if (adj.Percent != 0)
        {
            parts.Add($"{(adj.Percent < 0 ? "−" : "+")}{Format.Number(Math.Abs(adj.Percent))}%");
        }

        if (adj.Points != 0)
        {
            parts.Add($"{(adj.Points < 0 ? "−" : "+")}{Math.Abs(adj.Points)} points");
        }

        return string.Join(", ", parts);
    }
}
