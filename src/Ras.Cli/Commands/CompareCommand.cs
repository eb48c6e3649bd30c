using System.CommandLine;
using Ras.Cli.ParquetFiles;
using Ras.Cli.Parsing;
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
/// [--threads N] [--quiet] [--encoding utf-8|windows-1252] [--exact-text]</c>; CASELOAD and the --out file may be <c>-</c>.
/// </summary>
internal sealed class CompareCommand : RasCommand
{
    private readonly Argument<string?> _input;
    private readonly Option<string?> _baseline = CommonOptions.Model("--baseline", "The baseline model (default: the embedded default model).");
    private readonly Option<string> _proposal = new("--proposal") { Description = "The proposal: a full model file, or a change file naming the baseline's parameters to change (docs/impact.md).", HelpName = "MODEL.json|CHANGE.json", Required = true };
    private readonly Option<string?> _out = new("--out") { Description = "Per case: baseline and proposal eligibility, band and amount, the change, its bucket, the protected amount, or an error. One row per input row, in order; CSV, or Parquet when named .parquet; - for standard output (the summary then goes to standard error).", HelpName = "CASES.csv" };
    private readonly Option<string?> _summary = new("--summary") { Description = "The aggregates as JSON.", HelpName = "IMPACT.json" };
    private readonly Option<string?> _report = new("--report") { Description = "A self-contained HTML report with charts.", HelpName = "IMPACT.html" };
    private readonly Option<decimal?> _noChange = OptionValues.Percentage("--no-change", "Changes within ±PCT% count as no change (default 0.1).", 0m, 100m, 0.1m);
    private readonly Option<decimal?> _smallChange = OptionValues.Percentage("--small-change", "Changes up to PCT% are small (default 5).", 0m, 100m, 5m);
    private readonly Option<ProtectLoss?> _protect = new("--protect-loss") { Description = "Transitional protection: nobody's indicative amount falls by more than PCT% (such as 5%) or AMOUNT a year (such as 500) against the baseline.", HelpName = "PCT%|AMOUNT" };
    private readonly Option<string?> _format = CommonOptions.InputFormat(parquet: true);
    private readonly Option<DateOnly?> _asOf = CommonOptions.AsOf();
    private readonly Option<int> _threads = OptionValues.Threads();
    private readonly Option<bool> _quiet = CommonOptions.Quiet();
    private readonly Option<CaseloadEncoding> _encoding = OptionValues.Encoding();
    private readonly Option<bool> _exactText = CommonOptions.ExactText();

    public CompareCommand() : base("compare", "Run a caseload under a baseline and a proposal and report who gains, who loses, by how much, and what it costs.")
    {
        _input = FileArgument("CASELOAD", "The caseload, .csv, .jsonl or .parquet, or - for standard input (give --format csv|jsonl).", "ras compare --proposal change.json samples/caseload.csv");
        Add(_baseline);
        Add(_proposal);
        AddOutputs(_out, _summary, _report);
        Check(r => r.GetValue(_out) is { Length: > 0 } path && path != OutputFile.StandardStream
            && !path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? $"--out: the per-case file is CSV or Parquet, named .csv or .parquet (or - for standard output), not '{path}'"
            : null);
        Add(_noChange);
        Add(_smallChange);
        Add(_protect);
        Add(_format);
        Add(_asOf);
        Add(_threads);
        Add(_quiet);
        Add(_encoding);
        Add(_exactText);
        _protect.CustomParser = r =>
        {
            var text = r.Tokens[0].Value;
            var number = text.EndsWith('%') ? text[..^1] : text;
            if (decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) && (number.Length == text.Length || v <= 100m))
            {
                return new ProtectLoss(v, IsPercent: number.Length < text.Length);
            }

            r.AddError($"--protect-loss must be a percentage from 0% to 100% such as 5%, or an annual amount of 0 or more such as 500, not '{text}'");
            return null;
        };
        CheckFormat(r => r.GetValue(_input), _format, parquet: true);
        Check(r => r.GetValue(_encoding) == CaseloadEncoding.Windows1252 && r.GetValue(_input) is { } i && OptionValues.IsParquet(r.GetValue(_format), i)
            ? "--encoding windows-1252 applies to CSV and JSON Lines caseloads; the text in a Parquet file is always UTF-8"
            : null);
        Check(r => r.GetValue(_noChange) is { } none && r.GetValue(_smallChange) is { } small && none >= small
            ? string.Create(CultureInfo.InvariantCulture, $"--no-change ({none}%) must be less than --small-change ({small}%)")
            : null);
    }

    public override IReadOnlyList<string> Examples { get; } =
    [
        "ras compare --proposal samples/changes/carer-deduction-40pc.json samples/caseload.csv --protect-loss 5%",
        "ras compare --proposal samples/changes/carer-deduction-40pc.json samples/caseload.csv --report impact.html --out cases.csv",
        "ras compare --proposal samples/changes/carer-deduction-40pc.json export.csv --encoding windows-1252 --out cases.csv --exact-text",
        "ras compare --proposal samples/changes/carer-deduction-40pc.json caseload.parquet --out cases.parquet",
    ];

    /// <summary>A loss cap: a percentage or an annual amount.</summary>
    private sealed record ProtectLoss(decimal Value, bool IsPercent);

    protected override int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        // The hot path compiles on the other core while the model loads.
        _ = Task.Run(CaseloadRunner.Prepare);
        var input = Existing(args.GetValue(_input)!, "caseload file");
        var proposalPath = Existing(args.GetValue(_proposal)!, "proposal file");
        var outPath = args.GetValue(_out);
        var summaryPath = args.GetValue(_summary);
        var reportPath = args.GetValue(_report);
        OutputFile.CheckDistinct(
            new[] { ("the caseload", (string?)input), ("--baseline", args.GetValue(_baseline)), ("--proposal", proposalPath) },
            new[] { ("--out", outPath), ("--summary", summaryPath), ("--report", reportPath) });
        var protect = args.GetValue(_protect);
        var options = new ComparisonOptions(args.GetValue(_noChange)!.Value, args.GetValue(_smallChange)!.Value, protect is { IsPercent: true } ? protect.Value : null, protect is { IsPercent: false } ? protect.Value : null);
        var quiet = args.GetValue(_quiet);
        var baseline = ModelSource.Load(args.GetValue(_baseline), stderr);
        if (baseline is null)
        {
            return Cli.InvalidInput;
        }

        RasModel? proposal;
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

        CaseloadComparison comparison;
        try
        {
            comparison = new CaseloadComparison(baseline, proposal, options);
        }
        catch (ArgumentException ex)
        {
            stderr.WriteLine($"{proposalPath}: {ex.Message}; nothing was run");
            return Cli.InvalidInput;
        }

        ImpactSummary summary;
        var parquetOut = outPath is not null && OptionValues.IsParquet(null, outPath);
        using var casesFile = outPath is null ? null : OutputFile.Create(outPath);
        using var summaryFile = summaryPath is null ? null : OutputFile.Create(summaryPath);
        using var reportFile = reportPath is null ? null : OutputFile.Create(reportPath);
        Stream? reader = null;
        ProgressLine? progress = null;
        try
        {
            (reader, progress) = OpenInputWithProgress(input, OptionValues.IsParquet(args.GetValue(_format), input), quiet, stderr, "compared");
            using var table = parquetOut ? new ParquetTableStream(casesFile!.Stream, ParquetTableStream.TextColumns) : null;
            using var cases = casesFile is null ? null : new StreamWriter(table ?? casesFile.Stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            summary = comparison.Run(reader, FormatOf(args.GetValue(_format), input, parquet: true), cases, new CaseloadOptions(args.GetValue(_threads), args.GetValue(_asOf), progress is null ? null : new BatchCommand.SynchronousProgress(progress.Report), encoding: args.GetValue(_encoding), neutraliseFormulas: !args.GetValue(_exactText) && !parquetOut));
            CheckRead(reader);
            cases?.Flush();
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
            reader?.Dispose();
        }

        progress?.Finish();
        summaryFile?.Write(summary.ToJson());
        reportFile?.Write(ImpactReportHtml.Render(summary, input == OutputFile.StandardStream ? "standard input" : Path.GetFileName(input)));
        OutputFile.CommitAll(casesFile, summaryFile, reportFile);
        // With the cases on standard output, everything said about the run goes to standard error.
        var report = casesFile is { IsStandardOutput: true } ? stderr : stdout;
        report.Write(ImpactSummaryText.Render(summary));
        if (reportPath is not null)
        {
            report.WriteLine($"report written to {reportPath}");
        }

        return summary.Rejected > 0 ? Cli.SomeRowsRejected : Cli.Ok;
    }

    /// <summary>"change" for a JSON object with a <c>changes</c> member, "model" for anything else that parses, null when the JSON is malformed.</summary>
    private static string? ProposalKind(string path, out string? error)
    {
        error = null;
        try
        {
            var bytes = File.ReadAllBytes(path);
            using var doc = System.Text.Json.JsonDocument.Parse(bytes.AsMemory(bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0));
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && doc.RootElement.TryGetProperty("changes", out _) ? "change" : "model";
        }
        catch (InvalidOperationException)
        {
            // A member name that is not valid text (a lone surrogate): the model reader reports it with its pointer.
            return "model";
        }
        catch (System.Text.Json.JsonException ex)
        {
            error = $"line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}";
            return null;
        }
    }
}
