using System.CommandLine;
using Ras.Cli.Parsing;

namespace Ras.Engine.Tests.Cli;

/// <summary>The conventions of the command line: help, usage errors, suggestions, completion.</summary>
public class CommandLineTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Ras.Cli.Cli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public static TheoryData<string, string> CommandsAndHelpOptions()
    {
        var data = new TheoryData<string, string>();
        foreach (var command in Ras.Cli.Cli.Build().Subcommands)
        {
            foreach (var help in new[] { "--help", "-h", "-?" })
            {
                data.Add(command.Name, help);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CommandsAndHelpOptions))]
    public void Help_EveryCommand_PrintsUsageOptionsAndExamplesOnStandardOutputWithExitZero(string command, string help)
    {
        var (code, output, err) = Run(command, help);

        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Contains($"ras {command}", output, StringComparison.Ordinal);
        Assert.Contains("Options:", output, StringComparison.Ordinal);
        Assert.Contains($"Examples:\n  ras {command}", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_WithOtherProblemsOnTheLine_StillPrintsHelp()
    {
        var (code, output, _) = Run("batch", "--threads", "0", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--threads <N>", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_Root_ListsEveryCommandAndTheExitCodes()
    {
        var (code, output, _) = Run("--help");

        Assert.Equal(0, code);
        foreach (var command in Ras.Cli.Cli.Build().Subcommands)
        {
            Assert.Contains($"  {command.Name} ", output, StringComparison.Ordinal);
        }

        Assert.Contains("  4   finished, but some rows were rejected", output, StringComparison.Ordinal);
    }

    public static TheoryData<string> HelpExamples()
    {
        var data = new TheoryData<string>();
        foreach (var command in Ras.Cli.Cli.Build().Subcommands.OfType<RasCommand>())
        {
            foreach (var example in command.Examples)
            {
                data.Add(example);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HelpExamples))]
    public void Help_EveryExample_ParsesWithoutProblems(string example)
    {
        var words = example.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).TakeWhile(w => w is not (">>" or ">")).ToArray();

        var result = Ras.Cli.Cli.Build().Parse(words);

        Assert.Empty(result.Errors.Select(e => e.Message));
    }

    [Fact]
    public void NoCommand_ListsTheCommandsOnStandardErrorWithExitTwo()
    {
        var (code, output, err) = Run();

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("ras: give a command: allocate, validate, describe, batch, generate, compare, sweep, calibrate, calibrate-risk, completion\nRun 'ras --help' for usage.\n", err.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData(new[] { "bacth" }, "ras: unknown command 'bacth'; did you mean 'batch'?\nRun 'ras --help' for usage.\n")]
    [InlineData(new[] { "frobnicate" }, "ras: unknown command 'frobnicate'\nRun 'ras --help' for usage.\n")]
    [InlineData(new[] { "allocate" }, "ras allocate: give the ASSESSMENT file, for example: ras allocate samples/assessment.json\nRun 'ras allocate --help' for usage.\n")]
    [InlineData(new[] { "allocate", "x.json", "--fromat", "json" }, "ras allocate: unknown option '--fromat'; did you mean '--format'?\nras allocate: unexpected argument 'json'\nRun 'ras allocate --help' for usage.\n")]
    [InlineData(new[] { "allocate", "x.json", "--format", "xml" }, "ras allocate: --format must be 'text' or 'json', not 'xml'\nRun 'ras allocate --help' for usage.\n")]
    [InlineData(new[] { "batch", "in.csv", "--out", "out.csv", "--treads", "--modle", "m.json" },
        "ras batch: unknown option '--treads'; did you mean '--threads'?\nras batch: unknown option '--modle'; did you mean '--model'?\nras batch: unexpected argument 'm.json'\nRun 'ras batch --help' for usage.\n")]
    [InlineData(new[] { "batch" },
        "ras batch: Option '--out' is required.\nras batch: give the CASELOAD file, for example: ras batch samples/caseload.csv --out results.csv\nRun 'ras batch --help' for usage.\n")]
    [InlineData(new[] { "batch", "in.csv", "--out", "out.txt", "--model", "m.json", "--models", "dir", "--threads", "0", "--as-of", "1/11/2026" },
        "ras batch: --as-of must be a date written yyyy-MM-dd, such as 2026-11-01, not '1/11/2026'\nras batch: --threads must be a whole number from 1 to 256, not '0'\nras batch: give --model or --models, not both\nras batch: cannot tell the format of 'out.txt' from its extension '.txt'; name it .csv, .jsonl or .parquet, or give --out-format csv|jsonl|parquet\nRun 'ras batch --help' for usage.\n")]
    [InlineData(new[] { "batch", "in.csv", "--out", "/no/such/folder/out.csv" },
        "ras batch: --out: the folder '/no/such/folder' does not exist, so '/no/such/folder/out.csv' cannot be written\nRun 'ras batch --help' for usage.\n")]
    public void Run_BadCommandLine_ListsEveryProblemOnStandardErrorWithExitTwo(string[] args, string expected)
    {
        var (code, output, err) = Run(args);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(expected, err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Version_PrintsTheToolVersion()
    {
        var (code, output, _) = Run("--version");

        Assert.Equal(0, code);
        Assert.StartsWith(typeof(Ras.Cli.Cli).Assembly.GetName().Version!.ToString(3), output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _ras_complete ras")]
    [InlineData("zsh", "compdef _ras_complete ras")]
    [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName ras")]
    public void Completion_PrintsAScriptThatAsksRasForSuggestions(string shell, string registration)
    {
        var (code, output, _) = Run("completion", shell);

        Assert.Equal(0, code);
        Assert.Contains(registration, output, StringComparison.Ordinal);
        Assert.Contains("[suggest:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bat", "batch")]
    [InlineData("batch --out-f", "--out-format")]
    [InlineData("batch --format ", "csv\njsonl\nparquet")]
    [InlineData("calibrate --method band", "band-prices\nbands")]
    public void Suggest_CompletesCommandsOptionsAndValues(string line, string expected)
    {
        var root = Ras.Cli.Cli.Build();

        var completions = root.Parse(line).GetCompletions(line.Length).Select(c => c.Label);

        Assert.Equal(expected, string.Join('\n', completions.Where(c => !c.StartsWith("-?", StringComparison.Ordinal))));
    }
}
