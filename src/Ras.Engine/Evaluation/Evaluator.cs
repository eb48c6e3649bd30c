using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ras.Engine.Allocation;
using Ras.Engine.Compilation;
using Ras.Engine.Text;
using Ras.Engine.Models;
using Ras.Engine.Rules;

namespace Ras.Engine.Evaluation;

/// <summary>
/// The one evaluator: runs a <see cref="CompiledModel"/> on one decoded case, in the order of
/// <c>docs/calculation.md</c>, for every path. It is generic over the trace: the batch passes
/// <see cref="NoTrace"/> (every trace call and every explanation string is removed by the JIT, nothing is
/// allocated, and memoised rule tables serve the figures), the explained allocation passes a trace that records
/// each step, which then works the same rules directly so that it can show their working. Thread-safe.
/// </summary>
[SkipLocalsInit]
internal static class Evaluator
{
    [ThreadStatic]
    private static int[]? s_domainScratch;

    [ThreadStatic]
    private static decimal[]? s_derivedScratch;

    /// <summary>Evaluates one case into <paramref name="r"/>.</summary>
    /// <exception cref="ArgumentException">The case was not decoded for this model (wrong shape).</exception>
    public static void Evaluate<TTrace>(CompiledModel c, in CaseInput input, ref TTrace trace, ref Figures r)
        where TTrace : struct, ITrace
    {
        var now = input.Now;
        var next = input.Next;
        var attributes = input.Attributes;
        if (now.Length != c.QuestionCount || next.Length != c.QuestionCount || input.Risk.Length != c.RiskFactorCount || attributes.Length != c.AttributeCount || input.Inputs.Length != c.InputCount)
        {
            throw new ArgumentException("The decoded case does not have this model's shape.");
        }

        var m = c.Definition;
        var day = input.AsOf.DayNumber;
        if (day < c.FromDay || day > c.ToDay)
        {
            r = default;
            r.Status = PriceStatus.NotInForce;
            return;
        }

        if (trace.Explains)
        {
            ExplainModel(c, input.AsOf, ref trace);
        }

        // Conditions: which adjustments hold now and anticipated, and which add-ons hold now.
        // Indexes come from decoded cases and tables built from the same model (the shape is checked above), so
        // the lookups read without bounds checks.
        uint adjustNow = 0, adjustNext = 0, addOnBits = 0;
        var triggers = c.TriggerQuestions;
        ref var triggerBase = ref MemoryMarshal.GetArrayDataReference(c.TriggerBase);
        ref var triggerAdjustments = ref MemoryMarshal.GetArrayDataReference(c.TriggerAdjustments);
        ref var triggerAddOns = ref MemoryMarshal.GetArrayDataReference(c.TriggerAddOns);
        for (var t = 0; t < triggers.Length; t++)
        {
            var trigger = triggers[t];
            var at = Unsafe.Add(ref triggerBase, t);
            var a = now[trigger];
            if (a != CaseInput.None)
            {
                adjustNow |= Unsafe.Add(ref triggerAdjustments, at + a);
                addOnBits |= Unsafe.Add(ref triggerAddOns, at + a);
            }

            var b = next[trigger];
            if (b != CaseInput.None)
            {
                adjustNext |= Unsafe.Add(ref triggerAdjustments, at + b);
            }
        }

        ref var attributeBase = ref MemoryMarshal.GetArrayDataReference(c.AttributeBase);
        ref var attributeAdjustments = ref MemoryMarshal.GetArrayDataReference(c.AttributeAdjustments);
        ref var attributeAddOns = ref MemoryMarshal.GetArrayDataReference(c.AttributeAddOns);
        for (var i = 0; i < attributes.Length; i++)
        {
            var v = attributes[i];
            if (v != CaseInput.None)
            {
                var at = Unsafe.Add(ref attributeBase, i) + v;
                var bits = Unsafe.Add(ref attributeAdjustments, at);
                adjustNow |= bits;
                adjustNext |= bits;
                addOnBits |= Unsafe.Add(ref attributeAddOns, at);
            }
        }

        if (c.InputTriggers.Length > 0)
        {
            InputConditions(c, in input, ref adjustNow, ref adjustNext, ref addOnBits);
        }

        // 1. Points now and anticipated, domain by domain.
        Span<int> domainNow = default, domainNext = default;
        Score score;
        if (!trace.Records && c.DomainTable is not null && !c.KeepsDomainPoints)
        {
            score = ScoreTabulated(c, now, next, adjustNow, adjustNext, now.SequenceEqual(next));
        }
        else
        {
            var scratch = DomainScratch(c.DomainCount);
            domainNow = scratch.AsSpan(0, c.DomainCount);
            domainNext = scratch.AsSpan(c.DomainCount, c.DomainCount);
            score = ScoreGeneral(c, now, next, adjustNow, adjustNext, domainNow, domainNext, ref trace);
        }

        var current = score.Current;
        if (trace.Explains)
        {
            var parts = new string[domainNow.Length];
            for (var d = 0; d < parts.Length; d++)
            {
                parts[d] = Format.Number(domainNow[d]);
            }

            trace.Step("current-points", "Points now", $"The sum of the domains' points: {string.Join(" + ", parts)} = {current}.", Format.Number(current), "/domains", null);
        }

        // 2. Eligibility now (no rule: everyone is eligible).
        var eligibleNow = !c.HasEligibilityRule || BitOperations.PopCount(score.UnableNow) >= c.MinimumOutcomes;
        if (trace.Explains)
        {
            ExplainEligibility(c, score.UnableNow, eligibleNow, ref trace);
        }

        // 3. Direction of travel.
        var eligibility = eligibleNow ? EligibilityStatus.Eligible : EligibilityStatus.NotEligible;
        decimal probability = 0m;
        var uplift = 0;
        if (m.DirectionOfTravel is { } dot)
        {
            var computed = default(Risk);
            ref readonly var risk = ref computed;
            if (c.Risks is { } table)
            {
                var index = 0;
                var levels = input.Risk;
                ref var riskBase = ref MemoryMarshal.GetArrayDataReference(c.RiskBase);
                ref var riskOffset = ref MemoryMarshal.GetArrayDataReference(c.RiskOffset);
                for (var f = 0; f < levels.Length; f++)
                {
                    var level = levels[f];
                    if (level != CaseInput.None)
                    {
                        index += Unsafe.Add(ref riskOffset, Unsafe.Add(ref riskBase, f) + level);
                    }
                }

                risk = ref table[index];
            }
            else
            {
                computed = AssessUntabulated(dot, input.Risk);
            }

            probability = risk.Probability;
            uplift = RiskRule.Uplift(risk, score.Deterioration, dot.MaxUpliftPoints);
            if (trace.Explains)
            {
                RiskRule.ExplainRisk(dot, input.Risk, probability, ref trace);
                RiskRule.ExplainUplift(m, domainNow, domainNext, probability, score.Deterioration, uplift, current, ref trace);
            }

            if (!eligibleNow && risk.MeetsEligibility && BitOperations.PopCount(score.UnableNext) >= c.MinimumOutcomes)
            {
                eligibility = EligibilityStatus.EligibleOnDirectionOfTravel;
            }

            if (!eligibleNow && trace.Explains)
            {
                ExplainDirectionOfTravelEligibility(c, score.UnableNext, probability, eligibility, ref trace);
            }
        }

        var adjusted = current + uplift;
        r.Status = PriceStatus.Ok;
        r.Eligibility = eligibility;
        r.UnableNow = score.UnableNow;
        r.UnableNext = score.UnableNext;
        r.RawPoints = score.Raw;
        r.CurrentPoints = current;
        r.AnticipatedPoints = score.Anticipated;
        r.Probability = probability;
        r.Uplift = uplift;
        r.AdjustedPoints = adjusted;
        r.CurveEta = 0m;
        var priced = adjusted;

        // Derived quantities, the basis priced, and add-ons conditioned on them.
        Span<decimal> derived = default;
        if (c.DerivedCount > 0)
        {
            derived = DerivedScratch(c.DerivedCount);
            priced = Derive(c, in input, domainNow, adjusted, derived, ref addOnBits, ref trace);
            if (priced < 0)
            {
                r.Status = PriceStatus.Overflow;
                r.Band = Priced.NoBand;
                return;
            }
        }

        r.PricedPoints = priced;

        // 4–6. The amount, add-ons and rounding.
        var period = c.PeriodStartDay.Length - 1;
        while (period > 0 && day < c.PeriodStartDay[period])
        {
            period--;
        }

        var addOnSet = (int)addOnBits;
        var sets = 1 << c.AddOnCount;
        if (!trace.Records)
        {
            if (eligibility == EligibilityStatus.NotEligible)
            {
                r.Band = Priced.NoBand;
                Read(c.ZeroMoney, period * 6, ref r);
                return;
            }

            if (eligibility == EligibilityStatus.EligibleOnDirectionOfTravel)
            {
                r.Band = Priced.PreventativeBand;
                Read(c.PreventativeMoney, ((period * sets) + addOnSet) * 6, ref r);
                return;
            }

            if (c.EligibleMoney is { } money && priced <= c.MaxPoints)
            {
                var band = c.BandByPoints[priced];
                if (band == short.MinValue)
                {
                    r.Status = PriceStatus.PointsAboveBands;
                    r.Band = Priced.NoBand;
                    return;
                }

                r.Band = band;
                Read(money, ((((period * sets) + addOnSet) * (c.MaxPoints + 1)) + priced) * 6, ref r);
                return;
            }
        }

        PriceDirectly(c, in input, domainNow, derived, addOnSet, ref trace, ref r);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void InputConditions(CompiledModel c, in CaseInput input, ref uint adjustNow, ref uint adjustNext, ref uint addOnBits)
    {
        foreach (var range in c.InputTriggers)
        {
            if (range.When.Holds(input.Now, input, default))
            {
                adjustNow |= range.Adjustments;
                adjustNext |= range.Adjustments;
                addOnBits |= range.AddOns;
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Risk AssessUntabulated(DirectionOfTravelDefinition dot, ReadOnlySpan<byte> levels) => RiskRule.Assess(dot, RiskRule.Z(dot, levels));

    /// <summary>
    /// Works out the derived quantities, the add-ons conditioned on them, and the quantity priced (the basis, or
    /// the points to price); −1 when a derived quantity or the quantity priced is beyond the engine's exact
    /// arithmetic (a model's bounds are not yet checked on load).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Derive<TTrace>(CompiledModel c, in CaseInput input, ReadOnlySpan<int> domainNow, int adjusted, Span<decimal> derived, ref uint addOnBits, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var m = c.Definition;
        try
        {
            WorkOutDerived(c, in input, domainNow, adjusted, derived, ref trace);
        }
        catch (OverflowException)
        {
            return -1;
        }

        foreach (var range in c.DerivedTriggers)
        {
            if (range.When.Holds(input.Now, input, derived))
            {
                addOnBits |= range.AddOns;
            }
        }

        if (c.BasisDerived < 0)
        {
            return adjusted;
        }

        var value = derived[c.BasisDerived];
        var rounded = decimal.Round(value, 0, MidpointRounding.AwayFromZero);
        if (rounded > int.MaxValue)
        {
            return -1;
        }

        var priced = Math.Max(0, (int)rounded);
        if (trace.Explains)
        {
            var d = m.Derived[c.BasisDerived];
            trace.Step("basis", "Quantity priced", $"The model prices the derived quantity '{d.Id}' ({d.Label}) instead of points: {Format.Number(value)}, rounded to whole points (halves away from zero, never below 0) = {priced}.", Format.Number(priced), "/pricing/basis", null);
        }

        return priced;
    }

    /// <summary>The amount worked out by the pricing rules themselves; an amount beyond exact decimal arithmetic is an error, not a crash.</summary>
    private static void PriceDirectly<TTrace>(CompiledModel c, in CaseInput input, ReadOnlySpan<int> domainNow, ReadOnlySpan<decimal> derived, int addOnSet, ref TTrace trace, ref Figures r)
        where TTrace : struct, ITrace
    {
        try
        {
            PriceByRules(c, in input, domainNow, derived, addOnSet, ref trace, ref r);
        }
        catch (OverflowException)
        {
            r.Status = PriceStatus.Overflow;
            r.Band = Priced.NoBand;
        }
    }

    /// <summary>The amount worked out by the pricing rules themselves (the explained path, and what tables do not hold).</summary>
    private static void PriceByRules<TTrace>(CompiledModel c, in CaseInput input, ReadOnlySpan<int> domainNow, ReadOnlySpan<decimal> derived, int addOnSet, ref TTrace trace, ref Figures r)
        where TTrace : struct, ITrace
    {
        var m = c.Definition;
        var asOf = input.AsOf;
        Priced priced;
        if (r.Eligibility == EligibilityStatus.NotEligible)
        {
            if (trace.Records)
            {
                trace.Warning("not eligible: no personal budget is indicated; information, advice and prevention services still apply");
            }

            if (trace.Explains)
            {
                trace.Step("pricing", "Budget", "The person is not eligible, so no budget is indicated.", PricingRule.Money(m, 0m), "/eligibility", m.Eligibility?.PolicyReference);
            }

            priced = new Priced(0m, 0m, 0m, Priced.NoBand, PriceStatus.Ok);
            addOnSet = 0;
        }
        else if (r.Eligibility == EligibilityStatus.EligibleOnDirectionOfTravel)
        {
            priced = PricingRule.Preventative(m, asOf, ref trace);
        }
        else if (c.Curve is { } curve)
        {
            var eta = m.Pricing.Curve!.Intercept;
            var parts = trace.Explains ? new List<string> { Format.Number(eta) } : null;
            foreach (var t in curve)
            {
                if (t.When is { } when && !when.Holds(input.Now, input, derived))
                {
                    continue;
                }

                decimal x = t.Kind switch
                {
                    CurveTermKind.TotalPoints => r.AdjustedPoints,
                    CurveTermKind.DomainPoints => domainNow[t.Index],
                    CurveTermKind.Answer => input.Now[t.Index] == t.Code ? 1 : 0,
                    CurveTermKind.Attribute => input.Attributes[t.Index] == t.Code ? 1 : 0,
                    CurveTermKind.Derived => derived[t.Index],
                    _ => input.Inputs[t.Index] == CaseInput.NoInput ? 0 : input.Inputs[t.Index],
                };
                try
                {
                    eta += t.Coefficient * x;
                }
                catch (OverflowException)
                {
                    r.Status = PriceStatus.Overflow;
                    r.Band = Priced.NoBand;
                    return;
                }

                parts?.Add($"{Format.Number(t.Coefficient)} × {Format.Number(x)} [{t.Definition.Describe()}]");
            }

            r.CurveEta = eta;
            priced = PricingRule.Curve(m, asOf, eta, parts is null ? null : string.Join(" + ", parts), ref trace);
        }
        else
        {
            priced = PricingRule.Points(m, asOf, r.PricedPoints, ref trace);
        }

        r.Band = priced.Band;
        if (priced.Status != PriceStatus.Ok)
        {
            r.Status = priced.Status;
            return;
        }

        var addOns = 0m;
        for (var k = 0; k < c.AddOnCount; k++)
        {
            if ((addOnSet & (1 << k)) != 0)
            {
                var amount = PricingRule.AddOnAmount(m, m.AddOns[k], asOf);
                addOns += amount;
                if (trace.Records)
                {
                    trace.AddOn(k, amount);
                }

                if (trace.Explains)
                {
                    PricingRule.ExplainAddOn(m, k, asOf, ref trace);
                }
            }
        }

        var (lower, indicative, upper) = (priced.Lower + addOns, priced.Indicative + addOns, priced.Upper + addOns);
        var (annual, weekly) = PricingRule.Finish(m, lower, indicative, upper);
        if (trace.Explains)
        {
            PricingRule.ExplainRounding(m, lower, indicative, upper, ref trace);
        }

        (r.AnnualLower, r.AnnualIndicative, r.AnnualUpper) = (annual.Lower, annual.Indicative, annual.Upper);
        (r.WeeklyLower, r.WeeklyIndicative, r.WeeklyUpper) = (weekly.Lower, weekly.Indicative, weekly.Upper);
    }

    private static void WorkOutDerived<TTrace>(CompiledModel c, in CaseInput input, ReadOnlySpan<int> domainNow, int adjusted, Span<decimal> derived, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var m = c.Definition;
        foreach (var k in c.DerivedOrder)
        {
            var value = 0m;
            var parts = trace.Explains ? new List<string>() : null;
            foreach (var t in c.DerivedTerms[k])
            {
                decimal x = t.Source switch
                {
                    DerivedSource.TotalPoints => adjusted,
                    DerivedSource.Domain => domainNow[t.Index],
                    DerivedSource.Question => input.Now[t.Index] == CaseInput.None ? 0 : c.Answers[c.QuestionAnswerBase[t.Index] + input.Now[t.Index]].Points,
                    DerivedSource.Derived => derived[t.Index],
                    _ => input.Inputs[t.Index] == CaseInput.NoInput ? 0 : input.Inputs[t.Index],
                };
                value += t.Coefficient * x;
                if (parts is not null)
                {
                    var term = m.Derived[k].Terms[parts.Count];
                    var what = term.Source switch
                    {
                        DerivedSource.TotalPoints => "points to price",
                        DerivedSource.Domain => $"points in domain '{term.Reference}'",
                        DerivedSource.Question => $"points of the answer to '{term.Reference}'",
                        DerivedSource.Derived => $"derived quantity '{term.Reference}'",
                        _ => $"input '{term.Reference}'",
                    };
                    parts.Add($"{Format.Number(t.Coefficient)} × {Format.Number(x)} [{what}]");
                }
            }

            derived[k] = value;
            if (trace.Records)
            {
                trace.Derived(k, value);
            }

            if (trace.Explains)
            {
                var d = m.Derived[k];
                trace.Step("derived", d.Label.Length > 0 ? d.Label : d.Id, $"{d.Id} = {string.Join(" + ", parts!)} = {Format.Number(value)}.", Format.Number(value), $"/derived/{k}", null);
            }
        }
    }

    private static void ExplainModel<TTrace>(CompiledModel c, DateOnly asOf, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var m = c.Definition;
        trace.Step(
            "model",
            "Model",
            $"Worked out with {m.Title} ({m.Id} version {m.Version}), in force from {Format.Date(m.EffectiveFrom)}{(m.EffectiveTo is { } to ? " to " + Format.Date(to) : "")}, for the date {Format.Date(asOf)}.{(m.Illustrative ? " This model is illustrative and has not been calibrated by a council." : "")}",
            c.ContentHash,
            "",
            null,
            ("model", m.Id),
            ("version", m.Version),
            ("as of", Format.Date(asOf)));
    }

    private static void ExplainEligibility<TTrace>(CompiledModel c, ulong unableNow, bool eligibleNow, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var m = c.Definition;
        if (m.Eligibility is null)
        {
            trace.Step("eligibility-now", "Eligibility", "This model has no eligibility rule: eligibility is decided outside the RAS, and every assessment is priced.", "eligible", "", null);
            return;
        }

        var unable = OutcomeCodes(c, unableNow);
        var minimum = m.Eligibility.MinimumOutcomes;
        trace.Step(
            "eligibility-now",
            "Eligibility now",
            $"Outcomes the person is unable to achieve now: {(unable.Count == 0 ? "none" : string.Join(", ", unable))} ({unable.Count}). The rule needs at least {minimum}: {(eligibleNow ? "eligible" : "not eligible on current need")}.",
            eligibleNow ? "eligible" : "not eligible now",
            "/eligibility",
            m.Eligibility.PolicyReference,
            ("outcomes unable to achieve", Format.Number(unable.Count)),
            ("minimum", Format.Number(minimum)));
    }

    private static void ExplainDirectionOfTravelEligibility<TTrace>(CompiledModel c, ulong unableNext, decimal p, EligibilityStatus eligibility, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var m = c.Definition;
        var dot = m.DirectionOfTravel!;
        var unable = OutcomeCodes(c, unableNext);
        var minimum = c.MinimumOutcomes;
        trace.Step(
            "eligibility-direction-of-travel",
            "Eligibility on direction of travel",
            $"Outcomes the person is expected to be unable to achieve within {dot.HorizonMonths} months: {(unable.Count == 0 ? "none" : string.Join(", ", unable))} ({unable.Count}, at least {minimum} needed); probability {RiskRule.Text(dot, p)} (at least {RiskRule.Text(dot, dot.EligibilityProbability)} needed): {(eligibility == EligibilityStatus.EligibleOnDirectionOfTravel ? "eligible on direction of travel, for a preventative allocation" : "not eligible")}.",
            eligibility == EligibilityStatus.EligibleOnDirectionOfTravel ? "eligible on direction of travel" : "not eligible",
            "/directionOfTravel/eligibilityProbability",
            dot.PolicyReference ?? m.Eligibility?.PolicyReference);
    }

    /// <summary>The outcome codes of a set of outcome bits, in the order the model's domains first name them.</summary>
    internal static List<string> OutcomeCodes(CompiledModel c, ulong bits)
    {
        var codes = new List<string>();
        for (var b = 0; b < c.Outcomes.Count; b++)
        {
            if ((bits & (1UL << b)) != 0)
            {
                codes.Add(c.Outcomes[b]);
            }
        }

        return codes;
    }

    /// <summary>
    /// The domains' points from the tables: questions are in domain order, so each domain's raw points are
    /// summed from a contiguous run of questions and looked up at once. Indexes come from decoded cases and
    /// tables built from the same model, so the loop reads without bounds checks (the caller checks the spans'
    /// shape). When nothing is anticipated to change, the anticipated side is the current side.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Score ScoreTabulated(CompiledModel c, ReadOnlySpan<byte> now, ReadOnlySpan<byte> next, uint adjustNow, uint adjustNext, bool unchanged)
    {
        ref var questions = ref MemoryMarshal.GetArrayDataReference(c.QuestionAnswerBase);
        ref var answers = ref MemoryMarshal.GetArrayDataReference(c.Answers);
        ref var domains = ref MemoryMarshal.GetArrayDataReference(c.Domains);
        ref var table = ref MemoryMarshal.GetArrayDataReference(c.DomainTable!);
        ref var nowRef = ref MemoryMarshal.GetReference(now);
        ref var nextRef = ref MemoryMarshal.GetReference(next);
        ulong unableNow = 0, unableNext = 0;
        int raw = 0, current = 0, anticipated = 0, deterioration = 0;
        var q = 0;
        var domainCount = c.DomainCount;
        for (var d = 0; d < domainCount; d++)
        {
            ref readonly var info = ref Unsafe.Add(ref domains, d);
            int rawNow = 0, rawNext = 0;
            for (; q < info.QuestionEnd; q++)
            {
                var answerBase = Unsafe.Add(ref questions, q);
                var a = Unsafe.Add(ref nowRef, q);
                if (a != CaseInput.None)
                {
                    ref readonly var answer = ref Unsafe.Add(ref answers, answerBase + a);
                    rawNow += answer.Points;
                    unableNow |= answer.Unable;
                }

                var b = Unsafe.Add(ref nextRef, q);
                if (!unchanged && b != CaseInput.None)
                {
                    ref readonly var answer = ref Unsafe.Add(ref answers, answerBase + b);
                    rawNext += answer.Points;
                    unableNext |= answer.Unable;
                }
            }

            var pNow = Unsafe.Add(ref table, info.TableBase + ((int)(adjustNow & info.Adjustments) * info.Stride) + rawNow);
            raw += rawNow;
            current += pNow;
            if (!unchanged)
            {
                var pNext = Unsafe.Add(ref table, info.TableBase + ((int)(adjustNext & info.Adjustments) * info.Stride) + rawNext);
                anticipated += pNext;
                deterioration += Math.Max(0, pNext - pNow);
            }
        }

        return unchanged
            ? new Score(unableNow, unableNow, raw, current, current, 0)
            : new Score(unableNow, unableNext, raw, current, anticipated, deterioration);
    }

    /// <summary>
    /// The same as <see cref="ScoreTabulated"/>, keeping each domain's points, working the domain rule directly
    /// where its table would be too large, and reporting each domain to the trace.
    /// </summary>
    private static Score ScoreGeneral<TTrace>(CompiledModel c, ReadOnlySpan<byte> now, ReadOnlySpan<byte> next, uint adjustNow, uint adjustNext, Span<int> domainNow, Span<int> domainNext, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var m = c.Definition;
        ulong unableNow = 0, unableNext = 0;
        int raw = 0, current = 0, anticipated = 0, deterioration = 0;
        var q = 0;
        for (var d = 0; d < c.DomainCount; d++)
        {
            var info = c.Domains[d];
            int rawNow = 0, rawNext = 0;
            bool flagNow = false, flagNext = false;
            for (; q < info.QuestionEnd; q++)
            {
                if (now[q] != CaseInput.None)
                {
                    var answer = c.Answers[c.QuestionAnswerBase[q] + now[q]];
                    rawNow += answer.Points;
                    unableNow |= answer.Unable;
                    flagNow |= answer.UnableToAchieve;
                }

                if (next[q] != CaseInput.None)
                {
                    var answer = c.Answers[c.QuestionAnswerBase[q] + next[q]];
                    rawNext += answer.Points;
                    unableNext |= answer.Unable;
                    flagNext |= answer.UnableToAchieve;
                }
            }

            var (appliedNow, appliedNext) = (adjustNow & info.Adjustments, adjustNext & info.Adjustments);
            var pNow = c.DomainTable is { } table ? table[info.TableBase + ((int)appliedNow * info.Stride) + rawNow] : DomainRule.PointsApplied(m, d, appliedNow, rawNow);
            var pNext = c.DomainTable is { } table2 ? table2[info.TableBase + ((int)appliedNext * info.Stride) + rawNext] : DomainRule.PointsApplied(m, d, appliedNext, rawNext);
            domainNow[d] = pNow;
            domainNext[d] = pNext;
            if (trace.Explains)
            {
                DomainRule.Explain(m, c.Index, d, now, appliedNow, rawNow, ref trace);
            }

            if (trace.Records)
            {
                trace.Domain(d, rawNow, pNow, pNext, flagNow, flagNext);
            }

            raw += rawNow;
            current += pNow;
            anticipated += pNext;
            deterioration += Math.Max(0, pNext - pNow);
        }

        return new Score(unableNow, unableNext, raw, current, anticipated, deterioration);
    }

    private static int[] DomainScratch(int domains) =>
        s_domainScratch is { } buffer && buffer.Length >= 2 * domains ? buffer : s_domainScratch = new int[Math.Max(128, 2 * domains)];

    private static Span<decimal> DerivedScratch(int count) =>
        (s_derivedScratch is { } buffer && buffer.Length >= count ? buffer : s_derivedScratch = new decimal[Math.Max(16, count)]).AsSpan(0, count);

    private static void Read(decimal[] table, int at, ref Figures r)
    {
        r.AnnualLower = table[at];
        r.AnnualIndicative = table[at + 1];
        r.AnnualUpper = table[at + 2];
        r.WeeklyLower = table[at + 3];
        r.WeeklyIndicative = table[at + 4];
        r.WeeklyUpper = table[at + 5];
    }

    private readonly record struct Score(ulong UnableNow, ulong UnableNext, int Raw, int Current, int Anticipated, int Deterioration);
}
