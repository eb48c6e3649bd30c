using Ras.Engine.Models;

namespace Ras.Engine;

/// <summary>Progress of a caseload run, reported after each block of rows.</summary>
public readonly record struct CaseloadProgress
{
    /// <summary>Creates a progress report.</summary>
    public CaseloadProgress(long rowsRead, long allocated, long rejected)
    {
        RowsRead = rowsRead;
        Allocated = allocated;
        Rejected = rejected;
    }

    /// <summary>Rows read so far.</summary>
    public long RowsRead { get; }

    /// <summary>Rows allocated so far.</summary>
    public long Allocated { get; }

    /// <summary>Rows rejected so far.</summary>
    public long Rejected { get; }
}
