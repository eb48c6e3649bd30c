namespace Ras.Calibration;

/// <summary>
/// The held-out figures for predicted probabilities against binary outcomes: the area under the ROC curve with
/// DeLong's standard error, observed against predicted by decile, and the Brier score. Each is written once
/// here and documented in docs/calibration.md.
/// </summary>
internal static class RiskMeasures
{
    /// <summary>The normal quantile for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// The AUC (the probability that a random person with the outcome scores above a random person without it,
    /// ties counting one half) and its standard error by DeLong, DeLong and Clarke-Pearson (1988), from the
    /// structural components computed with mid-ranks. Null when either class is empty.
    /// </summary>
    public static (double Auc, double StandardError)? Auc(IReadOnlyList<double> p, IReadOnlyList<bool> y)
    {
        var positives = Enumerable.Range(0, p.Count).Where(i => y[i]).Select(i => p[i]).ToArray();
        var negatives = Enumerable.Range(0, p.Count).Where(i => !y[i]).Select(i => p[i]).ToArray();
        int m = positives.Length, n = negatives.Length;
        if (m == 0 || n == 0)
        {
            return null;
        }

        var all = MidRanks(positives.Concat(negatives).ToArray());
        var withinPositives = MidRanks(positives);
        var withinNegatives = MidRanks(negatives);
        var v10 = new double[m];
        var v01 = new double[n];
        for (var i = 0; i < m; i++)
        {
            v10[i] = (all[i] - withinPositives[i]) / n;
        }

        for (var j = 0; j < n; j++)
        {
            v01[j] = 1 - ((all[m + j] - withinNegatives[j]) / m);
        }

        var auc = v10.Average();
        var s10 = m > 1 ? v10.Sum(v => (v - auc) * (v - auc)) / (m - 1) : 0;
        var s01 = n > 1 ? v01.Sum(v => (v - auc) * (v - auc)) / (n - 1) : 0;
        return (auc, Math.Sqrt((s10 / m) + (s01 / n)));
    }

    /// <summary>
    /// Observed against predicted in ten groups of (nearly) equal size by predicted probability: the rows sorted
    /// by prediction (ties by input order), row r of n in group ⌊10 r ÷ n⌋; each group's mean prediction, its
    /// observed rate and the rate's 95% Wilson interval. Fewer groups when there are fewer than ten rows.
    /// </summary>
    public static IReadOnlyList<CalibrationDecile> Deciles(IReadOnlyList<double> p, IReadOnlyList<bool> y)
    {
        var order = Enumerable.Range(0, p.Count).OrderBy(i => p[i]).ThenBy(i => i).ToArray();
        var groups = Math.Min(10, order.Length);
        var result = new List<CalibrationDecile>(groups);
        for (var g = 0; g < groups; g++)
        {
            var members = order.Where((_, r) => (long)r * groups / order.Length == g).ToArray();
            var observed = members.Count(i => y[i]);
            var (low, high) = Wilson(observed, members.Length);
            result.Add(new CalibrationDecile(g + 1, members.Length, members.Average(i => p[i]), (double)observed / members.Length, low, high));
        }

        return result.AsReadOnly();
    }

    /// <summary>The Brier score: the mean of (p − y)², 0 perfect.</summary>
    public static double Brier(IReadOnlyList<double> p, IReadOnlyList<bool> y) =>
        p.Count == 0 ? 0 : Enumerable.Range(0, p.Count).Sum(i => Math.Pow(p[i] - (y[i] ? 1 : 0), 2)) / p.Count;

    /// <summary>The 95% Wilson score interval for <paramref name="events"/> out of <paramref name="n"/>.</summary>
    public static (double Low, double High) Wilson(int events, int n)
    {
        if (n == 0)
        {
            return (0, 1);
        }

        var rate = (double)events / n;
        var z2 = Z95 * Z95;
        var centre = (rate + (z2 / (2 * n))) / (1 + (z2 / n));
        var half = Z95 / (1 + (z2 / n)) * Math.Sqrt((rate * (1 - rate) / n) + (z2 / (4.0 * n * n)));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>Ranks from 1, ties sharing the mean of their ranks, in the input's order.</summary>
    private static double[] MidRanks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            for (var r = start; r <= end; r++)
            {
                ranks[order[r]] = ((start + end) / 2.0) + 1;
            }

            start = end + 1;
        }

        return ranks;
    }
}
