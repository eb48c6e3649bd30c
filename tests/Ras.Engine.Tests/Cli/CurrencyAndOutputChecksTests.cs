using System.Text.Json.Nodes;

namespace Ras.Engine.Tests.Cli;

/// <summary>
/// Found by trying the merged tool as a hostile user would: amounts in two currencies added or subtracted under
/// one symbol, a per-case file written as CSV whatever its name, an output that is a folder found only after the
/// run, £ in a calibration of a model priced in euros, a mean over nobody printed as money, and decile figures
/// that depended on the order of the caseload's rows.
/// </summary>
public sealed class CurrencyAndOutputChecksTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ras-currency-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Ras.Cli.Cli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string DefaultIn(string currency, string name, Action<JsonNode>? edit = null)
    {
        var model = JsonNode.Parse(File.ReadAllText(TestModels.Repo("models/default/default-adult-2.0.0.json")))!;
        model["currency"] = currency;
        edit?.Invoke(model);
        File.WriteAllText(P(name), model.ToJsonString());
        return P(name);
    }

    [Fact]
    public void Compare_ProposalInAnotherCurrency_IsRefusedBeforeRunning()
    {
        var euros = DefaultIn("EUR", "eur.json");

        var (code, _, error) = Run("compare", "--proposal", euros, TestModels.Repo("samples/caseload.csv"), "--out", P("cases.csv"));

        Assert.Equal(1, code);
        Assert.Contains("eur.json: the proposal prices in EUR and the baseline in GBP; a comparison needs both in one currency; nothing was run", error, StringComparison.Ordinal);
        Assert.False(File.Exists(P("cases.csv")));
    }

    [Fact]
    public void CaseloadComparison_ModelsInTwoCurrencies_IsRefusedByTheEngineItself()
    {
        var euros = TestModels.FromJson(File.ReadAllText(DefaultIn("EUR", "eur.json")));

        var ex = Assert.Throws<ArgumentException>(() => new Ras.Engine.Impact.CaseloadComparison(TestModels.Default, euros));

        Assert.Equal("the proposal prices in EUR and the baseline in GBP; a comparison needs both in one currency", ex.Message);
    }

    [Fact]
    public void Batch_ModelFolderWhoseVersionsPriceInTwoCurrencies_IsRefused()
    {
        Directory.CreateDirectory(P("models"));
        DefaultIn("GBP", "models/a.json", m => m["effectiveTo"] = "2026-10-31");
        DefaultIn("EUR", "models/b.json", m =>
        {
            m["version"] = "2.1.0";
            m["effectiveFrom"] = "2026-11-01";
        });

        var (code, _, error) = Run("batch", TestModels.Repo("samples/caseload.csv"), "--models", P("models"), "--out", P("r.csv"));

        Assert.True(code == 1, error);
        Assert.Contains("the versions of model 'default-adult' price in EUR and GBP; a caseload's totals need one currency; nothing was run", error, StringComparison.Ordinal);
        Assert.False(File.Exists(P("r.csv")));
    }

    [Theory]
    [InlineData("cases.jsonl")]
    [InlineData("cases.dat")]
    public void Compare_PerCaseFileNotCsvOrParquet_IsAUsageError(string name)
    {
        var (code, _, error) = Run("compare", "--proposal", TestModels.Repo("samples/changes/carer-deduction-40pc.json"), TestModels.Repo("samples/caseload.csv"), "--out", P(name));

        Assert.Equal(2, code);
        Assert.Contains($"--out: the per-case file is CSV or Parquet, named .csv or .parquet (or - for standard output), not '{P(name)}'", error, StringComparison.Ordinal);
        Assert.False(File.Exists(P(name)));
    }

    [Fact]
    public void Batch_OutputThatIsAFolder_IsAUsageErrorBeforeRunning()
    {
        Directory.CreateDirectory(P("d.csv"));

        var (code, _, error) = Run("batch", TestModels.Repo("samples/caseload.csv"), "--out", P("d.csv"));

        Assert.Equal(2, code);
        Assert.Contains($"--out: '{P("d.csv")}' is a folder; name a file to write", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Calibrate_ModelPricedInEuros_DescribesTheFitInEuros()
    {
        var euros = DefaultIn("EUR", "eur.json");

        var (code, output, error) = Run("calibrate", "--model", euros, "--history", TestModels.Repo("samples/history.csv"), "--out", P("m.json"), "--as-of", "2026-11-23");

        Assert.True(code == 0, error);
        Assert.Contains("€", output, StringComparison.Ordinal);
        Assert.DoesNotContain("£", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_NobodyEligible_GivesNoMeanRatherThanZeroMoney()
    {
        File.WriteAllLines(P("empty.csv"), [File.ReadLines(TestModels.Repo("samples/caseload.csv")).First()]);

        var (_, output, _) = Run("batch", P("empty.csv"), "--out", P("r.csv"));

        Assert.Contains("n/a per person offered a budget (0 people)", output, StringComparison.Ordinal);
        Assert.Contains("n/a per eligible person (0 people)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_RowsInAnotherOrder_GiveTheSameChangeByBaselineDecile()
    {
        var lines = File.ReadAllLines(TestModels.Repo("samples/caseload.csv"));
        File.WriteAllLines(P("reversed.csv"), lines.Take(1).Concat(lines.Skip(1).Reverse()));
        var change = TestModels.Repo("samples/changes/carer-deduction-40pc.json");

        Run("compare", "--proposal", change, TestModels.Repo("samples/caseload.csv"), "--summary", P("a.json"));
        Run("compare", "--proposal", change, P("reversed.csv"), "--summary", P("b.json"));

        var a = JsonNode.Parse(File.ReadAllText(P("a.json")))!["changeByBaselineDecile"]!.ToJsonString();
        var b = JsonNode.Parse(File.ReadAllText(P("b.json")))!["changeByBaselineDecile"]!.ToJsonString();
        Assert.Equal(a, b);
        Assert.Contains("\"decile\":10", a, StringComparison.Ordinal);
    }
}
