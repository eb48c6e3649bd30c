using MathNet.Numerics.LinearAlgebra;
using Ras.Calibration;

namespace Ras.Engine.Tests.Calibration;

public class GivensLeastSquaresTests
{
    [Theory]
    [InlineData(1, 2, 100.0)]
    [InlineData(2, 3, 100.0)]
    [InlineData(2, 20_000, 1e6)]
    [InlineData(1, 20_000, 1e-3)]
    public void Solve_AgreesWithAHouseholderQrOfTheWholeMatrix(int columns, int rows, double scale)
    {
        var random = new Random(7);
        var a = Matrix<double>.Build.Dense(rows, columns);
        var b = Vector<double>.Build.Dense(rows);
        var givens = new GivensLeastSquares(columns);
        for (var i = 0; i < rows; i++)
        {
            var w = Math.Sqrt(0.5 + random.NextDouble());
            var x = random.Next(0, 200);
            if (columns == 2)
            {
                a[i, 0] = w;
            }

            a[i, columns - 1] = w * x;
            b[i] = w * scale * ((columns == 2 ? 1000 : 0) + (210 * x)) * Math.Exp(0.2 * (random.NextDouble() - 0.5));
            if (columns == 2)
            {
                givens.Add(w, w * x, b[i]);
            }
            else
            {
                givens.Add(w * x, b[i]);
            }
        }

        var expected = a.QR().Solve(b);
        var actual = givens.Solve();

        for (var j = 0; j < columns; j++)
        {
            Assert.Equal(expected[j], actual[j], Math.Abs(expected[j]) * 1e-12);
        }
    }

    [Fact]
    public void IsFullRank_ColumnOfZeros_IsFalse()
    {
        var givens = new GivensLeastSquares(1);
        givens.Add(0, 5);
        givens.Add(0, 7);

        Assert.False(givens.IsFullRank);
    }
}
