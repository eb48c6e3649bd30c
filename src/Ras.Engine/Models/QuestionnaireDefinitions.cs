namespace Ras.Engine.Models;

/// <summary>A scored area of life; <see cref="Outcome"/> names the Care Act outcome it evidences, if any.</summary>
internal sealed record DomainDefinition(
    string Id,
    string Title,
    string? Outcome,
    decimal Weight,
    decimal? MaxPoints,
    IReadOnlyList<QuestionDefinition> Questions);

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
    IReadOnlyList<string> Domains);

/// <summary>The Care Act eligibility rule: unable to achieve at least <see cref="MinimumOutcomes"/> outcomes.</summary>
internal sealed record EligibilityDefinition(int MinimumOutcomes, string? PolicyReference);
