using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Ras.Engine.Benchmarks.HotPathBenchmarks).Assembly).Run(args);
