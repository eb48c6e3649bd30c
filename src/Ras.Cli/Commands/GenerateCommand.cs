using System.CommandLine;
using System.Globalization;
using Ras.Cli.ParquetFiles;
using Ras.Cli.Parsing;
using Ras.Engine.Caseloads;

namespace Ras.Cli.Commands;

/// <summary>
/// <c>ras generate [--model M] --count N --seed S --out FILE [--format csv|jsonl|parquet] [--costs-from TRUTH [--noise F]
/// | --reassessments-from TRUTH]</c>.
/// </summary>
internal sealed class GenerateCommand : RasCommand
{
    private readonly Option<string?> _model = CommonOptions.Model();
    private readonly Option<long?> _count = OptionValues.WholeNumber("--count", "How many cases to write.", 0, OptionValues.MaxGeneratedRows);
    private readonly Option<long?> _seed = OptionValues.WholeNumber("--seed", "The seed: the same seed gives the same file on every machine.", long.MinValue, long.MaxValue, "S");
    private readonly Option<string?> _out = new("--out") { Description = "The file to write, .csv, .jsonl or .parquet, or - for standard output (give --format csv|jsonl). Written to a temporary file and renamed when complete.", HelpName = "FILE", Required = true };
    private readonly Option<string?> _format = OptionValues.CaseloadFormatOption("--format", "The file's format, when the extension of --out does not say.", parquet: true);
    private readonly Option<string?> _costsFrom = CommonOptions.Model("--costs-from", "Write a calibration history: each case's actual_annual_cost from this model's indicative amount, with noise.");
    private readonly Option<decimal?> _noise = OptionValues.Number("--noise", "With --costs-from: the spread of the costs (standard deviation of the log ratio; default 0.2).", 0m, 10m, null, "F");
    private readonly Option<string?> _reassessmentsFrom = CommonOptions.Model("--reassessments-from", "Write a reassessment history for ras calibrate-risk: each case's reassessment_points and crisis drawn with this model's direction-of-travel probability.");
    private readonly Option<bool> _quiet = CommonOptions.Quiet();

    public GenerateCommand() : base("generate", "Write a realistic synthetic caseload for a model; the same seed gives the same file.")
    {
        _count.Required = true;
        _seed.Required = true;
        Add(_model);
        Add(_count);
        Add(_seed);
        AddOutputs(_out);
        Add(_format);
        Add(_costsFrom);
        Add(_noise);
        Add(_reassessmentsFrom);
        Add(_quiet);
        CheckFormat(r => r.GetValue(_out), _format, parquet: true);
        Needs(_noise, _costsFrom, "--noise applies to the costs of --costs-from MODEL; give --costs-from too");
        NotBoth(_costsFrom, _reassessmentsFrom, "give --costs-from (a cost history) or --reassessments-from (a reassessment history), not both");
        Check(r => r.GetValue(_out) is { } o && (OptionValues.Format(r.GetValue(_format), o, "--format", out _, parquet: true) is CaseloadFormat.JsonLines || OptionValues.IsParquet(r.GetValue(_format), o))
            ? r.GetValue(_costsFrom) is not null ? "a history with costs (--costs-from) is written as CSV; name --out .csv"
            : r.GetValue(_reassessmentsFrom) is not null ? "a reassessment history (--reassessments-from) is written as CSV; name --out .csv"
            : null
            : null);
    }

    public override IReadOnlyList<string> Examples { get; } =
    [
        "ras generate --count 1000 --seed 7 --out caseload-1k.csv",
        "ras generate --count 2000 --seed 11 --costs-from samples/history-truth-model.json --out history.csv",
        "ras generate --count 5000 --seed 3 --reassessments-from samples/reassessments-truth-model.json --out reassessments.csv",
        "ras generate --count 10 --seed 7 --out - --format jsonl",
        "ras generate --count 100000 --seed 7 --out caseload.parquet",
    ];

    protected override int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        var count = args.GetValue(_count)!.Value;
        var seed = args.GetValue(_seed)!.Value;
        var outPath = args.GetValue(_out)!;
        OutputFile.CheckDistinct(new[] { ("--model", args.GetValue(_model)), ("--costs-from", args.GetValue(_costsFrom)), ("--reassessments-from", args.GetValue(_reassessmentsFrom)) }, new[] { ("--out", (string?)outPath) });
        var model = ModelSource.Load(args.GetValue(_model), stderr);
        if (model is null)
        {
            return Cli.InvalidInput;
        }

        var showProgress = !args.GetValue(_quiet) && !Console.IsErrorRedirected;
        if (args.GetValue(_reassessmentsFrom) is { } reassessmentsFrom)
        {
            var truth = ModelSource.Load(reassessmentsFrom, stderr);
            if (truth is null)
            {
                return Cli.InvalidInput;
            }

            if (!truth.HasDirectionOfTravel)
            {
                stderr.WriteLine($"{reassessmentsFrom}: the model has no direction-of-travel rule, so it has no risk weights to draw outcomes from");
                return Cli.InvalidInput;
            }

            using (var file = OutputFile.Create(outPath))
            {
                using (var history = new StreamWriter(file.Stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true))
                {
                    Ras.Calibration.HistoryGeneration.WriteReassessments(model, truth, checked((int)count), seed, history);
                }

                file.Commit();
            }

            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote a reassessment history of {count:N0} cases for {model.Id} {model.Version} (seed {seed}) with outcomes drawn from the risk weights of {truth.Id} {truth.Version} to {outPath}"));
            return Cli.Ok;
        }

        if (args.GetValue(_costsFrom) is { } costsFrom)
        {
            var noise = (double)(args.GetValue(_noise) ?? 0.2m);
            var costModel = ModelSource.Load(costsFrom, stderr);
            if (costModel is null)
            {
                return Cli.InvalidInput;
            }

            using (var file = OutputFile.Create(outPath))
            {
                using (var history = new StreamWriter(file.Stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true))
                {
                    Ras.Calibration.HistoryGeneration.Write(model, costModel, checked((int)count), seed, noise, history);
                }

                file.Commit();
            }

            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote a history of {count:N0} cases for {model.Id} {model.Version} (seed {seed}) with actual costs from {costModel.Id} {costModel.Version} (noise {noise}) to {outPath}"));
            return Cli.Ok;
        }

        using (var file = OutputFile.Create(outPath))
        {
            using var table = OptionValues.IsParquet(args.GetValue(_format), outPath) ? new ParquetTableStream(file.Stream, ParquetTableStream.CaseloadColumns) : null;
            using (var writer = new StreamWriter(table ?? file.Stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true))
            {
                var progress = showProgress ? new SynchronousProgress(n => stderr.Write(string.Create(CultureInfo.InvariantCulture, $"\rgenerated {n:N0} of {count:N0} ({100.0 * n / Math.Max(1, count):0}%)"))) : null;
                CaseloadGeneration.Write(model, count, seed, FormatOf(args.GetValue(_format), outPath, parquet: true), writer, progress);
            }

            table?.Complete();

            file.Commit();
        }

        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(showProgress ? "\r" : "")}wrote {count:N0} cases for {model.Id} {model.Version} (seed {seed}) to {outPath}"));
        return Cli.Ok;
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
