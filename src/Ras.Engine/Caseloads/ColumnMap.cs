using Ras.Engine.Evaluation;
using Ras.Engine.Models;

namespace Ras.Engine.Caseloads;

/// <summary>
/// What each column of a caseload header means for one model: <c>case_id</c>, <c>as_of</c>,
/// <c>client_group</c>, an attribute id, a numeric input id, a question id (answer now), <c>next.</c>question id
/// (anticipated answer) or <c>risk.</c>factor id (risk factor level). The values are decoded by the model's
/// one decoder (<see cref="CaseDecoder"/>).
/// </summary>
internal sealed class ColumnMap
{
    public const string CaseId = "case_id";
    public const string AsOf = "as_of";
    public const string ClientGroup = "client_group";
    public const string NextPrefix = ColumnMapNames.Next;
    public const string RiskPrefix = ColumnMapNames.Risk;
    public const string WithinPrefix = ColumnMapNames.Within;
    public const string NeedsFromImpairment = "needs_from_impairment";
    public const string WellbeingImpact = "wellbeing_impact";

    public ColumnMap(string[] header, RasModel model)
    {
        Model = model;
        var ix = model.Index;
        Roles = new Role[header.Length];
        Index = new int[header.Length];
        var unknown = new List<string>();
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i];
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
                (Roles[i], Index[i]) = (Role.Answer, q.FlatIndex);
            }
            else if (name.StartsWith(NextPrefix, StringComparison.Ordinal) && ix.Questions.TryGetValue(name[NextPrefix.Length..], out var nq))
            {
                (Roles[i], Index[i]) = (Role.Anticipated, nq.FlatIndex);
            }
            else if (name.StartsWith(RiskPrefix, StringComparison.Ordinal) && ix.RiskFactors.TryGetValue(name[RiskPrefix.Length..], out var rf))
            {
                (Roles[i], Index[i]) = (Role.Risk, rf.Index);
            }
            else if (name.StartsWith(WithinPrefix, StringComparison.Ordinal) && ix.Questions.TryGetValue(name[WithinPrefix.Length..], out var wq))
            {
                (Roles[i], Index[i]) = (Role.Within, wq.FlatIndex);
            }
            else if (name is NeedsFromImpairment or WellbeingImpact)
            {
                (Roles[i], Index[i]) = (Role.Determination, name == NeedsFromImpairment ? 0 : 1);
            }
            else if (ix.AttributeIndex.TryGetValue(name, out var attribute))
            {
                (Roles[i], Index[i]) = (Role.Attribute, attribute);
            }
            else if (ix.Inputs.TryGetValue(name, out var input))
            {
                (Roles[i], Index[i]) = (Role.Input, input.Index);
            }
            else
            {
                Roles[i] = Role.Unknown;
                unknown.Add(name);
            }
        }

        Unknown = unknown;
        Cells = Plan(Roles, Index, model.Decoder);
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
        Input,
        Within,
        Determination,
    }

    public RasModel Model { get; }

    public Role[] Roles { get; }

    /// <summary>The question (flat), anticipated question, risk factor, attribute or input index of each column.</summary>
    public int[] Index { get; }

    public IReadOnlyList<string> Unknown { get; }

    /// <summary>
    /// The row plan: the columns a row's values are read from (all but case_id, as_of and unknown columns), in
    /// column order (the order problems are reported in), each with what it needs to be read without asking its
    /// role again.
    /// </summary>
    public Cell[] Cells { get; }

    private static Cell[] Plan(Role[] roles, int[] index, CaseDecoder decoder)
    {
        var cells = new List<Cell>();
        for (var col = 0; col < roles.Length; col++)
        {
            var (role, i) = (roles[col], index[col]);
            if (role is Role.Unknown or Role.CaseId or Role.AsOf)
            {
                continue;
            }

            cells.Add(new Cell(col, role, i, role switch
            {
                Role.Answer or Role.Anticipated => decoder.AnswerLookup(i),
                Role.Attribute => decoder.AttributeLookup(i),
                Role.Risk => decoder.RiskLookup(i),
                _ => null,
            }, role switch
            {
                Role.Answer => decoder.AnswerRequired(i),
                Role.Attribute => decoder.AttributeRequired(i),
                Role.Input => decoder.InputRequired(i),
                _ => false,
            }));
        }

        return cells.ToArray();
    }

    /// <summary>One column of the row plan.</summary>
    /// <param name="Column">The column's position in the row.</param>
    /// <param name="Role">What the column holds.</param>
    /// <param name="Index">The question (flat), risk factor, attribute, input or determination index.</param>
    /// <param name="Lookup">The column's codes as UTF-8 (answers, anticipated answers, attributes, risk factors); null for other columns.</param>
    /// <param name="Required">True when a value in this column is one of the decoder's <see cref="CaseDecoder.RequiredCount"/>.</param>
    public readonly record struct Cell(int Column, Role Role, int Index, Utf8CodeLookup? Lookup, bool Required);
}
