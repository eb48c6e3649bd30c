using Ras.Engine.Models;

namespace Ras.Engine;

/// <summary>Options for a caseload run. Immutable.</summary>
public sealed class CaseloadOptions
{
    /// <summary>Creates options.</summary>
    /// <param name="maxDegreeOfParallelism">Threads to use; 0 for one per core. Output order never depends on it.</param>
    /// <param name="defaultAsOf">The as-of date for rows with no <c>as_of</c>; rows without one are errors when this is null.</param>
    /// <param name="progress">Receives progress after each block of rows, or null.</param>
    /// <param name="cancellationToken">Stops the run between blocks; the output then ends after the last complete block.</param>
    public CaseloadOptions(int maxDegreeOfParallelism = 0, DateOnly? defaultAsOf = null, IProgress<CaseloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDegreeOfParallelism);
        MaxDegreeOfParallelism = maxDegreeOfParallelism == 0 ? Environment.ProcessorCount : maxDegreeOfParallelism;
        DefaultAsOf = defaultAsOf;
        Progress = progress;
        CancellationToken = cancellationToken;
    }

    /// <summary>Threads to use.</summary>
    public int MaxDegreeOfParallelism { get; }

    /// <summary>The as-of date for rows without one, or null.</summary>
    public DateOnly? DefaultAsOf { get; }

    /// <summary>The progress receiver, or null.</summary>
    public IProgress<CaseloadProgress>? Progress { get; }

    /// <summary>Cancels the run between blocks.</summary>
    public CancellationToken CancellationToken { get; }
}
