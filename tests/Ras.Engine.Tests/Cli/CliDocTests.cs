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
        var root = TestModels.Repo("").TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.Contains('/', StringComparison.Ordinal) && !a.StartsWith('-') ? root + a : a).ToArray();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = Ras.Cli.Cli.Run(args, stdout, stderr);

        Assert.Equal(exitCode, code);
        Assert.Equal(expected, (stdout.ToString() + stderr.ToString()).Replace(root, "", StringComparison.Ordinal).Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
