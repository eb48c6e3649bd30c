namespace Ras.Engine.Tests.Cli;

/// <summary><c>ras calibrate-risk</c> and <c>ras generate --reassessments-from</c> end to end (the exact console output is in docs/cli.md, run by <see cref="CliDocTests"/>).</summary>
public class CalibrateRiskCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Ras.Cli.Cli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string Temp(string name) => Path.Combine(Path.GetTempPath(), $"ras-{Guid.NewGuid():N}-{name}");

    [Fact]
    public void CalibrateRisk_SampleHistory_WritesAValidModelAndTheReport()
    {
        var (model, report) = (Temp("risk.json"), Temp("risk.html"));

        var (code, output, _) = Run("calibrate-risk", "--history", TestModels.Repo("samples/reassessments.csv"), "--out", model, "--as-of", "2026-11-23", "--report", report, "--folds", "4", "--version", "1.0.1");

        Assert.Equal(0, code);
        Assert.Contains("held out (4 folds): AUC 0.6", output, StringComparison.Ordinal);
        var written = RasModel.LoadFile(model);
        Assert.Equal("1.0.1", written.Version);
        Assert.Contains("4-fold held-out AUC", written.Describe(), StringComparison.Ordinal);
        var html = File.ReadAllText(report);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>In brief</h2>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void CalibrateRisk_FitThatCannotBeMade_WritesNoModelAndExits1()
    {
        var history = Temp("few.csv");
        File.WriteAllText(history, "case_id,as_of,eating,washing,toileting,dressing,moving_at_home,housework,relationships,work,getting_out,caring_for_child,safety,nights,unpaid_care,risk.falls,risk.hospital_admissions,risk.carer_strain,risk.lives_alone,risk.progressive_condition,risk.memory,reassessment_points,crisis\n"
            + "A,2026-10-01,own,own,own,own,own,own,own,own,own,not_applicable,none,none,none,none,none,no_carer,no,no,none,0,none\n");
        var model = Temp("never.json");

        var (code, output, error) = Run("calibrate-risk", "--history", history, "--out", model, "--as-of", "2026-11-23");

        Assert.Equal(1, code);
        Assert.False(File.Exists(model));
        Assert.Contains("error: risk factor 'falls' level 'one' has no usable rows", output, StringComparison.Ordinal);
        Assert.StartsWith("no model was written: risk factor 'falls' level 'none': none of its 1 usable row had the outcome, so its weight would be minus infinite (separation); merge it with another level or gather more history; risk factor 'falls' level 'one' has no usable rows", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--outcome", "crises", "ras calibrate-risk: --outcome must be 'any', 'deterioration' or 'crisis', not 'crises'")]
    [InlineData("--folds", "1", "ras calibrate-risk: --folds must be a whole number from 2 to 20, not '1'")]
    [InlineData("--min-increase", "0", "ras calibrate-risk: --min-increase must be a whole number from 1 to 1,000,000, not '0'")]
    public void CalibrateRisk_BadOption_IsAUsageError(string option, string value, string expected)
    {
        var (code, _, error) = Run("calibrate-risk", "--history", TestModels.Repo("samples/reassessments.csv"), "--out", Temp("x.json"), "--as-of", "2026-11-23", option, value);

        Assert.Equal(2, code);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void CalibrateRisk_NotCsvAndMinIncreaseWithCrisis_AreBothUsageErrors()
    {
        var (code, _, error) = Run("calibrate-risk", "--history", "reassessments.jsonl", "--out", Temp("x.json"), "--as-of", "2026-11-23", "--outcome", "crisis", "--min-increase", "2");

        Assert.Equal(2, code);
        Assert.Equal(
            "ras calibrate-risk: --history must be a CSV file (a caseload CSV plus outcome columns), not 'reassessments.jsonl'\n"
            + "ras calibrate-risk: --min-increase sets what counts as a deterioration; it does not apply to --outcome crisis\n"
            + "Run 'ras calibrate-risk --help' for usage.\n",
            error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void CalibrateRisk_HistoryWithoutOutcomeColumns_IsUnusable()
    {
        var (code, _, error) = Run("calibrate-risk", "--history", TestModels.Repo("samples/history.csv"), "--out", Temp("x.json"), "--as-of", "2026-11-23", "--outcome", "crisis");

        Assert.Equal(1, code);
        Assert.EndsWith("history.csv: the reassessment history cannot be used: line 1 (the header): there is no 'crisis' column: the outcome 'crisis' needs the crisis events (a reassessment history is a caseload file plus what happened within the horizon)\n", error.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ReassessmentsFrom_MakesTheCommittedSample()
    {
        var path = Temp("reassessments.csv");

        var (code, _, _) = Run("generate", "--count", "5000", "--seed", "3", "--reassessments-from", TestModels.Repo("samples/reassessments-truth-model.json"), "--out", path);

        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllText(TestModels.Repo("samples/reassessments.csv")), File.ReadAllText(path));
    }

    [Fact]
    public void Generate_CostsAndReassessmentsTogether_IsAUsageError()
    {
        var truth = TestModels.Repo("samples/reassessments-truth-model.json");

        var (code, _, error) = Run("generate", "--count", "5", "--seed", "1", "--reassessments-from", truth, "--costs-from", truth, "--out", Temp("x.csv"));

        Assert.Equal(2, code);
        Assert.StartsWith("ras generate: give --costs-from (a cost history) or --reassessments-from (a reassessment history), not both", error, StringComparison.Ordinal);
    }
}
