using Ras.Engine.Text;
using Ras.Engine.Models;

namespace Ras.Engine.Rules;

/// <summary>
/// A domain's points: the answers' points × weight, capped, then adjusted (× (1 + Σ percent ÷ 100) + Σ points),
/// rounded to whole points with midpoints away from zero, never below 0. Written once: the compiler tabulates
/// it and the evaluator explains it.
/// </summary>
internal static class DomainRule
{
    /// <summary>The adjustments (by bit) that apply to domain <paramref name="d"/>.</summary>
    public static uint Applicable(ModelDefinition m, int d)
    {
        var mask = 0u;
        for (var k = 0; k < m.Adjustments.Count; k++)
        {
            if (m.Adjustments[k].AppliesTo(m.Domains[d].Id))
            {
                mask |= 1u << k;
            }
        }

        return mask;
    }

    /// <summary>
    /// Domain <paramref name="d"/>'s points for its raw points and the set of adjustments whose conditions hold
    /// (<paramref name="triggered"/>, one bit per adjustment; those that do not apply to the domain are ignored).
    /// </summary>
    public static int DomainPoints(ModelDefinition m, int d, uint triggered, int raw) => PointsApplied(m, d, triggered & Applicable(m, d), raw);

    /// <summary>
    /// Domain <paramref name="d"/>'s points for its raw points and the adjustments that hold and apply to it
    /// (<paramref name="applied"/>: the triggered set already masked by <see cref="Applicable"/>, which the
    /// compiled form keeps per domain).
    /// </summary>
    public static int PointsApplied(ModelDefinition m, int d, uint applied, int raw)
    {
        var (percent, points) = Sum(m, applied);
        return DomainDefinition.WholePoints(DomainDefinition.Adjusted(m.Domains[d].Capped(raw), percent, points));
    }

    /// <summary>Explains domain <paramref name="d"/>'s points now (<paramref name="applied"/> as for <see cref="PointsApplied"/>): each answer, the weight, the cap, the adjustments applied.</summary>
    public static void Explain<TTrace>(ModelDefinition m, ModelIndex ix, int d, ReadOnlySpan<byte> answers, uint applied, int raw, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var domain = m.Domains[d];
        var (percent, points) = Sum(m, applied);
        var weighted = raw * domain.Weight;
        var capped = domain.Capped(raw);
        var value = DomainDefinition.Adjusted(capped, percent, points);
        var result = DomainDefinition.WholePoints(value);
        var lines = new List<string>();
        var inputs = new List<(string, string)>();
        foreach (var q in domain.Questions)
        {
            var chosen = answers[ix.Questions[q.Id].FlatIndex];
            if (chosen == Rules.CaseInput.None)
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

        if (applied != 0)
        {
            var names = new List<string>();
            for (var k = 0; k < m.Adjustments.Count; k++)
            {
                if ((applied & (1u << k)) != 0)
                {
                    var adj = m.Adjustments[k];
                    names.Add($"{adj.Title} ({Effect(adj)}, because the {adj.When.Describe()})");
                }
            }

            working += $". Adjusted by {string.Join(" and ", names)}: {Format.Number(capped)} × (1 {(percent < 0 ? "−" : "+")} {Format.Number(Math.Abs(percent))}%){(points != 0 ? $" {(points < 0 ? "−" : "+")} {Math.Abs(points)}" : "")} = {Format.Number(value)}";
        }

        working += $". Domain points: {result}{(value != result ? " (rounded to whole points, halves up)" : "")}.";
        trace.Step("domain-points", domain.Title, working, Format.Number(result), $"/domains/{d}", null, inputs.ToArray());
    }

    private static (decimal Percent, int Points) Sum(ModelDefinition m, uint applied)
    {
        decimal percent = 0m;
        var points = 0;
        for (var k = 0; k < m.Adjustments.Count; k++)
        {
            if ((applied & (1u << k)) != 0)
            {
                percent += m.Adjustments[k].Percent;
                points += m.Adjustments[k].Points;
            }
        }

        return (percent, points);
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
