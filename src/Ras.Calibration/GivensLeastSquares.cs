namespace Ras.Calibration;

/// <summary>
/// Least squares by QR decomposition updated one row at a time (Givens rotations): it holds the upper
/// triangular factor R and Qᵀb, never the rows, so memory does not grow with the history. As stable as a
/// Householder QR of the whole design matrix (both are orthogonal factorisations; the normal equations, which
/// square the condition number, are never formed).
/// </summary>
internal sealed class GivensLeastSquares
{
    private readonly int _k;
    private readonly double[] _r;
    private readonly double[] _qtb;
    private readonly double[] _row;

    public GivensLeastSquares(int columns)
    {
        _k = columns;
        _r = new double[columns * columns];
        _qtb = new double[columns];
        _row = new double[columns];
    }

    public void Add(double x0, double y) => Add(stackalloc[] { x0 }, y);

    public void Add(double x0, double x1, double y) => Add(stackalloc[] { x0, x1 }, y);

    /// <summary>Rotates the row (x, y) into R and Qᵀb.</summary>
    public void Add(ReadOnlySpan<double> x, double y)
    {
        var row = _row;
        x.CopyTo(row);
        for (var j = 0; j < _k; j++)
        {
            var a = _r[(j * _k) + j];
            var b = row[j];
            if (b == 0)
            {
                continue;
            }

            var rho = Hypot(a, b);
            var c = a / rho;
            var s = b / rho;
            _r[(j * _k) + j] = rho;
            row[j] = 0;
            for (var m = j + 1; m < _k; m++)
            {
                var rjm = _r[(j * _k) + m];
                _r[(j * _k) + m] = (c * rjm) + (s * row[m]);
                row[m] = (c * row[m]) - (s * rjm);
            }

            var t = _qtb[j];
            _qtb[j] = (c * t) + (s * y);
            y = (c * y) - (s * t);
        }
    }

    /// <summary>False when a diagonal element of R is exactly 0 (a column with no information).</summary>
    public bool IsFullRank
    {
        get
        {
            for (var j = 0; j < _k; j++)
            {
                if (_r[(j * _k) + j] == 0)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>β solving R β = Qᵀb by back substitution.</summary>
    public double[] Solve()
    {
        var beta = new double[_k];
        for (var j = _k - 1; j >= 0; j--)
        {
            var sum = _qtb[j];
            for (var m = j + 1; m < _k; m++)
            {
                sum -= _r[(j * _k) + m] * beta[m];
            }

            beta[j] = sum / _r[(j * _k) + j];
        }

        return beta;
    }

    /// <summary>√(a² + b²) without overflow or underflow in the squares.</summary>
    private static double Hypot(double a, double b)
    {
        var (x, y) = (Math.Abs(a), Math.Abs(b));
        var (big, small) = x >= y ? (x, y) : (y, x);
        if (big == 0)
        {
            return 0;
        }

        var ratio = small / big;
        return big * Math.Sqrt(1 + (ratio * ratio));
    }
}
