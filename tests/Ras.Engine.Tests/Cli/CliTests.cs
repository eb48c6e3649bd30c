using Ras.Cli;

namespace Ras.Engine.Tests.Cli;

public class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Ras.Cli.Cli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Allocate_SampleWithExplain_PrintsEligibilityPointsRangeAndSteps()
    {
        var (code, output, _) = Run("allocate", TestModels.Repo("samples/assessment.json"), "--explain");

        Assert.Equal(0, code);
        Assert.Contains("Eligibility: Eligible", output, StringComparison.Ordinal);
        Assert.Contains("Points priced: 61 + 10 = 71", output, StringComparison.Ordinal);
        Assert.Contains("Band: D (High need)", output, StringComparison.Ordinal);
        Assert.Contains("  annual    £22,273.00   £24,873.00   £26,953.00", output, StringComparison.Ordinal);
        Assert.Contains("  weekly       £428.33      £478.33      £518.33", output, StringComparison.Ordinal);
        Assert.Contains("How this was worked out:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AllocateAndBatch_ModelPricedInDollars_NeverPrintPounds()
    {
        var folder = Directory.CreateTempSubdirectory("ras-dollars-");
        var model = Path.Combine(folder.FullName, "dollars.json");
        File.WriteAllText(model, TestModels.Default.ApplyChange(new MemoryStream("""{ "changes": [ { "path": "/currency", "value": "USD" } ] }"""u8.ToArray()), "usd.json").ToJson());

        var allocate = Run("allocate", TestModels.Repo("samples/assessment.json"), "--model", model);
        var batch = Run("batch", TestModels.Repo("samples/caseload-messy.csv"), "--model", model, "--out", Path.Combine(folder.FullName, "out.csv"));
        folder.Delete(true);

        Assert.Equal(0, allocate.Code);
        Assert.Contains("  annual    $22,273.00   $24,873.00   $26,953.00", allocate.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("£", allocate.Out, StringComparison.Ordinal);
        Assert.Equal(4, batch.Code);
        Assert.Contains("total indicative budget   $21,840.00 a year", batch.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("£", batch.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_FormatJson_WritesTheOutcomeAsJson()
    {
        var (code, output, _) = Run("allocate", TestModels.Repo("samples/assessment.json"), "--format", "json");

        Assert.Equal(0, code);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal(24873m, doc.RootElement.GetProperty("annual").GetProperty("indicative").GetDecimal());
        Assert.Equal("eligible", doc.RootElement.GetProperty("eligibility").GetString());
    }

    [Fact]
    public void Allocate_InvalidAssessment_ExitsOneAndNamesTheQuestion()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """{ "caseId": "X", "asOf": "2026-06-01", "answers": { "eating": "sometimes" } }""");

        var (code, _, err) = Run("allocate", path);

        Assert.Equal(1, code);
        Assert.Contains("/answers/eating: 'sometimes' is not an answer to question 'eating'", err, StringComparison.Ordinal);
        Assert.Contains("/answers/washing: required question 'washing' is not answered", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Default_ExitsZero()
    {
        var (code, output, _) = Run("validate");

        Assert.Equal(0, code);
        Assert.Contains("valid", output, StringComparison.Ordinal);
        Assert.Contains(TestModels.Default.ContentHash, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InvalidModel_ExitsOneAndListsEveryProblem()
    {
        var (code, _, err) = Run("validate", TestModels.Fixture("invalid/band-overlap.json"));

        Assert.Equal(1, code);
        Assert.Contains("(2 problems)", err, StringComparison.Ordinal);
        Assert.Contains("#/pricing/bands/1/minPoints: points 8–9 fall in both band 'A' and band 'B'", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_WritesMarkdownToAFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ras-describe-{Guid.NewGuid():N}.md");

        var (code, _, _) = Run("describe", TestModels.Repo("models/norfolk-children/norfolk-children-primary-1.0.0.json"), "--out", path);

        Assert.Equal(0, code);
        Assert.Equal(TestModels.Norfolk.Describe(), File.ReadAllText(path));
    }

    [Fact]
    public void Allocate_MissingFile_ExitsThree()
    {
        var (code, _, err) = Run("allocate", "/no/such/file.json");

        Assert.Equal(3, code);
        Assert.Contains("/no/such/file.json", err, StringComparison.Ordinal);
    }
}
