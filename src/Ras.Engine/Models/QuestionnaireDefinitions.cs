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
    public static decimal Adjusted(decimal capped, decimal percent, int points) => (capped * (1m + (percent / 100m))) + points;

    /// <summary>Whole points, halves away from zero, never below 0.</summary>
    public static int WholePoints(decimal value) => Math.Max(0, (int)decimal.Round(value, 0, MidpointRounding.AwayFromZero));
}

/// <summary>A question of the self-assessment questionnaire with its coded answers.</summary>
internal sealed record QuestionDefinition(string Id, string Text, bool Required, IReadOnlyList<AnswerDefinition> Answers);

/// <summary>
/// A coded answer, its points, and what it evidences for eligibility: <see cref="UnableToAchieve"/> is ground (a)
/// of regulation 2(3) (unable to achieve the domain's outcome without assistance); <see cref="Evidence"/> (format
/// version 2) names further grounds and the outcomes they bear on.
/// </summary>
internal sealed record AnswerDefinition(string Code, string Text, int Points, bool UnableToAchieve, IReadOnlyList<EvidenceDefinition>? Evidence = null)
{
    /// <summary>Every (outcome, ground) this answer evidences, given its domain's outcome: ground (a) from <see cref="UnableToAchieve"/>, then <see cref="Evidence"/>.</summary>
    public IEnumerable<(string Outcome, Ground Ground)> Evidenced(string? domainOutcome)
    {
        if (UnableToAchieve && domainOutcome is not null)
        {
            yield return (domainOutcome, Ground.WithoutAssistance);
        }

        foreach (var e in Evidence ?? Array.Empty<EvidenceDefinition>())
        {
            if (e.Outcomes.Count == 0)
            {
                if (domainOutcome is not null)
                {
                    yield return (domainOutcome, e.Ground);
                }
            }
            else
            {
                foreach (var outcome in e.Outcomes)
                {
                    yield return (outcome, e.Ground);
                }
            }
        }
    }
}

/// <summary>
/// The grounds on which an outcome counts as not achieved (Care and Support (Eligibility Criteria) Regulations
/// 2015, regulation 2(3)).
/// </summary>
internal enum Ground
{
    /// <summary>(a) unable to achieve it without assistance.</summary>
    WithoutAssistance,

    /// <summary>(b) able to achieve it without assistance, but doing so causes significant pain, distress or anxiety.</summary>
    PainDistressOrAnxiety,

    /// <summary>(c) able to achieve it without assistance, but doing so endangers or is likely to endanger the health or safety of the adult or others.</summary>
    EndangersHealthOrSafety,

    /// <summary>(d) able to achieve it without assistance, but it takes significantly longer than would normally be expected.</summary>
    TakesSignificantlyLonger,
}

/// <summary>An answer's evidence (format version 2): a ground, for its domain's outcome or the listed outcomes.</summary>
internal sealed record EvidenceDefinition(Ground Ground, IReadOnlyList<string> Outcomes);

/// <summary>The codes and plain-English wording of the grounds.</summary>
internal static class Grounds
{
    public static readonly (string Code, Ground Ground)[] Codes =
    {
        ("withoutAssistance", Ground.WithoutAssistance),
        ("painDistressOrAnxiety", Ground.PainDistressOrAnxiety),
        ("endangersHealthOrSafety", Ground.EndangersHealthOrSafety),
        ("takesSignificantlyLonger", Ground.TakesSignificantlyLonger),
    };

    public static string Code(Ground g) => Codes[(int)g].Code;

    /// <summary>The ground in plain English, with its place in the regulations.</summary>
    public static string Text(Ground g) => g switch
    {
        Ground.WithoutAssistance => "cannot do it without help (reg. 2(3)(a))",
        Ground.PainDistressOrAnxiety => "doing it alone causes significant pain, distress or anxiety (reg. 2(3)(b))",
        Ground.EndangersHealthOrSafety => "doing it alone puts their or others' health or safety at risk (reg. 2(3)(c))",
        _ => "doing it alone takes significantly longer than would normally be expected (reg. 2(3)(d))",
    };
}

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
    IReadOnlyList<string> Domains,
    Condition? Unless = null)
{
    /// <summary>True when the adjustment applies to the domain (an adjustment that names no domains applies to all).</summary>
    public bool AppliesTo(string domainId) => Domains.Count == 0 || Domains.Contains(domainId);
}

/// <summary>
/// The Care Act eligibility rule: unable to achieve at least <see cref="MinimumOutcomes"/> outcomes (on any
/// ground of regulation 2(3)), the needs arising from an impairment or illness (2(1)(a)) and a significant impact
/// on wellbeing (2(1)(c)); the last two are the assessor's determinations, taken as met when not recorded.
/// </summary>
internal sealed record EligibilityDefinition(int MinimumOutcomes, string? PolicyReference);
