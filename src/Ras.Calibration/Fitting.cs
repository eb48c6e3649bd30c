namespace Ras.Calibration;

/// <summary>A fitted pricing: coefficients (intercept, slope) or band amounts, and its prediction.</summary>
internal sealed class FittedPricing
{
    public required CalibrationMethod Method { get; init; }

    public double Intercept { get; init; }

    public double Slope { get; init; }

    public IReadOnlyDictionary<string, double> BandAmounts { get; init; } = new Dictionary<string, double>();

    public IReadOnlyList<string> Pooled { get; init; } = Array.Empty<string>();

    public double Predict(double points, string band) => Method switch
    {
        CalibrationMethod.PricePerPoint => Slope * points,
        CalibrationMethod.PricePerPointWithIntercept => Intercept + (Slope * points),
        CalibrationMethod.SquareRootCurve => Math.Pow(Math.Max(0, Intercept + (Slope * points)), 2),
        CalibrationMethod.LogCurve => Math.Exp(Intercept + (Slope * points)),
        CalibrationMethod.BandPrices => BandAmounts.TryGetValue(band, out var price) ? price * points : double.NaN,
        _ => BandAmounts.TryGetValue(band, out var amount) ? amount : double.NaN,
    };
}

/// <summary>
/// Weighted least squares by QR decomposition, never the normal equations: the triangular factor is updated
/// row by row with Givens rotations (so a fit holds two numbers per coefficient, whatever the number of
/// rows); band amounts as weighted means, made monotone across bands by pooling adjacent violators. Every fit
/// reads the usable rows in file order, leaving out one held-out fold when asked.
/// </summary>
internal static class Fitting
{
    /// <summary>Fits on every row of <paramref name="rows"/> except those of fold <paramref name="withoutFold"/> (−1: none).</summary>
    public static FittedPricing? Fit(CalibrationMethod method, Observations rows, int withoutFold, IReadOnlyList<string> bandOrder, int minimumRowsPerBand, List<string> errors)
    {
        if (method == CalibrationMethod.BandAmounts)
        {
            return FitBands(rows, withoutFold, bandOrder, minimumRowsPerBand, errors);
        }

        if (method == CalibrationMethod.BandPrices)
        {
            return FitBandPrices(rows, withoutFold, bandOrder, minimumRowsPerBand, errors);
        }

        var withIntercept = method != CalibrationMethod.PricePerPoint;
        var qr = new GivensLeastSquares(withIntercept ? 2 : 1);
        var n = 0;
        int? firstPoints = null;
        var samePoints = true;
        for (var i = 0; i < rows.Count; i++)
        {
            ref var o = ref rows[i];
            if (o.Fold == withoutFold)
            {
                continue;
            }

            n++;
            firstPoints ??= o.Points;
            samePoints &= o.Points == firstPoints;
            var s = Math.Sqrt(rows.Weight(i));
            var y = s * method switch
            {
                CalibrationMethod.SquareRootCurve => Math.Sqrt(o.Cost),
                CalibrationMethod.LogCurve => Math.Log(o.Cost),
                _ => o.Cost,
            };
            if (withIntercept)
            {
                qr.Add(s, s * o.Points, y);
            }
            else
            {
                qr.Add(s * o.Points, y);
            }
        }

        if (n < (withIntercept ? 3 : 2))
        {
            errors.Add($"too few usable rows to fit: {n} (at least {(withIntercept ? 3 : 2)} needed)");
            return null;
        }

        // Exact collinearity is decided on the points themselves: a rank test on R alone depends on rounding
        // (a column of equal points can leave a tiny, non-zero pivot).
        if (!qr.IsFullRank || (withIntercept && samePoints))
        {
            errors.Add(withIntercept
                ? "the predictors are collinear: every usable row has the same points, so an intercept and a price per point cannot both be fitted"
                : "every usable row has 0 points: no price per point can be fitted");
            return null;
        }

        var beta = qr.Solve();
        return new FittedPricing { Method = method, Intercept = withIntercept ? beta[0] : 0, Slope = beta[^1] };
    }

    /// <summary>Per band, the weighted least-squares price per point through the origin: Σ w x y ÷ Σ w x².</summary>
    private static FittedPricing? FitBandPrices(Observations rows, int withoutFold, IReadOnlyList<string> bandOrder, int minimumRows, List<string> errors)
    {
        var sums = Sums(rows, withoutFold, bandOrder, o => o.Points > 0, (o, w) => w * o.Points * o.Cost, (o, w) => w * o.Points * o.Points);
        var prices = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (band, xy, xx, count) in sums)
        {
            if (count < minimumRows)
            {
                errors.Add($"band {band} has {count} usable row{(count == 1 ? "" : "s")} with points; at least {minimumRows} are needed to fit its price per point (--min-rows-per-band)");
                continue;
            }

            prices[band] = xy / xx;
        }

        return errors.Count > 0 ? null : new FittedPricing { Method = CalibrationMethod.BandPrices, BandAmounts = prices };
    }

    private static FittedPricing? FitBands(Observations rows, int withoutFold, IReadOnlyList<string> bandOrder, int minimumRows, List<string> errors)
    {
        var means = new List<(string Band, double Sum, double Weight, int Count)>();
        foreach (var (band, sum, weight, count) in Sums(rows, withoutFold, bandOrder, _ => true, (o, w) => w * o.Cost, (_, w) => w))
        {
            if (count < minimumRows)
            {
                errors.Add($"band {band} has {count} usable row{(count == 1 ? "" : "s")}; at least {minimumRows} are needed to fit its amount (--min-rows-per-band)");
                continue;
            }

            means.Add((band, sum, weight, count));
        }

        if (errors.Count > 0)
        {
            return null;
        }

        // Pool adjacent violators: a band that would pay less than the band below it is merged with it.
        var blocks = new List<(List<string> Bands, double Sum, double Weight)>();
        foreach (var (band, sum, weight, _) in means)
        {
            blocks.Add((new List<string> { band }, sum, weight));
            while (blocks.Count > 1 && blocks[^1].Sum / blocks[^1].Weight < blocks[^2].Sum / blocks[^2].Weight)
            {
                var merged = (blocks[^2].Bands.Concat(blocks[^1].Bands).ToList(), blocks[^2].Sum + blocks[^1].Sum, blocks[^2].Weight + blocks[^1].Weight);
                blocks.RemoveRange(blocks.Count - 2, 2);
                blocks.Add(merged);
            }
        }

        var amounts = new Dictionary<string, double>(StringComparer.Ordinal);
        var pooled = new List<string>();
        foreach (var (bands, sum, weight) in blocks)
        {
            foreach (var band in bands)
            {
                amounts[band] = sum / weight;
            }

            if (bands.Count > 1)
            {
                pooled.Add(string.Join("+", bands));
            }
        }

        return new FittedPricing { Method = CalibrationMethod.BandAmounts, BandAmounts = amounts, Pooled = pooled };
    }

    /// <summary>Per band of <paramref name="bandOrder"/>, in file order, two sums over the rows that count and how many there are.</summary>
    private static List<(string Band, double A, double B, int Count)> Sums(Observations rows, int withoutFold, IReadOnlyList<string> bandOrder, Func<Observation, bool> counts, Func<Observation, double, double> a, Func<Observation, double, double> b)
    {
        var slot = new Dictionary<short, int>();
        for (var k = 0; k < bandOrder.Count; k++)
        {
            slot[rows.Name(bandOrder[k])] = k;
        }

        var sums = new (double A, double B, int Count)[bandOrder.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var o = rows[i];
            if (o.Fold != withoutFold && slot.TryGetValue(o.Band, out var k) && counts(o))
            {
                var w = rows.Weight(i);
                sums[k] = (sums[k].A + a(o, w), sums[k].B + b(o, w), sums[k].Count + 1);
            }
        }

        return bandOrder.Select((band, k) => (band, sums[k].A, sums[k].B, sums[k].Count)).ToList();
    }
}
