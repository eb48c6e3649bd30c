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
    /// <param name="encoding">How the input's bytes are read as text (UTF-8 unless a council's export is Windows-1252).</param>
    /// <param name="neutraliseFormulas">
    /// True (the default) to write a CSV text cell that begins with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a
    /// carriage return with a leading apostrophe, so that a spreadsheet shows it as text instead of running it as a
    /// formula (CSV injection, OWASP); false for machine consumers that need the text exactly.
    /// </param>
    public CaseloadOptions(int maxDegreeOfParallelism = 0, DateOnly? defaultAsOf = null, IProgress<CaseloadProgress>? progress = null, CancellationToken cancellationToken = default, CaseloadEncoding encoding = CaseloadEncoding.Utf8, bool neutraliseFormulas = true)
    {
        if (!Enum.IsDefined(encoding))
        {
            throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "not a caseload encoding");
        }

        Encoding = encoding;
        NeutraliseFormulas = neutraliseFormulas;
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

    /// <summary>How the input's bytes are read as text.</summary>
    public CaseloadEncoding Encoding { get; }

    /// <summary>True when CSV text cells that a spreadsheet would run as formulas are written with a leading apostrophe.</summary>
    public bool NeutraliseFormulas { get; }

    /// <summary>Cancels the run between blocks.</summary>
    public CancellationToken CancellationToken { get; }
}
