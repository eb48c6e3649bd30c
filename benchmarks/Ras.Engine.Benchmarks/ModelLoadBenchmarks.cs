using Ras.Engine;
using BenchmarkDotNet.Attributes;
using Ras.Engine.Compilation;
using Ras.Engine.Models;

namespace Ras.Engine.Benchmarks;

/// <summary>Loading and validating the default model from JSON, and compiling it for the hot path.</summary>
[MemoryDiagnoser]
public class ModelLoadBenchmarks
{
    private byte[] _json = null!;
    private RasModel _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        _json = System.Text.Encoding.UTF8.GetBytes(RasModel.Default.ToJson());
        _model = RasModel.Default;
    }

    [Benchmark]
    public RasModel LoadAndValidate() => RasModel.Load(new MemoryStream(_json), "default.json");

    [Benchmark]
    public object Compile() => new CompiledModel(_model.Definition, _model.Index, _model.ContentHash);
}
