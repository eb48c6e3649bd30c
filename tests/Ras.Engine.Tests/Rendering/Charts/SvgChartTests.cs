using Ras.Rendering.Charts;

namespace Ras.Engine.Tests.Rendering.Charts;

public class SvgChartTests
{
    [Theory]
    [InlineData(0, 4794, 4, new[] { 0d, 2000, 4000, 6000 })]
    [InlineData(0, 100, 5, new[] { 0d, 20, 40, 60, 80, 100 })]
    [InlineData(-8320, 0, 8, new[] { -10000d, -8000, -6000, -4000, -2000, 0 })]
    [InlineData(0, 2, 5, new[] { 0d, 0.5, 1, 1.5, 2 })]
    public void Ticks_AreRoundAndCoverTheValues(double min, double max, int target, double[] expected) =>
        Assert.Equal(expected, SvgChart.Ticks(min, max, target));

    [Theory]
    [InlineData(1_250_000, "£1.25m")]
    [InlineData(-8000, "-£8k")]
    [InlineData(500, "£500")]
    public void ShortMoney_WritesTheSignBeforeTheSymbol(double value, string expected) =>
        Assert.Equal(expected, SvgChart.ShortMoney(value));
}
