using System.CommandLine;
using System.CommandLine.Parsing;
using Ras.Engine;
using Ras.Engine.Caseloads;

namespace Ras.Cli.Parsing;

/// <summary>A <c>ras</c> command: its options, the examples its help shows, and what it does.</summary>
internal abstract class RasCommand : Command
{
    private readonly List<Func<CommandResult, string?>> _checks = [];

    protected RasCommand(string name, string description) : base(name, description) =>
        SetAction(result => Run(result, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));

    /// <summary>
    /// The problems found by the checks that look at several values at once, run after every value has been
    /// parsed (System.CommandLine's own command validators stop the parse at their first error, hiding the rest).
    /// A check that reads a value which did not parse is skipped: that value's own problem is reported.
    /// </summary>
    public IEnumerable<string> Problems(ParseResult result)
    {
        foreach (var check in _checks)
        {
            string? problem;
            try
            {
                problem = check(result.CommandResult);
            }
            catch (InvalidOperationException)
            {
                continue;
            }

            if (problem is not null)
            {
                yield return problem;
            }
        }
    }

    /// <summary>Where the command runs: whether standard error is a terminal, and the clock for progress.</summary>
    public ConsoleInfo Terminal { get; set; } = ConsoleInfo.Real;

    /// <summary>Adds a check of the whole line: it returns a problem, or null.</summary>
    protected void Check(Func<CommandResult, string?> check) => _checks.Add(check);

    /// <summary>Command lines shown under "Examples:" in the command's help, each tried by the tests.</summary>
    public abstract IReadOnlyList<string> Examples { get; }

    /// <summary>Runs the command once the line has parsed without problems; returns the exit code.</summary>
    protected abstract int Run(ParseResult result, TextWriter stdout, TextWriter stderr);

    /// <summary>A positional file argument; when <paramref name="example"/> is given it is required, and its absence is reported with the example.</summary>
    protected Argument<string?> FileArgument(string name, string description, string? example)
    {
        var argument = new Argument<string?>(name) { Description = description, Arity = ArgumentArity.ZeroOrOne };
        Add(argument);
        if (example is not null)
        {
            Check(r => r.GetValue(argument) is null ? $"give the {name} file, for example: {example}" : null);
        }

        return argument;
    }

    /// <summary>Checks, with the other problems of the line, that a caseload format is known from <paramref name="flag"/> or the extension of the file.</summary>
    protected void CheckFormat(Func<CommandResult, string?> path, Option<string?> flag, bool parquet = false)
    {
        Check(r => path(r) is { } file && OptionValues.Format(r.GetValue(flag), file, flag.Name, out var problem, parquet) is null ? problem : null);
    }

    /// <summary>The caseload format of a line <see cref="CheckFormat"/> has accepted (CSV for a Parquet file, read and written as its CSV form).</summary>
    protected static CaseloadFormat FormatOf(string? flag, string path, bool parquet = false) =>
        OptionValues.Format(flag, path, "", out _, parquet) ?? throw new InvalidOperationException("the format was checked when the line was parsed");

    /// <summary>Reports <paramref name="message"/> when both options are given.</summary>
    protected void NotBoth(Option first, Option second, string message) =>
        Check(r => r.GetResult(first) is { Implicit: false } && r.GetResult(second) is { Implicit: false } ? message : null);

    /// <summary>Reports <paramref name="message"/> when <paramref name="dependent"/> is given without <paramref name="required"/>.</summary>
    protected void Needs(Option dependent, Option required, string message) =>
        Check(r => r.GetResult(dependent) is { Implicit: false } && r.GetResult(required) is not { Implicit: false } ? message : null);

    /// <summary>Adds options naming files to write, and checks (with the other problems of the line, before anything runs) that their folders exist.</summary>
    protected void AddOutputs(params Option<string?>[] options)
    {
        foreach (var option in options)
        {
            Add(option);
            Check(r => r.GetValue(option) is { Length: > 0 } path && Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !Directory.Exists(folder)
                ? $"{option.Name}: the folder '{Path.GetDirectoryName(path)}' does not exist, so '{path}' cannot be written"
                : null);
            Check(r => r.GetValue(option) is { Length: > 0 } path && Directory.Exists(path)
                ? $"{option.Name}: '{path}' is a folder; name a file to write"
                : null);
        }
    }

    /// <summary>An input file that must exist (or <c>-</c>, standard input): a missing one is an I/O error (exit 3), found when the command runs.</summary>
    protected static string Existing(string path, string what) =>
        path == OutputFile.StandardStream ? path
        : Directory.Exists(path) ? throw new IOException($"{what} '{path}' is a folder, not a file")
        : File.Exists(path) ? path
        : throw new FileNotFoundException($"{what} '{path}' does not exist", path);

    /// <summary>
    /// Opens a caseload for reading (as <see cref="OpenCaseload"/>) with its progress line: percentage and time left
    /// for a CSV or JSON Lines file, rows and rate for standard input and Parquet (whose CSV form has no known size);
    /// no line under --quiet or when standard error is not a terminal.
    /// </summary>
    /// <exception cref="CaseloadFormatException">The Parquet file cannot be read.</exception>
    protected (Stream Input, ProgressLine? Progress) OpenInputWithProgress(string path, bool parquet, bool quiet, TextWriter stderr, string doneName)
    {
        // A file's bytes read so far are its position (opened unbuffered, so the position is what the reader has
        // consumed); standard input, a pipe and a Parquet caseload's CSV form have no size, and progress shows rows and rate.
        var input = OpenCaseload(path, parquet);
        var file = input is FileStream { CanSeek: true } seekable ? seekable : null; // not a pipe named as a file
        long? size = file?.Length;
        return (input, ProgressLine.For(Terminal, quiet, stderr, size, () => file?.Position ?? 0, doneName));
    }

    /// <summary>Opens a caseload for reading: a Parquet file as its CSV form when <paramref name="parquet"/>, else as <see cref="OpenInput"/>.</summary>
    /// <exception cref="CaseloadFormatException">The Parquet file cannot be read.</exception>
    protected static Stream OpenCaseload(string path, bool parquet) =>
        parquet ? ParquetFiles.ParquetCaseloadStream.Open(path) : OpenInput(path);

    /// <summary>Throws the problem that ended a Parquet caseload early (the engine saw its end there).</summary>
    /// <exception cref="CaseloadFormatException">A row group could not be read.</exception>
    protected static void CheckRead(Stream caseload)
    {
        if (caseload is ParquetFiles.ParquetCaseloadStream { Failure: { } failure })
        {
            throw failure;
        }
    }

    /// <summary>Opens a caseload for reading: a file, or standard input for <c>-</c>.</summary>
    protected static Stream OpenInput(string path) =>
        path == OutputFile.StandardStream ? Console.OpenStandardInput() : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
}
