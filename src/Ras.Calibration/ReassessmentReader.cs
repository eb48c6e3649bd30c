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
        var header = HistoryReader.Header(path);
        var pointsColumn = Array.IndexOf(header, PointsColumn);
        var crisisColumn = Array.IndexOf(header, CrisisColumn);
        var questions = model.Definition.Domains.SelectMany(d => d.Questions).Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
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

        var factors = model.Definition.DirectionOfTravel?.RiskFactors ?? Array.Empty<Ras.Engine.Models.RiskFactorDefinition>();
        var riskColumns = factors.Select(f => Array.IndexOf(header, "risk." + f.Id)).ToArray();
        var allocated = HistoryReader.Allocate(model, path, out var summary);
        var warnings = summary.Warnings.Where(w => !new[] { PointsColumn, CrisisColumn }.Any(c => w.StartsWith($"column '{c}'", StringComparison.Ordinal)) && !w.StartsWith($"column '{ReassessedPrefix}", StringComparison.Ordinal)).ToList();
        var rows = new List<ReassessmentRow>(allocated.Count);
        var reassessment = new System.Text.StringBuilder();
        foreach (var (name, c) in header.Select((name, c) => (name, c)))
        {
            Ras.Engine.Caseloads.CsvLine.Append(reassessment.Append(c > 0 ? "," : ""), name);
        }

        reassessment.Append('\n');
        var answered = new List<bool>(allocated.Count);
        HistoryReader.Walk(path, header.Length, allocated, (_, line, result, field) =>
        {
            var ok = result.GetProperty("status").GetString() == "ok";
            rows.Add(new ReassessmentRow(
                line,
                result.GetProperty("case_id").GetString() ?? "",
                ok ? null : result.GetProperty("message").GetString(),
                ok ? result.GetProperty("points").GetInt32() : 0,
                riskColumns.Select(field).ToArray(),
                field(pointsColumn),
                field(crisisColumn)));
            if (reassessed.Count > 0)
            {
                // The reassessment as a caseload row: the reassessed answers in the question columns, nothing
                // anticipated, everything else (case id, date, client group, attributes) as at the assessment.
                answered.Add(reassessed.Values.Any(c => field(c).Length > 0));
                for (var c = 0; c < header.Length; c++)
                {
                    if (c > 0)
                    {
                        reassessment.Append(',');
                    }

                    Ras.Engine.Caseloads.CsvLine.Append(reassessment, questions.Contains(header[c]) ? field(reassessed.GetValueOrDefault(header[c], -1)) : header[c].StartsWith("next.", StringComparison.Ordinal) ? "" : field(c));
                }

                reassessment.Append('\n');
            }
        });
        if (reassessed.Count > 0)
        {
            var scored = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            new CaseloadRunner(model).Run(new StringReader(reassessment.ToString()), CaseloadFormat.Csv, scored, CaseloadFormat.JsonLines);
            var results = scored.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < rows.Count; i++)
            {
                using var r = System.Text.Json.JsonDocument.Parse(results[i]);
                var ok = r.RootElement.GetProperty("status").GetString() == "ok";
                rows[i] = !answered[i] ? rows[i]
                    : ok ? rows[i] with { ReassessmentPoints = r.RootElement.GetProperty("points").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) }
                    : rows[i] with { ReassessmentError = r.RootElement.GetProperty("message").GetString() };
            }
        }

        return (rows, warnings);
    }

    /// <summary>The outcome's name as the command line and the report write it.</summary>
    public static string Name(RiskOutcome outcome) => outcome switch
    {
        RiskOutcome.Deterioration => "deterioration",
        RiskOutcome.Crisis => "crisis",
        _ => "any",
    };
}
