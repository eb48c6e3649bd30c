using Ras.Engine.Explanation;
using Ras.Engine.Models;

namespace Ras.Engine.DirectionOfTravel;

/// <summary>
/// The forward-looking adjustment. z = intercept + Σ weight of each recorded risk level;
/// p = 1 ÷ (1 + e^−z), rounded to four decimal places (midpoints away from zero); deterioration
/// D = Σ max(0, anticipated − now) over domains; uplift = min(cap, round(p × D)) whole points, or 0 when p is
/// below the model's minimum probability.
/// </summary>
internal static class DirectionOfTravelRule
{
    internal readonly record struct Outcome(decimal Probability, int Deterioration, int Uplift);

    public static decimal Probability(decimal z) =>
        decimal.Round((decimal)(1.0 / (1.0 + Math.Exp(-(double)z))), 4, MidpointRounding.AwayFromZero);

    public static int Uplift(DirectionOfTravelDefinition dot, decimal probability, int deterioration) =>
        probability < dot.MinimumProbability
            ? 0
            : Math.Min(dot.MaxUpliftPoints, (int)decimal.Round(probability * deterioration, 0, MidpointRounding.AwayFromZero));

    public static Outcome Apply(ModelDefinition m, int[] riskLevels, int[] nowPoints, int[] thenPoints, int currentTotal, ExplanationBuilder? ex)
    {
        if (m.DirectionOfTravel is not { } dot)
        {
            return new Outcome(0m, 0, 0);
        }

        var z = dot.Intercept;
        List<(string, string)>? contributions = ex is null ? null : new List<(string, string)>();
        for (var i = 0; i < dot.RiskFactors.Count; i++)
        {
            var level = riskLevels[i];
            var factor = dot.RiskFactors[i];
            if (level < 0)
            {
                contributions?.Add((factor.Id, "not recorded: +0"));
                continue;
            }

            var weight = factor.Levels[level].Weight;
            z += weight;
            contributions?.Add((factor.Id, $"{factor.Levels[level].Code}: {(weight < 0 ? "−" : "+")}{Format.Number(Math.Abs(weight))}"));
        }

        var p = Probability(z);
        var deterioration = 0;
        var changed = ex is null ? null : new List<string>();
        for (var d = 0; d < nowPoints.Length; d++)
        {
            var delta = thenPoints[d] - nowPoints[d];
            if (delta > 0)
            {
                deterioration = checked(deterioration + delta);
                changed?.Add($"{m.Domains[d].Title} {nowPoints[d]} → {thenPoints[d]} (+{delta})");
            }
        }

        var uplift = Uplift(dot, p, deterioration);
        if (ex is not null)
        {
            ex.Add(
                "risk-score",
                "Risk of deterioration",
                $"Risk score z = intercept {Format.Number(dot.Intercept)} + the weight of each risk factor recorded ({string.Join("; ", contributions!.Select(c => $"{c.Item1} {c.Item2}"))}) = {Format.Number(z)}. Probability that the anticipated change happens within {dot.HorizonMonths} months p = 1 ÷ (1 + e^−z) = {Format.Probability(p)} (four decimal places). {dot.Calibration}".TrimEnd(),
                Format.Probability(p),
                "/directionOfTravel/riskFactors",
                dot.PolicyReference,
                contributions!.Prepend(("intercept", Format.Number(dot.Intercept))).ToArray());
            var cap = uplift == dot.MaxUpliftPoints && decimal.Round(p * deterioration, 0, MidpointRounding.AwayFromZero) > dot.MaxUpliftPoints;
            ex.Add(
                "direction-of-travel",
                "Direction of travel",
                (deterioration == 0 ? "No domain is anticipated to need more support in the next twelve months" : $"Anticipated change in need: {string.Join("; ", changed!)}; total {deterioration} points")
                + (p < dot.MinimumProbability
                    ? $". The probability {Format.Probability(p)} is below the model's minimum {Format.Probability(dot.MinimumProbability)}, so no uplift applies."
                    : $". Uplift = {Format.Probability(p)} × {deterioration} = {Format.Number(p * deterioration)}, rounded to {decimal.Round(p * deterioration, 0, MidpointRounding.AwayFromZero)} whole points{(cap ? $", capped at {dot.MaxUpliftPoints}" : $" (cap {dot.MaxUpliftPoints})")}.")
                + $" Points to price: {currentTotal} + {uplift} = {currentTotal + uplift}.",
                Format.Number(uplift),
                "/directionOfTravel",
                dot.PolicyReference,
                ("probability", Format.Probability(p)),
                ("deterioration", Format.Number(deterioration)),
                ("cap", Format.Number(dot.MaxUpliftPoints)));
        }

        return new Outcome(p, deterioration, uplift);
    }
}
