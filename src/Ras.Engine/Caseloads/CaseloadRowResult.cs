using Ras.Engine.Allocation;

namespace Ras.Engine.Caseloads;

/// <summary>
/// One caseload row's result as <see cref="CaseloadRunner"/> computes it (the same figures and error messages its
/// output rows carry), with the row's own cells, for callers that aggregate results themselves (calibration,
/// analyses) instead of reading the runner's text back. Immutable; safe to keep after the enumeration moves on.
/// </summary>
public sealed class CaseloadRowResult
{
    [ThreadStatic]
    private static Range[]? t_fields;
    [ThreadStatic]
    private static bool[]? t_quoted;
    private readonly string? _text;
    private readonly int _columns;

    internal CaseloadRowResult(in CaseloadRunner.Row r, string? text, int columns, CaseloadRowResult? second)
    {
        Second = second;
        Line = r.Line;
        CaseId = r.CaseId;
        ClientGroup = r.ClientGroup;
        ModelVersion = r.Model?.Version;
        IsAllocated = r.Ok;
        ErrorCode = r.Ok ? null : r.ErrorCode;
        Message = r.Ok ? null : r.Message;
        Eligibility = r.Eligibility;
        Offer = r.Ok ? r.Offer : Offer.None;
        Band = r.Ok ? r.Band : null;
        Points = r.Ok ? r.Points : 0;
        AdjustedPoints = r.Ok ? r.AdjustedPoints : 0;
        Annual = r.Ok ? r.Annual : default;
        WeeklyIndicative = r.Ok ? r.WeeklyIndicative : 0m;
        _text = text;
        _columns = columns;
    }

    /// <summary>
    /// The same row's result under the second model given to <see cref="CaseloadRunner.ReadRows"/> (the row read
    /// once, allocated under both; a row whose case id was used before is a duplicate under both); null when
    /// no second model was given.
    /// </summary>
    public CaseloadRowResult? Second { get; }

    /// <summary>The row's line in the file (1 is a CSV file's header).</summary>
    public long Line { get; }

    /// <summary>The case id as read (trimmed); empty when it could not be read.</summary>
    public string CaseId { get; }

    /// <summary>The client group code, or null when the row gives none (or it could not be read).</summary>
    public string? ClientGroup { get; }

    /// <summary>The version of the model that allocated the row, or null when no version was chosen.</summary>
    public string? ModelVersion { get; }

    /// <summary>True when the row was allocated (output status <c>ok</c>); false for an error row.</summary>
    public bool IsAllocated { get; }

    /// <summary>The error code of an error row (see docs/errors.md); null when allocated.</summary>
    public string? ErrorCode { get; }

    /// <summary>The error row's message, as the runner's output writes it; null when allocated.</summary>
    public string? Message { get; }

    /// <summary>Eligibility (meaningful only when <see cref="IsAllocated"/>).</summary>
    public EligibilityStatus Eligibility { get; }

    /// <summary>What is offered; <see cref="Offer.None"/> for an error row.</summary>
    public Offer Offer { get; }

    /// <summary>The band id, or null (no band, or an error row).</summary>
    public string? Band { get; }

    /// <summary>Total points before the direction-of-travel adjustment; 0 for an error row.</summary>
    public int Points { get; }

    /// <summary>Points to price (after any adjustment); 0 for an error row.</summary>
    public int AdjustedPoints { get; }

    /// <summary>The annual range; all 0 for an error row.</summary>
    public BudgetRange Annual { get; }

    /// <summary>The weekly indicative amount; 0 for an error row.</summary>
    public decimal WeeklyIndicative { get; }

    /// <summary>
    /// The trimmed text of the row's cell in column <paramref name="column"/> (0-based, in the order of
    /// <see cref="CaseloadRows.Header"/>), unquoted as the runner reads it; empty when the column is beyond the
    /// row, the row cannot be split, or the caseload is JSON Lines (which has no cells).
    /// </summary>
    public string Cell(int column)
    {
        if (_text is null || column < 0 || column >= _columns)
        {
            return "";
        }

        // Split on each call, into buffers kept per thread: nothing is allocated per row but the cell's text.
        if (t_fields is null || t_fields.Length < _columns + 1)
        {
            t_fields = new Range[_columns + 1];
            t_quoted = new bool[_columns + 1];
        }

        var fields = t_fields.AsSpan(0, _columns + 1);
        var quoted = t_quoted.AsSpan(0, _columns + 1);
        var count = CsvLine.Split(_text, fields, quoted, out _);
        return column < count ? CsvLine.Text(_text, fields[column], quoted[column]).Trim() : "";
    }
}
