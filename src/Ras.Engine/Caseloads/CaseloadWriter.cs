using System.Globalization;
using System.Text;
using Ras.Engine.Assessments;
using Ras.Engine.Models;

namespace Ras.Engine.Caseloads;

/// <summary>Writes assessments as a caseload file in the documented layout (CSV header per model, or JSON Lines).</summary>
internal sealed class CaseloadWriter
{
    private readonly ModelDefinition _m;
    private readonly CaseloadFormat _format;
    private readonly TextWriter _output;
    private readonly string[] _questions;
    private readonly StringBuilder _sb = new();

    public CaseloadWriter(RasModel model, CaseloadFormat format, TextWriter output)
    {
        _m = model.Definition;
        _format = format;
        _output = output;
        _questions = model.Index.Flat.Select(q => q.Question.Id).ToArray();
        if (format == CaseloadFormat.Csv)
        {
            var header = new List<string> { ColumnMap.CaseId, ColumnMap.AsOf, ColumnMap.ClientGroup };
            header.AddRange(_m.Attributes.Select(a => a.Id));
            header.AddRange(_m.Inputs.Select(i => i.Id));
            header.AddRange(_questions);
            header.AddRange(_questions.Select(q => ColumnMap.NextPrefix + q));
            header.AddRange(_m.DirectionOfTravel?.RiskFactors.Select(f => ColumnMap.RiskPrefix + f.Id) ?? Array.Empty<string>());
            output.Write(string.Join(',', header));
            output.Write('\n');
        }
    }

    public void Write(Assessment a)
    {
        if (_format == CaseloadFormat.JsonLines)
        {
            _output.Write(a.ToJson(indented: false));
            _output.Write('\n');
            return;
        }

        var sb = _sb.Clear();
        CsvLine.Append(sb, a.CaseId);
        sb.Append(',').Append(a.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',');
        CsvLine.Append(sb, a.ClientGroup);
        foreach (var attribute in _m.Attributes)
        {
            sb.Append(',');
            CsvLine.Append(sb, a.Attributes.GetValueOrDefault(attribute.Id));
        }

        foreach (var input in _m.Inputs)
        {
            sb.Append(',');
            if (a.Inputs.TryGetValue(input.Id, out var value))
            {
                sb.Append(value.ToString(CultureInfo.InvariantCulture));
            }
        }

        foreach (var q in _questions)
        {
            sb.Append(',');
            CsvLine.Append(sb, a.Answers.GetValueOrDefault(q));
        }

        foreach (var q in _questions)
        {
            sb.Append(',');
            CsvLine.Append(sb, a.AnticipatedAnswers.GetValueOrDefault(q));
        }

        foreach (var f in _m.DirectionOfTravel?.RiskFactors ?? (IReadOnlyList<RiskFactorDefinition>)Array.Empty<RiskFactorDefinition>())
        {
            sb.Append(',');
            CsvLine.Append(sb, a.RiskFactors.GetValueOrDefault(f.Id));
        }

        _output.Write(sb.Append('\n'));
    }
}
