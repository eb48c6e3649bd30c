using MathNet.Numerics.LinearAlgebra;

namespace Ras.Calibration;

/// <summary>A usable history row: points, base band, core cost (actual cost less add-ons), weight, fold.</summary>
internal readonly record struct Observation(int Index, double Points, string Band, double Cost, double Weight, int Fold, string Group);

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
/// Weighted least squares by QR decomposition (MathNet.Numerics), never the normal equations; band amounts as
/// weighted means, made monotone across bands by pooling adjacent violators.
/// </summary>
internal static class Fitting
{
    public static FittedPricing? Fit(CalibrationMethod method, IReadOnlyList<Observation> rows, IReadOnlyList<string> bandOrder, int minimumRowsPerBand, List<string> errors)
    {
        if (method == CalibrationMethod.BandAmounts)
        {
            return FitBands(rows, bandOrder, minimumRowsPerBand, errors);
        }

        if (method == CalibrationMethod.BandPrices)
        {
            return FitBandPrices(rows, bandOrder, minimumRowsPerBand, errors);
        }

        var withIntercept = method != CalibrationMethod.PricePerPoint;
        if (rows.Count < (withIntercept ? 3 : 2))
        {
            errors.Add($"too few usable rows to fit: {rows.Count} (at least {(withIntercept ? 3 : 2)} needed)");
            return null;
        }

        var columns = withIntercept ? 2 : 1;
        var a = Matrix<double>.Build.Dense(rows.Count, columns);
        var b = Vector<double>.Build.Dense(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var s = Math.Sqrt(rows[i].Weight);
            if (withIntercept)
            {
                a[i, 0] = s;
            }

            a[i, columns - 1] = s * rows[i].Points;
            b[i] = s * method switch
            {
                CalibrationMethod.SquareRootCurve => Math.Sqrt(rows[i].Cost),
                CalibrationMethod.LogCurve => Math.Log(rows[i].Cost),
                _ => rows[i].Cost,
            };
        }

        // Exact collinearity is decided on the points themselves: the QR rank test alone depends on rounding
        // (a column of equal points can leave a tiny, non-zero pivot).
        var qr = a.QR();
        if (!qr.IsFullRank || (withIntercept && rows.All(r => r.Points == rows[0].Points)))
        {
            errors.Add(withIntercept
                ? "the predictors are collinear: every usable row has the same points, so an intercept and a price per point cannot both be fitted"
                : "every usable row has 0 points: no price per point can be fitted");
            return null;
        }

        var beta = qr.Solve(b);
        return new FittedPricing { Method = method, Intercept = withIntercept ? beta[0] : 0, Slope = beta[columns - 1] };
    }

    /// <summary>Per band, the weighted least-squares price per point through the origin: Σ w x y ÷ Σ w x².</summary>
    private static FittedPricing? FitBandPrices(IReadOnlyList<Observation> rows, IReadOnlyList<string> bandOrder, int minimumRows, List<string> errors)
    {
        var prices = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var band in bandOrder)
        {
            var inBand = rows.Where(r => r.Band == band && r.Points > 0).ToList();
            if (inBand.Count < minimumRows)
            {
                errors.Add($"band {band} has {inBand.Count} usable row{(inBand.Count == 1 ? "" : "s")} with points; at least {minimumRows} are needed to fit its price per point (--min-rows-per-band)");
                continue;
            }

            prices[band] = inBand.Sum(r => r.Weight * r.Points * r.Cost) / inBand.Sum(r => r.Weight * r.Points * r.Points);
        }

        return errors.Count > 0 ? null : new FittedPricing { Method = CalibrationMethod.BandPrices, BandAmounts = prices };
    }

    private static FittedPricing? FitBands(IReadOnlyList<Observation> rows, IReadOnlyList<string> bandOrder, int minimumRows, List<string> errors)
    {
        var means = new List<(string Band, double Sum, double Weight, int Count)>();
        foreach (var band in bandOrder)
        {
            var inBand = rows.Where(r => r.Band == band).ToList();
            if (inBand.Count < minimumRows)
            {
                errors.Add($"band {band} has {inBand.Count} usable row{(inBand.Count == 1 ? "" : "s")}; at least {minimumRows} are needed to fit its amount (--min-rows-per-band)");
                continue;
            }

            means.Add((band, inBand.Sum(r => r.Weight * r.Cost), inBand.Sum(r => r.Weight), inBand.Count));
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
}
