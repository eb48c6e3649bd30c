using System.Globalization;
using System.Text.Json.Nodes;
using Ras.Engine;
using Ras.Engine.Caseloads;
using Ras.Engine.Impact;

namespace Ras.Calibration;

/// <summary>
/// Fits a model's direction-of-travel risk weights to reassessment history: a logistic regression of whether
/// the outcome happened within the horizon on the risk factor levels recorded at the assessment (one
/// indicator per level, each factor's first level the reference), by iteratively reweighted least squares;
/// standard errors and 95% intervals from the information matrix; held-out discrimination (AUC with DeLong's
/// interval), calibration by decile and the Brier score over k folds; and a new model version with the fitted
/// weights and their provenance. Rows that cannot be used are counted and listed with their reason; a fit
/// that cannot be made (a level without rows, separation, no convergence) writes no model and says why.
/// </summary>
public static class RiskCalibrator
{
    /// <summary>Calibrates the risk weights of <paramref name="baseModel"/> from the reassessment history at <paramref name="historyPath"/>.</summary>
    /// <exception cref="CaseloadFormatException">The history cannot be used at all (no header, no outcome column).</exception>
    public static RiskCalibrationResult Calibrate(RasModel baseModel, string historyPath, RiskCalibrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        ArgumentNullException.ThrowIfNull(historyPath);
        ArgumentNullException.ThrowIfNull(options);
        var dot = ModelShape.Of(baseModel).DirectionOfTravel;
        if (dot is null)
        {
            var refused = new RiskCalibrationResult(options, baseModel, historyPath, "", 0, new List<string>());
            refused.ErrorList.Add("the base model has no direction-of-travel rule, so it has no risk weights to calibrate");
            return refused;
        }

        var (rows, warnings) = ReassessmentReader.Read(baseModel, historyPath, options.Outcome);
        var hash = HistoryReader.Hash(historyPath);
        var result = new RiskCalibrationResult(options, baseModel, historyPath, hash, rows.Count, warnings);

        // 1. Usable rows: every factor's level recorded and the outcome known; every exclusion listed.
        var factors = dot.RiskFactors;
        var used = new List<(ReassessmentRow Row, int[] Levels, bool Outcome)>();
        foreach (var row in rows)
        {
            var missing = factors.Select((f, i) => (f, i)).Where(x => row.Levels[x.i].Length == 0).Select(x => "risk." + x.f.Id).ToList();
            string? reason = row.Error is not null ? $"not allocated: {row.Error}"
                : missing.Count > 0 ? $"risk factor not recorded: {string.Join(", ", missing)} empty (the fit needs every factor's level)"
                : null;
            var outcome = reason is null ? Outcome(row, options, out reason) : null;
            if (reason is not null || outcome is null)
            {
                result.Exclude(row, reason!);
                continue;
            }

            used.Add((row, factors.Select((f, i) => f.Levels.Select(l => l.Code).ToList().IndexOf(row.Levels[i])).ToArray(), outcome.Value));
        }

        // 2. The design: an intercept, then one indicator per non-reference level, factor by factor.
        var columns = new List<(int Factor, int Level)> { (-1, -1) };
        for (var f = 0; f < factors.Count; f++)
        {
            for (var l = 1; l < factors[f].Levels.Count; l++)
            {
                columns.Add((f, l));
            }
        }

        var x = used.Select(u => columns.Select(c => c.Factor < 0 || u.Levels[c.Factor] == c.Level ? 1.0 : 0.0).ToArray()).ToArray();
        var y = used.Select(u => u.Outcome).ToArray();
        result.SetUsed(used.Count, y.Count(o => o));

        // 3. Refuse what cannot be estimated, with every problem: a level without rows, or one whose rows all
        // had the outcome or none did (its weight would be infinite: separation).
        var counts = new List<(int Factor, int Level, int Rows, int Events)>();
        for (var f = 0; f < factors.Count; f++)
        {
            for (var l = 0; l < factors[f].Levels.Count; l++)
            {
                var at = used.Where(u => u.Levels[f] == l).ToList();
                var events = at.Count(u => u.Outcome);
                counts.Add((f, l, at.Count, events));
                var name = $"risk factor '{factors[f].Id}' level '{factors[f].Levels[l].Code}'";
                if (at.Count == 0)
                {
                    result.ErrorList.Add($"{name} has no usable rows, so its weight cannot be estimated; gather history with that level, or merge it with another level in the base model");
                }
                else if (events == 0 || events == at.Count)
                {
                    result.ErrorList.Add($"{name}: {(events == 0 ? "none" : "all")} of its {at.Count} usable row{(at.Count == 1 ? "" : "s")} had the outcome, so its weight would be {(events == 0 ? "minus " : "")}infinite (separation); merge it with another level or gather more history");
                }
            }
        }

        if (used.Count > 0 && (y.All(o => o) || !y.Any(o => o)))
        {
            result.ErrorList.Add($"{(y[0] ? "every" : "no")} usable row had the outcome: there is nothing to predict");
        }

        if (result.ErrorList.Count > 0)
        {
            return result;
        }

        var fit = LogisticRegression.Fit(x, y, out var problem);
        if (fit is null)
        {
            result.ErrorList.Add(problem!);
            return result;
        }

        // 4. Held out: each row predicted by a fit made without its fold.
        var folds = used.Select(u => Calibrator.Fold(u.Row.CaseId, options.Folds)).ToArray();
        var heldOut = new double[used.Count];
        for (var k = 0; k < options.Folds; k++)
        {
            var train = Enumerable.Range(0, used.Count).Where(i => folds[i] != k).ToArray();
            if (train.Length == used.Count)
            {
                continue;
            }

            var foldFit = LogisticRegression.Fit(train.Select(i => x[i]).ToArray(), train.Select(i => y[i]).ToArray(), out var foldProblem);
            if (foldFit is null)
            {
                result.ErrorList.Add($"the held-out fit without fold {k + 1} of {options.Folds}: {foldProblem} (fewer folds, or more history, may help)");
                return result;
            }

            for (var i = 0; i < used.Count; i++)
            {
                if (folds[i] == k)
                {
                    heldOut[i] = foldFit.Predict(x[i]);
                }
            }
        }

        // 5. The weights, against the base model's (each relative to its factor's reference level).
        var weights = new List<RiskWeight>
        {
            new("intercept", "", false, used.Count, y.Count(o => o), fit.Coefficients[0], fit.StandardErrors[0], dot.Intercept + factors.Sum(f => f.Levels[0].Weight)),
        };
        foreach (var (f, l, n, events) in counts)
        {
            var column = columns.IndexOf((f, l));
            var levels = factors[f].Levels;
            weights.Add(new RiskWeight(factors[f].Id, levels[l].Code, l == 0, n, events, column < 0 ? 0 : fit.Coefficients[column], column < 0 ? 0 : fit.StandardErrors[column], levels[l].Weight - levels[0].Weight));
        }

        result.SetFit(weights, fit.Iterations, heldOut, y, columns.Count);

        // 6. The new model version: the fitted weights to four decimal places, the reference levels 0.
        var (node, version) = NewModelVersion.Start(baseModel, options.Version, options.EffectiveFrom, "(risk weights calibrated)");
        var dotNode = node["directionOfTravel"]!;
        dotNode["intercept"] = NewModelVersion.Round(fit.Coefficients[0], WeightDecimals);
        var factorNodes = dotNode["riskFactors"]!.AsArray();
        foreach (var w in weights.Where(w => w.Factor != "intercept"))
        {
            var f = factors.Select(d => d.Id).ToList().IndexOf(w.Factor);
            var level = factorNodes[f]!["levels"]!.AsArray().Single(n => n!["code"]!.GetValue<string>() == w.Level)!;
            level["weight"] = NewModelVersion.Round(w.Estimate, WeightDecimals);
        }

        dotNode["calibration"] = result.CalibrationNote();
        result.Model = NewModelVersion.Finish(node, baseModel, result.Provenance(version), result.ErrorList);
        if (result.Model is not null)
        {
            // What the new weights do to money: the history's caseload under the base model and under the new one.
            using var reader = new StreamReader(historyPath);
            result.Impact = new CaseloadComparison(baseModel, result.Model).Run(reader, CaseloadFormat.Csv, null);
        }

        return result;
    }

    /// <summary>Decimal places of the weights written into the model.</summary>
    public const int WeightDecimals = 4;

    /// <summary>The row's outcome under the options, or null with why it is unknown.</summary>
    private static bool? Outcome(ReassessmentRow row, RiskCalibrationOptions options, out string? reason)
    {
        reason = null;
        bool? deteriorated = null, crisis = null;
        if (options.Outcome != RiskOutcome.Crisis && row.ReassessmentError is not null)
        {
            reason = $"reassessment not scored: its {ReassessmentReader.ReassessedPrefix} answers cannot be allocated ({row.ReassessmentError})";
            return null;
        }

        if (options.Outcome != RiskOutcome.Crisis && row.ReassessmentPoints.Length > 0)
        {
            if (!int.TryParse(row.ReassessmentPoints, NumberStyles.None, CultureInfo.InvariantCulture, out var then))
            {
                reason = $"reassessment points not a whole number: {ReassessmentReader.PointsColumn} '{row.ReassessmentPoints}' (expected a whole number of points of 0 or more)";
                return null;
            }

            deteriorated = then - row.Points >= options.MinimumIncrease;
        }

        if (options.Outcome != RiskOutcome.Deterioration && row.Crisis.Length > 0)
        {
            if (row.Crisis != ReassessmentReader.NoCrisis && !ReassessmentReader.CrisisEvents.Contains(row.Crisis))
            {
                reason = $"crisis not a known event: {ReassessmentReader.CrisisColumn} '{row.Crisis}' (expected {ReassessmentReader.NoCrisis}, {string.Join(" or ", ReassessmentReader.CrisisEvents)})";
                return null;
            }

            crisis = row.Crisis != ReassessmentReader.NoCrisis;
        }

        var outcome = options.Outcome switch
        {
            RiskOutcome.Deterioration => deteriorated,
            RiskOutcome.Crisis => crisis,
            _ => deteriorated == true || crisis == true ? true : deteriorated == false && crisis == false ? false : null,
        };
        if (outcome is null)
        {
            var noReassessment = $"no reassessment recorded ({ReassessmentReader.PointsColumn} or every {ReassessmentReader.ReassessedPrefix} answer empty)";
            var noCrisis = $"no crisis recorded ({ReassessmentReader.CrisisColumn} empty; write '{ReassessmentReader.NoCrisis}' when there was none)";
            reason = "outcome unknown: " + (options.Outcome, deteriorated, crisis) switch
            {
                (RiskOutcome.Deterioration, _, _) => noReassessment,
                (RiskOutcome.Crisis, _, _) => noCrisis,
                (_, null, null) => $"{noReassessment} and {noCrisis}",
                (_, null, _) => $"{noReassessment}, and the crisis column shows none",
                _ => $"{noCrisis}, and the reassessment shows no deterioration",
            };
        }

        return outcome;
    }
}
