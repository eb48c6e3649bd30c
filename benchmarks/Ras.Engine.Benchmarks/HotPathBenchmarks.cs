using Ras.Engine;
using BenchmarkDotNet.Attributes;
using Ras.Engine.Compilation;
using Ras.Engine.Evaluation;
using Ras.Engine.Models;
using Ras.Engine.Rules;

namespace Ras.Engine.Benchmarks;

/// <summary>
/// The one evaluator with no trace (the batch path) on the default model: decoded assessments in flat arrays, each evaluated into a
/// result that is then consumed (as the caseload runner does: evaluate, format, move on). One operation is one
/// assessment. <see cref="EvaluateIntoArray"/> keeps all 65,536 results instead (10 MB of results: it measures
/// memory bandwidth as much as the calculation). Also the same work split over 1 and 2 threads.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private const int Rows = 1 << 16;
    private Workload.Encoded _w = null!;
    private CompiledModel _c = null!;
    private Figures[] _results = null!;

    [GlobalSetup]
    public void Setup()
    {
        _c = RasModel.Default.Compiled;
        _w = new Workload.Encoded(RasModel.Default, Rows);
        _results = new Figures[Rows];
    }

    [Benchmark(OperationsPerInvoke = Rows, Baseline = true)]
    public decimal Evaluate() => EvaluateRange(0, Rows);

    [Benchmark(OperationsPerInvoke = Rows)]
    public void EvaluateIntoArray()
    {
        var trace = default(NoTrace);
        for (var i = 0; i < Rows; i++)
        {
            Evaluator.Evaluate(_c, _w.Row(i), ref trace, ref _results[i]);
        }
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    [Arguments(1)]
    [Arguments(2)]
    public void EvaluateParallel(int threads) =>
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => EvaluateRange(Rows * t / threads, Rows * (t + 1) / threads));

    private decimal EvaluateRange(int from, int to)
    {
        var result = default(Figures);
        var trace = default(NoTrace);
        var total = 0m;
        for (var i = from; i < to; i++)
        {
            Evaluator.Evaluate(_c, _w.Row(i), ref trace, ref result);
            total += result.AnnualIndicative;
        }

        return total;
    }
}
