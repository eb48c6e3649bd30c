using Ras.Engine.DirectionOfTravel;
using Ras.Engine.Scoring;

namespace Ras.Engine.Models;

/// <summary>Lookups built once per model: questions, answers, attributes and risk factors by id.</summary>
internal sealed class ModelIndex
{
    public ModelIndex(ModelDefinition m)
    {
        for (var d = 0; d < m.Domains.Count; d++)
        {
            for (var q = 0; q < m.Domains[d].Questions.Count; q++)
            {
                var question = m.Domains[d].Questions[q];
                var entry = new QuestionEntry(Flat.Count, d, q, question, $"/domains/{d}/questions/{q}", question.Answers.Select((a, i) => (a.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal));
                Questions[question.Id] = entry;
                Flat.Add(entry);
            }
        }

        foreach (var a in m.Attributes)
        {
            Attributes[a.Id] = a;
        }

        if (m.DirectionOfTravel is { } dot)
        {
            for (var i = 0; i < dot.RiskFactors.Count; i++)
            {
                RiskFactors[dot.RiskFactors[i].Id] = (i, dot.RiskFactors[i]);
            }
        }

        ClientGroups = m.ClientGroups.ToHashSet(StringComparer.Ordinal);
    }

    public Dictionary<string, QuestionEntry> Questions { get; } = new(StringComparer.Ordinal);

    /// <summary>Every question in model order; answers are held in arrays indexed by <see cref="QuestionEntry.FlatIndex"/>.</summary>
    public List<QuestionEntry> Flat { get; } = new();

    public Dictionary<string, AttributeDefinition> Attributes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (int Index, RiskFactorDefinition Factor)> RiskFactors { get; } = new(StringComparer.Ordinal);

    public HashSet<string> ClientGroups { get; }

    internal sealed record QuestionEntry(int FlatIndex, int DomainIndex, int QuestionIndex, QuestionDefinition Question, string Path, Dictionary<string, int> AnswerIndex);
}
