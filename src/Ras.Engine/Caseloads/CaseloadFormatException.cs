namespace Ras.Engine.Caseloads;

/// <summary>
/// The caseload file cannot be used at all (for example its header has no <c>case_id</c> column or names a
/// column twice). Problems with single rows never throw: they become error rows.
/// </summary>
public sealed class CaseloadFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CaseloadFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CaseloadFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public CaseloadFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
