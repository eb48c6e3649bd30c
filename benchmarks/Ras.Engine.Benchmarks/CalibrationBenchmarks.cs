using Ras.Engine;
using BenchmarkDotNet.Attributes;
using Ras.Calibration;
using Ras.Engine.Models;

namespace Ras.Engine.Benchmarks;

/// <summary>
/// Calibrating the default model from a 100,000-case history (seeded; costs from a £210-a-point model with 20%
/// noise): read and allocate the history twice (with and without add-ons), fit by QR, 5-fold validation,
/// the range, carers' deductions by group. One operation is the whole calibration.
/// </summary>
[MemoryDiagnoser]
public class CalibrationBenchmarks
{
    private string _history = null!;

    [Params(100_000)]
    public int Rows { get; set; }

    [Params(CalibrationMethod.PricePerPoint, CalibrationMethod.BandAmounts)]
    public CalibrationMethod Method { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _history = Path.Combine(Path.GetTempPath(), $"ras-bench-history-{Rows}-{Workload.Seed}.csv");
        if (!File.Exists(_history))
        {
            var truth = RasModel.Default.ApplyChange(new MemoryStream("""{ "changes": [ { "path": "/pricing", "value": { "method": "pricePerPoint", "pricePerPoint": 210 } }, { "path": "/range", "value": { "method": "tolerance", "belowPercent": 15, "abovePercent": 15 } } ] }"""u8.ToArray()), "truth.json");
            using var w = new StreamWriter(_history);
            HistoryGeneration.Write(RasModel.Default, truth, Rows, Workload.Seed, 0.2, w);
        }
    }

    [Benchmark]
    public RasModel? Calibrate() => Calibrator.Calibrate(RasModel.Default, _history, new CalibrationOptions(Method, new DateOnly(2026, 11, 23))).Model;
}
