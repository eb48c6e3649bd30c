using Ras.Engine.Batch;
using Ras.Engine.Models;

namespace Ras.Engine.Caseloads;

/// <summary>
/// What each column of a caseload header means for one model: <c>case_id</c>, <c>as_of</c>,
/// <c>client_group</c>, an attribute id, a question id (answer now), <c>next.</c>question id (anticipated
/// answer) or <c>risk.</c>factor id (risk factor level).
/// </summary>
internal sealed class ColumnMap
{
    public const string CaseId = "case_id";
    public const string AsOf = "as_of";
    public const string ClientGroup = "client_group";
    public const string NextPrefix = "next.";
    public const string RiskPrefix = "risk.";

    public ColumnMap(string[] header, RasModel model)
    {
        Model = model;
        var m = model.Definition;
        var ix = model.Index;
        Roles = new Role[header.Length];
        Index = new int[header.Length];
        Codes = new string[header.Length][];
        var unknown = new List<string>();
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i];
            Codes[i] = Array.Empty<string>();
            if (name == CaseId)
            {
                Roles[i] = Role.CaseId;
            }
            else if (name == AsOf)
            {
                Roles[i] = Role.AsOf;
            }
            else if (name == ClientGroup)
            {
                Roles[i] = Role.ClientGroup;
            }
            else if (ix.Questions.TryGetValue(name, out var q))
            {
                (Roles[i], Index[i], Codes[i]) = (Role.Answer, q.FlatIndex, q.Question.Answers.Select(a => a.Code).ToArray());
            }
            else if (name.StartsWith(NextPrefix, StringComparison.Ordinal) && ix.Questions.TryGetValue(name[NextPrefix.Length..], out var nq))
            {
                (Roles[i], Index[i], Codes[i]) = (Role.Anticipated, nq.FlatIndex, nq.Question.Answers.Select(a => a.Code).ToArray());
            }
            else if (name.StartsWith(RiskPrefix, StringComparison.Ordinal) && ix.RiskFactors.TryGetValue(name[RiskPrefix.Length..], out var rf))
            {
                (Roles[i], Index[i], Codes[i]) = (Role.Risk, rf.Index, rf.Factor.Levels.Select(l => l.Code).ToArray());
            }
            else if (m.Attributes.Select((a, k) => (a, k)).FirstOrDefault(x => x.a.Id == name) is { a: not null } attribute)
            {
                (Roles[i], Index[i], Codes[i]) = (Role.Attribute, attribute.k, attribute.a.Values.Select(v => v.Code).ToArray());
            }
            else
            {
                Roles[i] = Role.Unknown;
                unknown.Add(name);
            }
        }

        Unknown = unknown;
        RequiredQuestions = ix.Flat.Where(q => q.Question.Required).Select(q => (q.FlatIndex, q.Question.Id, Present: Array.IndexOf(header, q.Question.Id) >= 0)).ToArray();
        RequiredAttributes = m.Attributes.Select((a, k) => (a, k)).Where(x => x.a.Required).Select(x => (x.k, x.a.Id)).ToArray();
        ClientGroups = m.ClientGroups.ToHashSet(StringComparer.Ordinal);
        RiskFactorIds = m.DirectionOfTravel?.RiskFactors.Select(f => f.Id).ToArray() ?? Array.Empty<string>();
        QuestionIds = ix.Flat.Select(q => q.Question.Id).ToArray();
    }

    public enum Role : byte
    {
        Unknown,
        CaseId,
        AsOf,
        ClientGroup,
        Attribute,
        Answer,
        Anticipated,
        Risk,
    }

    public RasModel Model { get; }

    public CompiledModel Compiled => Model.Compiled;

    public Role[] Roles { get; }

    public int[] Index { get; }

    public string[][] Codes { get; }

    public IReadOnlyList<string> Unknown { get; }

    public (int Index, string Id, bool Present)[] RequiredQuestions { get; }

    public (int Index, string Id)[] RequiredAttributes { get; }

    public HashSet<string> ClientGroups { get; }

    public string[] RiskFactorIds { get; }

    public string[] QuestionIds { get; }

    /// <summary>The model's own string for a known client group (no allocation), or a new string.</summary>
    public string ClientGroupText(ReadOnlySpan<char> value)
    {
        foreach (var g in ClientGroups)
        {
            if (value.SequenceEqual(g))
            {
                return g;
            }
        }

        return value.ToString();
    }

    /// <summary>The index of <paramref name="value"/> among the column's codes, or −1.</summary>
    public int Match(int column, ReadOnlySpan<char> value)
    {
        var codes = Codes[column];
        for (var k = 0; k < codes.Length; k++)
        {
            if (value.SequenceEqual(codes[k]))
            {
                return k;
            }
        }

        return -1;
    }
}
