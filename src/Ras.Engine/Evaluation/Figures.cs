using Ras.Engine.Allocation;
using Ras.Engine.Rules;

namespace Ras.Engine.Evaluation;

/// <summary>The figures of one evaluation: a plain value, written in place, never allocated.</summary>
internal struct Figures
{
    public PriceStatus Status;
    public EligibilityStatus Eligibility;
    public Offer Offer;
    public byte Determinations; // as CaseInput.Determinations
    public decimal Deterioration; // weighted, exact
    public short BandWithoutUplift;
    public decimal AnnualLowerWithoutUplift;
    public decimal AnnualIndicativeWithoutUplift;
    public decimal AnnualUpperWithoutUplift;
    public bool UpliftCapped; // the money cap limited what the uplift adds
    public short Band; // index into the model's bands; −1 none; −2 preventative
    public ulong UnableNow; // outcome bits
    public ulong UnableNext;
    public int RawPoints;
    public int CurrentPoints;
    public int AnticipatedPoints;
    public decimal Probability;
    public int Uplift;
    public int AdjustedPoints;
    public int PricedPoints;
    public decimal CurveEta;
    public decimal AnnualLower;
    public decimal AnnualIndicative;
    public decimal AnnualUpper;
    public decimal WeeklyLower;
    public decimal WeeklyIndicative;
    public decimal WeeklyUpper;
}
