using Ras.Engine;
using BenchmarkDotNet.Attributes;
using Ras.Engine.Caseloads;
using Ras.Engine.Impact;
using Ras.Engine.Models;

namespace Ras.Engine.Benchmarks;

/// <summary>
/// <c>ras compare</c> on a 1,000,000-row caseload CSV: the default model against a proposal (the carer
/// deduction raised from 30% to 40%), both in one pass through the compiled path, with the aggregates and
/// transitional protection; no per-case output file.
/// </summary>
[MemoryDiagnoser]
public class ComparisonBenchmarks
{
    private string _input = null!;
    private RasModel _proposal = null!;

    [Params(1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = Path.Combine(Path.GetTempPath(), $"ras-bench-{Rows}-{Workload.Seed}.csv");
        if (!File.Exists(_input))
        {
            using var w = new StreamWriter(_input);
            CaseloadGeneration.Write(RasModel.Default, Rows, Workload.Seed, CaseloadFormat.Csv, w);
        }

        var change = """{ "changes": [ { "path": "/adjustments/1/percent", "value": -40 } ] }""";
        _proposal = RasModel.Default.ApplyChange(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(change)), "carer-40.json");
        _ = _proposal.Compiled;
    }

    [Benchmark]
    public decimal Compare()
    {
        using var reader = new StreamReader(_input, System.Text.Encoding.UTF8, true, 1 << 16);
        return new CaseloadComparison(RasModel.Default, _proposal, new ComparisonOptions(protectLossPercent: 5)).Run(reader, CaseloadFormat.Csv, null).TotalChange;
    }
}
