using Ras.Engine;
using System.Globalization;
using Ras.Engine.Caseloads;
using Ras.Engine.Impact;
using Ras.Engine.Models;
using Ras.Rendering;

namespace Ras.Cli.Commands;

/// <summary>
/// <c>ras compare --baseline M1 --proposal M2|CHANGE.json CASELOAD [--out cases.csv] [--summary impact.json]
/// [--no-change PCT] [--small-change PCT] [--protect-loss PCT%|AMOUNT] [--format csv|jsonl] [--as-of DATE]
/// [--threads N] [--quiet]</c>.
/// </summary>
internal static class CompareCommand
{
    public static int Run(Arguments args, TextWriter stdout, TextWriter stderr)
    {
        var baselinePath = args.Option("baseline");
        var proposalPath = args.Option("proposal") ?? throw new UsageException("give --proposal MODEL.json or a change file");
        var outPath = args.Option("out");
        var summaryPath = args.Option("summary");
        var reportPath = args.Option("report");
        var noChange = args.Number("no-change", 0.1m, 0m);
        var smallChange = args.Number("small-change", 5m, 0m);
        var protect = args.Option("protect-loss");
        var inFlag = args.Option("format");
        var asOf = args.Date("as-of");
        var threads = args.Threads();
        var quiet = args.Flag("quiet");
        var encoding = Formats.Encoding(args.Option("encoding"));
        var exactText = args.Flag("exact-text");
        args.Done(maxPositional: 1);
        var input = args.ExistingFile("caseload file", "ras compare --proposal change.json samples/caseload.csv");
        OutputFile.CheckDistinct(
            new[] { ("the caseload", (string?)input), ("--baseline", baselinePath), ("--proposal", proposalPath) },
            new[] { ("--out", outPath), ("--summary", summaryPath), ("--report", reportPath) });

        decimal? protectPercent = null, protectAmount = null;
        if (protect is not null)
        {
            if (protect.EndsWith('%'))
            {
                protectPercent = Arguments.ParseNumber(protect[..^1], "--protect-loss", 0m);
            }
            else
            {
                protectAmount = decimal.TryParse(protect, NumberStyles.Number, CultureInfo.InvariantCulture, out var a) && a >= 0 ? a : throw new UsageException($"--protect-loss is a percentage such as 5% or an annual amount such as 500, not '{protect}'");
            }
        }

        ComparisonOptions options;
        try
        {
            options = new ComparisonOptions(noChange, smallChange, protectPercent, protectAmount);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        var baseline = ModelSource.Load(baselinePath, stderr);
        if (baseline is null)
        {
            return Cli.InvalidInput;
        }

        RasModel? proposal;
        if (!File.Exists(proposalPath))
        {
            throw new FileNotFoundException($"proposal file '{proposalPath}' does not exist", proposalPath);
        }

        var kind = ProposalKind(proposalPath, out var jsonError);
        if (kind is null)
        {
            stderr.WriteLine($"{proposalPath}: the proposal is not well-formed JSON ({jsonError}); it must be a model file or a change file; nothing was run");
            return Cli.InvalidInput;
        }

        if (kind == "change")
        {
            try
            {
                using var change = File.OpenRead(proposalPath);
                proposal = baseline.ApplyChange(change, proposalPath);
            }
            catch (ModelValidationException ex)
            {
                stderr.WriteLine($"{proposalPath}: the change file cannot be applied ({ex.Errors.Count} problem{(ex.Errors.Count == 1 ? "" : "s")}); nothing was run:");
                foreach (var e in ex.Errors)
                {
                    stderr.WriteLine("  " + e.Message);
                }

                return Cli.InvalidInput;
            }
        }
        else
        {
            proposal = ModelSource.Load(proposalPath, stderr);
            if (proposal is null)
            {
                return Cli.InvalidInput;
            }
        }

        ImpactSummary summary;
        using var casesFile = outPath is null ? null : OutputFile.Create(outPath);
        try
        {
            using var reader = Formats.OpenInput(input);
            using var cases = casesFile is null ? null : new StreamWriter(casesFile.Stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            var showProgress = !quiet && !Console.IsErrorRedirected;
            var progress = showProgress ? new BatchCommand.SynchronousProgress(p => stderr.Write(string.Create(CultureInfo.InvariantCulture, $"\r{p.RowsRead:N0} rows ({p.Allocated:N0} compared, {p.Rejected:N0} rejected)"))) : null;
            summary = new CaseloadComparison(baseline, proposal, options).Run(reader, Formats.Choose(inFlag, input, "--format"), cases, new CaseloadOptions(threads, asOf, progress, encoding: encoding, neutraliseFormulas: !exactText));
            if (showProgress)
            {
                stderr.WriteLine();
            }
        }
        catch (CaseloadFormatException ex)
        {
            stderr.WriteLine($"{input}: the caseload cannot be used: {ex.Message}");
            return Cli.InvalidInput;
        }

        casesFile?.Commit();
        (casesFile is { IsStandardOutput: true } ? stderr : stdout).Write(ImpactSummaryText.Render(summary));
        if (summaryPath is not null)
        {
            OutputFile.WriteAllText(summaryPath, summary.ToJson());
        }

        if (reportPath is not null)
        {
            OutputFile.WriteAllText(reportPath, ImpactReportHtml.Render(summary));
            stdout.WriteLine($"report written to {reportPath}");
        }

        return summary.Rejected > 0 ? Cli.SomeRowsRejected : Cli.Ok;
    }

    /// <summary>"change" for a JSON object with a <c>changes</c> member, "model" for anything else that parses, null when the JSON is malformed.</summary>
    private static string? ProposalKind(string path, out string? error)
    {
        error = null;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && doc.RootElement.TryGetProperty("changes", out _) ? "change" : "model";
        }
        catch (System.Text.Json.JsonException ex)
        {
            error = $"line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}";
            return null;
        }
    }
}
