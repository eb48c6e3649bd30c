using Ras.Engine.Models;

namespace Ras.Engine.Questionnaires;

/// <summary>
/// A read-only view of a model's questionnaire, in the model's order, for rendering a form: the client groups,
/// case attributes, numeric inputs, the domains with their questions and answers, and the direction-of-travel
/// risk factors with their levels. It holds what a person is asked and what each answer means, so that an
/// embedder never needs to read the model's JSON. Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// An assessment answers it with codes: <c>answers</c> and <c>anticipated</c> by question id and answer code,
/// <c>attributes</c> by attribute id and value code, <c>inputs</c> by input id, <c>riskFactors</c> by factor id
/// and level code, and <c>clientGroup</c> one of <see cref="ClientGroups"/>.
/// </remarks>
public sealed class Questionnaire
{
    private Questionnaire()
    {
    }

    /// <summary>The model id.</summary>
    public string ModelId { get; private init; } = "";

    /// <summary>The model version.</summary>
    public string ModelVersion { get; private init; } = "";

    /// <summary>The model's content hash (<c>sha256:…</c>).</summary>
    public string ModelHash { get; private init; } = "";

    /// <summary>The model's title.</summary>
    public string Title { get; private init; } = "";

    /// <summary>The model's description, or null.</summary>
    public string? Description { get; private init; }

    /// <summary>True for an illustrative model that is not calibrated to any council.</summary>
    public bool IsIllustrative { get; private init; }

    /// <summary>The first day the model is in force (inclusive).</summary>
    public DateOnly EffectiveFrom { get; private init; }

    /// <summary>The last day the model is in force (inclusive), or null when it has no end date.</summary>
    public DateOnly? EffectiveTo { get; private init; }

    /// <summary>The ISO 4217 code of the currency every amount of a result is in, for example <c>GBP</c>.</summary>
    public string Currency { get; private init; } = "";

    /// <summary>The client group codes an assessment may give; empty when the model lists none (any is accepted).</summary>
    public IReadOnlyList<string> ClientGroups { get; private init; } = Array.Empty<string>();

    /// <summary>The case attributes (such as age group), with their coded values.</summary>
    public IReadOnlyList<QuestionnaireAttribute> Attributes { get; private init; } = Array.Empty<QuestionnaireAttribute>();

    /// <summary>The numeric inputs (format version 2 models, such as age in years); empty for version 1 models.</summary>
    public IReadOnlyList<QuestionnaireInput> Inputs { get; private init; } = Array.Empty<QuestionnaireInput>();

    /// <summary>The scored domains, in order, each with its questions.</summary>
    public IReadOnlyList<QuestionnaireDomain> Domains { get; private init; } = Array.Empty<QuestionnaireDomain>();

    /// <summary>
    /// True when the model has an eligibility rule: besides the outcomes, it then uses the assessor's
    /// determinations (<c>determinations</c>: <c>needsFromImpairment</c>, reg. 2(1)(a), and
    /// <c>significantImpactOnWellbeing</c>, reg. 2(1)(c)), each taken as met when not recorded.
    /// </summary>
    public bool HasEligibilityRule { get; private init; }

    /// <summary>
    /// The number of months the direction-of-travel rule looks ahead (anticipated answers describe need at its
    /// end), or null when the model has no such rule: then it asks for neither anticipated answers nor risk factors.
    /// </summary>
    public int? HorizonMonths { get; private init; }

    /// <summary>
    /// True when the model weights an anticipated change by when it is expected: an assessment may then give,
    /// for each anticipated answer, the whole number of months (1 to <see cref="HorizonMonths"/>) within which it
    /// is expected (<c>anticipatedWithinMonths</c>); a change with no time given counts as expected within the horizon.
    /// </summary>
    public bool WeightsTiming { get; private init; }

    /// <summary>The direction-of-travel risk factors and their levels; empty when the model has no such rule.</summary>
    public IReadOnlyList<QuestionnaireRiskFactor> RiskFactors { get; private init; } = Array.Empty<QuestionnaireRiskFactor>();

    internal static Questionnaire From(ModelDefinition m, string contentHash) => new()
    {
        ModelId = m.Id,
        ModelVersion = m.Version,
        ModelHash = contentHash,
        Title = m.Title,
        Description = m.Description,
        IsIllustrative = m.Illustrative,
        EffectiveFrom = m.EffectiveFrom,
        EffectiveTo = m.EffectiveTo,
        Currency = m.Currency,
        ClientGroups = ReadOnly(m.ClientGroups, g => g),
        Attributes = ReadOnly(m.Attributes, a => new QuestionnaireAttribute(a.Id, a.Label, a.Required, ReadOnly(a.Values, v => new QuestionnaireOption(v.Code, v.Label)))),
        Inputs = ReadOnly(m.Inputs, i => new QuestionnaireInput(i.Id, i.Label, i.Unit, i.Min, i.Max, i.Required)),
        Domains = ReadOnly(m.Domains, d => new QuestionnaireDomain(
            d.Id,
            d.Title,
            d.Outcome,
            d.Outcome is null ? null : CareActOutcomes.Wording(d.Outcome),
            ReadOnly(d.Questions, q => new QuestionnaireQuestion(
                q.Id,
                q.Text,
                q.Required,
                ReadOnly(q.Answers, a => new QuestionnaireAnswer(a.Code, a.Text, a.Points, Array.AsReadOnly(a.Evidenced(d.Outcome).Select(e => new QuestionnaireEvidence(e.Outcome, Grounds.Code(e.Ground), Grounds.Text(e.Ground))).ToArray()))))))),
        HasEligibilityRule = m.Eligibility is not null,
        HorizonMonths = m.DirectionOfTravel?.HorizonMonths,
        WeightsTiming = m.DirectionOfTravel is { ProRataTiming: true },
        RiskFactors = m.DirectionOfTravel is { } dot
            ? ReadOnly(dot.RiskFactors, f => new QuestionnaireRiskFactor(f.Id, f.Text, ReadOnly(f.Levels, l => new QuestionnaireOption(l.Code, l.Text))))
            : Array.AsReadOnly(Array.Empty<QuestionnaireRiskFactor>()),
    };

    private static IReadOnlyList<TView> ReadOnly<TDefinition, TView>(IReadOnlyList<TDefinition> items, Func<TDefinition, TView> view)
    {
        var result = new TView[items.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = view(items[i]);
        }

        return Array.AsReadOnly(result);
    }
}
