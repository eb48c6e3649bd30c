using Ras.Engine.Allocation;

namespace Ras.Engine.Batch;

/// <summary>Why the compiled path could not price a row (the explained path reports the same as errors).</summary>
internal enum FastStatus : byte
{
    Ok = 0,
    NotInForce = 1,
    PointsAboveBands = 2,
    CurveOverflow = 3,
}

/// <summary>The figures of one allocation from the compiled path: a plain value, written in place, never allocated.</summary>
internal struct FastResult
{
    public FastStatus Status;
    public EligibilityStatus Eligibility;
    public short Band; // index into the model's bands; −1 none; −2 preventative
    public int RawPoints;
    public int CurrentPoints;
    public int AnticipatedPoints;
    public int Probability10000;
    public int Uplift;
    public int AdjustedPoints;
    public decimal CurveEta;
    public decimal AnnualLower;
    public decimal AnnualIndicative;
    public decimal AnnualUpper;
    public decimal WeeklyLower;
    public decimal WeeklyIndicative;
    public decimal WeeklyUpper;

    public const short NoBand = -1;
    public const short PreventativeBand = -2;
}
