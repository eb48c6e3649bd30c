using MathNet.Numerics.LinearAlgebra;

namespace Ras.Calibration;

/// <summary>A fitted logistic model: coefficients, their standard errors and how the fit went.</summary>
internal sealed class LogisticFit
{
    public LogisticFit(double[] coefficients, double[] standardErrors, int iterations, double deviance)
    {
        Coefficients = coefficients;
        StandardErrors = standardErrors;
        Iterations = iterations;
        Deviance = deviance;
    }

    /// <summary>β, in the columns' order (the first is the intercept when the design has one).</summary>
    public double[] Coefficients { get; }

    /// <summary>√ of the diagonal of the inverse information matrix (Xᵀ W X)⁻¹ at β.</summary>
    public double[] StandardErrors { get; }

    public int Iterations { get; }

    /// <summary>−2 × the log-likelihood at β.</summary>
    public double Deviance { get; }

    /// <summary>p = 1 ÷ (1 + e^−(x·β)).</summary>
    public double Predict(ReadOnlySpan<double> x)
    {
        var z = 0.0;
        for (var j = 0; j < x.Length; j++)
        {
            z += x[j] * Coefficients[j];
        }

        return 1.0 / (1.0 + Math.Exp(-z));
    }
}

/// <summary>
/// Maximum-likelihood logistic regression by iteratively reweighted least squares (Newton–Raphson on the
/// log-likelihood): each step solves the weighted least-squares problem √W X β = √W z, with
/// W = diag(μ(1 − μ)) and the working response z = Xβ + (y − μ) ÷ W, by QR decomposition (MathNet.Numerics),
/// never by the normal equations. Starts at β = 0; stops when no coefficient moves by more than 10⁻⁹ (at most
/// 50 steps). A design that is not of full rank, a fit that does not converge or whose coefficients run away
/// (|β| above 20 on the logit scale: separation) is refused with the reason, never returned.
/// </summary>
internal static class LogisticRegression
{
    public const int MaximumIterations = 50;
    public const double Tolerance = 1e-9;
    public const double RunawayCoefficient = 20;

    /// <summary>Fits y (0 or 1) on the rows of <paramref name="x"/>; null with the reason in <paramref name="problem"/> when it cannot.</summary>
    public static LogisticFit? Fit(double[][] x, bool[] y, out string? problem)
    {
        problem = null;
        var n = x.Length;
        var k = n == 0 ? 0 : x[0].Length;
        if (n <= k)
        {
            problem = $"too few rows to fit {k} coefficients: {n}";
            return null;
        }

        var beta = new double[k];
        var a = Matrix<double>.Build.Dense(n, k);
        var b = Vector<double>.Build.Dense(n);
        for (var iteration = 1; iteration <= MaximumIterations; iteration++)
        {
            for (var i = 0; i < n; i++)
            {
                var eta = Dot(x[i], beta);
                var mu = 1.0 / (1.0 + Math.Exp(-eta));
                var w = Math.Max(mu * (1 - mu), 1e-300);
                var s = Math.Sqrt(w);
                for (var j = 0; j < k; j++)
                {
                    a[i, j] = s * x[i][j];
                }

                b[i] = s * (eta + (((y[i] ? 1 : 0) - mu) / w));
            }

            var qr = a.QR();
            if (!FullRank(qr.R))
            {
                problem = "the risk factor levels are collinear (some level is always recorded together with another, or never varies), so their weights cannot be told apart";
                return null;
            }

            var next = qr.Solve(b).ToArray();
            var change = 0.0;
            for (var j = 0; j < k; j++)
            {
                change = Math.Max(change, Math.Abs(next[j] - beta[j]));
            }

            beta = next;
            if (beta.Any(c => !double.IsFinite(c) || Math.Abs(c) > RunawayCoefficient))
            {
                problem = "the fit does not converge: a weight runs away towards infinity (separation: some combination of risk factor levels predicts the outcome perfectly); merge sparse levels or gather more history";
                return null;
            }

            if (change <= Tolerance)
            {
                return Finish(x, y, beta, iteration, out problem);
            }
        }

        problem = $"the fit did not converge in {MaximumIterations} iterations (the weights kept moving): the history may be nearly separable; merge sparse levels or gather more history";
        return null;
    }

    private static LogisticFit? Finish(double[][] x, bool[] y, double[] beta, int iterations, out string? problem)
    {
        problem = null;
        var k = beta.Length;
        var information = Matrix<double>.Build.Dense(k, k);
        var deviance = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            var mu = 1.0 / (1.0 + Math.Exp(-Dot(x[i], beta)));
            var w = mu * (1 - mu);
            for (var r = 0; r < k; r++)
            {
                for (var c = 0; c < k; c++)
                {
                    information[r, c] += w * x[i][r] * x[i][c];
                }
            }

            deviance -= 2 * Math.Log(Math.Max(y[i] ? mu : 1 - mu, 1e-300));
        }

        var covariance = information.Inverse();
        var se = new double[k];
        for (var j = 0; j < k; j++)
        {
            se[j] = Math.Sqrt(covariance[j, j]);
            if (!double.IsFinite(se[j]))
            {
                problem = "the information matrix cannot be inverted at the fit, so the weights' standard errors are undefined (separation or collinear levels)";
                return null;
            }
        }

        return new LogisticFit(beta, se, iterations, deviance);
    }

    /// <summary>
    /// Full rank when no diagonal element of R is below 10⁻¹⁰ of the largest (MathNet's own test asks for an
    /// exact zero, which rounding rarely gives for collinear columns).
    /// </summary>
    private static bool FullRank(Matrix<double> r)
    {
        var largest = 0.0;
        for (var j = 0; j < r.ColumnCount; j++)
        {
            largest = Math.Max(largest, Math.Abs(r[j, j]));
        }

        for (var j = 0; j < r.ColumnCount; j++)
        {
            if (!(Math.Abs(r[j, j]) > 1e-10 * largest))
            {
                return false;
            }
        }

        return true;
    }

    private static double Dot(double[] x, double[] beta)
    {
        var z = 0.0;
        for (var j = 0; j < x.Length; j++)
        {
            z += x[j] * beta[j];
        }

        return z;
    }
}
