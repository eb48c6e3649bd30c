using System.Globalization;
using Ras.Engine.Text;
using Ras.Engine.Models;

namespace Ras.Engine.Rules;

/// <summary>
/// The direction-of-travel rule. z = intercept + Σ weight of each recorded risk level; p = 1 ÷ (1 + e^−z),
/// rounded to the model's probability decimals (four by default; halves away from zero) or not at all;
/// uplift = min(cap, round(p × D)) whole points, or 0 when p is below the model's minimum probability.
/// </summary>
internal static class RiskRule
{
    /// <summary>The risk score for a level index per factor (<see cref="Rules.CaseInput.None"/> for "not recorded").</summary>
    public static decimal Z(DirectionOfTravelDefinition dot, ReadOnlySpan<byte> levels)
    {
        var z = dot.Intercept;
        for (var f = 0; f < levels.Length; f++)
        {
            if (levels[f] != Rules.CaseInput.None)
            {
                z += dot.RiskFactors[f].Levels[levels[f]].Weight;
            }
        }

        return z;
    }

    /// <summary>
    /// The logistic probability of z: e^x is computed in binary floating point and converted to decimal (15
    /// significant figures), then rounded to <paramref name="decimals"/> places (null: not rounded).
    /// </summary>
    public static decimal Probability(decimal z, int? decimals)
    {
        var p = (decimal)(1.0 / (1.0 + Math.Exp(-(double)z)));
        return decimals is { } places ? decimal.Round(p, places, MidpointRounding.AwayFromZero) : p;
    }

    /// <summary>The probability for a risk score, with what the rule needs of it worked out once.</summary>
    public static Risk Assess(DirectionOfTravelDefinition dot, decimal z) => new(dot, Probability(z, dot.ProbabilityDecimals));

    /// <summary>
    /// The uplift in whole points: p × D rounded (halves away from zero), at most <paramref name="cap"/>, 0 below
    /// the minimum probability. D = <paramref name="numerator"/> ÷ <paramref name="denominator"/> (the weighted
    /// deterioration, exact); the integer form of p serves the batch without decimal arithmetic.
    /// </summary>
    public static int Uplift(in Risk risk, long numerator, int denominator, int cap)
    {
        if (risk.BelowMinimum || numerator <= 0)
        {
            return 0;
        }

        var points = risk.Unit > 0
            ? ((2 * risk.Scaled * numerator) + (risk.Unit * denominator)) / (2 * risk.Unit * denominator)
            : InDecimal(risk.Probability, numerator, denominator);
        return (int)Math.Min(cap, points);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static long InDecimal(decimal probability, long numerator, int denominator) =>
        (long)decimal.Round(probability * numerator / denominator, 0, MidpointRounding.AwayFromZero);

    /// <summary>The probability as the explanation shows it: to the model's decimals, or every digit when unrounded.</summary>
    public static string Text(DirectionOfTravelDefinition dot, decimal p) =>
        dot.ProbabilityDecimals is { } places
            ? p.ToString("0." + new string('0', Math.Max(1, places)), CultureInfo.InvariantCulture)
            : Format.Plain(p);

    /// <summary>Explains the risk score and the probability.</summary>
    public static void ExplainRisk<TTrace>(DirectionOfTravelDefinition dot, ReadOnlySpan<byte> levels, decimal p, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var z = Z(dot, levels);
        var contributions = new List<(string, string)>();
        for (var i = 0; i < dot.RiskFactors.Count; i++)
        {
            var factor = dot.RiskFactors[i];
            if (levels[i] == Rules.CaseInput.None)
            {
                contributions.Add((factor.Id, "not recorded: +0"));
                continue;
            }

            var weight = factor.Levels[levels[i]].Weight;
            contributions.Add((factor.Id, $"{factor.Levels[levels[i]].Code}: {(weight < 0 ? "−" : "+")}{Format.Number(Math.Abs(weight))}"));
        }

        var rounding = dot.ProbabilityDecimals switch
        {
            null => "not rounded",
            4 => "four decimal places",
            1 => "one decimal place",
            { } n => $"{n} decimal places",
        };
        trace.Step(
            "risk-score",
            "Risk of deterioration",
            $"Risk score z = intercept {Format.Number(dot.Intercept)} + the weight of each risk factor recorded ({string.Join("; ", contributions.Select(c => $"{c.Item1} {c.Item2}"))}) = {Format.Number(z)}. Probability that the anticipated change happens within {dot.HorizonMonths} months p = 1 ÷ (1 + e^−z) = {Text(dot, p)} ({rounding}). {dot.Calibration}".TrimEnd(),
            Text(dot, p),
            "/directionOfTravel/riskFactors",
            dot.PolicyReference,
            contributions.Prepend(("intercept", Format.Number(dot.Intercept))).ToArray());
    }

    /// <summary>Explains the deterioration (weighted by timing when the model says so) and the uplift.</summary>
    public static void ExplainUplift<TTrace>(ModelDefinition m, ReadOnlySpan<int> now, ReadOnlySpan<int> then, ReadOnlySpan<int> withinMonths, decimal p, long numerator, int denominator, int uplift, int currentTotal, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var dot = m.DirectionOfTravel!;
        var changed = new List<string>();
        for (var d = 0; d < now.Length; d++)
        {
            var change = then[d] - now[d];
            if (change > 0 || (change < 0 && dot.ImprovementsOffset))
            {
                var text = $"{m.Domains[d].Title} {now[d]} → {then[d]} ({(change > 0 ? "+" : "−")}{Math.Abs(change)})";
                if (dot.ProRataTiming)
                {
                    var months = withinMonths[d] == 0 ? dot.HorizonMonths : withinMonths[d];
                    var (wn, wd) = dot.TimingWeight(months);
                    text += $" expected within {months} months, weighted {wn}/{wd}";
                }

                changed.Add(text);
            }
        }

        var deterioration = (decimal)numerator / denominator;
        var rounded = decimal.Round(p * numerator / denominator, 0, MidpointRounding.AwayFromZero);
        var cap = uplift == dot.MaxUpliftPoints && rounded > dot.MaxUpliftPoints;
        var how = (dot.ProRataTiming ? " A change expected within m months is taken to happen halfway through that time, so it counts for the part of the horizon left, (2 × horizon − m) ÷ (2 × horizon)." : "")
            + (dot.ImprovementsOffset ? " Expected improvements offset expected deteriorations (never below 0)." : "");
        var total = denominator == 1 ? Format.Number(numerator) : $"{Format.Number(numerator)}/{denominator} = {Format.Number(decimal.Round(deterioration, 4, MidpointRounding.AwayFromZero))}";
        trace.Step(
            "direction-of-travel",
            "Direction of travel",
            (changed.Count == 0 ? $"No domain is anticipated to need more support in the next {dot.HorizonMonths} months" : $"Anticipated change in need: {string.Join("; ", changed)}; total {total} points")
            + "." + how
            + (numerator <= 0
                ? " No uplift applies."
                : p < dot.MinimumProbability
                ? $" The probability {Text(dot, p)} is below the model's minimum {Text(dot, dot.MinimumProbability)}, so no uplift applies."
                : $" Uplift = {Text(dot, p)} × {(denominator == 1 ? Format.Number(numerator) : $"{Format.Number(numerator)}/{denominator}")} = {Format.Number(decimal.Round(p * numerator / denominator, 6, MidpointRounding.AwayFromZero))}, rounded to {rounded} whole points{(cap ? $", capped at {dot.MaxUpliftPoints}" : $" (cap {dot.MaxUpliftPoints})")}.")
            + $" Points to price: {currentTotal} + {uplift} = {currentTotal + uplift}.",
            Format.Number(uplift),
            "/directionOfTravel",
            dot.PolicyReference,
            ("probability", Text(dot, p)),
            ("deterioration", denominator == 1 ? Format.Number(numerator) : $"{Format.Number(numerator)}/{denominator}"),
            ("cap", Format.Number(dot.MaxUpliftPoints)));
    }
}

/// <summary>A probability of deterioration and what the direction-of-travel rule needs of it, worked out once.</summary>
internal readonly struct Risk
{
    public Risk(DirectionOfTravelDefinition dot, decimal probability)
    {
        Probability = probability;
        BelowMinimum = probability < dot.MinimumProbability;
        MeetsEligibility = probability >= dot.EligibilityProbability;
        if (probability.Scale <= 9 && probability >= 0m)
        {
            Unit = (long)Math.Pow(10, probability.Scale);
            Scaled = (long)(probability * Unit);
        }
    }

    /// <summary>The probability, rounded as the model says.</summary>
    public decimal Probability { get; }

    /// <summary>The probability × <see cref="Unit"/>, an exact whole number when <see cref="Unit"/> is not 0.</summary>
    public long Scaled { get; }

    /// <summary>10^(the probability's decimal places) when at most nine, else 0 (multiply in decimal).</summary>
    public long Unit { get; }

    /// <summary>True when below the model's minimum probability (no uplift).</summary>
    public bool BelowMinimum { get; }

    /// <summary>True when at least the model's eligibility probability.</summary>
    public bool MeetsEligibility { get; }
}
