using BenchmarkDotNet.Attributes;
using Ras.Engine.Batch;
using Ras.Engine.Models;

namespace Ras.Engine.Benchmarks;

/// <summary>
/// The compiled hot path on the default model: encoded assessments in flat arrays, each evaluated into a
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
    private FastResult[] _results = null!;

    [GlobalSetup]
    public void Setup()
    {
        _c = RasModel.Default.Compiled;
        _w = new Workload.Encoded(RasModel.Default, Rows);
        _results = new FastResult[Rows];
    }

    [Benchmark(OperationsPerInvoke = Rows, Baseline = true)]
    public decimal Evaluate() => EvaluateRange(0, Rows);

    [Benchmark(OperationsPerInvoke = Rows)]
    public void EvaluateIntoArray()
    {
        var (q, r, a) = (_w.Q, _w.R, _w.A);
        for (var i = 0; i < Rows; i++)
        {
            _c.Evaluate(_w.Now.AsSpan(i * q, q), _w.Next.AsSpan(i * q, q), _w.Risk.AsSpan(i * r, r), _w.Attributes.AsSpan(i * a, a), _w.Day[i], ref _results[i]);
        }
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    [Arguments(1)]
    [Arguments(2)]
    public void EvaluateParallel(int threads) =>
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => EvaluateRange(Rows * t / threads, Rows * (t + 1) / threads));

    private decimal EvaluateRange(int from, int to)
    {
        var (q, r, a) = (_w.Q, _w.R, _w.A);
        var result = default(FastResult);
        var total = 0m;
        for (var i = from; i < to; i++)
        {
            _c.Evaluate(_w.Now.AsSpan(i * q, q), _w.Next.AsSpan(i * q, q), _w.Risk.AsSpan(i * r, r), _w.Attributes.AsSpan(i * a, a), _w.Day[i], ref result);
            total += result.AnnualIndicative;
        }

        return total;
    }
}
