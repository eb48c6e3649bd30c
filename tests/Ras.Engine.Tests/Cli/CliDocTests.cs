using System.Text.RegularExpressions;

namespace Ras.Engine.Tests.Cli;

/// <summary>
/// Runs every <c>$ ras …</c> example in docs/cli.md from the repository root and compares the output (standard
/// output, then standard error) and the exit code (<c>[exit N]</c>, 0 when absent) exactly.
/// </summary>
public class CliDocTests
{
    public static TheoryData<string, string, int> Examples()
    {
        var doc = File.ReadAllText(TestModels.Repo("docs/cli.md"));
        var data = new TheoryData<string, string, int>();
        foreach (Match block in Regex.Matches(doc, "```console\n\\$ ras ([^\n]*)\n(.*?)```", RegexOptions.Singleline))
        {
            var output = block.Groups[2].Value;
            var exit = Regex.Match(output, "\\[exit (\\d+)\\]\n$");
            data.Add(block.Groups[1].Value, exit.Success ? output[..exit.Index] : output, exit.Success ? int.Parse(exit.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0);
        }

        return data;
    }

    [Fact]
    public void Examples_ThereAreSome() => Assert.True(Examples().Count >= 4);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_OutputIsExactlyAsDocumented(string commandLine, string expected, int exitCode)
    {
        var (code, output, _) = RunDocumented(commandLine);

        Assert.Equal(exitCode, code);
        Assert.Equal(expected, output);
    }

    /// <summary>
    /// The whole of docs/cli.md is what the commands print now (every console example and the batch results
    /// file); with RAS_UPDATE_DOCS=1 it is rewritten from the commands instead, for a reviewer to read in the diff.
    /// </summary>
    [Fact]
    public void Document_IsWhatTheCommandsPrint()
    {
        var path = TestModels.Repo("docs/cli.md");
        var current = File.ReadAllText(path);
        var doc = Regex.Replace(current, "```console\n\\$ ras ([^\n]*)\n(.*?)```", m =>
        {
            var (code, output, _) = RunDocumented(m.Groups[1].Value);
            return $"```console\n$ ras {m.Groups[1].Value}\n{output}{(code == 0 ? "" : $"[exit {code}]\n")}```";
        }, RegexOptions.Singleline);
        var (_, _, outputs) = RunDocumented("batch samples/caseload-messy.csv --out messy-results.csv");
        var results = File.ReadAllText(Path.Combine(outputs, "messy-results.csv"));
        doc = Regex.Replace(doc, "```csv\n(case_id,client_group,status.*?)```", _ => $"```csv\n{results}```", RegexOptions.Singleline);
        if (Environment.GetEnvironmentVariable("RAS_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, doc);
            return;
        }

        Assert.Equal(current, doc);
    }

    [Fact]
    public void BatchExample_ResultsFileIsAsDocumented()
    {
        var doc = File.ReadAllText(TestModels.Repo("docs/cli.md"));
        var documented = Regex.Match(doc, "```csv\n(case_id,client_group,status.*?)```", RegexOptions.Singleline).Groups[1].Value;

        var (_, _, outputs) = RunDocumented("batch samples/caseload-messy.csv --out messy-results.csv");

        Assert.Equal(documented, File.ReadAllText(Path.Combine(outputs, "messy-results.csv")));
    }

    [Fact]
    public void SampleCaseload_IsTheGenerateCommandTheDocGives()
    {
        var doc = File.ReadAllText(TestModels.Repo("docs/cli.md"));
        var command = Regex.Match(doc, @"`samples/caseload.csv` is\s+`ras (generate [^`]*) --out samples/caseload.csv`").Groups[1].Value;
        Assert.NotEmpty(command);

        var (code, _, outputs) = RunDocumented(command.Replace('\n', ' ') + " --out caseload.csv");

        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllBytes(TestModels.Repo("samples/caseload.csv")), File.ReadAllBytes(Path.Combine(outputs, "caseload.csv")));
        Directory.Delete(outputs, recursive: true);
    }

    /// <summary>
    /// Runs a documented command line from the repository root: input paths are read from the repository,
    /// files named by --out or --summary are written to a fresh temporary folder, and both folders are
    /// removed from the output text so that it reads as it does in the documentation.
    /// </summary>
    private static (int Code, string Output, string OutputFolder) RunDocumented(string commandLine)
    {
        var root = TestModels.Repo("").TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var outputs = Path.Combine(Path.GetTempPath(), $"ras-doc-{Guid.NewGuid():N}") + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(outputs);
        var words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var args = words.Select((a, i) =>
            i > 0 && words[i - 1] is "--out" or "--summary" ? outputs + a
            : File.Exists(root + a) || Directory.Exists(root + a) ? root + a
            : a).ToArray();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = Ras.Cli.Cli.Run(args, stdout, stderr);

        var text = (stdout.ToString() + stderr.ToString()).Replace(outputs, "", StringComparison.Ordinal).Replace(root, "", StringComparison.Ordinal).Replace("\r\n", "\n", StringComparison.Ordinal);
        return (code, text, outputs);
    }
}
