using System.Globalization;
using Ras.Engine.Caseloads;

namespace Ras.Cli.Commands;

/// <summary><c>ras generate [--model M] --count N --seed S --out FILE [--format csv|jsonl]</c>.</summary>
internal static class GenerateCommand
{
    public static int Run(Arguments args, TextWriter stdout, TextWriter stderr)
    {
        var modelPath = args.Option("model");
        var count = Long(args.Option("count") ?? throw new UsageException("give --count N (how many cases)"), "--count");
        var seed = Long(args.Option("seed") ?? throw new UsageException("give --seed S (the same seed gives the same file)"), "--seed");
        var outPath = args.Option("out") ?? throw new UsageException("give --out FILE");
        var format = Formats.Choose(args.Option("format"), outPath, "--format");
        var quiet = args.Flag("quiet");
        var costsFrom = args.Option("costs-from");
        var noiseText = args.Option("noise");
        args.Done(maxPositional: 0);
        OutputFile.CheckDistinct(new[] { ("--model", modelPath), ("--costs-from", costsFrom) }, new[] { ("--out", (string?)outPath) });
        if (count < 0)
        {
            throw new UsageException("--count must be 0 or more");
        }

        var model = ModelSource.Load(modelPath, stderr);
        if (model is null)
        {
            return Cli.InvalidInput;
        }

        var showProgress = !quiet && !Console.IsErrorRedirected;
        if (noiseText is not null && costsFrom is null)
        {
            throw new UsageException("--noise applies to the costs of --costs-from MODEL; give --costs-from too");
        }

        if (costsFrom is not null)
        {
            if (format != CaseloadFormat.Csv)
            {
                throw new UsageException("a history with costs is written as CSV");
            }

            var noise = noiseText is null ? 0.2 : double.TryParse(noiseText, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new UsageException($"--noise must be a number of 0 or more, not '{noiseText}'");
            var costModel = ModelSource.Load(costsFrom, stderr);
            if (costModel is null)
            {
                return Cli.InvalidInput;
            }

            using (var file = OutputFile.Create(outPath))
            {
                using (var history = new StreamWriter(file.Stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true))
                {
                    Ras.Calibration.HistoryGeneration.Write(model, costModel, (int)count, seed, noise, history);
                }

                file.Commit();
            }

            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote a history of {count:N0} cases for {model.Id} {model.Version} (seed {seed}) with actual costs from {costModel.Id} {costModel.Version} (noise {noise}) to {outPath}"));
            return Cli.Ok;
        }

        using (var file = OutputFile.Create(outPath))
        {
            using (var writer = new StreamWriter(file.Stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true))
            {
                var progress = showProgress ? new SynchronousProgress(n => stderr.Write(string.Create(CultureInfo.InvariantCulture, $"\rgenerated {n:N0} of {count:N0}"))) : null;
                CaseloadGeneration.Write(model, count, seed, format, writer, progress);
            }

            file.Commit();
        }

        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(showProgress ? "\r" : "")}wrote {count:N0} cases for {model.Id} {model.Version} (seed {seed}) to {outPath}"));
        return Cli.Ok;
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    private static long Long(string text, string option) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new UsageException($"{option} must be a whole number, not '{text}'");
}
