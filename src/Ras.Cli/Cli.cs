using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Ras.Cli.Commands;
using Ras.Cli.Parsing;

namespace Ras.Cli;

/// <summary>
/// The <c>ras</c> command line (System.CommandLine): one <see cref="RasCommand"/> per verb, help with examples for
/// each, every usage problem of a line reported at once with suggestions for typos. Exit codes are in docs/cli.md.
/// </summary>
internal static class Cli
{
    public const int Ok = 0;
    public const int InvalidInput = 1;
    public const int Usage = 2;
    public const int IoError = 3;
    public const int SomeRowsRejected = 4;
    public const int InternalError = 70;

    private static readonly string[] RootExamples =
    [
        "ras allocate samples/assessment.json --explain",
        "ras batch samples/caseload.csv --out results.csv",
        "ras compare --proposal samples/changes/carer-deduction-40pc.json samples/caseload.csv --report impact.html",
        "ras batch --help",
    ];

    /// <summary>The command tree. Built for each run: its symbols hold no state between runs, but building is cheap and keeps tests independent.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("ras: resource allocation for adult social care personal budgets. Without --model, commands use the embedded default model (models/default). Documentation: docs/cli.md")
        {
            new AllocateCommand(),
            new ValidateCommand(),
            new DescribeCommand(),
            new BatchCommand(),
            new GenerateCommand(),
            new CompareCommand(),
            new SweepCommand(),
            new CalibrateCommand(),
            new CalibrateRiskCommand(),
            new CompletionCommand(),
        };
        foreach (var option in root.Options)
        {
            if (option is HelpOption { Action: HelpAction help } helpOption)
            {
                helpOption.Action = new HelpWithExamples(help);
            }
            else if (option is VersionOption versionOption)
            {
                // The tool's own version, also when ras runs inside another process (tests, a service).
                versionOption.Action = new PrintVersion();
            }
        }

        root.SetAction(result =>
        {
            var stderr = result.InvocationConfiguration.Error;
            stderr.WriteLine($"ras: give a command: {string.Join(", ", root.Subcommands.Select(c => c.Name))}");
            stderr.WriteLine("Run 'ras --help' for usage.");
            return Usage;
        });
        return root;
    }

    /// <summary>Runs a command line; <paramref name="terminal"/> says whether standard error is a terminal and gives the clock (default: the process's own).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, ConsoleInfo? terminal = null)
    {
        var root = Build();
        foreach (var verb in root.Subcommands.OfType<RasCommand>())
        {
            verb.Terminal = terminal ?? ConsoleInfo.Real;
        }

        var result = root.Parse(args);
        var command = result.CommandResult.Command;
        var runsCommand = result.Action is ParseErrorAction || (result.Action is not null && result.Action == command.Action);
        var problems = runsCommand && command is RasCommand ras ? ras.Problems(result).ToList() : [];
        if (result.Action is ParseErrorAction || problems.Count > 0)
        {
            UsageErrors.Write(result, problems, stderr);
            return Usage;
        }

        var name = result.CommandResult.Command is RootCommand ? "ras" : $"ras {result.CommandResult.Command.Name}";
        try
        {
            return result.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"{name}: {ex.Message}");
            stderr.WriteLine($"Run '{name} --help' for usage.");
            return Usage;
        }
        catch (DirectoryNotFoundException ex)
        {
            stderr.WriteLine($"{name}: {ex.Message.Replace("Could not find a part of the path", "a folder on the path does not exist:", StringComparison.Ordinal)}");
            return IoError;
        }
        catch (IOException ex) when (IsBrokenPipe(ex))
        {
            stderr.WriteLine($"{name}: the reader of an output (standard output or a named pipe) closed it before everything was written (broken pipe): what it read is incomplete");
            return IoError;
        }
        catch (IOException ex)
        {
            stderr.WriteLine($"{name}: {ex.Message}");
            return IoError;
        }
        catch (UnauthorizedAccessException ex)
        {
            stderr.WriteLine($"{name}: {ex.Message}");
            return IoError;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Expected problems (bad models, bad rows, bad options) never get here: this is a bug in ras.
            stderr.WriteLine($"{name}: internal error, please report it with the command line and input: {ex}");
            return InternalError;
        }
    }

    /// <summary>A write to a pipe whose reader has gone: .NET gives the error number, EPIPE (32 on Linux and macOS), as the HResult.</summary>
    private static bool IsBrokenPipe(IOException ex) => !OperatingSystem.IsWindows() && ex.HResult == 32;

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var assembly = typeof(Cli).Assembly;
            parseResult.InvocationConfiguration.Output.WriteLine(
                assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false) is [System.Reflection.AssemblyInformationalVersionAttribute informational]
                    ? informational.InformationalVersion
                    : assembly.GetName().Version?.ToString(3));
            return Ok;
        }
    }

    /// <summary>The standard help, then the command's examples (and, for <c>ras --help</c>, the exit codes).</summary>
    private sealed class HelpWithExamples(HelpAction help) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            help.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            var command = parseResult.CommandResult.Command;
            var examples = command is RasCommand ras ? ras.Examples : command is RootCommand ? RootExamples : [];
            if (examples.Count > 0)
            {
                output.WriteLine("Examples:");
                foreach (var example in examples)
                {
                    output.WriteLine("  " + example);
                }

                output.WriteLine();
            }

            if (command is RootCommand)
            {
                output.WriteLine("Exit codes:");
                output.WriteLine("  0   success");
                output.WriteLine("  1   invalid input (model, assessment or unusable caseload; every problem is listed)");
                output.WriteLine("  2   usage error (every problem of the command line is listed)");
                output.WriteLine("  3   a file cannot be read or written");
                output.WriteLine("  4   finished, but some rows were rejected (see their error rows)");
                output.WriteLine("  70  internal error (a bug in ras)");
                output.WriteLine();
            }

            return Ok;
        }
    }
}
