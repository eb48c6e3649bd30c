namespace Ras.Engine.Caseloads;

/// <summary>The runner's row-level API: results as values, for callers that aggregate them themselves.</summary>
public sealed partial class CaseloadRunner
{
    /// <summary>
    /// Reads a caseload's header now and returns its rows, to be enumerated once: each row's result, in input
    /// order, as <see cref="Run(Stream, CaseloadFormat, TextWriter, CaseloadFormat, CaseloadOptions?)"/> computes
    /// it, with the row's cells, without writing or parsing text. The caller keeps ownership of
    /// <paramref name="input"/> and must not close it before the rows are read.
    /// </summary>
    /// <exception cref="CaseloadFormatException">The caseload cannot be used at all (no header, no case_id column, a column named twice).</exception>
    public CaseloadRows ReadRows(Stream input, CaseloadFormat inputFormat, CaseloadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new CaseloadRows(this, input, inputFormat, options ?? new CaseloadOptions());
    }

    /// <summary>Opens a caseload file for <see cref="ReadRows"/>: one sequential read, letting others go on writing to it.</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static Stream OpenFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return OpenRead(path);
    }
}
