namespace Ras.Engine.Caseloads;

/// <summary>
/// SplitMix64: a small, fast, fully specified generator, so that a seed gives the same caseload on every
/// machine and .NET version (System.Random's seeded sequence is not a documented contract).
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, bound).</summary>
    public int Next(int bound) => (int)((NextUInt64() >> 33) % (ulong)bound);
}
