using System.Globalization;
using System.Text;
using System.Text.Json;
using Ras.Engine.Allocation;
using Ras.Engine.Assessments;
using Ras.Engine.Caseloads;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Evaluation;

/// <summary>
/// Runs assessments through the batch (<see cref="CaseloadRunner"/>) as a caseload file written here, not by the
/// engine's own writer, and compares each output row with <see cref="RasModel.Allocate"/> for the same assessment.
/// </summary>
internal static class BatchHarness
{
    /// <summary>The assessments as a CSV caseload: case_id, as_of, client_group, attributes, questions, next.&lt;question&gt;, risk.&lt;factor&gt;, numeric inputs (format version 2), in an order set by the keys (natural when none).</summary>
    public static string Csv(RasModel model, IReadOnlyList<Assessment> assessments, int[]? columnKeys = null)
    {
        var m = model.Definition;
        var questions = m.Domains.SelectMany(d => d.Questions).Select(q => q.Id).ToArray();
        var factors = m.DirectionOfTravel?.RiskFactors.Select(f => f.Id).ToArray() ?? Array.Empty<string>();
        var columns = new List<(string Name, Func<Assessment, string?> Value)>
        {
            ("case_id", a => a.CaseId),
            ("as_of", a => a.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("client_group", a => a.ClientGroup),
        };
        columns.AddRange(m.Attributes.Select(x => (x.Id, (Func<Assessment, string?>)(a => a.Attributes.GetValueOrDefault(x.Id)))));
        columns.AddRange(questions.Select(q => (q, (Func<Assessment, string?>)(a => a.Answers.GetValueOrDefault(q)))));
        columns.AddRange(questions.Select(q => ("next." + q, (Func<Assessment, string?>)(a => a.AnticipatedAnswers.GetValueOrDefault(q)))));
        columns.AddRange(factors.Select(f => ("risk." + f, (Func<Assessment, string?>)(a => a.RiskFactors.GetValueOrDefault(f)))));
        columns.AddRange(m.Inputs.Select(x => (x.Id, (Func<Assessment, string?>)(a => a.Inputs.TryGetValue(x.Id, out var v) ? v.ToString(CultureInfo.InvariantCulture) : null))));
        var order = Enumerable.Range(0, columns.Count).ToArray();
        if (columnKeys is { Length: > 0 } keys)
        {
            order = order.OrderBy(i => keys[i % keys.Length]).ThenBy(i => i).ToArray();
        }

        var sb = new StringBuilder();
        sb.Append(string.Join(',', order.Select(i => Quote(columns[i].Name)))).Append('\n');
        foreach (var a in assessments)
        {
            sb.Append(string.Join(',', order.Select(i => Quote(columns[i].Value(a))))).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The assessments as JSON Lines (numeric inputs in an <c>inputs</c> object).</summary>
    public static string JsonLines(IEnumerable<Assessment> assessments) =>
        string.Concat(assessments.Select(a => a.ToJson(indented: false) + "\n"));

    /// <summary>Runs a caseload and reads back its output rows.</summary>
    public static (CaseloadSummary Summary, IReadOnlyList<BatchRow> Rows) Run(RasModel model, string input, CaseloadFormat inputFormat, CaseloadFormat outputFormat)
    {
        var output = new StringWriter();
        var summary = new CaseloadRunner(model).Run(new StringReader(input), inputFormat, output, outputFormat);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (summary, outputFormat == CaseloadFormat.Csv ? ReadCsv(lines) : lines.Select(ReadJson).ToArray());
    }

    /// <summary>Every difference between a batch output row and the allocation of the same assessment (none when they agree).</summary>
    public static List<string> Differences(AllocationOutcome expected, BatchRow row, string? errorCode, string what)
    {
        var d = new List<string>();
        void Check<T>(string name, T batch, T allocate)
        {
            if (!EqualityComparer<T>.Default.Equals(batch, allocate))
            {
                d.Add($"{what} {name}: batch {batch?.ToString() ?? "null"}, allocate {allocate?.ToString() ?? "null"}");
            }
        }

        Check("status", row.Status, expected.IsSuccess ? "ok" : "error");
        if (!expected.IsSuccess)
        {
            // A CSV row reports its problems in column order, the assessment decoder in its own order; the
            // generated assessments have one problem at most, but a shrunk one may have more.
            Check("error code", errorCode, expected.Errors.Count == 1 || !expected.Errors.Any(e => e.Code == errorCode) ? expected.Errors[0].Code : errorCode);
            return d;
        }

        var r = expected.Result!;
        Check("case_id", row.CaseId, r.CaseId);
        Check("client_group", row.ClientGroup ?? "", r.ClientGroup ?? "");
        Check("model", (row.ModelId, row.ModelVersion), (r.ModelId, r.ModelVersion));
        Check("eligibility", row.Eligibility, ResultJson.EligibilityCode(r.Eligibility));
        Check("offer", row.Offer, ResultJson.OfferCode(r.Offer));
        Check("points", row.Points, r.CurrentPoints.ToString(CultureInfo.InvariantCulture));
        Check("adjusted_points", row.AdjustedPoints, r.AdjustedPoints.ToString(CultureInfo.InvariantCulture));
        Check("band", row.Band ?? "", r.Band ?? "");
        Money("lower", row.Lower, r.Annual.Lower);
        Money("indicative", row.Indicative, r.Annual.Indicative);
        Money("upper", row.Upper, r.Annual.Upper);
        Money("weekly_indicative", row.WeeklyIndicative, r.Weekly.Indicative);
        return d;

        void Money(string name, string? text, decimal amount)
        {
            // As the runner writes money (two places at least, never fewer than the amount has), and as a number.
            Check(name + " (text)", text, MoneyText.Append(new StringBuilder(), amount).ToString());
            Check(name, decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : (decimal?)null, amount);
        }
    }

    private static string Quote(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(",\"") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static BatchRow[] ReadCsv(string[] lines)
    {
        var header = Split(lines[0]);
        Assert.Equal(CaseloadRunner.OutputColumns, header);
        return lines.Skip(1).Select(line =>
        {
            var f = Split(line);
            Assert.Equal(header.Count, f.Count);
            string? Cell(string name) => f[header.IndexOf(name)];
            return new BatchRow(Cell("case_id")!, Empty(Cell("client_group")), Cell("status")!, Cell("model_id"), Cell("model_version"), Empty(Cell("eligibility")), Empty(Cell("offer")), Empty(Cell("points")), Empty(Cell("adjusted_points")), Empty(Cell("band")), Empty(Cell("lower")), Empty(Cell("indicative")), Empty(Cell("upper")), Empty(Cell("weekly_indicative")), Empty(Cell("message")));
        }).ToArray();
    }

    private static string? Empty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static BatchRow ReadJson(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var e = doc.RootElement;
        string? Member(string name) => e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => v.GetString(),
            _ => v.GetRawText(),
        } : null;
        return new BatchRow(Member("case_id")!, Member("client_group"), Member("status")!, Member("model_id"), Member("model_version"), Member("eligibility"), Member("offer"), Member("points"), Member("adjusted_points"), Member("band"), Member("lower"), Member("indicative"), Member("upper"), Member("weekly_indicative"), Member("message"));
    }

    /// <summary>Splits one CSV record (RFC 4180 quoting).</summary>
    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(ch);
            }
        }

        fields.Add(sb.ToString());
        return fields;
    }
}

/// <summary>One output row of the batch, as text.</summary>
internal sealed record BatchRow(
    string CaseId,
    string? ClientGroup,
    string Status,
    string? ModelId,
    string? ModelVersion,
    string? Eligibility,
    string? Offer,
    string? Points,
    string? AdjustedPoints,
    string? Band,
    string? Lower,
    string? Indicative,
    string? Upper,
    string? WeeklyIndicative,
    string? Message);
