using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Ras.Calibration;
using Ras.Engine.Caseloads;
using Ras.Engine.Models;
using Ras.Rendering;

namespace Ras.Engine.Tests.Calibration;

public class CalibratorTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 23);

    /// <summary>The default questionnaire without add-ons, so that costs are the priced amount alone.</summary>
    private static readonly RasModel Base = With(TestModels.Default, """{ "path": "/addOns", "value": [] }""");

    private static RasModel With(RasModel model, params string[] changes) =>
        model.ApplyChange(new MemoryStream(System.Text.Encoding.UTF8.GetBytes($$"""{ "changes": [ {{string.Join(", ", changes)}} ] }""")), "truth.json");

    [Fact]
    public void Calibrate_WithProgress_ReportsEachReadToTheEndAndGivesTheSameModel()
    {
        var history = History(Base, 500);
        var options = new CalibrationOptions(CalibrationMethod.PricePerPoint, AsOf);
        var reports = new List<CalibrationProgress>();

        var quiet = Calibrator.Calibrate(TestModels.Default, history, options);
        var reported = Calibrator.Calibrate(TestModels.Default, history, options, new Collect(reports));

        Assert.Equal(quiet.Model!.ToJson(), reported.Model!.ToJson());
        var length = new FileInfo(history).Length;
        var reads = reports.GroupBy(r => r.Pass).ToList();
        Assert.Equal(Enumerable.Range(1, reads.Count), reads.Select(g => g.Key));
        Assert.Equal("checking the history's hash", reads[0].First().Stage);
        Assert.Equal("reading the history", reads[1].First().Stage);
        Assert.Equal("the carers' deductions", reads[^1].First().Stage); // the default model has carers' deductions
        Assert.All(reads, g =>
        {
            Assert.Equal(0, g.First().BytesRead);
            Assert.Equal(length, g.Last().BytesRead);
            Assert.All(g, r => Assert.Equal(length, r.Length));
            Assert.True(g.Zip(g.Skip(1)).All(p => p.First.BytesRead <= p.Second.BytesRead), "bytes read never go back within a read");
        });
    }

    /// <summary>Collects reports on the calling thread.</summary>
    private sealed class Collect(List<CalibrationProgress> reports) : IProgress<CalibrationProgress>
    {
        public void Report(CalibrationProgress value) => reports.Add(value);
    }

    private static string History(RasModel truth, int count = 3000, double noise = 0.05, long seed = 5)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ras-history-{Guid.NewGuid():N}.csv");
        using var w = new StreamWriter(path);
        HistoryGeneration.Write(Base, truth, count, seed, noise, w);
        return path;
    }

    [Fact]
    public void PricePerPoint_RecoversTheKnownPrice()
    {
        var truth = With(Base, """{ "path": "/pricing", "value": { "method": "pricePerPoint", "pricePerPoint": 210 } }""", """{ "path": "/range", "value": { "method": "tolerance", "belowPercent": 10, "abovePercent": 10 } }""");

        var result = Calibrator.Calibrate(Base, History(truth), new CalibrationOptions(CalibrationMethod.PricePerPoint, AsOf));

        var price = JsonNode.Parse(result.Model!.ToJson())!["pricing"]!["pricePerPoint"]!.GetValue<decimal>();
        Assert.InRange(price, 210m * 0.99m, 210m * 1.01m); // 5% noise on 2,000+ rows: within 1%
        Assert.InRange(result.Overall.Coverage, 78, 82);
        Assert.Equal("2.1.0", result.Model.Version);
        Assert.Contains(result.HistoryHash, result.Model.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void InterceptAndSlope_RecoverTheKnownLine()
    {
        var truth = With(Base, """{ "path": "/pricing", "value": { "method": "curve", "curve": { "intercept": 2000, "transform": "identity", "output": "annual", "terms": [ { "coefficient": 150, "totalPoints": true } ] } } }""", """{ "path": "/range", "value": { "method": "tolerance", "belowPercent": 10, "abovePercent": 10 } }""");

        var result = Calibrator.Calibrate(Base, History(truth), new CalibrationOptions(CalibrationMethod.PricePerPointWithIntercept, AsOf));

        var curve = JsonNode.Parse(result.Model!.ToJson())!["pricing"]!["curve"]!;
        Assert.InRange(curve["intercept"]!.GetValue<decimal>(), 1700m, 2300m);
        Assert.InRange(curve["terms"]![0]!["coefficient"]!.GetValue<decimal>(), 145m, 155m);
    }

    [Fact]
    public void BandAmounts_RecoverThePublishedAmounts()
    {
        var result = Calibrator.Calibrate(Base, History(Base), new CalibrationOptions(CalibrationMethod.BandAmounts, AsOf, minimumRowsPerBand: 1));
        Assert.True(result.Model is not null, string.Join("; ", result.Errors));

        var bands = JsonNode.Parse(result.Model!.ToJson())!["pricing"]!["bands"]!.AsArray();
        var truth = JsonNode.Parse(Base.ToJson())!["pricing"]!["bands"]!.AsArray();
        for (var i = 1; i < 6; i++) // bands B to F are well populated
        {
            var expected = truth[i]!["amount"]!.GetValue<decimal>();
            Assert.InRange(bands[i]!["amount"]!.GetValue<decimal>(), expected * 0.97m, expected * 1.03m);
        }
    }

    [Fact]
    public void BandPrices_RecoverTheKnownPriceInEveryBand()
    {
        var truth = With(Base, """{ "path": "/pricing", "value": { "method": "pricePerPoint", "pricePerPoint": 210 } }""", """{ "path": "/range", "value": { "method": "tolerance", "belowPercent": 10, "abovePercent": 10 } }""");

        var result = Calibrator.Calibrate(Base, History(truth), new CalibrationOptions(CalibrationMethod.BandPrices, AsOf, minimumRowsPerBand: 1));

        Assert.True(result.Model is not null, string.Join("; ", result.Errors));
        var bands = JsonNode.Parse(result.Model!.ToJson())!["pricing"]!["bands"]!.AsArray();
        for (var i = 1; i < 6; i++)
        {
            Assert.InRange(bands[i]!["pricePerPoint"]!.GetValue<decimal>(), 210m * 0.97m, 210m * 1.03m);
        }
    }

    [Fact]
    public void BadRows_AreCountedAndListedWithTheirReasons()
    {
        var path = History(Base, 400);
        var lines = File.ReadAllLines(path);
        var costAt = lines[0].Split(',').Length - 1;
        string WithCost(string line, string cost) => string.Join(',', line.Split(',')[..costAt]) + "," + cost;
        var firstPriced = Enumerable.Range(1, lines.Length - 1).Where(i => !lines[i].EndsWith(',')).Take(4).ToArray();
        lines[firstPriced[0]] = WithCost(lines[firstPriced[0]], "abc");
        lines[firstPriced[1]] = WithCost(lines[firstPriced[1]], "0");
        lines[firstPriced[2]] = WithCost(lines[firstPriced[2]], "-500");
        lines[firstPriced[3]] = WithCost(lines[firstPriced[3]], "");
        File.WriteAllLines(path, lines);

        var result = Calibrator.Calibrate(Base, path, new CalibrationOptions(CalibrationMethod.PricePerPoint, AsOf));

        var reasons = result.Excluded.Select(e => e.Reason.Split(':')[0]).ToList();
        Assert.Equal(1, reasons.Count(r => r == "cost not a number"));
        Assert.Equal(2, reasons.Count(r => r == "cost not positive"));
        Assert.True(reasons.Count(r => r == "no cost") >= 1);
        Assert.Equal(result.RowsRead, result.RowsUsed + result.Excluded.Count);
        Assert.Contains("\"line\": ", result.ToJson(), StringComparison.Ordinal);
        Assert.NotNull(result.Model);
    }

    [Fact]
    public void TooFewRowsInABand_WritesNoModel()
    {
        var result = Calibrator.Calibrate(Base, History(Base, 300), new CalibrationOptions(CalibrationMethod.BandAmounts, AsOf, minimumRowsPerBand: 50));

        Assert.Null(result.Model);
        Assert.Contains(result.Errors, e => e.StartsWith("band ", StringComparison.Ordinal) && e.Contains(" usable row", StringComparison.Ordinal) && e.Contains("at least 50 are needed", StringComparison.Ordinal));
    }

    [Fact]
    public void CollinearPredictors_WriteNoModel()
    {
        // Every person scores the same: an intercept and a price per point cannot both be fitted.
        var path = History(Base, 200);
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var answers = lines[1].Split(',');
        var rows = lines.Skip(1).Select((l, i) =>
        {
            var fields = l.Split(',');
            for (var c = 3; c < header.Length - 1; c++)
            {
                fields[c] = answers[c];
            }

            fields[^1] = (10000 + (i * 37 % 900)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return string.Join(',', fields);
        });
        File.WriteAllLines(path, lines.Take(1).Concat(rows));

        var result = Calibrator.Calibrate(Base, path, new CalibrationOptions(CalibrationMethod.PricePerPointWithIntercept, AsOf, outlierFactor: 0));

        Assert.Null(result.Model);
        Assert.Contains(result.Errors, e => e.Contains("collinear", StringComparison.Ordinal) || e.Contains("0 points", StringComparison.Ordinal) || e.Contains("too few usable rows", StringComparison.Ordinal));
    }

    [Fact]
    public void SuggestedBands_SplitThePointsIntoEqualGroups_AndShowCarerDeductions()
    {
        var result = Calibrator.Calibrate(Base, History(Base, 2400), new CalibrationOptions(CalibrationMethod.BandAmounts, AsOf, minimumRowsPerBand: 50, suggestBands: 4));

        Assert.True(result.Model is not null, string.Join("; ", result.Errors));
        var bands = result.SuggestedBands!;
        Assert.Equal(4, bands.Count);
        Assert.Equal(0, bands[0].Min);
        Assert.Null(bands[^1].Max);
        Assert.All(result.ByBand.Values, band => Assert.InRange(band.Rows, result.RowsUsed / 4 * 0.7, result.RowsUsed / 4 * 1.3));
        var amounts = System.Text.Json.Nodes.JsonNode.Parse(result.Model!.ToJson())!["pricing"]!["bands"]!.AsArray().Select(b => b!["amount"]!.GetValue<decimal>()).ToArray();
        Assert.Equal(amounts.Order(), amounts); // rising with need
        Assert.NotNull(result.CarerDeductions);
        Assert.True(result.CarerDeductions!.Values.Sum(d => d.Amount) > 0);
        Assert.Contains("carers' deductions by client group", CalibrationResultText.Render(result), StringComparison.Ordinal);
    }

    /// <summary>A history of <paramref name="count"/> rows whose costs are replaced by <paramref name="cost"/> (given the row number); empty costs stay empty.</summary>
    private static string HistoryWithCosts(int count, Func<int, string> cost, Func<int, string>? weight = null)
    {
        var path = History(Base, count);
        var lines = File.ReadAllLines(path);
        var rows = lines.Skip(1).Select((l, i) =>
        {
            var fields = l.Split(',');
            fields[^1] = fields[^1].Length == 0 ? "" : cost(i);
            return string.Join(',', fields) + (weight is null ? "" : "," + weight(i));
        });
        File.WriteAllLines(path, lines.Take(1).Select(h => weight is null ? h : h + ",weight").Concat(rows));
        return path;
    }

    [Fact]
    public void AllCostsEqual_IsRefusedNotFittedToNonsense()
    {
        var result = Calibrator.Calibrate(Base, HistoryWithCosts(300, _ => "12000"), new CalibrationOptions(CalibrationMethod.LogCurve, AsOf));

        Assert.Null(result.Model);
        Assert.Equal($"every usable cost is the same (12,000.00 a year after add-ons, {result.RowsUsed:N0} rows): the history cannot show how cost rises with need, so nothing was fitted", Assert.Single(result.Errors));
    }

    [Fact]
    public void CostsTooSmallForTheMoneyUnit_AreRefused()
    {
        var result = Calibrator.Calibrate(Base, HistoryWithCosts(300, i => $"0.0{1 + (i % 9)}"), new CalibrationOptions(CalibrationMethod.PricePerPoint, AsOf, outlierFactor: 0));

        Assert.Null(result.Model);
        Assert.Matches(@"^the fitted price per point \(0\.000\d+\) rounds to 0\.00: the costs are too small for the money unit, so nothing was written$", Assert.Single(result.Errors));
    }

    [Fact]
    public void LessMoneyForMoreNeed_IsRefusedUnlessAllowed()
    {
        var truth = With(Base, """{ "path": "/pricing", "value": { "method": "curve", "curve": { "intercept": 60000, "transform": "identity", "output": "annual", "terms": [ { "coefficient": -150, "totalPoints": true } ] } } }""", """{ "path": "/range", "value": { "method": "tolerance", "belowPercent": 10, "abovePercent": 10 } }""");
        var history = History(truth, 800);

        var refused = Calibrator.Calibrate(Base, history, new CalibrationOptions(CalibrationMethod.PricePerPointWithIntercept, AsOf));
        var allowed = Calibrator.Calibrate(Base, history, new CalibrationOptions(CalibrationMethod.PricePerPointWithIntercept, AsOf, allowNonMonotone: true));

        Assert.Null(refused.Model);
        Assert.Matches(@"^the fitted coefficient on points is negative \(-1\d\d\.\d+\): the model would give less money for more need; check that the history records need and cost, try another method, or pass --allow-non-monotone to write it anyway$", Assert.Single(refused.Errors));
        Assert.NotNull(allowed.Model);
        Assert.Contains(allowed.Warnings, w => w.EndsWith("(written because non-monotone fits were allowed)", StringComparison.Ordinal));
    }

    [Fact]
    public void ExtremeCostsAndWeights_AreExcludedWithTheirReasons()
    {
        // Every 50th row, from its first three: a cost of 1e30, a cost of 7.9e28, a weight of 1e28 (on a cost of 1e3, a number: 1,000).
        var costs = new[] { "1e30", "7.9e28", "1e3" };
        var path = HistoryWithCosts(300, i => i % 50 < 3 ? costs[i % 50] : (9000 + (i * 37 % 900)).ToString(System.Globalization.CultureInfo.InvariantCulture), i => i % 50 == 2 ? "1e28" : "1");

        var result = Calibrator.Calibrate(Base, path, new CalibrationOptions(CalibrationMethod.PricePerPoint, AsOf, outlierFactor: 0));

        var reasons = result.Excluded.Select(e => e.Reason).ToList();
        Assert.Contains("cost above the limit on amounts: actual_annual_cost 1e30 (at most 1,000,000,000,000 a year)", reasons);
        Assert.Contains("cost above the limit on amounts: actual_annual_cost 7.9e28 (at most 1,000,000,000,000 a year)", reasons);
        Assert.Contains("weight out of range: weight '1e28' (at most 1,000,000)", reasons);
        Assert.DoesNotContain(reasons, r => r.Contains("not a number", StringComparison.Ordinal));
        Assert.NotNull(result.Model);
    }

    [Fact]
    public void CarerDeductions_CountThePeopleWhoseChangeTheySum()
    {
        var result = Calibrator.Calibrate(Base, History(Base, 1200), new CalibrationOptions(CalibrationMethod.PricePerPoint, AsOf));

        Assert.NotNull(result.CarerDeductions);
        Assert.All(result.CarerDeductions!, g => Assert.True((g.Value.Amount == 0) == (g.Value.People == 0), $"{g.Key}: {g.Value.Amount} over {g.Value.People} people"));
        Assert.All(result.CarerDeductions!, g => Assert.True(g.Value.Amount >= 0, $"{g.Key}: {g.Value.Amount}"));
    }

    [Fact]
    public void MissingCostColumn_IsUnusable()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ras-history-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, File.ReadAllText(TestModels.Repo("samples/caseload.csv")));

        var ex = Assert.Throws<CaseloadFormatException>(() => Calibrator.Calibrate(Base, path, new CalibrationOptions(CalibrationMethod.PricePerPoint, AsOf)));

        Assert.Contains("there is no 'actual_annual_cost' column", ex.Message, StringComparison.Ordinal);
    }

    [FsCheck.Xunit.Property(MaxTest = 6)]
    public Property Envelope_ScaledTotalNeverExceedsTheMoneyAvailable(byte envelopeStep, byte contingencyStep, bool bands)
    {
        var envelope = 12_000_000 + (envelopeStep * 150_000);
        var contingency = contingencyStep % 15;
        var path = EnvelopeHistory.Value;

        var result = Calibrator.Calibrate(Base, path, new CalibrationOptions(bands ? CalibrationMethod.BandAmounts : CalibrationMethod.PricePerPoint, AsOf, minimumRowsPerBand: 1, envelope: envelope, contingencyPercent: contingency));

        var (available, _, after) = result.Affordability!.Value;
        var output = new StringWriter();
        var total = new CaseloadRunner(result.Model!).RunFile(path, CaseloadFormat.Csv, output, CaseloadFormat.Csv).TotalIndicative;
        var holds = available == envelope * (1 - (contingency / 100m))
            && after == total // the reported total is the model's own, to the penny, after its rounding rules
            && total <= available
            && total >= available * 0.99m;
        return holds.Label($"envelope {envelope}, contingency {contingency}%: available {available}, total {total}");
    }

    private static readonly Lazy<string> EnvelopeHistory = new(() => History(Base, 1500));

    [Fact]
    public void PricePerPoint_FittedCostAndUsedRows_DescribeTheFit()
    {
        var result = Calibrator.Calibrate(Base, History(Base, 600), new CalibrationOptions(CalibrationMethod.PricePerPoint, AsOf));

        Assert.Equal(result.RowsUsed, result.UsedRows.Count);
        Assert.All(result.UsedRows, row => Assert.True(row.Points >= 0 && row.Cost > 0));
        Assert.EndsWith(" a point", result.FitDescription, StringComparison.Ordinal);
        Assert.Equal(0, result.FittedCost(0));
        Assert.Equal(2 * result.FittedCost(10), result.FittedCost(20), 6);
        Assert.Equal(Base.Definition.Pricing.Bands.Count, result.Bands.Count);
    }

    [Fact]
    public void NoFit_HasNoFittedCostOrDescription()
    {
        var result = Calibrator.Calibrate(Base, History(Base, 60), new CalibrationOptions(CalibrationMethod.BandAmounts, AsOf, minimumRowsPerBand: 1000));

        Assert.Null(result.Model);
        Assert.Null(result.FitDescription);
        Assert.True(double.IsNaN(result.FittedCost(10)));
        Assert.NotEmpty(result.Errors);
    }

    [Theory]
    [InlineData("format-v2-bands.json", "the base model prices the derived quantity 'care_need' (pricing.basis); calibration fits prices to points to price and cannot yet calibrate a table priced on a derived quantity")]
    public void Calibrate_FormatVersion2PriceTables_AreRefusedNotMispriced(string fixture, string error)
    {
        var model = RasModel.LoadFile(TestModels.Fixture("models/" + fixture));
        var path = Path.Combine(Path.GetTempPath(), $"ras-history-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "case_id,as_of,age,eating,washing,actual_annual_cost\nH1,2026-06-01,40,own,own,1000\n");
        try
        {
            var result = Calibrator.Calibrate(model, path, new CalibrationOptions(CalibrationMethod.BandAmounts, AsOf, minimumRowsPerBand: 1));

            Assert.Null(result.Model);
            Assert.Equal(error, Assert.Single(result.Errors));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
