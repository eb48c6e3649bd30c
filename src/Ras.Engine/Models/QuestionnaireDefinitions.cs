namespace Ras.Engine.Models;

/// <summary>A scored area of life; <see cref="Outcome"/> names the Care Act outcome it evidences, if any.</summary>
internal sealed record DomainDefinition(
    string Id,
    string Title,
    string? Outcome,
    decimal Weight,
    decimal? MaxPoints,
    IReadOnlyList<QuestionDefinition> Questions)
{
    /// <summary>Raw points × weight, limited by the cap.</summary>
    public decimal Capped(decimal raw)
    {
        var weighted = raw * Weight;
        return MaxPoints is { } cap ? Math.Min(weighted, cap) : weighted;
    }

    /// <summary>capped × (1 + Σ percent ÷ 100) + Σ points: the adjusted value before rounding.</summary>
    public static decimal Adjusted(decimal capped, decimal percent, decimal points) => (capped * (1m + (percent / 100m))) + points;

    /// <summary>Whole points, halves away from zero, never below 0.</summary>
    public static int WholePoints(decimal value) => Math.Max(0, (int)decimal.Round(value, 0, MidpointRounding.AwayFromZero));
}

/// <summary>A question of the self-assessment questionnaire with its coded answers.</summary>
internal sealed record QuestionDefinition(string Id, string Text, bool Required, IReadOnlyList<AnswerDefinition> Answers);

/// <summary>A coded answer, its points, and whether it means the person is unable to achieve the domain's outcome.</summary>
internal sealed record AnswerDefinition(string Code, string Text, int Points, bool UnableToAchieve);

/// <summary>What an adjustment is, so that carer treatment is a visible, reportable choice.</summary>
internal enum AdjustmentKind
{
    CarerDeduction,
    Other,
}

/// <summary>
/// A documented change to domain points, triggered by an answer or attribute: a percentage of the domain's
/// points and/or a number of points, applied to the listed domains (all domains when none are listed).
/// </summary>
internal sealed record AdjustmentDefinition(
    string Id,
    string Title,
    AdjustmentKind Kind,
    string Reason,
    string? PolicyReference,
    Condition When,
    decimal Percent,
    int Points,
    IReadOnlyList<string> Domains)
{
    /// <summary>True when the adjustment applies to the domain (an adjustment that names no domains applies to all).</summary>
    public bool AppliesTo(string domainId) => Domains.Count == 0 || Domains.Contains(domainId);
}

/// <summary>The Care Act eligibility rule: unable to achieve at least <see cref="MinimumOutcomes"/> outcomes.</summary>
internal sealed record EligibilityDefinition(int MinimumOutcomes, string? PolicyReference);
