using Ras.Engine;
using BenchmarkDotNet.Attributes;
using Ras.Engine.Assessments;
using Ras.Engine.Models;

namespace Ras.Engine.Benchmarks;

/// <summary>The explained (reference) path on the default model, with and without the explanation.</summary>
[MemoryDiagnoser]
public class ExplainedPathBenchmarks
{
    private const int Rows = 1024;
    private Assessment[] _assessments = null!;

    [GlobalSetup]
    public void Setup() => _assessments = Workload.Assessments(RasModel.Default, Rows);

    [Benchmark(OperationsPerInvoke = Rows)]
    public int Allocate()
    {
        var n = 0;
        foreach (var a in _assessments)
        {
            n += RasModel.Default.Allocate(a).IsSuccess ? 1 : 0;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public int AllocateExplained()
    {
        var n = 0;
        foreach (var a in _assessments)
        {
            n += RasModel.Default.Allocate(a, explain: true).Result!.Explanation.Count;
        }

        return n;
    }
}
