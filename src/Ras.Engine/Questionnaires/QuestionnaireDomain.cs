namespace Ras.Engine.Questionnaires;

/// <summary>A scored area of life and its questions, in the model's order.</summary>
public sealed class QuestionnaireDomain
{
    internal QuestionnaireDomain(string id, string title, string? outcome, string? outcomeWording, IReadOnlyList<QuestionnaireQuestion> questions)
    {
        Id = id;
        Title = title;
        Outcome = outcome;
        OutcomeWording = outcomeWording;
        Questions = questions;
    }

    /// <summary>The domain id.</summary>
    public string Id { get; }

    /// <summary>The domain's plain-English title, for example "Eating and drinking".</summary>
    public string Title { get; }

    /// <summary>The code of the Care Act outcome the domain evidences (for example <c>nutrition</c>), or null.</summary>
    public string? Outcome { get; }

    /// <summary>
    /// The outcome in the words of the Care and Support (Eligibility Criteria) Regulations 2015, reg. 2(2) (for
    /// example "managing and maintaining nutrition"), or null when the domain evidences no outcome.
    /// </summary>
    public string? OutcomeWording { get; }

    /// <summary>The domain's questions, in order.</summary>
    public IReadOnlyList<QuestionnaireQuestion> Questions { get; }
}
