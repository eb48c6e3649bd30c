using Ras.Engine;
using BenchmarkDotNet.Attributes;
using Ras.Engine.Caseloads;
using Ras.Engine.Models;

namespace Ras.Engine.Benchmarks;

/// <summary>
/// End to end: a 1,000,000-row caseload CSV file (the seeded synthetic caseload of the default model) to a
/// results CSV file, through <see cref="CaseloadRunner"/> on all cores. Process start is excluded.
/// </summary>
[MemoryDiagnoser]
public class EndToEndBenchmarks
{
    private string _input = null!;
    private string _output = null!;

    [Params(1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = Path.Combine(Path.GetTempPath(), $"ras-bench-{Rows}-{Workload.Seed}.csv");
        _output = Path.Combine(Path.GetTempPath(), $"ras-bench-{Rows}-results.csv");
        if (!File.Exists(_input))
        {
            using var w = new StreamWriter(_input);
            CaseloadGeneration.Write(RasModel.Default, Rows, Workload.Seed, CaseloadFormat.Csv, w);
        }

        _ = RasModel.Default.Compiled;
    }

    /// <summary>What <c>ras batch</c> does: the file's bytes read once, each line decoded, allocated, repeated ids found in the same pass.</summary>
    [Benchmark(Baseline = true)]
    public long CsvFileToCsv()
    {
        using var writer = new StreamWriter(_output, false, new System.Text.UTF8Encoding(false), 1 << 16);
        return new CaseloadRunner(RasModel.Default).RunFile(_input, CaseloadFormat.Csv, writer, CaseloadFormat.Csv).Allocated;
    }

    /// <summary>The text API: the same reader behind a <see cref="TextReader"/> (decoded, then encoded back to UTF-8).</summary>
    [Benchmark]
    public long CsvTextReaderToCsv()
    {
        using var reader = new StreamReader(_input, System.Text.Encoding.UTF8, true, 1 << 16);
        using var writer = new StreamWriter(_output, false, new System.Text.UTF8Encoding(false), 1 << 16);
        return new CaseloadRunner(RasModel.Default).Run(reader, CaseloadFormat.Csv, writer, CaseloadFormat.Csv).Allocated;
    }
}
