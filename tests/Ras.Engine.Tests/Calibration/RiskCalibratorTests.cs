using System.Text.Json.Nodes;
using Ras.Calibration;
using Ras.Engine.Caseloads;

namespace Ras.Engine.Tests.Calibration;

public class RiskCalibratorTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 23);
    private static readonly Lazy<RasModel> Truth = new(() => RasModel.LoadFile(TestModels.Repo("samples/reassessments-truth-model.json")));
    /// <summary>The committed sample history calibrated against the default model, once for every test that reads it.</summary>
    internal static readonly Lazy<RiskCalibrationResult> Sample = new(() => RiskCalibrator.Calibrate(TestModels.Default, TestModels.Repo("samples/reassessments.csv"), new RiskCalibrationOptions(AsOf)));

    private static string Write(string csv)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ras-reassessments-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv);
        return path;
    }

    private static string Generated(int count, long seed)
    {
        var text = new StringWriter();
        HistoryGeneration.WriteReassessments(TestModels.Default, Truth.Value, count, seed, text);
        return Write(text.ToString());
    }

    private static IEnumerable<(string Factor, string Level, decimal Weight)> TruthWeights()
    {
        var dot = JsonNode.Parse(Truth.Value.ToJson())!["directionOfTravel"]!;
        yield return ("intercept", "", dot["intercept"]!.GetValue<decimal>());
        foreach (var f in dot["riskFactors"]!.AsArray())
        {
            foreach (var l in f!["levels"]!.AsArray())
            {
                yield return (f["id"]!.GetValue<string>(), l!["code"]!.GetValue<string>(), l["weight"]!.GetValue<decimal>());
            }
        }
    }

    /// <summary>A small history whose outcomes do not depend on the one risk factor (every weight's truth is 0), calibrated.</summary>
    internal static RiskCalibrationResult FlatHistory()
    {
        var flat = TestModels.Default.ApplyChange(new MemoryStream("""{ "changes": [ { "path": "/directionOfTravel/riskFactors", "value": [ { "id": "falls", "text": "Falls", "levels": [ { "code": "none", "text": "None", "weight": 0 }, { "code": "one", "text": "One", "weight": 0 }, { "code": "two_or_more", "text": "Two or more", "weight": 0 } ] } ] } ] }"""u8.ToArray()), "flat.json");
        var text = new StringWriter();
        HistoryGeneration.WriteReassessments(flat, flat, 400, 3, text);
        return RiskCalibrator.Calibrate(flat, Write(text.ToString()), new RiskCalibrationOptions(AsOf));
    }

    [Fact]
    public void Calibrate_SampleHistory_RecoversEveryKnownWeightWithinIts95PercentInterval()
    {
        var result = Sample.Value;

        Assert.True(result.Model is not null, string.Join("; ", result.Errors));
        foreach (var (factor, level, weight) in TruthWeights())
        {
            var fitted = result.Weights.Single(w => w.Factor == factor && w.Level == level);
            Assert.True(fitted.Low <= (double)weight && (double)weight <= fitted.High, $"{factor} {level}: truth {weight}, fitted {fitted.Estimate:0.000} ({fitted.Low:0.000} to {fitted.High:0.000})");
        }
    }

    [Fact]
    public void Calibrate_SampleHistory_WritesTheFittedWeightsAsANewVersionWithProvenance()
    {
        var result = Sample.Value;
        var model = result.Model!;
        var dot = JsonNode.Parse(model.ToJson())!["directionOfTravel"]!;

        Assert.Equal("2.1.0", model.Version);
        Assert.Equal(RiskCalibrator.WeightDecimals, 4);
        Assert.Equal(decimal.Round((decimal)result.Weights[0].Estimate, 4, MidpointRounding.AwayFromZero), dot["intercept"]!.GetValue<decimal>());
        var falls = dot["riskFactors"]![0]!["levels"]!.AsArray();
        Assert.Equal(0m, falls[0]!["weight"]!.GetValue<decimal>());
        Assert.Equal(decimal.Round((decimal)result.Weights.Single(w => w.Factor == "falls" && w.Level == "two_or_more").Estimate, 4, MidpointRounding.AwayFromZero), falls[2]!["weight"]!.GetValue<decimal>());
        Assert.Contains(result.HistoryHash, model.Describe(), StringComparison.Ordinal);
        Assert.Contains("Risk weights calibrated as version 2.1.0 on 2026-11-23 from default-adult 2.0.0", model.Describe(), StringComparison.Ordinal);
        Assert.StartsWith("Weights fitted by maximum likelihood (logistic regression) to ", dot["calibration"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Calibrate_SampleHistory_ChangesNothingButTheWeightsAndTheProvenance()
    {
        JsonNode Without(RasModel m)
        {
            var node = JsonNode.Parse(m.ToJson())!;
            foreach (var member in new[] { "version", "title", "description" })
            {
                node.AsObject().Remove(member);
            }

            var dot = node["directionOfTravel"]!.AsObject();
            dot.Remove("intercept");
            dot.Remove("calibration");
            foreach (var level in dot["riskFactors"]!.AsArray().SelectMany(f => f!["levels"]!.AsArray()))
            {
                level!.AsObject().Remove("weight");
            }

            return node;
        }

        Assert.Equal(Without(TestModels.Default).ToJsonString(), Without(Sample.Value.Model!).ToJsonString());
    }

    [Fact]
    public void Calibrate_SampleHistory_HeldOutFiguresAreInThePublishedRange()
    {
        var result = Sample.Value;

        Assert.InRange(result.Auc, 0.6, 0.8);
        Assert.False(result.AucIncludesChance);
        Assert.True(result.Brier < result.NoSkillBrier, $"Brier {result.Brier} against no skill {result.NoSkillBrier}");
        Assert.Equal(10, result.Deciles.Count);
        Assert.Equal(result.RowsUsed, result.Deciles.Sum(d => d.Rows));
        Assert.InRange(result.MeanPredicted, ((double)result.Events / result.RowsUsed) - 0.01, ((double)result.Events / result.RowsUsed) + 0.01);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("0.5", StringComparison.Ordinal));
    }

    [Fact]
    public void Docs_SampleFigures_AreTheComputedOnes()
    {
        var r = Sample.Value;
        var doc = File.ReadAllText(TestModels.Repo("docs/calibration.md")).ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal);

        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.RowsUsed:N0} rows are used ({r.Events:N0} with the outcome); every truth weight is inside its fitted 95% interval; the held-out AUC is {r.Auc:0.000} ({r.AucLow:0.000} to {r.AucHigh:0.000}); the Brier score {r.Brier:0.0000} against {r.NoSkillBrier:0.0000} for no skill; mean predicted {r.MeanPredicted * 100:0.0}% against {100.0 * r.Events / r.RowsUsed:0.0}% observed"), doc, StringComparison.Ordinal);
        Assert.Contains("(five steps on the sample)", doc, StringComparison.Ordinal);
        Assert.Equal(5, r.Iterations);
    }

    [Fact]
    public void Calibrate_SampleHistory_ListsRowsWithoutEveryRiskFactor()
    {
        var result = Sample.Value;

        Assert.Equal(result.RowsRead, result.RowsUsed + result.Excluded.Count);
        Assert.All(result.Excluded, e => Assert.StartsWith("risk factor not recorded: risk.", e.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Calibrate_GeneratedHistories_The95PercentIntervalsCoverTheTruthAsOftenAsTheyShould()
    {
        // Each interval should hold its truth 19 times in 20; intervals from standard errors that were too
        // small (or weights that were biased) would hold it far less often.
        var truth = TruthWeights().ToDictionary(t => (t.Factor, t.Level), t => (double)t.Weight);
        int inside = 0, total = 0;
        foreach (var seed in new long[] { 21, 22, 23, 24, 25, 26 })
        {
            var result = RiskCalibrator.Calibrate(TestModels.Default, Generated(1500, seed), new RiskCalibrationOptions(AsOf));
            foreach (var w in result.Weights.Where(w => !w.IsReference))
            {
                total++;
                inside += w.Low <= truth[(w.Factor, w.Level)] && truth[(w.Factor, w.Level)] <= w.High ? 1 : 0;
            }
        }

        Assert.Equal(6 * 12, total);
        Assert.InRange((double)inside / total, 0.85, 1.0);
    }

    [Fact]
    public void Calibrate_IsDeterministic()
    {
        var path = Generated(600, 11);

        var a = RiskCalibrator.Calibrate(TestModels.Default, path, new RiskCalibrationOptions(AsOf, folds: 3));
        var b = RiskCalibrator.Calibrate(TestModels.Default, path, new RiskCalibrationOptions(AsOf, folds: 3));

        Assert.Equal(a.Model?.ToJson(), b.Model?.ToJson());
        Assert.Equal(a.Auc, b.Auc);
    }

    [Fact]
    public void Calibrate_FewRows_WarnsWhenTheAucIntervalIncludesChance()
    {
        var result = FlatHistory();

        Assert.True(result.AucIncludesChance);
        Assert.Contains(result.Warnings, w => w.StartsWith("the held-out AUC's 95% interval (", StringComparison.Ordinal) && w.EndsWith(") includes 0.5: on this history the risk weights may rank people no better than chance, so they should not change anyone's budget", StringComparison.Ordinal));
    }

    [Fact]
    public void Calibrate_LevelWithoutRowsOrWithSeparation_IsRefusedWithEveryProblem()
    {
        var header = "case_id,as_of,eating,washing,toileting,dressing,moving_at_home,housework,relationships,work,getting_out,caring_for_child,safety,nights,unpaid_care,risk.falls,risk.hospital_admissions,risk.carer_strain,risk.lives_alone,risk.progressive_condition,risk.memory,reassessment_points,crisis\n";
        var rows = string.Concat(Enumerable.Range(0, 40).Select(i =>
            $"C{i},2026-10-01,own,own,own,own,own,own,own,own,own,not_applicable,none,none,none,{(i % 2 == 0 ? "none" : "one")},none,no_carer,{(i % 3 == 0 ? "yes" : "no")},no,none,{(i % 4 == 0 ? 9 : 0)},{(i % 2 == 1 ? "unplanned_admission" : "none")}\n"));

        var result = RiskCalibrator.Calibrate(TestModels.Default, Write(header + rows), new RiskCalibrationOptions(AsOf));

        Assert.Null(result.Model);
        Assert.Contains("risk factor 'falls' level 'one': all of its 20 usable rows had the outcome, so its weight would be infinite (separation); merge it with another level or gather more history", result.Errors);
        Assert.Contains("risk factor 'falls' level 'two_or_more' has no usable rows, so its weight cannot be estimated; gather history with that level, or merge it with another level in the base model", result.Errors);
        Assert.Contains(result.Errors, e => e.StartsWith("risk factor 'memory' level 'dementia' has no usable rows", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(RiskOutcome.Any, "9", "none", true)]
    [InlineData(RiskOutcome.Any, "0", "care_home_placement", true)]
    [InlineData(RiskOutcome.Any, "0", "none", false)]
    [InlineData(RiskOutcome.Any, "0", "", null)]
    [InlineData(RiskOutcome.Any, "", "unplanned_admission", true)]
    [InlineData(RiskOutcome.Deterioration, "1", "", true)]
    [InlineData(RiskOutcome.Deterioration, "0", "unplanned_admission", false)]
    [InlineData(RiskOutcome.Crisis, "30", "none", false)]
    [InlineData(RiskOutcome.Crisis, "", "unplanned_admission", true)]
    public void Calibrate_Outcome_IsAsDocumented(RiskOutcome kind, string reassessmentPoints, string crisis, bool? expected)
    {
        // One row with everything at the reference level and 0 points now, among rows that make the fit possible.
        var header = "case_id,as_of,eating,washing,toileting,dressing,moving_at_home,housework,relationships,work,getting_out,caring_for_child,safety,nights,unpaid_care,risk.falls,risk.hospital_admissions,risk.carer_strain,risk.lives_alone,risk.progressive_condition,risk.memory,reassessment_points,crisis\n";
        var row = $"X,2026-10-01,own,own,own,own,own,own,own,own,own,not_applicable,none,none,none,none,none,no_carer,no,no,none,{reassessmentPoints},{crisis}\n";

        var result = RiskCalibrator.Calibrate(TestModels.Default, Write(header + row), new RiskCalibrationOptions(AsOf, kind));

        var excluded = result.Excluded.Any(e => e.CaseId == "X" && e.Reason.StartsWith("outcome unknown", StringComparison.Ordinal));
        Assert.Equal(expected is null, excluded);
        if (expected is not null)
        {
            Assert.Equal(1, result.RowsUsed);
            Assert.Equal(expected.Value ? 1 : 0, result.Events);
        }
    }

    [Fact]
    public void Calibrate_BadOutcomeCells_AreExcludedWithTheirReason()
    {
        var header = "case_id,as_of,eating,washing,toileting,dressing,moving_at_home,housework,relationships,work,getting_out,caring_for_child,safety,nights,unpaid_care,risk.falls,risk.hospital_admissions,risk.carer_strain,risk.lives_alone,risk.progressive_condition,risk.memory,reassessment_points,crisis\n";
        var rows = "A,2026-10-01,own,own,own,own,own,own,own,own,own,not_applicable,none,none,none,none,none,no_carer,no,no,none,lots,none\n"
            + "B,2026-10-01,own,own,own,own,own,own,own,own,own,not_applicable,none,none,none,none,none,no_carer,no,no,none,3,fell\n"
            + "C,2026-10-01,own,own,own,own,own,own,own,own,own,not_applicable,none,none,none,,none,no_carer,no,no,none,3,none\n";

        var result = RiskCalibrator.Calibrate(TestModels.Default, Write(header + rows), new RiskCalibrationOptions(AsOf));

        Assert.Equal(new[]
        {
            (2L, "A", "reassessment points not a whole number: reassessment_points 'lots' (expected a whole number of points of 0 or more)"),
            (3L, "B", "crisis not a known event: crisis 'fell' (expected none, unplanned_admission or care_home_placement)"),
            (4L, "C", "risk factor not recorded: risk.falls empty (the fit needs every factor's level)"),
        }, result.Excluded);
    }

    [Fact]
    public void Calibrate_ReassessedAnswers_AreScoredByTheBaseModel()
    {
        // Y's answers now score 0 points; at the reassessment "eating: lot_of_help" scores more: deterioration.
        // Z was reassessed without an answer to a required question, W not reassessed at all.
        var header = "case_id,as_of,eating,washing,toileting,dressing,moving_at_home,housework,relationships,work,getting_out,caring_for_child,safety,nights,unpaid_care,risk.falls,risk.hospital_admissions,risk.carer_strain,risk.lives_alone,risk.progressive_condition,risk.memory,crisis,"
            + "reassessed.eating,reassessed.washing,reassessed.toileting,reassessed.dressing,reassessed.moving_at_home,reassessed.housework,reassessed.relationships,reassessed.work,reassessed.getting_out,reassessed.caring_for_child,reassessed.safety,reassessed.nights,reassessed.unpaid_care\n";
        const string Now = "2026-10-01,own,own,own,own,own,own,own,own,own,not_applicable,none,none,none,none,none,no_carer,no,no,none,none";
        var rows = $"Y,{Now},lot_of_help,own,own,own,own,own,own,own,own,not_applicable,none,none,none\n"
            + $"Z,{Now},lot_of_help,own,own,own,own,own,own,own,own,not_applicable,none,none,\n"
            + $"W,{Now},,,,,,,,,,,,,\n";

        var result = RiskCalibrator.Calibrate(TestModels.Default, Write(header + rows), new RiskCalibrationOptions(AsOf, RiskOutcome.Deterioration));

        Assert.Equal((1, 1), (result.RowsUsed, result.Events));
        Assert.Equal(new[] { "Z", "W" }, result.Excluded.Select(e => e.CaseId));
        Assert.StartsWith("reassessment not scored: its reassessed. answers cannot be allocated (line 3, column unpaid_care: ", result.Excluded[0].Reason, StringComparison.Ordinal);
        Assert.Equal("outcome unknown: no reassessment recorded (reassessment_points or every reassessed. answer empty)", result.Excluded[1].Reason);
    }

    [Theory]
    [InlineData("reassessment_points,reassessed.eating", "line 1 (the header): give the need at reassessment as 'reassessment_points' or as 'reassessed.' answers, not both: which one counts would be a guess")]
    [InlineData("crisis,reassessed.eatting", "line 1 (the header): column 'reassessed.eatting' names no question of model default-adult 2.0.0 (a reassessed answer is 'reassessed.' and a question id)")]
    public void Calibrate_ReassessedColumnsThatCannotBeRead_MakeTheFileUnusable(string columns, string expected)
    {
        var ex = Assert.Throws<CaseloadFormatException>(() => RiskCalibrator.Calibrate(TestModels.Default, Write($"case_id,as_of,{columns}\nA,2026-10-01,,\n"), new RiskCalibrationOptions(AsOf)));

        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void Calibrate_MissingOutcomeColumn_MakesTheFileUnusable()
    {
        var path = Write("case_id,as_of,reassessment_points\nA,2026-10-01,3\n");

        var ex = Assert.Throws<CaseloadFormatException>(() => RiskCalibrator.Calibrate(TestModels.Default, path, new RiskCalibrationOptions(AsOf)));

        Assert.Equal("line 1 (the header): there is no 'crisis' column: the outcome 'any' needs both the need at reassessment and the crisis events (a reassessment history is a caseload file plus what happened within the horizon)", ex.Message);
    }

    [Fact]
    public void Calibrate_ModelWithoutDirectionOfTravel_IsRefused()
    {
        var result = RiskCalibrator.Calibrate(TestModels.Norfolk, Write("case_id\n"), new RiskCalibrationOptions(AsOf));

        Assert.Equal(new[] { "the base model has no direction-of-travel rule, so it has no risk weights to calibrate" }, result.Errors);
    }
}
