using Ras.Calibration;

namespace Ras.Engine.Tests.Calibration;

public class LogisticRegressionTests
{
    private static (double[][] X, bool[] Y) Table(params (double[] X, int Events, int NonEvents)[] cells)
    {
        var x = new List<double[]>();
        var y = new List<bool>();
        foreach (var (row, events, nonEvents) in cells)
        {
            x.AddRange(Enumerable.Repeat(row, events + nonEvents));
            y.AddRange(Enumerable.Repeat(true, events).Concat(Enumerable.Repeat(false, nonEvents)));
        }

        return (x.ToArray(), y.ToArray());
    }

    [Fact]
    public void Fit_OneFactor_IsTheLogOddsRatioWithWoolfsStandardError()
    {
        // Reference level 40 of 100 had the outcome, the other level 30 of 50. By hand: intercept = ln(40/60),
        // weight = ln(30/20) − ln(40/60) = ln 2.25; SEs √(1/40 + 1/60) and √(1/40 + 1/60 + 1/30 + 1/20) = √0.125.
        var (x, y) = Table((new[] { 1.0, 0 }, 40, 60), (new[] { 1.0, 1 }, 30, 20));

        var fit = LogisticRegression.Fit(x, y, out var problem)!;

        Assert.Null(problem);
        Assert.Equal(Math.Log(40.0 / 60), fit.Coefficients[0], 9);
        Assert.Equal(Math.Log(2.25), fit.Coefficients[1], 9);
        Assert.Equal(Math.Sqrt((1 / 40.0) + (1 / 60.0)), fit.StandardErrors[0], 9);
        Assert.Equal(Math.Sqrt(0.125), fit.StandardErrors[1], 9);
    }

    [Fact]
    public void Fit_ChallengerORings_MatchesThePublishedFit()
    {
        // Launch temperature (°F) and O-ring damage for the 23 shuttle flights before Challenger (Dalal, Fowlkes
        // and Hoadley 1989). The textbook fit, R's glm(damage ~ temp, binomial): intercept 15.0429 (SE 7.3786),
        // temperature −0.2322 (SE 0.1082).
        double[] temp = { 66, 70, 69, 68, 67, 72, 73, 70, 57, 63, 70, 78, 67, 53, 67, 75, 70, 81, 76, 79, 75, 76, 58 };
        int[] damage = { 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1 };

        var fit = LogisticRegression.Fit(temp.Select(t => new[] { 1.0, t }).ToArray(), damage.Select(d => d == 1).ToArray(), out _)!;

        Assert.Equal(15.0429, fit.Coefficients[0], 4);
        Assert.Equal(-0.2322, fit.Coefficients[1], 4);
        Assert.Equal(7.3786, fit.StandardErrors[0], 4);
        Assert.Equal(0.1082, fit.StandardErrors[1], 4);
    }

    [Fact]
    public void Fit_Separation_IsRefused()
    {
        var (x, y) = Table((new[] { 1.0, 0 }, 10, 30), (new[] { 1.0, 1 }, 20, 0));

        var fit = LogisticRegression.Fit(x, y, out var problem);

        Assert.Null(fit);
        Assert.StartsWith("the fit does not converge: a weight runs away towards infinity (separation", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_CollinearLevels_IsRefused()
    {
        var (x, y) = Table((new[] { 1.0, 0, 0 }, 10, 30), (new[] { 1.0, 1, 1 }, 20, 10));

        Assert.Null(LogisticRegression.Fit(x, y, out var problem));
        Assert.StartsWith("the risk factor levels are collinear", problem, StringComparison.Ordinal);
    }
}
