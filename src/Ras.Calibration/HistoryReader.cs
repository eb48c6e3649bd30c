using System.Globalization;
using Ras.Engine;
using Ras.Engine.Allocation;
using Ras.Engine.Caseloads;

namespace Ras.Calibration;

/// <summary>One row of a history file: the base model's allocation of it, and its actual cost and weight as written.</summary>
internal sealed record HistoryRow(
    long Line,
    string CaseId,
    string? ClientGroup,
    string? Error,
    Offer Offer,
    string? Band,
    int Points,
    decimal AddOns,
    string CostText,
    string WeightText);

/// <summary>
/// Reads a history file (a caseload CSV plus <c>actual_annual_cost</c> and an optional <c>weight</c>) row by row,
/// allocating each row under the base model and, when it has add-ons, under the same model without them (in the
/// same pass: <see cref="CaseloadRunner.ReadRows"/> with a second model), so that each row's add-on amount is
/// known and the prices are fitted to the cost the add-ons do not already meet. Streams: nothing is kept per row.
/// </summary>
internal sealed class HistoryReader : IDisposable
{
    public const string CostColumn = "actual_annual_cost";
    public const string WeightColumn = "weight";

    private readonly Stream _stream;
    private readonly CaseloadRows _rows;
    private readonly int _costColumn;
    private readonly int _weightColumn;

    /// <summary>Reads the header of the history open in <paramref name="stream"/> (disposed with the reader).</summary>
    /// <exception cref="CaseloadFormatException">The file cannot be used at all (no header, no cost column).</exception>
    public HistoryReader(RasModel model, ModelShape shape, Stream stream)
    {
        _stream = stream;
        try
        {
            var without = shape.AddOnCount == 0 ? null
                : model.ApplyChange(new MemoryStream("""{ "title": "without add-ons", "changes": [ { "path": "/addOns", "value": [] } ] }"""u8.ToArray()), "without-add-ons.json");
            _rows = new CaseloadRunner(model).ReadRows(_stream, CaseloadFormat.Csv, null, without);
            _costColumn = IndexOf(_rows.Header, CostColumn);
            if (_costColumn < 0)
            {
                throw new CaseloadFormatException($"line 1 (the header): there is no '{CostColumn}' column: a history file is a caseload file plus the actual annual cost of each case");
            }

            _weightColumn = IndexOf(_rows.Header, WeightColumn);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The history's file-level warnings (not those about the cost and weight columns); complete once <see cref="Rows"/> has been read.</summary>
    public List<string> Warnings => _rows.Warnings.Where(w => !w.StartsWith($"column '{CostColumn}'", StringComparison.Ordinal) && !w.StartsWith($"column '{WeightColumn}'", StringComparison.Ordinal)).ToList();

    /// <summary>The rows, in file order; enumerated once.</summary>
    public IEnumerable<HistoryRow> Rows()
    {
        foreach (var ra in _rows)
        {
            var rb = ra.Second;
            var ok = ra.IsAllocated;
            yield return new HistoryRow(
                ra.Line,
                ra.CaseId,
                ra.ClientGroup,
                ok ? null : ra.Message,
                ra.Offer,
                ra.Band,
                ra.AdjustedPoints,
                ok && (rb is null || rb.IsAllocated) ? ra.Annual.Indicative - (rb ?? ra).Annual.Indicative : 0m,
                ra.Cell(_costColumn),
                ra.Cell(_weightColumn));
        }
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>The history file's SHA-256, as the provenance of a calibrated model records it: <c>sha256:</c> and lower-case hex. Streamed.</summary>
    public static string Hash(string path)
    {
        using var file = CaseloadRunner.OpenFile(path);
        return Hash(file);
    }

    /// <summary>The SHA-256 of the history open in <paramref name="file"/>, as <see cref="Hash(string)"/>.</summary>
    public static string Hash(Stream file) => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file));

    /// <summary>The history file's header (its column names, as a caseload's).</summary>
    public static IReadOnlyList<string> Header(RasModel model, string path)
    {
        using var file = CaseloadRunner.OpenFile(path);
        return new CaseloadRunner(model).ReadRows(file, CaseloadFormat.Csv).Header;
    }

    internal static int IndexOf(IReadOnlyList<string> header, string column)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i], column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
