using Ras.Engine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ras.Engine.Allocation;
using Ras.Engine.Caseloads;
using Ras.Engine.Models;

namespace Ras.Calibration;

/// <summary>
/// Calibrates a model from historical costs: fits prices to the cost of current support (less the add-ons the
/// model already pays), validates on held-out folds, sets the range for a target coverage, optionally scales
/// to an envelope, and reports accuracy and fairness by band and client group. Expected problems (bad costs,
/// too few rows in a band, collinear predictors) are counted and listed; no model is written when the fit
/// cannot be made.
/// </summary>
public static class Calibrator
{
    /// <summary>Calibrates <paramref name="baseModel"/> from the history file at <paramref name="historyPath"/>.</summary>
    /// <exception cref="CaseloadFormatException">The history file cannot be used at all (no header, no <c>actual_annual_cost</c> column).</exception>
    public static CalibrationResult Calibrate(RasModel baseModel, string historyPath, CalibrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        ArgumentNullException.ThrowIfNull(options);
        var (rows, warnings) = HistoryReader.Read(baseModel, historyPath);
        var result = new CalibrationResult(options, baseModel, historyPath, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(historyPath))), rows.Count, warnings);
        var bandOrder = baseModel.Definition.Pricing.Bands.Select(b => b.Id).ToList();
        if (baseModel.Definition.Pricing.Basis is { } basis || baseModel.Definition.Pricing.Per == Ras.Engine.Models.PricePeriod.Week)
        {
            // The fits work on points to price and annual amounts; writing them into a table priced on a derived
            // quantity, or stated per week, would give wrong money. Refuse rather than guess.
            result.ErrorList.Add(baseModel.Definition.Pricing.Basis is not null
                ? $"the base model prices the derived quantity '{baseModel.Definition.Pricing.Basis}' (pricing.basis); calibration fits prices to points to price and cannot yet calibrate a table priced on a derived quantity"
                : "the base model states its prices per week (pricing.per \"week\"); calibration fits annual amounts and cannot yet write a weekly price table");
            return result;
        }

        if (options.Method is CalibrationMethod.BandAmounts or CalibrationMethod.BandPrices && bandOrder.Count == 0 && options.SuggestBands == 0)
        {
            result.ErrorList.Add("band amounts need a base model priced by bands (its band edges are kept), or --suggest-bands N");
            return result;
        }

        // 1. Usable rows; every exclusion is counted and listed with its reason.
        var usable = new List<Observation>();
        foreach (var (row, index) in rows.Select((r, i) => (r, i)))
        {
            string? reason = row.Error is not null ? $"not allocated: {row.Error}"
                : row.Offer == Offer.None ? "not eligible: the base model gives no budget, so the fitted prices do not apply"
                : row.Offer == Offer.PreventativeSupport ? "preventative: a fixed preventative allocation, not priced by the fitted prices"
                : row.CostText.Length == 0 ? "no cost: actual_annual_cost is empty"
                : !decimal.TryParse(row.CostText, NumberStyles.Number, CultureInfo.InvariantCulture, out var cost) ? $"cost not a number: actual_annual_cost '{row.CostText}'"
                : cost <= 0 ? $"cost not positive: actual_annual_cost {row.CostText}"
                : row.WeightText.Length > 0 && !(decimal.TryParse(row.WeightText, NumberStyles.Number, CultureInfo.InvariantCulture, out var w) && w > 0) ? $"weight not positive: weight '{row.WeightText}'"
                : cost - row.AddOns <= 0 ? $"cost below add-ons: the actual cost {row.CostText} does not exceed the add-ons the model already pays ({row.AddOns.ToString("0.##", CultureInfo.InvariantCulture)})"
                : null;
            if (reason is not null)
            {
                result.Exclude(row, reason);
                continue;
            }

            var weight = row.WeightText.Length == 0 ? 1.0 : double.Parse(row.WeightText, CultureInfo.InvariantCulture);
            var core = (double)(decimal.Parse(row.CostText, CultureInfo.InvariantCulture) - row.AddOns);
            usable.Add(new Observation(index, row.Points, row.Band ?? "none", core, weight, Fold(row.CaseId, options.Folds), row.ClientGroup ?? "(none)"));
        }

        result.SetUsable(usable);

        // Suggested bands: edges at the quantiles of the used rows' points (documented in docs/calibration.md).
        IReadOnlyList<(string Id, int Min, int? Max)>? suggested = null;
        if (options.SuggestBands > 0)
        {
            var points = usable.Select(o => (int)o.Points).Order().ToArray();
            var starts = Enumerable.Range(1, options.SuggestBands - 1)
                .Select(k => points.Length == 0 ? 0 : points[Math.Min(points.Length - 1, k * points.Length / options.SuggestBands)])
                .Where(p => p > 0).Distinct().Order().Prepend(0).ToArray();
            suggested = starts.Select((min, i) => ($"S{i + 1}", min, i + 1 < starts.Length ? starts[i + 1] - 1 : (int?)null)).ToList();
            bandOrder = suggested.Select(b => b.Id).ToList();
            usable = usable.Select(o => o with { Band = suggested.Last(b => o.Points >= b.Min).Id }).ToList();
            result.SuggestedBands = suggested;
        }

        // 2. Fit on every usable row, apply the outlier rule, refit.
        var fit = Fitting.Fit(options.Method, usable, bandOrder, options.MinimumRowsPerBand, result.ErrorList);
        if (fit is null)
        {
            return result;
        }

        if (options.OutlierFactor > 0)
        {
            var kept = new List<Observation>();
            foreach (var o in usable)
            {
                var ratio = o.Cost / fit.Predict(o.Points, o.Band);
                if (double.IsFinite(ratio) && ratio > 0 && ratio <= options.OutlierFactor && ratio >= 1 / options.OutlierFactor)
                {
                    kept.Add(o);
                }
                else
                {
                    result.Exclude(rows[o.Index], string.Create(CultureInfo.InvariantCulture, $"outlier: the cost is {ratio:0.##} times the fitted amount (rule: more than {options.OutlierFactor} times, or less than 1/{options.OutlierFactor})"));
                }
            }

            usable = kept;
            fit = Fitting.Fit(options.Method, usable, bandOrder, options.MinimumRowsPerBand, result.ErrorList);
            if (fit is null)
            {
                return result;
            }
        }

        // 3. Held-out validation: each row is predicted by a fit made without its fold.
        var heldOut = new double[usable.Count];
        for (var k = 0; k < options.Folds; k++)
        {
            var train = usable.Where(o => o.Fold != k).ToList();
            var foldErrors = new List<string>();
            var foldFit = Fitting.Fit(options.Method, train, bandOrder, 1, foldErrors) ?? fit;
            for (var i = 0; i < usable.Count; i++)
            {
                if (usable[i].Fold == k)
                {
                    heldOut[i] = foldFit.Predict(usable[i].Points, usable[i].Band);
                }
            }
        }

        // 4. The range: the tolerance that contains the target share of held-out costs.
        var relative = usable.Select((o, i) => Math.Abs(o.Cost - heldOut[i]) / heldOut[i]).Where(double.IsFinite).Order().ToArray();
        var tolerance = relative.Length == 0 ? 0 : Math.Ceiling(relative[Math.Max(0, (int)Math.Ceiling((double)options.TargetCoverage / 100 * relative.Length) - 1)] * 1000) / 10;
        result.SetFit(fit, usable, heldOut, Math.Min(tolerance, 1000));

        // 5. The calibrated model, scaled to the envelope if one is given, validated as any model is.
        var (model, raised) = Build(baseModel, fit, options, Math.Min(tolerance, 1000), 1m, result);
        if (model is not null && options.Envelope is { } envelope)
        {
            (model, raised) = Afford(baseModel, fit, options, Math.Min(tolerance, 1000), envelope * (1 - (options.ContingencyPercent / 100m)), historyPath, result);
        }

        result.RaisedList.AddRange(raised);

        result.Model = model;
        if (model is not null)
        {
            result.CarerDeductions = CarerDeductions(model, historyPath);
        }

        return result;
    }

    /// <summary>
    /// How the carers' deductions fall on each client group: the calibrated model against the same model with
    /// every carer-deduction adjustment set to 0, over the history caseload.
    /// </summary>
    private static IReadOnlyDictionary<string, (decimal Amount, long People)>? CarerDeductions(RasModel model, string historyPath)
    {
        var carers = model.Definition.Adjustments.Select((a, i) => (a, i)).Where(x => x.a.Kind == Ras.Engine.Models.AdjustmentKind.CarerDeduction).Select(x => x.i).ToList();
        if (carers.Count == 0)
        {
            return null;
        }

        var change = "{ \"title\": \"no carer deductions\", \"changes\": [ " + string.Join(", ", carers.Select(i => $"{{ \"path\": \"/adjustments/{i}/percent\", \"value\": 0 }}, {{ \"path\": \"/adjustments/{i}/points\", \"value\": 0 }}")) + " ] }";
        var without = model.ApplyChange(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(change)), "no-carer-deductions.json");
        using var reader = new StreamReader(historyPath);
        var impact = new Ras.Engine.Impact.CaseloadComparison(model, without).Run(reader, CaseloadFormat.Csv, null);
        return impact.ChangeByClientGroup.ToDictionary(
            g => g.Key,
            g => (g.Value, impact.BucketsByClientGroup.TryGetValue(g.Key, out var b) ? b[3] + b[4] : 0L));
    }

    internal static int Fold(string caseId, int folds) => (int)(CaseIdSet.Hash(caseId) % (ulong)folds);

    private static (RasModel? Model, List<string> Raised) Afford(RasModel baseModel, FittedPricing fit, CalibrationOptions options, double tolerance, decimal available, string historyPath, CalibrationResult result)
    {
        decimal Total(RasModel m)
        {
            using var writer = new StringWriter();
            return new CaseloadRunner(m).RunFile(historyPath, CaseloadFormat.Csv, writer, CaseloadFormat.Csv).TotalIndicative;
        }

        var before = Total(Build(baseModel, fit, options, tolerance, 1m, result).Model!);
        decimal low = 0m, high = Math.Max(1m, available / Math.Max(1m, before) * 2m);
        var best = Build(baseModel, fit, options, tolerance, 0m, result);
        var bestTotal = Total(best.Model!);
        if (bestTotal > available)
        {
            result.ErrorList.Add($"even with every price at 0 the caseload costs {bestTotal:N2} (add-ons and preventative allocations), more than the {available:N2} available");
            return (null, new List<string>());
        }

        for (var iteration = 0; iteration < 40 && high - low > 0.000001m; iteration++)
        {
            var mid = (low + high) / 2;
            var candidate = Build(baseModel, fit, options, tolerance, mid, result);
            if (candidate.Model is null)
            {
                return (null, new List<string>());
            }

            var total = Total(candidate.Model);
            if (total <= available)
            {
                (low, best, bestTotal) = (mid, candidate, total);
            }
            else
            {
                high = mid;
            }
        }

        result.SetAffordability(available, before, low, bestTotal);
        return best;
    }

    private static (RasModel? Model, List<string> Raised) Build(RasModel baseModel, FittedPricing fit, CalibrationOptions options, double tolerance, decimal scale, CalibrationResult result)
    {
        var node = JsonNode.Parse(baseModel.ToJson())!;
        var version = options.Version ?? NextMinor(baseModel.Version);
        node["version"] = version;
        node["title"] = baseModel.Title + " (calibrated)";
        if (options.EffectiveFrom is { } from)
        {
            node["effectiveFrom"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (baseModel.EffectiveTo is { } to && to < from)
            {
                node.AsObject().Remove("effectiveTo");
            }
        }

        var s = (double)scale;
        var raised = new List<string>();
        var pricing = node["pricing"]!.AsObject();
        switch (fit.Method)
        {
            case CalibrationMethod.PricePerPoint:
                node["pricing"] = new JsonObject { ["method"] = "pricePerPoint", ["pricePerPoint"] = Round(fit.Slope * s, 2) };
                break;
            case CalibrationMethod.BandAmounts when result.SuggestedBands is { } suggestedBands:
                var bands = new JsonArray();
                foreach (var (id, min, max) in suggestedBands)
                {
                    var band = new JsonObject { ["id"] = id, ["label"] = max is null ? $"{min} points or more" : $"{min} to {max} points", ["minPoints"] = min };
                    if (max is not null)
                    {
                        band["maxPoints"] = max;
                    }

                    if (fit.Method == CalibrationMethod.BandPrices)
                    {
                        band["pricePerPoint"] = Round(fit.BandAmounts[id] * s, 2);
                    }
                    else
                    {
                        band["amount"] = Round(fit.BandAmounts[id] * s, 0);
                    }

                    bands.Add(band);
                }

                node["pricing"] = new JsonObject { ["method"] = "bands", ["bands"] = bands };
                KeepPricesRising(node["pricing"]!["bands"]!.AsArray(), raised);
                break;
            case CalibrationMethod.BandPrices:
                foreach (var band in pricing["bands"]!.AsArray().Select(b => b!.AsObject()))
                {
                    band.Remove("amount");
                    band.Remove("lower");
                    band.Remove("upper");
                    band["pricePerPoint"] = Round(fit.BandAmounts[band["id"]!.GetValue<string>()] * s, 2);
                }

                pricing.Remove("allowNonMonotoneBands");
                KeepPricesRising(pricing["bands"]!.AsArray(), raised);
                break;
            case CalibrationMethod.BandAmounts:
                foreach (var band in pricing["bands"]!.AsArray().Select(b => b!.AsObject()))
                {
                    band.Remove("pricePerPoint");
                    band.Remove("lower");
                    band.Remove("upper");
                    band["amount"] = Round(fit.BandAmounts[band["id"]!.GetValue<string>()] * s, 0);
                }

                pricing.Remove("allowNonMonotoneBands");
                break;
            default:
                var (intercept, slope, transform) = fit.Method switch
                {
                    CalibrationMethod.PricePerPointWithIntercept => (fit.Intercept * s, fit.Slope * s, "identity"),
                    CalibrationMethod.SquareRootCurve => (fit.Intercept * Math.Sqrt(s), fit.Slope * Math.Sqrt(s), "square"),
                    _ => (fit.Intercept + Math.Log(Math.Max(s, 1e-12)), fit.Slope, "exp"),
                };
                node["pricing"] = new JsonObject
                {
                    ["method"] = "curve",
                    ["curve"] = new JsonObject
                    {
                        ["intercept"] = Round(intercept, 6),
                        ["terms"] = new JsonArray(new JsonObject { ["coefficient"] = Round(slope, 6), ["totalPoints"] = true }),
                        ["transform"] = transform,
                        ["output"] = "annual",
                    },
                };
                break;
        }

        node["range"] = new JsonObject { ["method"] = "tolerance", ["belowPercent"] = Round(Math.Min(tolerance, 100), 1), ["abovePercent"] = Round(tolerance, 1) };
        node["description"] = result.Provenance(version) + " " + baseModel.Definition.Description;
        var model = RasModel.TryLoad(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(node.ToJsonString())), "calibrated model", out var errors);
        if (model is null)
        {
            result.ErrorList.AddRange(errors.Select(e => "the calibrated model is not valid: " + e.Message));
        }

        return (model, raised);
    }

    /// <summary>
    /// Raises a band's price per point, where needed, so that the band starts no lower than the band below it
    /// ends (more need never lowers the budget); each raise is reported.
    /// </summary>
    private static void KeepPricesRising(JsonArray bands, List<string> raisedNotes)
    {
        decimal previousHigh = 0;
        foreach (var band in bands.Select(b => b!.AsObject()))
        {
            if (band["pricePerPoint"] is not { } priceNode)
            {
                previousHigh = band["amount"]?.GetValue<decimal>() ?? previousHigh;
                continue;
            }

            var price = priceNode.GetValue<decimal>();
            var min = band["minPoints"]!.GetValue<int>();
            if (min > 0 && price * min < previousHigh)
            {
                var raised = Math.Ceiling(previousHigh / min * 100) / 100;
                raisedNotes.Add($"band {band["id"]} price per point raised from {price} to {raised} so that it starts no lower than the band below ends");
                band["pricePerPoint"] = raised;
                price = raised;
            }

            previousHigh = price * (band["maxPoints"]?.GetValue<int>() ?? min);
        }
    }

    private static decimal Round(double value, int decimals) => decimal.Round((decimal)value, decimals, MidpointRounding.AwayFromZero);

    private static string NextMinor(string version)
    {
        var core = version.Split('-')[0].Split('.');
        return $"{core[0]}.{int.Parse(core[1], CultureInfo.InvariantCulture) + 1}.0";
    }
}
