using Ras.Engine;
using Ras.Engine.Caseloads;

namespace Ras.Calibration;

/// <summary>
/// One row of a reassessment history: the base model's points at the assessment (or why it could not
/// allocate the row), the risk factor level codes recorded (empty: not recorded), and the outcome cells as
/// written.
/// </summary>
internal sealed record ReassessmentRow(long Line, string CaseId, string? Error, int Points, string[] Levels, string ReassessmentPoints, string Crisis);

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

    /// <summary>The crisis events that count, as written in the <c>crisis</c> column.</summary>
    public static readonly IReadOnlyList<string> CrisisEvents = new[] { "unplanned_admission", "care_home_placement" };

    /// <exception cref="CaseloadFormatException">The file lacks a column the outcome needs.</exception>
    public static (List<ReassessmentRow> Rows, List<string> Warnings) Read(RasModel model, string path, RiskOutcome outcome)
    {
        var header = HistoryReader.Header(path);
        var pointsColumn = Array.IndexOf(header, PointsColumn);
        var crisisColumn = Array.IndexOf(header, CrisisColumn);
        var needs = outcome switch
        {
            RiskOutcome.Deterioration => new[] { (PointsColumn, pointsColumn) },
            RiskOutcome.Crisis => new[] { (CrisisColumn, crisisColumn) },
            _ => new[] { (PointsColumn, pointsColumn), (CrisisColumn, crisisColumn) },
        };
        var missing = needs.Where(c => c.Item2 < 0).Select(c => $"'{c.Item1}'").ToList();
        if (missing.Count > 0)
        {
            throw new CaseloadFormatException($"line 1 (the header): there is no {string.Join(" or ", missing)} column: the outcome '{Name(outcome)}' needs {string.Join(" and ", needs.Select(c => $"'{c.Item1}'"))} (a reassessment history is a caseload file plus what happened within the horizon)");
        }

        var factors = model.Definition.DirectionOfTravel?.RiskFactors ?? Array.Empty<Ras.Engine.Models.RiskFactorDefinition>();
        var riskColumns = factors.Select(f => Array.IndexOf(header, "risk." + f.Id)).ToArray();
        var allocated = HistoryReader.Allocate(model, path, out var summary);
        var warnings = summary.Warnings.Where(w => !w.StartsWith($"column '{PointsColumn}'", StringComparison.Ordinal) && !w.StartsWith($"column '{CrisisColumn}'", StringComparison.Ordinal)).ToList();
        var rows = new List<ReassessmentRow>(allocated.Count);
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
        });
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
