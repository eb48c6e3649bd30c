using System.Runtime.CompilerServices;
namespace Ras.Engine.Models;

/// <summary>
/// The forward-looking adjustment: a logistic risk score gives the probability that the anticipated change in
/// need happens within the horizon; the expected deterioration, capped, is added to the points.
/// </summary>
internal sealed record DirectionOfTravelDefinition(
    int HorizonMonths,
    decimal Intercept,
    IReadOnlyList<RiskFactorDefinition> RiskFactors,
    int MaxUpliftPoints,
    decimal MinimumProbability,
    decimal EligibilityProbability,
    PreventativeDefinition Preventative,
    string? Calibration,
    string? PolicyReference,
    int? ProbabilityDecimals = 4,
    bool ProRataTiming = false,
    decimal? MaxUpliftAmount = null,
    bool ImprovementsOffset = false)
{
    /// <summary>
    /// The weight of a change expected within <paramref name="months"/> (0: not said, the horizon): the part of
    /// the horizon it covers when it happens on average halfway through its window, (2H − m) ÷ 2H; 1 when the
    /// model does not weight by timing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (int Numerator, int Denominator) TimingWeight(int months) =>
        ProRataTiming ? ((2 * HorizonMonths) - (months == 0 ? HorizonMonths : months), 2 * HorizonMonths) : (1, 1);
}

/// <summary>A risk factor with coded levels, each with its weight on the logit scale.</summary>
internal sealed record RiskFactorDefinition(string Id, string Text, IReadOnlyList<RiskLevelDefinition> Levels);

/// <summary>One level of a risk factor.</summary>
internal sealed record RiskLevelDefinition(string Code, string Text, decimal Weight);

/// <summary>The fixed annual range for a person eligible on direction of travel alone.</summary>
internal sealed record PreventativeDefinition(string Label, DatedValue Lower, DatedValue Indicative, DatedValue Upper);
