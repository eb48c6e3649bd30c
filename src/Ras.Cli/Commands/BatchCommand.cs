using Ras.Engine;
using System.Diagnostics;
using System.Globalization;
using Ras.Engine.Caseloads;
using Ras.Engine.Models;

namespace Ras.Cli.Commands;

/// <summary>
/// <c>ras batch CASELOAD --out FILE [--model M | --models DIR [--model-id ID]] [--summary FILE.json]
/// [--format csv|jsonl] [--out-format csv|jsonl] [--as-of DATE] [--threads N] [--quiet]</c>.
/// </summary>
internal static class BatchCommand
{
    public static int Run(Arguments args, TextWriter stdout, TextWriter stderr)
    {
        var outPath = args.Option("out") ?? throw new UsageException("give --out FILE for the results");
        var modelPath = args.Option("model");
        var modelsDir = args.Option("models");
        var modelId = args.Option("model-id");
        var summaryPath = args.Option("summary");
        var inFlag = args.Option("format");
        var outFlag = args.Option("out-format");
        var asOf = args.Date("as-of");
        var threads = args.Threads();
        var quiet = args.Flag("quiet");
        var encoding = Formats.Encoding(args.Option("encoding"));
        var exactText = args.Flag("exact-text");
        args.Done(maxPositional: 1);
        var input = args.ExistingFile("caseload file", "ras batch samples/caseload.csv --out results.csv");
        OutputFile.CheckDistinct(
            new[] { ("the caseload", (string?)input), ("--model", modelPath), ("--models", modelsDir) },
            new[] { ("--out", (string?)outPath), ("--summary", summaryPath) });

        if (modelPath is not null && modelsDir is not null)
        {
            throw new UsageException("give --model or --models, not both");
        }

        if (modelId is not null && modelsDir is null)
        {
            throw new UsageException("--model-id chooses a model in --models DIR; give --models too");
        }

        var inFormat = Formats.Choose(inFlag, input, "--format");
        var outFormat = Formats.Choose(outFlag, outPath, "--out-format");
        CaseloadRunner runner;
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
                throw new UsageException($"{modelsDir} holds models {string.Join(", ", registry.Ids.Order(StringComparer.Ordinal))}; choose one with --model-id");
            }

            runner = new CaseloadRunner(registry, modelId ?? registry.Ids.First());
        }
        else
        {
            var model = ModelSource.Load(modelPath, stderr);
            if (model is null)
            {
                return Cli.InvalidInput;
            }

            runner = new CaseloadRunner(model);
        }

        var showProgress = !quiet && !Console.IsErrorRedirected;
        var clock = Stopwatch.StartNew();
        var progress = showProgress
            ? new SynchronousProgress(p => stderr.Write(string.Create(CultureInfo.InvariantCulture, $"\r{p.RowsRead:N0} rows ({p.Allocated:N0} allocated, {p.Rejected:N0} rejected), {p.RowsRead / Math.Max(0.001, clock.Elapsed.TotalSeconds):N0} rows/s")))
            : null;
        CaseloadSummary summary;
        using var results = OutputFile.Create(outPath);
        try
        {
            using var source = Formats.OpenInput(input);
            using var writer = new StreamWriter(results.Stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            summary = runner.Run(source, inFormat, writer, outFormat, new CaseloadOptions(threads, asOf, progress, encoding: encoding, neutraliseFormulas: !exactText));
        }
        catch (CaseloadFormatException ex)
        {
            stderr.WriteLine($"{input}: the caseload cannot be used: {ex.Message}");
            return Cli.InvalidInput;
        }

        if (showProgress)
        {
            stderr.WriteLine();
        }

        results.Commit();
        if (summaryPath is not null)
        {
            OutputFile.WriteAllText(summaryPath, summary.ToJson());
        }

        // With the results on standard output, the summary goes to standard error.
        var report = results.IsStandardOutput ? stderr : stdout;
        report.Write(Ras.Rendering.CaseloadSummaryText.Render(summary));
        report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"results written to {(results.IsStandardOutput ? "standard output" : outPath)}{(summaryPath is null ? "" : $"; summary to {summaryPath}")}"));

        return summary.Rejected > 0 ? Cli.SomeRowsRejected : Cli.Ok;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and print out of order).</summary>
    internal sealed class SynchronousProgress(Action<CaseloadProgress> report) : IProgress<CaseloadProgress>
    {
        public void Report(CaseloadProgress value) => report(value);
    }
}
