namespace Ras.Engine.Tests.Cli;

/// <summary>The unclear messages issue 11 listed, each now saying what was given and what was expected.</summary>
public class InputMessagesTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Ras.Cli.Cli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string EmptyFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ras-empty-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public void Validate_ModelWithAByteOrderMark_IsValid()
    {
        var (code, output, _) = Run("validate", TestModels.Fixture("strict/model-bom.json"));

        Assert.Equal(0, code);
        Assert.Contains("valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AFolderForTheModel_SaysItIsAFolder()
    {
        var dir = EmptyFolder();

        var (code, _, error) = Run("validate", dir);

        Assert.NotEqual(0, code);
        Assert.Contains($"'{dir}' is a folder, not a model file: give the model's .json file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_AFolderForTheAssessment_SaysItIsAFolder()
    {
        var dir = EmptyFolder();

        var (code, _, error) = Run("allocate", dir);

        Assert.NotEqual(0, code);
        Assert.Contains($"'{dir}' is a folder, not a file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_EmptyModelsFolder_SaysItHoldsNoModels()
    {
        var dir = EmptyFolder();

        var (code, _, error) = Run("batch", TestModels.Repo("samples/caseload.csv"), "--out", Path.Combine(dir, "out.csv"), "--models", dir);

        Assert.Equal(2, code);
        Assert.Contains($"{dir} holds no models (no *.json model files); give a folder of model files, or --model MODEL.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_CaseloadWithoutItsHeaderRow_SaysTheHeaderIsMissing()
    {
        var dir = EmptyFolder();
        var path = Path.Combine(dir, "headerless.csv");
        File.WriteAllLines(path, File.ReadLines(TestModels.Repo("samples/caseload.csv")).Skip(1).Take(3));

        var (code, _, error) = Run("batch", path, "--out", Path.Combine(dir, "out.csv"));

        Assert.Equal(1, code);
        Assert.Contains("there is no 'case_id' column; the first line must be the header naming the columns", error, StringComparison.Ordinal);
        Assert.Contains("is the header row missing?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_ProposalWithALoneSurrogateInAMemberName_IsInvalidNotAnInternalError()
    {
        // Found by the change-file fuzzer (seed 2026): the proposal's kind was read with an unguarded property lookup.
        var path = TestModels.Fixture("fuzz/change-lone-surrogate-in-name.json");

        var (code, _, error) = Run("compare", "--proposal", path, TestModels.Repo("samples/caseload.csv"), "--quiet");

        Assert.Equal(1, code);
        Assert.Contains($"{path}#/: a member name is not valid Unicode text (a lone surrogate or invalid UTF-8) (expected UTF-8 text, with \\u escapes only for whole characters (a high surrogate followed by a low one); found \"c\\ud800hanges\") [invalid-text]", error, StringComparison.Ordinal);
    }
}
