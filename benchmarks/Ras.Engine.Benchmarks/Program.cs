using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "--probe")
{
    // A plain loop over the hot path for profilers and disassembly (DOTNET_JitDisasm=Evaluate).
    var bench = new Ras.Engine.Benchmarks.HotPathBenchmarks();
    bench.Setup();
    var watch = System.Diagnostics.Stopwatch.StartNew();
    var rounds = 0;
    while (watch.Elapsed.TotalSeconds < 3)
    {
        bench.Evaluate();
        rounds++;
    }

    Console.WriteLine($"{watch.Elapsed.TotalNanoseconds / (rounds * 65536.0):F1} ns per assessment");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Ras.Engine.Benchmarks.HotPathBenchmarks).Assembly).Run(args);
