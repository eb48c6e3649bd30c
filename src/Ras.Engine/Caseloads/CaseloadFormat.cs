namespace Ras.Engine.Caseloads;

/// <summary>The caseload file formats (see docs/caseload-format.md).</summary>
public enum CaseloadFormat
{
    /// <summary>Comma-separated values with a header row.</summary>
    Csv = 0,

    /// <summary>JSON Lines: one JSON object per line.</summary>
    JsonLines = 1,
}
