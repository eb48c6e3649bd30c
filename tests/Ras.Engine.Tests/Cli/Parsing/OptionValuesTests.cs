namespace Ras.Engine.Tests.Cli.Parsing;

/// <summary>Every kind of option value is bounded and parsed one way, with a message that says what was expected.</summary>
public class OptionValuesTests
{
    private static (int Code, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Ras.Cli.Cli.Run(args, stdout, stderr);
        return (code, stderr.ToString().ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("generate --count 4294967306 --seed 1 --out x.csv", "ras generate: --count must be a whole number from 0 to 100,000,000, not '4294967306'")]
    [InlineData("generate --count -1 --seed 1 --out x.csv", "ras generate: --count must be a whole number from 0 to 100,000,000, not '-1'")]
    [InlineData("generate --count 1.5 --seed 1 --out x.csv", "ras generate: --count must be a whole number from 0 to 100,000,000, not '1.5'")]
    [InlineData("generate --count 10 --seed 99999999999999999999 --out x.csv", "ras generate: --seed must be a whole number from -9,223,372,036,854,775,808 to 9,223,372,036,854,775,807, not '99999999999999999999'")]
    [InlineData("generate --count 10 --seed 1 --out x.csv --noise 0.1", "ras generate: --noise applies to the costs of --costs-from MODEL; give --costs-from too")]
    [InlineData("batch in.csv --out o.csv --threads 2147483647", "ras batch: --threads must be a whole number from 1 to 256, not '2147483647'")]
    [InlineData("batch in.csv --out o.csv --threads two", "ras batch: --threads must be a whole number from 1 to 256, not 'two'")]
    [InlineData("batch in.csv --out o.csv --as-of 2026-02-30", "ras batch: --as-of must be a date written yyyy-MM-dd, such as 2026-11-01, not '2026-02-30'")]
    [InlineData("batch in.csv --out o.csv --format xlsx", "ras batch: --format must be 'csv', 'jsonl' or 'parquet', not 'xlsx'")]
    [InlineData("batch in.txt --out o.csv", "ras batch: cannot tell the format of 'in.txt' from its extension '.txt'; name it .csv, .jsonl or .parquet, or give --format csv|jsonl|parquet")]
    [InlineData("batch in.csv --out o.csv --model-id x", "ras batch: --model-id chooses a model in --models DIR; give --models too")]
    [InlineData("compare in.csv --proposal p.json --no-change 5 --small-change 1", "ras compare: --no-change (5%) must be less than --small-change (1%)")]
    [InlineData("compare in.csv --proposal p.json --small-change 150", "ras compare: --small-change must be a percentage from 0 to 100, not '150'")]
    [InlineData("compare in.csv --proposal p.json --protect-loss 120%", "ras compare: --protect-loss must be a percentage from 0% to 100% such as 5%, or an annual amount of 0 or more such as 500, not '120%'")]
    [InlineData("compare in.csv --proposal p.json --protect-loss -5", "ras compare: --protect-loss must be a percentage from 0% to 100% such as 5%, or an annual amount of 0 or more such as 500, not '-5'")]
    [InlineData("sweep in.csv --parameter /x --values -20,,-40", "ras sweep: --values must be a comma-separated list with no empty items, such as 15000,15600,16200; item 2 of '-20,,-40' is empty")]
    [InlineData("sweep in.csv --parameter /x --values 1,", "ras sweep: --values must be a comma-separated list with no empty items, such as 15000,15600,16200; item 2 of '1,' is empty")]
    [InlineData("calibrate --history h.csv --out c.json --as-of 2026-11-23 --folds 1", "ras calibrate: --folds must be a whole number from 2 to 20, not '1'")]
    [InlineData("calibrate --history h.csv --out c.json --as-of 2026-11-23 --coverage 100", "ras calibrate: --coverage must be a percentage from 1 to 99, not '100'")]
    [InlineData("calibrate --history h.csv --out c.json --as-of 2026-11-23 --outlier-factor 0.5", "ras calibrate: --outlier-factor must be 0 (keep every row) or more than 1, not '0.5'")]
    [InlineData("calibrate --history h.csv --out c.json --as-of 2026-11-23 --envelope 1e6", "ras calibrate: --envelope must be a number of 1 or more, not '1e6'")]
    [InlineData("calibrate --history h.csv --out c.json --as-of 2026-11-23 --contingency 5", "ras calibrate: --contingency is held back from --envelope; give --envelope too")]
    [InlineData("calibrate --history h.csv --out c.json --as-of 2026-11-23 --suggest-bands 4", "ras calibrate: --suggest-bands applies to --method bands or band-prices")]
    [InlineData("calibrate --history h.txt --out c.json --as-of 2026-11-23 --method cubic", "ras calibrate: --method must be 'price-per-point', 'price-per-point-intercept', 'bands', 'band-prices', 'sqrt-curve' or 'log-curve', not 'cubic'")]
    public void Option_OutOfRangeOrMalformed_IsAUsageErrorSayingWhatWasExpected(string commandLine, string message)
    {
        var (code, err) = Run(commandLine.Split(' '));

        Assert.Equal(2, code);
        Assert.Contains(message + "\n", err, StringComparison.Ordinal);
    }

    [Fact]
    public void SweepValues_InJsonExponentNotation_AreNumbers()
    {
        var (code, err) = Run("sweep", TestModels.Repo("samples/caseload.csv"), "--parameter", "/adjustments/1/percent", "--values", "1e3");

        Assert.Equal(1, code);
        Assert.Contains("/adjustments/1/percent = 1e3: after the change: percent out of range (expected between -100 and 100; found 1000)", err, StringComparison.Ordinal);
    }
}
