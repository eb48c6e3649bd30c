using Ras.Engine.Allocation;

namespace Ras.Engine.Caseloads;

/// <summary>
/// One caseload row's result as <see cref="CaseloadRunner"/> computes it (the same figures and error messages its
/// output rows carry), with the row's own cells, for callers that aggregate results themselves (calibration,
/// analyses) instead of reading the runner's text back. Immutable; safe to keep after the enumeration moves on.
/// </summary>
public sealed class CaseloadRowResult
{
    private readonly string? _text;
    private readonly int _columns;
    private Range[]? _fields;
    private bool[]? _quoted;
    private int _count;

    internal CaseloadRowResult(in CaseloadRunner.Row r, string? text, int columns)
    {
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

        if (_fields is null)
        {
            var fields = new Range[_columns + 1];
            var quoted = new bool[_columns + 1];
            _count = CsvLine.Split(_text, fields, quoted, out _);
            _quoted = quoted;
            _fields = fields;
        }

        return column < _count ? CsvLine.Text(_text, _fields[column], _quoted![column]).Trim() : "";
    }
}
