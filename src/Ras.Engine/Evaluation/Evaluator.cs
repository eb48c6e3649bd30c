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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

        if (c.Unless.Length > 0)
        {
            Unless(c, in input, ref adjustNow, ref adjustNext, ref trace);
        }

        // 1. Points now and anticipated, domain by domain.
        Span<int> domainNow = default, domainNext = default;
        var tabulated = !trace.Records && c.DomainTable is not null;
        if (c.KeepsDomainPoints || !tabulated)
        {
            var scratch = DomainScratch(c.DomainCount);
            domainNow = scratch.AsSpan(0, c.DomainCount);
            domainNext = scratch.AsSpan(c.DomainCount, c.DomainCount);
        }

        var score = tabulated
            ? ScoreTabulated(c, now, next, adjustNow, adjustNext, now.SequenceEqual(next), domainNow, domainNext)
            : ScoreGeneral(c, now, next, adjustNow, adjustNext, domainNow, domainNext, ref trace);

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

        // 2. Eligibility now (no rule: everyone is eligible): enough outcomes not achieved, on any ground, and
        // the assessor's determinations not recorded as unmet.
        var eligibleNow = !c.HasEligibilityRule || (BitOperations.PopCount(score.UnableNow) >= c.MinimumOutcomes && CaseInput.DeterminationsAllow(input.Determinations));
        if (trace.Explains)
        {
            ExplainEligibility(c, input.Now, input.Determinations, score.UnableNow, eligibleNow, ref trace);
        }

        // 3. Direction of travel.
        var eligibility = eligibleNow ? EligibilityStatus.Eligible : EligibilityStatus.NotEligible;
        var offer = eligibleNow ? Offer.PersonalBudget : Offer.None;
        decimal probability = 0m;
        var uplift = 0;
        long deteriorationNumerator = score.Deterioration;
        var deteriorationDenominator = 1;
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
            Span<int> within = default;
            if (c.WeighsChanges)
            {
                within = DomainScratch(c.DomainCount).AsSpan(2 * c.DomainCount, c.DomainCount);
                (deteriorationNumerator, deteriorationDenominator) = WeightedDeterioration(c, dot, in input, domainNow, domainNext, within);
            }

            uplift = RiskRule.Uplift(risk, deteriorationNumerator, deteriorationDenominator, dot.MaxUpliftPoints);
            if (trace.Explains)
            {
                RiskRule.ExplainRisk(dot, input.Risk, probability, ref trace);
                RiskRule.ExplainUplift(m, domainNow, domainNext, within, probability, deteriorationNumerator, deteriorationDenominator, uplift, current, ref trace);
            }

            if (!eligibleNow && risk.MeetsEligibility && BitOperations.PopCount(score.UnableNext) >= c.MinimumOutcomes)
            {
                offer = Offer.PreventativeSupport;
            }

            if (!eligibleNow && trace.Explains)
            {
                ExplainPreventativeOffer(c, score.UnableNext, probability, offer, ref trace);
            }
        }

        var adjusted = current + uplift;
        r.Status = PriceStatus.Ok;
        r.Eligibility = eligibility;
        r.Offer = offer;
        r.Determinations = input.Determinations;
        r.Deterioration = deteriorationDenominator == 1 ? deteriorationNumerator : (decimal)deteriorationNumerator / deteriorationDenominator;
        r.UpliftCapped = false;
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

        // 4–6. The amount, add-ons and rounding: from the as-of day's money table (the rules' own figures,
        // memoised) where it holds them, otherwise by the rules.
        var addOnSet = (int)addOnBits;
        if (!trace.Records && Money(c, day, input.AsOf) is { } tables && FromTable(c, tables, addOnSet, ref r))
        {
            return;
        }

        PriceDirectly(c, in input, domainNow, derived, addOnSet, ref trace, ref r);
    }

    /// <summary>
    /// The figures for the offer, add-on set and points in <paramref name="r"/> from a money table; false when
    /// the table does not hold them (the rules then work them out): points it has no class for, an uplift
    /// with derived quantities (points now would be priced from derived quantities worked out again), or a money
    /// cap on the uplift that could bind.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool FromTable(CompiledModel c, MoneyTable tables, int addOnSet, ref Figures r)
    {
        if (r.Offer == Offer.None && tables.Zero is { } zero)
        {
            r.Band = Priced.NoBand;
            Read(zero, 0, ref r);
            SameWithoutUplift(ref r);
            return true;
        }

        if (r.Offer == Offer.PreventativeSupport && tables.Preventative is { } preventative)
        {
            r.Band = Priced.PreventativeBand;
            Read(preventative, addOnSet * MoneyTable.Entry, ref r);
            SameWithoutUplift(ref r);
            return true;
        }

        var priced = r.PricedPoints;
        if (r.Offer != Offer.PersonalBudget || tables.Eligible is not { } money || priced > c.MaxPoints || (r.Uplift != 0 && c.DerivedCount > 0)
            || c.PriceClass![priced] is var priceClass && priceClass < 0)
        {
            return false;
        }

        var setBase = addOnSet * c.ClassBand.Length;
        r.Band = c.ClassBand[priceClass];
        Read(money, (setBase + priceClass) * MoneyTable.Entry, ref r);
        if (r.Uplift == 0)
        {
            SameWithoutUplift(ref r);
            return true;
        }

        // Without the uplift: the same table at points now (no derived quantities, so points now are priced).
        var classNow = c.PriceClass[r.CurrentPoints];
        if (classNow < 0)
        {
            return false;
        }

        var at = (setBase + classNow) * MoneyTable.Entry;
        r.BandWithoutUplift = c.ClassBand[classNow];
        (r.AnnualLowerWithoutUplift, r.AnnualIndicativeWithoutUplift, r.AnnualUpperWithoutUplift) = (money[at], money[at + 1], money[at + 2]);

        // Where the money cap on the uplift could bind, the rules work it out from unrounded amounts.
        var m = c.Definition;
        return m.DirectionOfTravel!.MaxUpliftAmount is not { } moneyCap
            || (r.AnnualLower - r.AnnualLowerWithoutUplift + m.Rounding.AnnualUnit <= moneyCap
                && r.AnnualIndicative - r.AnnualIndicativeWithoutUplift + m.Rounding.AnnualUnit <= moneyCap
                && r.AnnualUpper - r.AnnualUpperWithoutUplift + m.Rounding.AnnualUnit <= moneyCap);
    }

    /// <summary>
    /// The figures a money table gives for an as-of date, an offer, an add-on set and points now and to price
    /// (the uplift is the difference), or null where it holds none. For tests that check every table entry
    /// against <see cref="PricedByRules"/>.
    /// </summary>
    internal static Figures? PricedByTable(CompiledModel c, DateOnly asOf, Offer offer, int addOnSet, int current, int priced)
    {
        var r = Entry(offer, current, priced);
        return Money(c, asOf.DayNumber, asOf) is { } tables && FromTable(c, tables, addOnSet, ref r) ? r : null;
    }

    /// <summary>The figures the pricing rules give for the same (no derived quantities, no curve).</summary>
    internal static Figures PricedByRules(CompiledModel c, DateOnly asOf, Offer offer, int addOnSet, int current, int priced)
    {
        var r = Entry(offer, current, priced);
        var none = default(NoTrace);
        PriceDirectly(c, new CaseInput(default, default, default, default, default, asOf), default, default, addOnSet, ref none, ref r);
        return r;
    }

    private static Figures Entry(Offer offer, int current, int priced) =>
        new() { Status = PriceStatus.Ok, Offer = offer, CurrentPoints = current, AdjustedPoints = priced, PricedPoints = priced, Uplift = priced - current };

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
        var priced = BasisPoints(value);
        if (priced < 0)
        {
            return -1;
        }

        if (trace.Explains)
        {
            var d = m.Derived[c.BasisDerived];
            trace.Step("basis", "Quantity priced", $"The model prices the derived quantity '{d.Id}' ({d.Label}) instead of points: {Format.Number(value)}, rounded to whole points (halves away from zero, never below 0) = {priced}.", Format.Number(priced), "/pricing/basis", null);
        }

        return priced;
    }

    /// <summary>The quantity priced from a basis value: rounded to whole points (halves away from zero), never below 0; −1 when beyond the points the engine prices.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int BasisPoints(decimal value)
    {
        // Below 0 is 0 before any conversion: a basis far below int.MinValue must not throw.
        var rounded = decimal.Round(value, 0, MidpointRounding.AwayFromZero);
        return rounded > int.MaxValue ? -1 : rounded < 0 ? 0 : (int)rounded;
    }

    /// <summary>
    /// The money table for an as-of day: the day's own when its twelve months cross a price change, its price
    /// period's otherwise, built on first use; null for a crossing day beyond the tables' cap (the rules price it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static MoneyTable? Money(CompiledModel c, int day, DateOnly asOf)
    {
        var slot = day - c.FromDay;
        var days = c.DayMoney;
        if ((uint)slot < (uint)days.Length)
        {
            return days[slot] ?? TabulateDay(c, slot);
        }

        if (day < c.LastChangeDay && c.ChangesWithinYear(asOf))
        {
            return null;
        }

        var period = c.PeriodStartDay.Length - 1;
        while (period > 0 && day < c.PeriodStartDay[period])
        {
            period--;
        }

        return c.PeriodMoney[period] ?? TabulatePeriod(c, period);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static MoneyTable TabulateDay(CompiledModel c, int slot)
    {
        var asOf = DateOnly.FromDayNumber(c.FromDay + slot);
        MoneyTable table;
        if (c.ChangesWithinYear(asOf))
        {
            var periods = new (DateOnly From, int Days)[c.MaxPeriods];
            var count = c.Periods(asOf, periods, out var totalDays);
            table = Tabulate(c, asOf, periods.AsSpan(0, count), totalDays);
        }
        else
        {
            var period = c.PeriodStartDay.Length - 1;
            while (period > 0 && c.FromDay + slot < c.PeriodStartDay[period])
            {
                period--;
            }

            table = c.PeriodMoney[period] ?? TabulatePeriod(c, period);
        }

        return Interlocked.CompareExchange(ref c.DayMoney[slot], table, null) ?? table;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static MoneyTable TabulatePeriod(CompiledModel c, int period)
    {
        // One period: the values in force from its first day price the whole twelve months.
        var from = c.PeriodStart[period];
        var days = from.AddYears(1).DayNumber - from.DayNumber;
        var table = Tabulate(c, from, new[] { (from, days) }, days);
        return Interlocked.CompareExchange(ref c.PeriodMoney[period], table, null) ?? table;
    }

    /// <summary>
    /// A date class's money table, each entry worked out by <see cref="PriceDirectly{TTrace}(CompiledModel, in CaseInput, ReadOnlySpan{int}, ReadOnlySpan{decimal}, int, ReadOnlySpan{ValueTuple{DateOnly, int}}, int, ref TTrace, ref Figures)"/>
    /// over the given periods: nothing offered, preventative support and each price class's first points, for
    /// every add-on set. A part some entry of which the rules cannot price is left out (its rows are priced by
    /// the rules, which give the error).
    /// </summary>
    private static MoneyTable Tabulate(CompiledModel c, DateOnly asOf, ReadOnlySpan<(DateOnly From, int Days)> periods, int totalDays)
    {
        var input = new CaseInput(default, default, default, default, default, asOf);
        var sets = 1 << c.AddOnCount;
        var zero = new decimal[MoneyTable.Entry];
        var zeroOk = PriceEntry(c, in input, Offer.None, 0, 0, periods, totalDays, zero, 0);
        decimal[]? preventative = null;
        if (c.Definition.DirectionOfTravel is not null)
        {
            preventative = new decimal[sets * MoneyTable.Entry];
            for (var set = 0; set < sets && preventative is not null; set++)
            {
                if (!PriceEntry(c, in input, Offer.PreventativeSupport, set, 0, periods, totalDays, preventative, set * MoneyTable.Entry))
                {
                    preventative = null;
                }
            }
        }

        decimal[]? eligible = null;
        if (c.PriceClass is not null)
        {
            var classes = c.ClassPoints;
            eligible = new decimal[sets * classes.Length * MoneyTable.Entry];
            for (var set = 0; set < sets && eligible is not null; set++)
            {
                for (var k = 0; k < classes.Length; k++)
                {
                    if (!PriceEntry(c, in input, Offer.PersonalBudget, set, classes[k], periods, totalDays, eligible, ((set * classes.Length) + k) * MoneyTable.Entry))
                    {
                        eligible = null;
                        break;
                    }
                }
            }
        }

        return new MoneyTable(zeroOk ? zero : null, preventative, eligible);
    }

    /// <summary>One table entry: the rules' figures for an offer, an add-on set and points (no uplift, no derived quantities).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool PriceEntry(CompiledModel c, in CaseInput input, Offer offer, int addOnSet, int points, ReadOnlySpan<(DateOnly From, int Days)> periods, int totalDays, decimal[] into, int at)
    {
        var none = default(NoTrace);
        var r = Entry(offer, points, points);
        PriceDirectly(c, in input, default, default, addOnSet, periods, totalDays, ref none, ref r);
        if (r.Status != PriceStatus.Ok)
        {
            return false;
        }

        (into[at], into[at + 1], into[at + 2]) = (r.AnnualLower, r.AnnualIndicative, r.AnnualUpper);
        (into[at + 3], into[at + 4], into[at + 5]) = (r.WeeklyLower, r.WeeklyIndicative, r.WeeklyUpper);
        return true;
    }

    /// <summary>The amount worked out by the pricing rules themselves over the twelve months from the as-of date.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PriceDirectly<TTrace>(CompiledModel c, in CaseInput input, ReadOnlySpan<int> domainNow, ReadOnlySpan<decimal> derived, int addOnSet, ref TTrace trace, ref Figures r)
        where TTrace : struct, ITrace
    {
        Span<(DateOnly From, int Days)> buffer = stackalloc (DateOnly, int)[c.MaxPeriods];
        var count = c.Periods(input.AsOf, buffer, out var totalDays);
        PriceDirectly(c, in input, domainNow, derived, addOnSet, buffer[..count], totalDays, ref trace, ref r);
    }

    /// <summary>The amount worked out by the pricing rules themselves over the given periods; an amount beyond exact decimal arithmetic is an error, not a crash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PriceDirectly<TTrace>(CompiledModel c, in CaseInput input, ReadOnlySpan<int> domainNow, ReadOnlySpan<decimal> derived, int addOnSet, ReadOnlySpan<(DateOnly From, int Days)> periods, int totalDays, ref TTrace trace, ref Figures r)
        where TTrace : struct, ITrace
    {
        try
        {
            PriceByRules(c, in input, domainNow, derived, addOnSet, periods, totalDays, ref trace, ref r);
        }
        catch (OverflowException)
        {
            r.Status = PriceStatus.Overflow;
            r.Band = Priced.NoBand;
        }
    }

    /// <summary>
    /// The amount worked out by the pricing rules themselves (the explained path, and what tables do not hold):
    /// priced on the as-of date, or pro rata over the periods of the twelve months when prices change inside
    /// them; with and without the direction-of-travel uplift, the money cap on what the uplift adds, add-ons, and
    /// the one rounding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PriceByRules<TTrace>(CompiledModel c, in CaseInput input, ReadOnlySpan<int> domainNow, ReadOnlySpan<decimal> derived, int addOnSet, ReadOnlySpan<(DateOnly From, int Days)> periods, int totalDays, ref TTrace trace, ref Figures r)
        where TTrace : struct, ITrace
    {
        var m = c.Definition;
        if (r.Offer == Offer.None)
        {
            if (trace.Records)
            {
                trace.Warning("not eligible: no personal budget is indicated; information, advice and prevention services still apply");
            }

            if (trace.Explains)
            {
                trace.Step("pricing", "Budget", "The person is not eligible and no preventative support is indicated, so no budget is indicated.", PricingRule.Money(m, 0m), "/eligibility", m.Eligibility?.PolicyReference);
            }

            addOnSet = 0;
        }

        var with = PriceYear(c, in input, domainNow, derived, r.AdjustedPoints, r.PricedPoints, r.Offer, periods, totalDays, ref trace, ref r);
        if (with.Status != PriceStatus.Ok)
        {
            r.Status = with.Status;
            r.Band = with.Band;
            return;
        }

        r.Band = with.Band;
        var without = with;
        if (r.Uplift != 0 && r.Offer == Offer.PersonalBudget)
        {
            var none = default(NoTrace);
            var scratch = new Figures { AdjustedPoints = r.CurrentPoints, PricedPoints = r.CurrentPoints };
            ReadOnlySpan<decimal> derivedWithout = derived;
            if (c.DerivedCount > 0)
            {
                var values = new decimal[c.DerivedCount];
                try
                {
                    WorkOutDerived(c, in input, domainNow, r.CurrentPoints, values, ref none);
                }
                catch (OverflowException)
                {
                    r.Status = PriceStatus.Overflow;
                    r.Band = Priced.NoBand;
                    return;
                }

                derivedWithout = values;
                if (c.BasisDerived >= 0)
                {
                    scratch.PricedPoints = BasisPoints(values[c.BasisDerived]);
                    if (scratch.PricedPoints < 0)
                    {
                        r.Status = PriceStatus.Overflow;
                        r.Band = Priced.NoBand;
                        return;
                    }
                }
            }

            without = PriceYear(c, in input, domainNow, derivedWithout, r.CurrentPoints, scratch.PricedPoints, r.Offer, periods, totalDays, ref none, ref scratch);
            if (without.Status != PriceStatus.Ok)
            {
                without = with;
            }

            if (m.DirectionOfTravel!.MaxUpliftAmount is { } cap)
            {
                var capped = with with
                {
                    Lower = Math.Min(with.Lower, without.Lower + cap),
                    Indicative = Math.Min(with.Indicative, without.Indicative + cap),
                    Upper = Math.Min(with.Upper, without.Upper + cap),
                };
                r.UpliftCapped = capped != with;
                with = capped;
            }
        }

        var addOns = 0m;
        for (var k = 0; k < c.AddOnCount; k++)
        {
            if ((addOnSet & (1 << k)) != 0)
            {
                var amount = AddOnYear(c, k, periods, totalDays);
                addOns += amount;
                if (trace.Records)
                {
                    trace.AddOn(k, amount);
                }

                if (trace.Explains)
                {
                    PricingRule.ExplainAddOn(m, k, input.AsOf, ref trace);
                    if (periods.Length > 1)
                    {
                        ExplainAddOnPeriods(c, k, periods.ToArray(), totalDays, amount, ref trace);
                    }
                }
            }
        }

        var (lower, indicative, upper) = (with.Lower + addOns, with.Indicative + addOns, with.Upper + addOns);
        var (annual, weekly) = PricingRule.Finish(m, lower, indicative, upper);
        var (annualWithout, _) = PricingRule.Finish(m, without.Lower + addOns, without.Indicative + addOns, without.Upper + addOns);
        if (trace.Explains)
        {
            if (r.Uplift != 0 && r.Offer == Offer.PersonalBudget)
            {
                ExplainUpliftMoney(c, r, with, without, annual, annualWithout, ref trace);
            }

            PricingRule.ExplainRounding(m, lower, indicative, upper, ref trace);
        }

        (r.AnnualLower, r.AnnualIndicative, r.AnnualUpper) = (annual.Lower, annual.Indicative, annual.Upper);
        (r.WeeklyLower, r.WeeklyIndicative, r.WeeklyUpper) = (weekly.Lower, weekly.Indicative, weekly.Upper);
        r.BandWithoutUplift = without.Band;
        (r.AnnualLowerWithoutUplift, r.AnnualIndicativeWithoutUplift, r.AnnualUpperWithoutUplift) = (annualWithout.Lower, annualWithout.Indicative, annualWithout.Upper);
    }

    /// <summary>Explains an add-on priced pro rata over the periods (a method of its own, so that the batch path allocates no closure).</summary>
    private static void ExplainAddOnPeriods<TTrace>(CompiledModel c, int k, (DateOnly From, int Days)[] periods, int totalDays, decimal amount, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var m = c.Definition;
        var parts = periods.Select(p => $"{PricingRule.Money(m, PricingRule.AddOnAmount(m, m.AddOns[k], p.From))} × {p.Days} days (from {Format.Date(p.From)})");
        trace.Step("add-on-pro-rata", "Add-on over the twelve months: " + m.AddOns[k].Title, $"Its amount changes within the twelve months: ({string.Join(" + ", parts)}) ÷ {totalDays} days = {PricingRule.Money(m, amount)}.", PricingRule.Money(m, amount), $"/addOns/{k}", m.AddOns[k].PolicyReference);
    }

    /// <summary>
    /// The twelve-month amount before add-ons: priced on the as-of date, or, when prices change inside the twelve
    /// months, Σ (the amount priced in each period × its days) ÷ the days in the twelve months. Only the first
    /// period is explained step by step; the sum is explained as one step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Priced PriceYear<TTrace>(CompiledModel c, in CaseInput input, ReadOnlySpan<int> domainNow, ReadOnlySpan<decimal> derived, int adjusted, int pricedPoints, Offer offer, ReadOnlySpan<(DateOnly From, int Days)> periods, int totalDays, ref TTrace trace, ref Figures r)
        where TTrace : struct, ITrace
    {
        var first = PriceOn(c, in input, domainNow, derived, adjusted, pricedPoints, offer, periods[0].From, ref trace, ref r);
        if (periods.Length == 1 || first.Status != PriceStatus.Ok)
        {
            return first;
        }

        var none = default(NoTrace);
        var (lower, indicative, upper) = (first.Lower * periods[0].Days, first.Indicative * periods[0].Days, first.Upper * periods[0].Days);
        var parts = trace.Explains ? new List<string> { PeriodText(c, periods[0], first) } : null;
        for (var i = 1; i < periods.Length; i++)
        {
            var p = PriceOn(c, in input, domainNow, derived, adjusted, pricedPoints, offer, periods[i].From, ref none, ref r);
            if (p.Status != PriceStatus.Ok)
            {
                return p;
            }

            lower += p.Lower * periods[i].Days;
            indicative += p.Indicative * periods[i].Days;
            upper += p.Upper * periods[i].Days;
            parts?.Add(PeriodText(c, periods[i], p));
        }

        var year = first with { Lower = lower / totalDays, Indicative = indicative / totalDays, Upper = upper / totalDays };
        if (trace.Explains)
        {
            var m = c.Definition;
            trace.Step(
                "price-changes",
                "Prices changing within the twelve months",
                $"A price changes within the twelve months from {Format.Date(input.AsOf)}, so each amount is the sum over the periods of the amount in force × the period's days, ÷ {totalDays} days: {string.Join("; ", parts!)}. Twelve-month amounts: lower {PricingRule.Money(m, year.Lower)}, indicative {PricingRule.Money(m, year.Indicative)}, upper {PricingRule.Money(m, year.Upper)} (before rounding).",
                PricingRule.Money(m, year.Indicative),
                "/priceChanges",
                null,
                periods.ToArray().Select(p => (Format.Date(p.From), Format.Number(p.Days) + " days")).ToArray());
        }

        return year;
    }

    private static string PeriodText(CompiledModel c, (DateOnly From, int Days) period, Priced p) =>
        $"from {Format.Date(period.From)} for {period.Days} days at {PricingRule.Money(c.Definition, p.Lower)} – {PricingRule.Money(c.Definition, p.Indicative)} – {PricingRule.Money(c.Definition, p.Upper)} a year";

    /// <summary>An add-on's twelve-month amount: its annual amount on the as-of date, or pro rata over the periods.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static decimal AddOnYear(CompiledModel c, int k, ReadOnlySpan<(DateOnly From, int Days)> periods, int totalDays)
    {
        var m = c.Definition;
        if (periods.Length == 1)
        {
            return PricingRule.AddOnAmount(m, m.AddOns[k], periods[0].From);
        }

        var sum = 0m;
        foreach (var (from, days) in periods)
        {
            sum += PricingRule.AddOnAmount(m, m.AddOns[k], from) * days;
        }

        return sum / totalDays;
    }

    /// <summary>The amount before add-ons on one date: nothing, the preventative range, the curve, or points priced.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Priced PriceOn<TTrace>(CompiledModel c, in CaseInput input, ReadOnlySpan<int> domainNow, ReadOnlySpan<decimal> derived, int adjusted, int pricedPoints, Offer offer, DateOnly date, ref TTrace trace, ref Figures r)
        where TTrace : struct, ITrace
    {
        var m = c.Definition;
        if (offer == Offer.None)
        {
            return new Priced(0m, 0m, 0m, Priced.NoBand, PriceStatus.Ok);
        }

        if (offer == Offer.PreventativeSupport)
        {
            return PricingRule.Preventative(m, date, ref trace);
        }

        if (c.Curve is { } curve)
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
                    CurveTermKind.TotalPoints => adjusted,
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
                    return Priced.Failed(PriceStatus.Overflow);
                }

                parts?.Add($"{Format.Number(t.Coefficient)} × {Format.Number(x)} [{t.Definition.Describe()}]");
            }

            r.CurveEta = eta;
            return PricingRule.Curve(m, date, eta, parts is null ? null : string.Join(" + ", parts), ref trace);
        }

        return PricingRule.Points(m, date, pricedPoints, ref trace);
    }

    private static void ExplainUpliftMoney<TTrace>(CompiledModel c, in Figures r, Priced with, Priced without, Allocation.BudgetRange annual, Allocation.BudgetRange annualWithout, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var m = c.Definition;
        var dot = m.DirectionOfTravel!;
        string Money(decimal x) => PricingRule.Money(m, x);
        var bandWithout = c.BandId(without.Band) is { } b ? $" (band {b})" : "";
        var bandWith = c.BandId(with.Band) is { } bw ? $" (band {bw})" : "";
        var capText = dot.MaxUpliftAmount is { } cap
            ? r.UpliftCapped
                ? $" The uplift may add at most {Money(cap)} a year to each amount, so the amounts with it are limited to {Money(with.Lower)} – {Money(with.Indicative)} – {Money(with.Upper)} before add-ons and rounding."
                : $" (The uplift may add at most {Money(cap)} a year to each amount; not reached.)"
            : "";
        trace.Step(
            "uplift-money",
            "Direction of travel in money",
            $"Without the uplift, {r.CurrentPoints} points{bandWithout} give {Money(annualWithout.Lower)} – {Money(annualWithout.Indicative)} – {Money(annualWithout.Upper)} a year; with it, {r.AdjustedPoints} points{bandWith} give {Money(annual.Lower)} – {Money(annual.Indicative)} – {Money(annual.Upper)}.{capText} The uplift is worth {Money(annual.Indicative - annualWithout.Indicative)} a year on the indicative amount.",
            Money(annual.Indicative - annualWithout.Indicative),
            "/directionOfTravel",
            dot.PolicyReference);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SameWithoutUplift(ref Figures r)
    {
        r.BandWithoutUplift = r.Band;
        (r.AnnualLowerWithoutUplift, r.AnnualIndicativeWithoutUplift, r.AnnualUpperWithoutUplift) = (r.AnnualLower, r.AnnualIndicative, r.AnnualUpper);
    }

    /// <summary>Clears the adjustments whose <c>unless</c> condition holds (now and anticipated), and explains each adjustment with one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Unless<TTrace>(CompiledModel c, in CaseInput input, ref uint adjustNow, ref uint adjustNext, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        foreach (var u in c.Unless)
        {
            var stopped = u.When.Holds(input.Now, input, default);
            if (trace.Explains && (adjustNow & u.Adjustment) != 0)
            {
                var k = BitOperations.TrailingZeroCount(u.Adjustment);
                var adj = c.Definition.Adjustments[k];
                var found = DescribeFound(c, adj.Unless!, in input);
                trace.Step(
                    stopped ? "adjustment-not-made" : "adjustment-made",
                    (stopped ? "Not made: " : "Made: ") + adj.Title,
                    stopped
                        ? $"The {adj.When.Describe()}, but the {adj.Unless!.Describe()} ({found}), so this {(adj.Kind == AdjustmentKind.CarerDeduction ? "deduction for support from a carer" : "adjustment")} is not made: support counts only where it will really be given. {adj.Reason}"
                        : $"Made because the {adj.When.Describe()}, and it is not the case that the {adj.Unless!.Describe()} ({found}). {adj.Reason}",
                    stopped ? "not made" : "made",
                    $"/adjustments/{k}",
                    adj.PolicyReference);
            }

            if (stopped)
            {
                adjustNow &= ~u.Adjustment;
            }

            if (u.When.Holds(input.Next, input, default))
            {
                adjustNext &= ~u.Adjustment;
            }
        }
    }

    private static string DescribeFound(CompiledModel c, Condition condition, in CaseInput input)
    {
        var ix = c.Index;
        switch (condition.Subject)
        {
            case ConditionSubject.Question:
                var q = ix.Questions[condition.Reference];
                var a = input.Now[q.FlatIndex];
                return a == CaseInput.None ? $"'{condition.Reference}' not answered" : $"answered '{q.Question.Answers[a].Code}': \"{q.Question.Answers[a].Text}\"";
            case ConditionSubject.Attribute:
                var i = ix.AttributeIndex[condition.Reference];
                var v = input.Attributes[i];
                return v == CaseInput.None ? "not given" : $"'{c.Definition.Attributes[i].Values[v].Code}'";
            default:
                var k = ix.Inputs[condition.Reference].Index;
                return input.Inputs[k] == CaseInput.NoInput ? "not given" : Format.Number(input.Inputs[k]);
        }
    }

    /// <summary>
    /// The deterioration weighted by when each change is expected (Σ Δ × (2H − m)) over the denominator 2H, or the
    /// plain sum when the model does not weight by timing; improvements count (negatively) when they offset.
    /// Fills each domain's months (0: not said).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (long Numerator, int Denominator) WeightedDeterioration(CompiledModel c, DirectionOfTravelDefinition dot, in CaseInput input, ReadOnlySpan<int> now, ReadOnlySpan<int> next, Span<int> months)
    {
        long sum = 0;
        var q = 0;
        for (var d = 0; d < c.DomainCount; d++)
        {
            var latest = 0;
            if (input.Within.IsEmpty)
            {
                q = c.Domains[d].QuestionEnd; // no case says when: every change counts from day one
            }

            for (; q < c.Domains[d].QuestionEnd; q++)
            {
                if (input.Next[q] != input.Now[q] && input.Within[q] != 0)
                {
                    latest = Math.Max(latest, input.Within[q]);
                }
            }

            months[d] = latest;
            var change = next[d] - now[d];
            if (change < 0 && !dot.ImprovementsOffset)
            {
                continue;
            }

            sum += (long)change * dot.TimingWeight(latest).Numerator;
        }

        return (Math.Max(0, sum), dot.TimingWeight(0).Denominator);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>
    /// Each outcome the model's domains evidence, in the order they first name it, with the grounds of
    /// regulation 2(3) that the given answers evidence for it (empty: achieved). The one reading of the evidence,
    /// for the explanation and the result alike; its outcomes agree with the compiled outcome bits.
    /// </summary>
    internal static List<(string Outcome, List<Ground> Grounds)> GroundsByOutcome(CompiledModel c, ReadOnlySpan<byte> answers)
    {
        var m = c.Definition;
        var result = c.Outcomes.Select(o => (o, new List<Ground>())).ToList();
        foreach (var q in c.Index.Flat)
        {
            var a = answers[q.FlatIndex];
            if (a == CaseInput.None)
            {
                continue;
            }

            foreach (var (outcome, ground) in q.Question.Answers[a].Evidenced(m.Domains[q.DomainIndex].Outcome))
            {
                var grounds = result[c.OutcomeBit(outcome)].Item2;
                if (!grounds.Contains(ground))
                {
                    grounds.Add(ground);
                }
            }
        }

        foreach (var (_, grounds) in result)
        {
            grounds.Sort();
        }

        return result;
    }

    private static void ExplainEligibility<TTrace>(CompiledModel c, ReadOnlySpan<byte> answers, byte determinations, ulong unableNow, bool eligibleNow, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var m = c.Definition;
        if (m.Eligibility is null)
        {
            trace.Step("eligibility-now", "Eligibility", "This model has no eligibility rule: eligibility is decided outside the RAS, and every assessment is priced.", "eligible", "", null);
            return;
        }

        var outcomes = GroundsByOutcome(c, answers);
        var lines = outcomes.Select(o => o.Grounds.Count == 0
            ? $"{CareActOutcomes.Wording(o.Outcome) ?? o.Outcome}: achieved"
            : $"{CareActOutcomes.Wording(o.Outcome) ?? o.Outcome}: not achieved, because the person {string.Join(", and ", o.Grounds.Select(Grounds.Text))}");
        var count = BitOperations.PopCount(unableNow);
        var minimum = m.Eligibility.MinimumOutcomes;
        string Determination(byte recorded, byte met, string what) =>
            (determinations & recorded) == 0 ? $"{what}: not recorded, taken as met (the assessor confirms it)" : (determinations & met) != 0 ? $"{what}: met (recorded by the assessor)" : $"{what}: NOT met (recorded by the assessor)";
        var conditions = $"{Determination(CaseInput.ImpairmentRecorded, CaseInput.ImpairmentMet, "the needs arise from a physical or mental impairment or illness (reg. 2(1)(a))")}; {Determination(CaseInput.WellbeingRecorded, CaseInput.WellbeingMet, "there is, or is likely to be, a significant impact on wellbeing (reg. 2(1)(c))")}";
        trace.Step(
            "eligibility-now",
            "Eligibility now",
            $"Outcomes (reg. 2(2)) — {string.Join("; ", lines)}. Not achieved: {count}; the rule needs at least {minimum} (reg. 2(1)(b)). Conditions — {conditions}. Determination: {(eligibleNow ? "eligible" : "not eligible")}.",
            eligibleNow ? "eligible" : "not eligible",
            "/eligibility",
            m.Eligibility.PolicyReference,
            outcomes.Select(o => (o.Outcome, o.Grounds.Count == 0 ? "achieved" : string.Join(", ", o.Grounds.Select(Grounds.Code)))).Append(("outcomes not achieved", Format.Number(count))).Append(("minimum", Format.Number(minimum))).ToArray());
    }

    private static void ExplainPreventativeOffer<TTrace>(CompiledModel c, ulong unableNext, decimal p, Offer offer, ref TTrace trace)
        where TTrace : struct, ITrace
    {
        var m = c.Definition;
        var dot = m.DirectionOfTravel!;
        var unable = OutcomeCodes(c, unableNext);
        var minimum = c.MinimumOutcomes;
        trace.Step(
            "preventative-offer",
            "Preventative support",
            $"The person is not eligible. Outcomes they are expected not to achieve within {dot.HorizonMonths} months: {(unable.Count == 0 ? "none" : string.Join(", ", unable))} ({unable.Count}, at least {minimum} needed); probability {RiskRule.Text(dot, p)} (at least {RiskRule.Text(dot, dot.EligibilityProbability)} needed): {(offer == Offer.PreventativeSupport ? "preventative support is offered (Care Act 2014 s.2, or a discretionary offer under s.19(3)); this is not a determination of eligibility" : "no preventative support is indicated")}.",
            offer == Offer.PreventativeSupport ? "preventative support" : "no offer",
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
    /// shape). When nothing is anticipated to change, the anticipated side is the current side. Each domain's
    /// points are kept in <paramref name="domainNow"/> and <paramref name="domainNext"/> when they are not empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static Score ScoreTabulated(CompiledModel c, ReadOnlySpan<byte> now, ReadOnlySpan<byte> next, uint adjustNow, uint adjustNext, bool unchanged, Span<int> domainNow, Span<int> domainNext)
    {
        var keep = !domainNow.IsEmpty;
        ref var keptNow = ref MemoryMarshal.GetReference(domainNow);
        ref var keptNext = ref MemoryMarshal.GetReference(domainNext);
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
            var pNext = pNow;
            if (!unchanged)
            {
                pNext = Unsafe.Add(ref table, info.TableBase + ((int)(adjustNext & info.Adjustments) * info.Stride) + rawNext);
                anticipated += pNext;
                deterioration += Math.Max(0, pNext - pNow);
            }

            if (keep)
            {
                Unsafe.Add(ref keptNow, d) = pNow;
                Unsafe.Add(ref keptNext, d) = pNext;
            }
        }

        return unchanged
            ? new Score(unableNow, unableNow, raw, current, current, 0)
            : new Score(unableNow, unableNext, raw, current, anticipated, deterioration);
    }

    /// <summary>
    /// The same as <see cref="ScoreTabulated"/> (each domain's points kept), working the domain rule directly
    /// where its table would be too large, and reporting each domain to the trace.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        s_domainScratch is { } buffer && buffer.Length >= 3 * domains ? buffer : s_domainScratch = new int[Math.Max(192, 3 * domains)];

    private static Span<decimal> DerivedScratch(int count) =>
        (s_derivedScratch is { } buffer && buffer.Length >= count ? buffer : s_derivedScratch = new decimal[Math.Max(16, count)]).AsSpan(0, count);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
