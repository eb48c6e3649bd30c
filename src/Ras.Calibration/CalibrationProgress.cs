namespace Ras.Calibration;

/// <summary>
/// How far a calibration has read its history. Calibration reads the history file more than once (its hash, the
/// rows under the model, the outliers' lines when there are any, the carers' deductions); each read is a
/// <see cref="Pass"/> and reports the bytes read of that pass. Immutable.
/// </summary>
public readonly record struct CalibrationProgress
{
    /// <summary>Creates a report.</summary>
    public CalibrationProgress(int pass, string stage, long bytesRead, long length)
    {
        Pass = pass;
        Stage = stage;
        BytesRead = bytesRead;
        Length = length;
    }

    /// <summary>The read of the history this report is about, from 1.</summary>
    public int Pass { get; }

    /// <summary>What the read is for, in words: "hashing the history", "reading the history", ….</summary>
    public string Stage { get; }

    /// <summary>The bytes of the history read so far in this pass.</summary>
    public long BytesRead { get; }

    /// <summary>The history file's size in bytes.</summary>
    public long Length { get; }
}
