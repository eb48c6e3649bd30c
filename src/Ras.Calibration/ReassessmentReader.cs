using Ras.Engine;
using Ras.Engine.Caseloads;

namespace Ras.Calibration;

/// <summary>
/// One row of a reassessment history: the base model's points at the assessment (or why it could not
/// allocate the row), the risk factor level codes recorded (empty: not recorded), and the outcome cells as
/// written.
/// </summary>
/// <remarks>
/// <see cref="ReassessmentPoints"/> is the <c>reassessment_points</c> cell, or the base model's points for the
/// row's <c>reassessed.</c> answers (empty when none is given); <see cref="ReassessmentError"/> says why those
/// answers could not be scored.
/// </remarks>
internal sealed record ReassessmentRow(long Line, string CaseId, string? Error, int Points, string[] Levels, string ReassessmentPoints, string Crisis, string? ReassessmentError = null);

/// <summary>
/// Reads a reassessment history: a caseload CSV (answers, attributes and <c>risk.</c> columns at the
/// assessment) plus <c>reassessment_points</c> and/or <c>crisis</c>. Each row is allocated under the base
/// model once, through the same runner as a caseload, so that its points and any error are the engine's.
/// </summary>
internal static class ReassessmentReader
{
    public const string PointsColumn = "reassessment_points";
    public const string CrisisColumn = "crisis";
    public const string NoCrisis = "none";
    public const string ReassessedPrefix = "reassessed.";

    /// <summary>The crisis events that count, as written in the <c>crisis</c> column.</summary>
    public static readonly IReadOnlyList<string> CrisisEvents = new[] { "unplanned_admission", "care_home_placement" };

    /// <exception cref="CaseloadFormatException">The file lacks a column the outcome needs.</exception>
    public static (List<ReassessmentRow> Rows, List<string> Warnings) Read(RasModel model, string path, RiskOutcome outcome)
    {
        var shape = ModelShape.Of(model);
        var header = HistoryReader.Header(model, path).ToArray();
        var pointsColumn = Array.IndexOf(header, PointsColumn);
        var crisisColumn = Array.IndexOf(header, CrisisColumn);
        var questions = shape.QuestionIds;
        var reassessed = header.Select((name, i) => (Name: name, Index: i)).Where(c => c.Name.StartsWith(ReassessedPrefix, StringComparison.Ordinal)).ToDictionary(c => c.Name[ReassessedPrefix.Length..], c => c.Index, StringComparer.Ordinal);
        var notQuestions = reassessed.Keys.Where(q => !questions.Contains(q)).Select(q => $"'{ReassessedPrefix}{q}'").ToList();
        if (notQuestions.Count > 0)
        {
            throw new CaseloadFormatException($"line 1 (the header): column{(notQuestions.Count == 1 ? "" : "s")} {string.Join(", ", notQuestions)} name{(notQuestions.Count == 1 ? "s" : "")} no question of model {model.Id} {model.Version} (a reassessed answer is '{ReassessedPrefix}' and a question id)");
        }

        if (pointsColumn >= 0 && reassessed.Count > 0)
        {
            throw new CaseloadFormatException($"line 1 (the header): give the need at reassessment as '{PointsColumn}' or as '{ReassessedPrefix}' answers, not both: which one counts would be a guess");
        }

        var need = pointsColumn >= 0 || reassessed.Count > 0;
        var missing = new List<string>();
        if (outcome != RiskOutcome.Crisis && !need)
        {
            missing.Add($"'{PointsColumn}' column (or '{ReassessedPrefix}' answers)");
        }

        if (outcome != RiskOutcome.Deterioration && crisisColumn < 0)
        {
            missing.Add($"'{CrisisColumn}' column");
        }

        if (missing.Count > 0)
        {
            var needs = outcome switch
            {
                RiskOutcome.Deterioration => "the need at reassessment",
                RiskOutcome.Crisis => "the crisis events",
                _ => "both the need at reassessment and the crisis events",
            };
            throw new CaseloadFormatException($"line 1 (the header): there is no {string.Join(" and no ", missing)}: the outcome '{Name(outcome)}' needs {needs} (a reassessment history is a caseload file plus what happened within the horizon)");
        }

        var factors = shape.DirectionOfTravel?.RiskFactors ?? Array.Empty<ModelShape.RiskFactorShape>();
        var riskColumns = factors.Select(f => Array.IndexOf(header, "risk." + f.Id)).ToArray();
        using var file = CaseloadRunner.OpenFile(path);
        var allocated = new CaseloadRunner(model).ReadRows(file, CaseloadFormat.Csv);
        var rows = new List<ReassessmentRow>();
        var reassessment = new System.Text.StringBuilder();
        foreach (var (name, c) in header.Select((name, c) => (name, c)))
        {
            AppendCell(reassessment.Append(c > 0 ? "," : ""), name);
        }

        reassessment.Append('\n');
        var answered = new List<bool>();
        foreach (var result in allocated)
        {
            var ok = result.IsAllocated;
            rows.Add(new ReassessmentRow(
                result.Line,
                result.CaseId,
                ok ? null : result.Message,
                ok ? result.Points : 0,
                riskColumns.Select(result.Cell).ToArray(),
                result.Cell(pointsColumn),
                result.Cell(crisisColumn)));
            if (reassessed.Count > 0)
            {
                // The reassessment as a caseload row: the reassessed answers in the question columns, nothing
                // anticipated, everything else (case id, date, client group, attributes) as at the assessment.
                answered.Add(reassessed.Values.Any(c => result.Cell(c).Length > 0));
                for (var c = 0; c < header.Length; c++)
                {
                    if (c > 0)
                    {
                        reassessment.Append(',');
                    }

                    AppendCell(reassessment, questions.Contains(header[c]) ? result.Cell(reassessed.GetValueOrDefault(header[c], -1)) : header[c].StartsWith("next.", StringComparison.Ordinal) ? "" : result.Cell(c));
                }

                reassessment.Append('\n');
            }
        }

        var warnings = allocated.Warnings.Where(w => !new[] { PointsColumn, CrisisColumn }.Any(c => w.StartsWith($"column '{c}'", StringComparison.Ordinal)) && !w.StartsWith($"column '{ReassessedPrefix}", StringComparison.Ordinal)).ToList();
        if (reassessed.Count > 0)
        {
            using var text = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(reassessment.ToString()));
            var i = 0;
            foreach (var r in new CaseloadRunner(model).ReadRows(text, CaseloadFormat.Csv))
            {
                rows[i] = !answered[i] ? rows[i]
                    : r.IsAllocated ? rows[i] with { ReassessmentPoints = r.Points.ToString(System.Globalization.CultureInfo.InvariantCulture) }
                    : rows[i] with { ReassessmentError = r.Message };
                i++;
            }
        }

        return (rows, warnings);
    }

    /// <summary>Appends a CSV cell, quoted (RFC 4180) when it holds a comma, a quote or a line break.</summary>
    private static void AppendCell(System.Text.StringBuilder sb, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            sb.Append(value);
            return;
        }

        sb.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    /// <summary>The outcome's name as the command line and the report write it.</summary>
    public static string Name(RiskOutcome outcome) => outcome switch
    {
        RiskOutcome.Deterioration => "deterioration",
        RiskOutcome.Crisis => "crisis",
        _ => "any",
    };
}
