using Ras.Calibration;

namespace Ras.Engine.Tests.Calibration;

public class RiskMeasuresTests
{
    [Fact]
    public void Auc_SmallExample_MatchesDeLongByHand()
    {
        // Positives 0.8, 0.6, 0.4; negatives 0.5, 0.3, 0.4, 0.2. Of the 12 pairs 10 are ordered and 1 tied:
        // AUC = 10.5/12 = 0.875. Components V10 = (1, 1, 0.625), S10 = 0.046875; V01 = (2/3, 1, 5/6, 1),
        // S01 = 0.0763889/3; Var = S10/3 + S01/4 = 0.0219907, SE = 0.1482928.
        var p = new[] { 0.8, 0.6, 0.4, 0.5, 0.3, 0.4, 0.2 };
        var y = new[] { true, true, true, false, false, false, false };

        var (auc, se) = RiskMeasures.Auc(p, y)!.Value;

        Assert.Equal(0.875, auc, 12);
        Assert.Equal(0.1482928, se, 6);
    }

    [Fact]
    public void Auc_OneClassOnly_IsNull() => Assert.Null(RiskMeasures.Auc(new[] { 0.2, 0.3 }, new[] { true, true }));

    [Fact]
    public void Deciles_SplitRowsByPredictionIntoTenEqualGroups()
    {
        var p = Enumerable.Range(0, 100).Select(i => (99 - i) / 100.0).ToArray();
        var y = Enumerable.Range(0, 100).Select(i => i % 2 == 0).ToArray();

        var deciles = RiskMeasures.Deciles(p, y);

        Assert.Equal(10, deciles.Count);
        Assert.All(deciles, d => Assert.Equal(10, d.Rows));
        Assert.Equal(0.045, deciles[0].MeanPredicted, 12);
        Assert.Equal(0.945, deciles[9].MeanPredicted, 12);
        Assert.All(deciles, d => Assert.Equal(0.5, d.Observed));
    }

    [Fact]
    public void Brier_IsTheMeanSquaredError() =>
        Assert.Equal(((0.2 * 0.2) + (0.4 * 0.4)) / 2, RiskMeasures.Brier(new[] { 0.8, 0.4 }, new[] { true, false }), 12);

    [Fact]
    public void Wilson_MatchesThePublishedInterval()
    {
        // Newcombe (1998), method 3: 81 of 263 gives 0.2553 to 0.3662.
        var (low, high) = RiskMeasures.Wilson(81, 263);

        Assert.Equal(0.2553, low, 4);
        Assert.Equal(0.3662, high, 4);
    }
}
