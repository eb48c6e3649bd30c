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
        for (var i = 0; i < m.Attributes.Count; i++)
        {
            AttributeIndex[m.Attributes[i].Id] = i;
        }

        for (var i = 0; i < m.Domains.Count; i++)
        {
            DomainIndex[m.Domains[i].Id] = i;
        }

        for (var i = 0; i < m.Inputs.Count; i++)
        {
            Inputs[m.Inputs[i].Id] = (i, m.Inputs[i]);
        }

        for (var i = 0; i < m.Derived.Count; i++)
        {
            Derived[m.Derived[i].Id] = (i, m.Derived[i]);
        }

        DerivedOrder = OrderDerived(m);
    }

    /// <summary>Attribute indexes by id.</summary>
    public Dictionary<string, int> AttributeIndex { get; } = new(StringComparer.Ordinal);

    /// <summary>Domain indexes by id.</summary>
    public Dictionary<string, int> DomainIndex { get; } = new(StringComparer.Ordinal);

    /// <summary>Numeric inputs by id, with their index in model order.</summary>
    public Dictionary<string, (int Index, NumericInputDefinition Input)> Inputs { get; } = new(StringComparer.Ordinal);

    /// <summary>Derived quantities by id, with their index in model order.</summary>
    public Dictionary<string, (int Index, DerivedDefinition Derived)> Derived { get; } = new(StringComparer.Ordinal);

    /// <summary>Derived-quantity indexes in an order that works each out after those it sums (validation rejects cycles).</summary>
    public int[] DerivedOrder { get; }

    public Dictionary<string, QuestionEntry> Questions { get; } = new(StringComparer.Ordinal);

    /// <summary>Every question in model order; answers are held in arrays indexed by <see cref="QuestionEntry.FlatIndex"/>.</summary>
    public List<QuestionEntry> Flat { get; } = new();

    public Dictionary<string, AttributeDefinition> Attributes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (int Index, RiskFactorDefinition Factor)> RiskFactors { get; } = new(StringComparer.Ordinal);

    public HashSet<string> ClientGroups { get; }

    internal sealed record QuestionEntry(int FlatIndex, int DomainIndex, int QuestionIndex, QuestionDefinition Question, string Path, Dictionary<string, int> AnswerIndex);

    private int[] OrderDerived(ModelDefinition m)
    {
        var order = new List<int>();
        var state = new byte[m.Derived.Count]; // 0 new, 1 visiting, 2 done
        void Visit(int i)
        {
            if (state[i] != 0)
            {
                return; // done, or a cycle (reported by validation; a model with one never loads)
            }

            state[i] = 1;
            foreach (var t in m.Derived[i].Terms)
            {
                if (t.Source == DerivedSource.Derived && t.Reference is { } id && Derived.TryGetValue(id, out var dep))
                {
                    Visit(dep.Index);
                }
            }

            state[i] = 2;
            order.Add(i);
        }

        for (var i = 0; i < m.Derived.Count; i++)
        {
            Visit(i);
        }

        return order.ToArray();
    }
}
