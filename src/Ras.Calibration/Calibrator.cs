using Ras.Engine;
using System.Globalization;
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
    public static CalibrationResult Calibrate(RasModel baseModel, string historyPath, CalibrationOptions options) =>
        Calibrate(baseModel, historyPath, options, null);

    /// <summary>
    /// Calibrates <paramref name="baseModel"/> from the history file at <paramref name="historyPath"/>, reporting
    /// each read of the file to <paramref name="progress"/> (on the calling thread) as it goes.
    /// </summary>
    /// <exception cref="CaseloadFormatException">The history file cannot be used at all (no header, no <c>actual_annual_cost</c> column).</exception>
    public static CalibrationResult Calibrate(RasModel baseModel, string historyPath, CalibrationOptions options, IProgress<CalibrationProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        ArgumentNullException.ThrowIfNull(historyPath);
        ArgumentNullException.ThrowIfNull(options);
        var shape = ModelShape.Of(baseModel);
        var bandOrder = shape.Bands.Select(b => b.Id).ToList();
        var file = new HistoryFile(historyPath, progress);
        string hash;
        using (var hashed = file.Open("checking the history's hash"))
        {
            hash = HistoryReader.Hash(hashed);
        }

        using var history = new HistoryReader(baseModel, shape, file.Open("reading the history"));
        var result = new CalibrationResult(options, baseModel, shape, historyPath, hash);
        if (shape.PricingBasis is not null || shape.PricedPerWeek)
        {
            // The fits work on points to price and annual amounts; writing them into a table priced on a derived
            // quantity, or stated per week, would give wrong money. Refuse rather than guess.
            result.SetRowsRead(history.Rows().LongCount(), history.Warnings);
            result.ErrorList.Add(shape.PricingBasis is not null
                ? $"the base model prices the derived quantity '{shape.PricingBasis}' (pricing.basis); calibration fits prices to points to price and cannot yet calibrate a table priced on a derived quantity"
                : "the base model states its prices per week (pricing.per \"week\"); calibration fits annual amounts and cannot yet write a weekly price table");
            return result;
        }

        if (options.Method is CalibrationMethod.BandAmounts or CalibrationMethod.BandPrices && bandOrder.Count == 0 && options.SuggestBands == 0)
        {
            result.SetRowsRead(history.Rows().LongCount(), history.Warnings);
            result.ErrorList.Add("band amounts need a base model priced by bands (its band edges are kept), or --suggest-bands N");
            return result;
        }

        // 1. Usable rows, read as they stream past and kept in compact form; every exclusion is counted and
        // listed with its reason.
        var usable = new Observations();
        var read = 0L;
        foreach (var row in history.Rows())
        {
            var index = checked((int)read++);
            var reason = Unusable(row, out var cost, out var weight);
            if (reason is not null)
            {
                result.Exclude(row.Line, row.CaseId, reason);
                continue;
            }

            var core = (double)(cost - row.AddOns);
            usable.Add(new Observation(index, row.Points, core, usable.Name(row.Band ?? "none"), usable.Name(row.ClientGroup ?? "(none)"), (byte)Fold(row.CaseId, options.Folds)), weight);
        }

        result.SetRowsRead(read, history.Warnings);
        result.SetUsable(usable);
        ReleasePass();
        if (usable.Count > 1 && AllCostsEqual(usable))
        {
            result.ErrorList.Add(string.Create(CultureInfo.InvariantCulture, $"every usable cost is the same ({usable[0].Cost:N2} a year after add-ons, {usable.Count:N0} rows): the history cannot show how cost rises with need, so nothing was fitted"));
            return result;
        }

        // Suggested bands: edges at the quantiles of the used rows' points (documented in docs/calibration.md).
        if (options.SuggestBands > 0)
        {
            var points = new int[usable.Count];
            for (var i = 0; i < usable.Count; i++)
            {
                points[i] = usable[i].Points;
            }

            Array.Sort(points);
            var starts = Enumerable.Range(1, options.SuggestBands - 1)
                .Select(k => points.Length == 0 ? 0 : points[Math.Min(points.Length - 1, k * points.Length / options.SuggestBands)])
                .Where(p => p > 0).Distinct().Order().Prepend(0).ToArray();
            var suggested = starts.Select((min, i) => ($"S{i + 1}", min, i + 1 < starts.Length ? starts[i + 1] - 1 : (int?)null)).ToList();
            bandOrder = suggested.Select(b => b.Item1).ToList();
            var ids = suggested.Select(b => usable.Name(b.Item1)).ToArray();
            for (var i = 0; i < usable.Count; i++)
            {
                var at = usable[i].Points;
                usable[i] = usable[i] with { Band = ids[suggested.FindLastIndex(b => at >= b.min)] };
            }

            result.SuggestedBands = suggested;
        }

        // 2. Fit on every usable row, apply the outlier rule, refit.
        var fit = Fitting.Fit(options.Method, usable, -1, bandOrder, options.MinimumRowsPerBand, result.ErrorList);
        if (fit is null)
        {
            return result;
        }

        if (options.OutlierFactor > 0)
        {
            // Outliers are listed by line and case id, which the compact rows do not keep: they are found by
            // row number and named in one more read of the history, only when there are any.
            var outliers = new List<(int Index, string Reason)>();
            var kept = 0;
            for (var i = 0; i < usable.Count; i++)
            {
                var o = usable[i];
                var ratio = o.Cost / fit.Predict(o.Points, usable.Names[o.Band]);
                if (double.IsFinite(ratio) && ratio > 0 && ratio <= options.OutlierFactor && ratio >= 1 / options.OutlierFactor)
                {
                    usable.Move(i, kept++);
                }
                else
                {
                    outliers.Add((o.Index, string.Create(CultureInfo.InvariantCulture, $"outlier: the cost is {ratio:0.##} times the fitted amount (rule: more than {options.OutlierFactor} times, or less than 1/{options.OutlierFactor})")));
                }
            }

            if (outliers.Count > 0)
            {
                ExcludeOutliers(baseModel, file, outliers, result);
                ReleasePass();
                usable.Truncate(kept);
                fit = Fitting.Fit(options.Method, usable, -1, bandOrder, options.MinimumRowsPerBand, result.ErrorList);
                if (fit is null)
                {
                    return result;
                }
            }
        }

        if (!Sound(fit, options, result))
        {
            return result;
        }

        // 3. Held-out validation: each row is predicted by a fit made without its fold.
        var heldOut = new double[usable.Count];
        for (var k = 0; k < options.Folds; k++)
        {
            var foldErrors = new List<string>();
            var foldFit = Fitting.Fit(options.Method, usable, k, bandOrder, 1, foldErrors) ?? fit;
            for (var i = 0; i < usable.Count; i++)
            {
                ref var o = ref usable[i];
                if (o.Fold == k)
                {
                    heldOut[i] = foldFit.Predict(o.Points, usable.Names[o.Band]);
                }
            }
        }

        // 4. The range: the tolerance that contains the target share of held-out costs.
        var relative = result.Scratch(usable.Count);
        var finite = 0;
        for (var i = 0; i < usable.Count; i++)
        {
            var r = Math.Abs(usable[i].Cost - heldOut[i]) / heldOut[i];
            if (double.IsFinite(r))
            {
                relative[finite++] = r;
            }
        }

        Array.Sort(relative, 0, finite);
        var tolerance = finite == 0 ? 0 : Math.Ceiling(relative[Math.Max(0, (int)Math.Ceiling((double)options.TargetCoverage / 100 * finite) - 1)] * 1000) / 10;
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
            ReleasePass();
            result.CarerDeductions = CarerDeductions(model, file);
        }

        return result;
    }

    /// <summary>
    /// Returns what a pass over the history dropped to the system before the next begins. Each pass holds a
    /// duplicate-check table (about 13 bytes a row) and read buffers, all large objects, which only a full
    /// collection frees; with millions of rows the next pass would otherwise allocate its own beside them and
    /// the process would hold two or three passes' worth at once. A few tens of milliseconds, once a pass.
    /// </summary>
    private static void ReleasePass()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static bool AllCostsEqual(Observations usable)
    {
        for (var i = 1; i < usable.Count; i++)
        {
            if (usable[i].Cost != usable[0].Cost)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Lists the outliers (by row number, in file order) with their lines and case ids, read from the history again.</summary>
    private static void ExcludeOutliers(RasModel baseModel, HistoryFile history, List<(int Index, string Reason)> outliers, CalibrationResult result)
    {
        using var file = history.Open("naming the outliers");
        var next = 0;
        var index = 0;
        foreach (var row in new CaseloadRunner(baseModel).ReadRows(file, CaseloadFormat.Csv))
        {
            if (next == outliers.Count)
            {
                break;
            }

            if (outliers[next].Index == index++)
            {
                result.Exclude(row.Line, row.CaseId, outliers[next++].Reason);
            }
        }
    }

    /// <summary>
    /// How the carers' deductions fall on each client group: the calibrated model against the same model with
    /// every carer-deduction adjustment set to 0, over the history caseload.
    /// </summary>
    private static IReadOnlyDictionary<string, (decimal Amount, long People)>? CarerDeductions(RasModel model, HistoryFile history)
    {
        var carers = ModelShape.Of(model).CarerDeductions;
        if (carers.Count == 0)
        {
            return null;
        }

        var change = "{ \"title\": \"no carer deductions\", \"changes\": [ " + string.Join(", ", carers.Select(i => $"{{ \"path\": \"/adjustments/{i}/percent\", \"value\": 0 }}, {{ \"path\": \"/adjustments/{i}/points\", \"value\": 0 }}")) + " ] }";
        var without = model.ApplyChange(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(change)), "no-carer-deductions.json");

        // Each row under both models in one pass; a row counts when both allocate it, and every change counts
        // (there is no "no change" band), so that the people counted are the people whose change is summed.
        var byGroup = new SortedDictionary<string, (decimal Amount, long People)>(StringComparer.Ordinal);
        using var file = history.Open("the carers' deductions");
        foreach (var row in new CaseloadRunner(model).ReadRows(file, CaseloadFormat.Csv, null, without))
        {
            if (!row.IsAllocated || row.Second is not { IsAllocated: true } other)
            {
                continue;
            }

            var (baseline, proposal) = (row.Annual.Indicative, other.Annual.Indicative);
            var group = row.ClientGroup ?? "(none)";
            var (amount, people) = byGroup.GetValueOrDefault(group);
            byGroup[group] = (amount + (proposal - baseline), people + (proposal != baseline ? 1 : 0));
        }

        return byGroup.ToDictionary(g => g.Key, g => g.Value);
    }

    /// <summary>Why a history row cannot be used, or null with its cost and weight.</summary>
    private static string? Unusable(HistoryRow row, out decimal cost, out double weight)
    {
        cost = 0m;
        weight = 1.0;
        var weighted = row.WeightText.Length > 0;
        return row.Error is not null ? $"not allocated: {row.Error}"
            : row.Offer == Offer.None ? "not eligible: the base model gives no budget, so the fitted prices do not apply"
            : row.Offer == Offer.PreventativeSupport ? "preventative: a fixed preventative allocation, not priced by the fitted prices"
            : row.CostText.Length == 0 ? "no cost: actual_annual_cost is empty"
            : !double.TryParse(row.CostText, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number) ? $"cost not a number: actual_annual_cost '{row.CostText}'"
            : number <= 0 ? $"cost not positive: actual_annual_cost {row.CostText}"
            : !decimal.TryParse(row.CostText, NumberStyles.Float, CultureInfo.InvariantCulture, out cost) || cost > EngineLimits.MaxAmount ? string.Create(CultureInfo.InvariantCulture, $"cost above the limit on amounts: actual_annual_cost {row.CostText} (at most {EngineLimits.MaxAmount:N0} a year)")
            : weighted && !(double.TryParse(row.WeightText, NumberStyles.Float, CultureInfo.InvariantCulture, out weight) && double.IsFinite(weight)) ? $"weight not a number: weight '{row.WeightText}'"
            : weighted && weight <= 0 ? $"weight not positive: weight '{row.WeightText}'"
            : weighted && weight > MaxWeight ? string.Create(CultureInfo.InvariantCulture, $"weight out of range: weight '{row.WeightText}' (at most {MaxWeight:N0})")
            : cost - row.AddOns <= 0 ? $"cost below add-ons: the actual cost {row.CostText} does not exceed the add-ons the model already pays ({row.AddOns.ToString("0.##", CultureInfo.InvariantCulture)})"
            : null;
    }

    /// <summary>Largest weight a history row may carry (weights are relative: a row standing for a million cases is already extreme).</summary>
    private const double MaxWeight = 1_000_000;

    /// <summary>
    /// Refuses a fit that would write unsound prices: less money for more need (a negative price per point or
    /// slope; bands are made monotone by pooling and by raising prices, each reported) unless the options allow
    /// it, and prices that round to 0 in the unit the model is written in (costs too small for the money unit).
    /// </summary>
    private static bool Sound(FittedPricing fit, CalibrationOptions options, CalibrationResult result)
    {
        var before = result.ErrorList.Count;
        if (fit.Method is not (CalibrationMethod.BandAmounts or CalibrationMethod.BandPrices) && fit.Slope < 0)
        {
            var what = string.Create(CultureInfo.InvariantCulture, $"the fitted {(fit.Method == CalibrationMethod.PricePerPoint ? "price per point" : "coefficient on points")} is negative ({fit.Slope:G6}): the model would give less money for more need");
            if (options.AllowNonMonotone)
            {
                result.WarningList.Add(what + " (written because non-monotone fits were allowed)");
            }
            else
            {
                result.ErrorList.Add(what + "; check that the history records need and cost, try another method, or pass --allow-non-monotone to write it anyway");
            }
        }

        var zero = fit.Method switch
        {
            CalibrationMethod.PricePerPoint => fit.Slope != 0 && Round(fit.Slope, 2) == 0 ? string.Create(CultureInfo.InvariantCulture, $"the fitted price per point ({fit.Slope:G6}) rounds to 0.00") : null,
            CalibrationMethod.BandAmounts => fit.BandAmounts.Where(b => Round(b.Value, 0) == 0).Select(b => string.Create(CultureInfo.InvariantCulture, $"band {b.Key}'s fitted amount ({b.Value:G6}) rounds to 0")).FirstOrDefault(),
            CalibrationMethod.BandPrices => fit.BandAmounts.Where(b => Round(b.Value, 2) == 0).Select(b => string.Create(CultureInfo.InvariantCulture, $"band {b.Key}'s fitted price per point ({b.Value:G6}) rounds to 0.00")).FirstOrDefault(),
            _ => fit.Slope != 0 && Round(fit.Slope, 6) == 0 ? string.Create(CultureInfo.InvariantCulture, $"the fitted coefficient on points ({fit.Slope:G6}) rounds to 0 at six decimal places") : null,
        };
        if (zero is not null)
        {
            result.ErrorList.Add(zero + ": the costs are too small for the money unit, so nothing was written");
        }

        return result.ErrorList.Count == before;
    }

    /// <summary>The held-out fold of a case: the 64-bit FNV-1a hash of its id's UTF-16 code units, modulo the folds (docs/calibration.md).</summary>
    internal static int Fold(string caseId, int folds)
    {
        var h = 14695981039346656037UL;
        foreach (var c in caseId)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return (int)(h % (ulong)folds);
    }

    private static (RasModel? Model, List<string> Raised) Afford(RasModel baseModel, FittedPricing fit, CalibrationOptions options, double tolerance, decimal available, string historyPath, CalibrationResult result)
    {
        decimal Total(RasModel m)
        {
            return new CaseloadRunner(m).RunFile(historyPath, CaseloadFormat.Csv, TextWriter.Null, CaseloadFormat.Csv).TotalIndicative;
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
        var (node, version) = NewModelVersion.Start(baseModel, options.Version, options.EffectiveFrom, "(calibrated)");
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
        var model = NewModelVersion.Finish(node, baseModel, result.Provenance(version), result.ErrorList);
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

    private static decimal Round(double value, int decimals) => NewModelVersion.Round(value, decimals);
}
