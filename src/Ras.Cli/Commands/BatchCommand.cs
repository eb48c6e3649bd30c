using System.CommandLine;
using System.Globalization;
using Ras.Cli.ParquetFiles;
using Ras.Cli.Parsing;
using Ras.Engine;
using Ras.Engine.Caseloads;
using Ras.Engine.Models;

namespace Ras.Cli.Commands;

/// <summary>
/// <c>ras batch CASELOAD --out FILE [--model M | --models DIR [--model-id ID]] [--summary FILE.json]
/// [--format csv|jsonl|parquet] [--out-format csv|jsonl|parquet] [--as-of DATE] [--threads N] [--quiet] [--encoding utf-8|windows-1252]
/// [--exact-text]</c>; CASELOAD and FILE may be <c>-</c> (standard input and output).
/// </summary>
internal sealed class BatchCommand : RasCommand
{
    private readonly Argument<string?> _input;
    private readonly Option<string?> _out = new("--out") { Description = "The results, .csv, .jsonl or .parquet: one row per input row, in input order; - for standard output (give --out-format; the summary then goes to standard error). Written to a temporary file and renamed when complete.", HelpName = "RESULTS", Required = true };
    private readonly Option<string?> _model = CommonOptions.Model();
    private readonly Option<string?> _models = new("--models") { Description = "A folder of models: each row's as_of picks the version in force.", HelpName = "DIR" };
    private readonly Option<string?> _modelId = new("--model-id") { Description = "The model to use when the --models folder holds several.", HelpName = "ID" };
    private readonly Option<string?> _summary = new("--summary") { Description = "Also write the summary as JSON.", HelpName = "SUMMARY.json" };
    private readonly Option<string?> _format = CommonOptions.InputFormat(parquet: true);
    private readonly Option<string?> _outFormat = OptionValues.CaseloadFormatOption("--out-format", "The results' format, when the extension of --out does not say.", parquet: true);
    private readonly Option<DateOnly?> _asOf = CommonOptions.AsOf();
    private readonly Option<int> _threads = OptionValues.Threads();
    private readonly Option<bool> _quiet = CommonOptions.Quiet();
    private readonly Option<CaseloadEncoding> _encoding = OptionValues.Encoding();
    private readonly Option<bool> _exactText = CommonOptions.ExactText();

    public BatchCommand() : base("batch", "Recalculate a whole caseload: exactly one result row per input row, in input order, on every core.")
    {
        _input = FileArgument("CASELOAD", "The caseload, .csv, .jsonl or .parquet (docs/caseload-format.md), or - for standard input (give --format csv|jsonl).", "ras batch samples/caseload.csv --out results.csv");
        AddOutputs(_out, _summary);
        Add(_model);
        Add(_models);
        Add(_modelId);
        Add(_format);
        Add(_outFormat);
        Add(_asOf);
        Add(_threads);
        Add(_quiet);
        Add(_encoding);
        Add(_exactText);
        NotBoth(_model, _models, "give --model or --models, not both");
        Needs(_modelId, _models, "--model-id chooses a model in --models DIR; give --models too");
        CheckFormat(r => r.GetValue(_input), _format, parquet: true);
        CheckFormat(r => r.GetValue(_out), _outFormat, parquet: true);
        Check(r => r.GetValue(_encoding) == CaseloadEncoding.Windows1252 && r.GetValue(_input) is { } i && OptionValues.IsParquet(r.GetValue(_format), i)
            ? "--encoding windows-1252 applies to CSV and JSON Lines caseloads; the text in a Parquet file is always UTF-8"
            : null);
    }

    public override IReadOnlyList<string> Examples { get; } =
    [
        "ras batch samples/caseload.csv --out results.csv",
        "ras batch samples/caseload.csv --out results.jsonl --summary summary.json --threads 2",
        "ras batch caseload.csv --models models/ --model-id default-adult --out results.csv",
        "ras batch export.csv --encoding windows-1252 --out results.csv",
        "ras batch - --format csv --out - --out-format jsonl --quiet",
        "ras batch caseload.parquet --out results.parquet",
    ];

    protected override int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        // The hot path compiles on the other core while the model loads.
        _ = Task.Run(CaseloadRunner.Prepare);
        var input = Existing(args.GetValue(_input)!, "caseload file");
        var outPath = args.GetValue(_out)!;
        var summaryPath = args.GetValue(_summary);
        var modelsDir = args.GetValue(_models);
        var modelId = args.GetValue(_modelId);
        OutputFile.CheckDistinct(
            new[] { ("the caseload", (string?)input), ("--model", args.GetValue(_model)), ("--models", modelsDir) },
            new[] { ("--out", (string?)outPath), ("--summary", summaryPath) });
        CaseloadRunner runner;
        RasModel labels;
        if (modelsDir is not null)
        {
            ModelRegistry registry;
            try
            {
                registry = ModelRegistry.LoadDirectory(modelsDir);
            }
            catch (ModelValidationException ex)
            {
                stderr.WriteLine($"{modelsDir}: {ex.Message}");
                return Cli.InvalidInput;
            }

            if (modelId is null && registry.Ids.Count != 1)
            {
                throw new UsageException(registry.Ids.Count == 0
                    ? $"{modelsDir} holds no models (no *.json model files); give a folder of model files, or --model MODEL.json"
                    : $"{modelsDir} holds models {string.Join(", ", registry.Ids.Order(StringComparer.Ordinal))}; choose one with --model-id");
            }

            var id = modelId ?? registry.Ids.First();
            // The summary's labels and currency: the latest version of the model (the versions of one model share them).
            labels = registry.Models.Where(m => m.Id == id).MaxBy(m => m.EffectiveFrom) ?? throw new UsageException($"{modelsDir} holds no model '{id}'; it holds {string.Join(", ", registry.Ids.Order(StringComparer.Ordinal))}");
            try
            {
                runner = new CaseloadRunner(registry, id);
            }
            catch (ArgumentException ex)
            {
                stderr.WriteLine($"{modelsDir}: {ex.Message}; nothing was run");
                return Cli.InvalidInput;
            }
        }
        else
        {
            var model = ModelSource.Load(args.GetValue(_model), stderr);
            if (model is null)
            {
                return Cli.InvalidInput;
            }

            runner = new CaseloadRunner(model);
            labels = model;
        }

        CaseloadSummary summary;
        var parquetIn = OptionValues.IsParquet(args.GetValue(_format), input);
        var parquetOut = OptionValues.IsParquet(args.GetValue(_outFormat), outPath);
        using var results = OutputFile.Create(outPath);
        using var summaryFile = summaryPath is null ? null : OutputFile.Create(summaryPath);
        Stream? source = null;
        ProgressLine? progress = null;
        try
        {
            (source, progress) = OpenInputWithProgress(input, parquetIn, args.GetValue(_quiet), stderr, "allocated");
            using var table = parquetOut ? new ParquetTableStream(results.Stream, ParquetTableStream.ResultColumns) : null;
            using var writer = new StreamWriter(table ?? results.Stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);

            // Parquet is read by programs, not opened as a spreadsheet: its text is written exactly as read.
            var options = new CaseloadOptions(args.GetValue(_threads), args.GetValue(_asOf), progress is null ? null : new SynchronousProgress(progress.Report), encoding: args.GetValue(_encoding), neutraliseFormulas: !args.GetValue(_exactText) && !parquetOut);
            summary = runner.Run(source, FormatOf(args.GetValue(_format), input, parquet: true), writer, FormatOf(args.GetValue(_outFormat), outPath, parquet: true), options);
            CheckRead(source);
            writer.Flush();
            table?.Complete();
        }
        catch (CaseloadFormatException ex)
        {
            progress?.Finish();
            stderr.WriteLine($"{input}: the caseload cannot be used: {ex.Message}");
            return Cli.InvalidInput;
        }
        finally
        {
            source?.Dispose();
        }

        progress?.Finish();
        summaryFile?.Write(summary.ToJson());
        OutputFile.CommitAll(results, summaryFile);

        // With the results on standard output, the summary goes to standard error.
        var report = results.IsStandardOutput ? stderr : stdout;
        report.Write(Ras.Rendering.CaseloadSummaryText.Render(summary, labels));
        report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"results written to {(results.IsStandardOutput ? "standard output" : outPath)}{(summaryPath is null ? "" : $"; summary to {summaryPath}")}"));

        return summary.Rejected > 0 ? Cli.SomeRowsRejected : Cli.Ok;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and print out of order).</summary>
    internal sealed class SynchronousProgress(Action<CaseloadProgress> report) : IProgress<CaseloadProgress>
    {
        public void Report(CaseloadProgress value) => report(value);
    }
}
