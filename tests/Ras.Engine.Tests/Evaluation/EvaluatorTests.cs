using Ras.Engine.Evaluation;

namespace Ras.Engine.Tests.Evaluation;

public class EvaluatorTests
{
    [Theory]
    [InlineData("12.5", 13)]
    [InlineData("12.4", 12)]
    [InlineData("-0.4", 0)]
    [InlineData("-0.5", 0)]
    [InlineData("-3000000000", 0)] // far below int.MinValue: 0, not an OverflowException (found by ExtremeModelProperties)
    [InlineData("-79228162514264337593543950335", 0)]
    [InlineData("2147483647.4", int.MaxValue)]
    [InlineData("2147483647.5", -1)]
    public void BasisPoints_RoundsHalvesAwayFromZeroNeverBelowZeroAndMinusOneBeyondInt(string value, int expected) =>
        Assert.Equal(expected, Evaluator.BasisPoints(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
}
