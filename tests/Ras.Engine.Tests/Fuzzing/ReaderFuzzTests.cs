using System.Globalization;

namespace Ras.Engine.Tests.Fuzzing;

/// <summary>
/// No input makes a command end with exit 70 (docs/reliability.md). The suite runs a short, seeded fuzz of each
/// reader; a longer run uses the same test with <c>RAS_FUZZ_SECONDS</c> (time per reader),
/// <c>RAS_FUZZ_EXECUTIONS</c>, <c>RAS_FUZZ_SEED</c> and <c>RAS_FUZZ_OUT</c> (a folder that receives each crash
/// input and a summary line per reader).
/// </summary>
public class ReaderFuzzTests
{
    [Theory]
    [InlineData(ReaderFuzzer.Target.Model, 400)]
    [InlineData(ReaderFuzzer.Target.Assessment, 400)]
    [InlineData(ReaderFuzzer.Target.Change, 60)]
    [InlineData(ReaderFuzzer.Target.History, 15)]
    [InlineData(ReaderFuzzer.Target.Csv, 100)]
    [InlineData(ReaderFuzzer.Target.JsonLines, 100)]
    public void Fuzz_Reader_NeverEndsInAnInternalError(ReaderFuzzer.Target target, int executions)
    {
        var seconds = Environment.GetEnvironmentVariable("RAS_FUZZ_SECONDS");
        var seed = int.Parse(Environment.GetEnvironmentVariable("RAS_FUZZ_SEED") ?? "11", CultureInfo.InvariantCulture);
        var outDir = Environment.GetEnvironmentVariable("RAS_FUZZ_OUT");
        var work = Path.Combine(Path.GetTempPath(), $"ras-fuzz-{target}-{Environment.ProcessId}");
        var fuzzer = new ReaderFuzzer(target, seed, work);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        fuzzer.Run(
            seconds is null ? executions : long.Parse(Environment.GetEnvironmentVariable("RAS_FUZZ_EXECUTIONS") ?? long.MaxValue.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            seconds is null ? TimeSpan.MaxValue : TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)));

        if (outDir is not null)
        {
            Directory.CreateDirectory(outDir);
            foreach (var (key, (input, output)) in fuzzer.Crashes)
            {
                var name = $"{target}-{ReaderFuzzer.Name(input)}";
                File.WriteAllBytes(Path.Combine(outDir, name + ".input"), input);
                File.WriteAllText(Path.Combine(outDir, name + ".txt"), key + "\n\n" + output);
            }

            File.AppendAllText(Path.Combine(outDir, "summary.txt"), string.Create(CultureInfo.InvariantCulture, $"{target}: seed {seed}, corpus {fuzzer.CorpusSize}, {fuzzer.Executions} executions in {clock.Elapsed.TotalSeconds:0} s, {fuzzer.Crashes.Count} distinct crashes\n"));
        }

        Directory.Delete(work, recursive: true);
        Assert.True(fuzzer.Executions > 0);
        Assert.Empty(fuzzer.Crashes.Select(c => $"{c.Key}: input {Convert.ToBase64String(c.Value.Input)}"));
    }
}
