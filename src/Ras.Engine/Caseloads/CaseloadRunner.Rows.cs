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
    /// <param name="input">The caseload's bytes, read once from start to end.</param>
    /// <param name="inputFormat">CSV (with a header) or JSON Lines.</param>
    /// <param name="options">Encoding, default as-of date, threads and cancellation; progress is not reported.</param>
    /// <param name="secondModel">
    /// When given, each row is also allocated under this model, in the same pass (one read, one duplicate check),
    /// as <see cref="CaseloadRowResult.Second"/>: for comparing two versions row by row without reading the
    /// caseload twice.
    /// </param>
    /// <exception cref="CaseloadFormatException">The caseload cannot be used at all (no header, no case_id column, a column named twice).</exception>
    public CaseloadRows ReadRows(Stream input, CaseloadFormat inputFormat, CaseloadOptions? options = null, RasModel? secondModel = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new CaseloadRows(this, input, inputFormat, options ?? new CaseloadOptions(), secondModel);
    }

    /// <summary>Opens a caseload file for <see cref="ReadRows"/>: one sequential read, letting others go on writing to it.</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static Stream OpenFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return OpenRead(path);
    }
}
