using System.Globalization;
using Ras.Engine.Caseloads;
using Ras.Engine.Impact;

namespace Ras.Engine.Tests.Impact;

public class ChangePercentTests
{
    /// <summary>What the per-case file wrote before the whole-number route: decimal division, then "0.00".</summary>
    private static string ByDivision(decimal change, decimal baseline) =>
        (change / baseline * 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Appended(decimal change, decimal baseline)
    {
        var o = new Utf8Buffer(16);
        ChangePercent.Append(o, change, baseline);
        return o.ToString();
    }

    /// <summary>Amounts with 0, 1 or 2 decimal places stored, of every size from a penny to the limit and beyond.</summary>
    private static decimal Amount(Random random)
    {
        var digits = random.Next(1, 15);
        var units = (long)(random.NextDouble() * Math.Pow(10, digits));
        var scale = (byte)random.Next(0, 3);
        return new decimal((int)(units & 0xFFFFFFFF), (int)(units >> 32), 0, random.Next(4) == 0, scale);
    }

    [Theory]
    [InlineData("1", "8")] // 12.5% exactly
    [InlineData("1", "200")] // 0.5% exactly
    [InlineData("0.01", "200")] // 0.005%: a tie, away from zero
    [InlineData("-0.01", "200")]
    [InlineData("-0.01", "300")] // -0.0033…%: rounds to zero, written without its sign
    [InlineData("0.00", "5")]
    [InlineData("-1", "3")]
    [InlineData("2", "3.00")]
    [InlineData("-96782", "96782")]
    [InlineData("5000", "0.01")]
    [InlineData("-1.0", "-3")] // a negative baseline
    [InlineData("1.005", "3")] // a fraction of a penny: decimal division
    [InlineData("1", "20000000000")] // beyond £10^10: decimal division
    public void Append_Table_WritesWhatDecimalDivisionWrites(string change, string baseline)
    {
        var c = decimal.Parse(change, CultureInfo.InvariantCulture);
        var b = decimal.Parse(baseline, CultureInfo.InvariantCulture);

        Assert.Equal(ByDivision(c, b), Appended(c, b));
    }

    [Fact]
    public void Append_RandomAmounts_WritesWhatDecimalDivisionWrites()
    {
        var random = new Random(20261202);
        for (var i = 0; i < 200_000; i++)
        {
            var baseline = Amount(random);
            var change = random.Next(3) switch
            {
                0 => Amount(random),
                1 => baseline * random.Next(-1000, 1000) / 2000m, // near or on a boundary of 0.05%
                _ => decimal.Round(baseline * random.Next(-200, 200) / 20000m, 2), // near a boundary of 0.005%
            };
            if (baseline == 0)
            {
                continue;
            }

            Assert.True(ByDivision(change, baseline) == Appended(change, baseline), $"{change} / {baseline}");
        }
    }

    [Theory]
    [InlineData("12.34", true, 1234)]
    [InlineData("-12.3", true, -1230)]
    [InlineData("7", true, 700)]
    [InlineData("9999999999.99", true, 999_999_999_999)]
    [InlineData("10000000000", false, 0)]
    [InlineData("0.001", false, 0)]
    [InlineData("1.000", false, 0)] // three decimal places stored: not read as pence
    public void TryPence_Table(string amount, bool expected, long pence)
    {
        Assert.Equal(expected, ChangePercent.TryPence(decimal.Parse(amount, CultureInfo.InvariantCulture), out var actual));
        Assert.Equal(pence, actual);
    }

    /// <summary>The bucket by decimal division, as ComparisonOptions.Bucket computed it before the whole-number route.</summary>
    private static int BucketByDivision(ComparisonOptions o, decimal baseline, decimal proposal)
    {
        if (baseline == 0)
        {
            return proposal == 0 ? 2 : proposal > 0 ? 4 : 0;
        }

        var percent = (proposal - baseline) / baseline * 100m;
        return percent < -o.SmallChangePercent ? 0
            : percent < -o.NoChangePercent ? 1
            : percent <= o.NoChangePercent ? 2
            : percent <= o.SmallChangePercent ? 3
            : 4;
    }

    [Fact]
    public void Bucket_RandomAmountsAndThresholds_IsWhatDecimalDivisionGives()
    {
        var random = new Random(7);
        var thresholds = new[] { (0.1m, 5m), (0m, 5m), (0m, 0.0000000001m), (1m, 2m), (0.123456789m, 33.3333333333m), (0.1m, 100m), (1m, 20000m), (0.12345678901m, 5m) };
        foreach (var (none, small) in thresholds)
        {
            var options = new ComparisonOptions(none, small);
            for (var i = 0; i < 30_000; i++)
            {
                var baseline = Amount(random);
                var proposal = random.Next(3) switch
                {
                    0 => Amount(random),
                    // On a threshold or a penny either side of it.
                    1 => decimal.Round(baseline * (1m + ((random.Next(2) == 0 ? none : small) * (random.Next(2) == 0 ? 1 : -1) / 100m)), 2) + (random.Next(-1, 2) / 100m),
                    _ => baseline + (random.Next(-3, 4) / 100m),
                };

                Assert.True(BucketByDivision(options, baseline, proposal) == options.Bucket(baseline, proposal), $"{baseline} → {proposal} with ±{none}%, {small}%");
            }
        }
    }

    [Theory]
    [InlineData("1000", "1001")] // +0.1% exactly: no change
    [InlineData("1000", "999")] // -0.1% exactly: no change
    [InlineData("1000", "1050")] // +5% exactly: gain up to 5%
    [InlineData("1000", "950")] // -5% exactly: lose up to 5%
    [InlineData("1000", "949.99")]
    [InlineData("1000", "1050.01")]
    [InlineData("0", "1")]
    [InlineData("0", "0")]
    [InlineData("-100", "-90")]
    public void Bucket_OnAndBesideTheDefaultThresholds_IsWhatDecimalDivisionGives(string baseline, string proposal)
    {
        var options = new ComparisonOptions();
        var b = decimal.Parse(baseline, CultureInfo.InvariantCulture);
        var p = decimal.Parse(proposal, CultureInfo.InvariantCulture);

        Assert.Equal(BucketByDivision(options, b, p), options.Bucket(b, p));
    }
}
