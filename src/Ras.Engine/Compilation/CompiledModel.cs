using Ras.Engine.Models;
using Ras.Engine.Rules;

namespace Ras.Engine.Compilation;

/// <summary>
/// The one compiled form of a model: flat arrays, condition lookups and tables built once from the model by
/// the rules themselves (<see cref="DomainRule"/>, <see cref="RiskRule"/>, <see cref="PricingRule"/>), so a
/// table entry is the rule's own result, memoised. <c>Evaluation.Evaluator</c> runs it for every path: the batch
/// (no trace) and the explained allocation (a trace that records each step). Immutable and thread-safe;
/// built once per model version and cached with it.
/// </summary>
internal sealed class CompiledModel
{
    private const int MaxTableAdjustments = 12;
    private const int MaxRiskTable = 1 << 20;
    private const long MaxMoneyTableDecimals = 4_000_000;

    // Crossing days' money tables: at most this many days, and this many decimals if every day were used.
    private const int MaxMoneyDays = 4 * 366;
    private const long MaxDayMoneyDecimals = 1_000_000;

    public CompiledModel(ModelDefinition definition, ModelIndex modelIndex, string contentHash)
    {
        Definition = definition;
        Index = modelIndex;
        ContentHash = contentHash;
        var m = Definition;
        var ix = Index;
        FromDay = m.EffectiveFrom.DayNumber;
        ToDay = m.EffectiveTo?.DayNumber ?? int.MaxValue;
        QuestionCount = ix.Flat.Count;
        AttributeCount = m.Attributes.Count;
        RiskFactorCount = m.DirectionOfTravel?.RiskFactors.Count ?? 0;
        InputCount = m.Inputs.Count;
        DomainCount = m.Domains.Count;
        DerivedCount = m.Derived.Count;

        // Outcome bits: one per distinct outcome code, in the order domains first name them.
        var outcomeBits = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in m.Domains.Where(d => d.Outcome is not null))
        {
            outcomeBits.TryAdd(d.Outcome!, outcomeBits.Count);
        }

        Outcomes = outcomeBits.OrderBy(p => p.Value).Select(p => p.Key).ToArray();
        QuestionAnswerBase = new int[QuestionCount];
        var answers = new List<AnswerInfo>();
        foreach (var q in ix.Flat)
        {
            QuestionAnswerBase[q.FlatIndex] = answers.Count;
            var outcome = m.Domains[q.DomainIndex].Outcome;
            foreach (var a in q.Question.Answers)
            {
                // Any ground of regulation 2(3) on an outcome means the outcome is not achieved.
                var bits = 0UL;
                foreach (var (o, _) in a.Evidenced(outcome))
                {
                    bits |= 1UL << outcomeBits[o];
                }

                answers.Add(new AnswerInfo(a.Points, bits, a.UnableToAchieve));
            }
        }

        Answers = answers.ToArray();
        var domainMaxRaw = m.Domains.Select(d => d.Questions.Sum(q => q.Answers.Count == 0 ? 0 : q.Answers.Max(a => a.Points))).ToArray();
        var tableBase = new int[DomainCount];
        var applicable = Enumerable.Range(0, DomainCount).Select(d => DomainRule.Applicable(m, d)).ToArray();
        if (m.Adjustments.Count <= MaxTableAdjustments && domainMaxRaw.Sum(r => (long)(r + 1)) << m.Adjustments.Count < 4_000_000)
        {
            var table = new List<int>();
            for (var d = 0; d < DomainCount; d++)
            {
                tableBase[d] = table.Count;
                for (var mask = 0u; mask < 1u << m.Adjustments.Count; mask++)
                {
                    for (var raw = 0; raw <= domainMaxRaw[d]; raw++)
                    {
                        table.Add(DomainRule.PointsApplied(m, d, mask & applicable[d], raw));
                    }
                }
            }

            DomainTable = table.ToArray();
        }

        Domains = Enumerable.Range(0, DomainCount)
            .Select(d => new DomainInfo(tableBase[d], applicable[d], domainMaxRaw[d] + 1, ix.Flat.Count(q => q.DomainIndex <= d)))
            .ToArray();

        HasEligibilityRule = m.Eligibility is not null;
        MinimumOutcomes = m.Eligibility?.MinimumOutcomes ?? 0;
        RiskBase = new int[RiskFactorCount];
        RiskOffset = Array.Empty<int>();
        if (m.DirectionOfTravel is { } dot)
        {
            long size = 1;
            var stride = new int[RiskFactorCount];
            for (var f = 0; f < RiskFactorCount; f++)
            {
                stride[f] = (int)Math.Min(size, int.MaxValue);
                size *= dot.RiskFactors[f].Levels.Count + 1;
            }

            var offsets = new List<int>();
            for (var f = 0; f < RiskFactorCount; f++)
            {
                RiskBase[f] = offsets.Count;
                offsets.AddRange(Enumerable.Range(1, dot.RiskFactors[f].Levels.Count).Select(level => level * stride[f]));
            }

            RiskOffset = offsets.ToArray();
            if (size <= MaxRiskTable)
            {
                Risks = new Risk[size];
                var levels = new byte[RiskFactorCount];
                for (var index = 0; index < size; index++)
                {
                    var rest = index;
                    for (var f = RiskFactorCount - 1; f >= 0; f--)
                    {
                        var level = rest / stride[f];
                        rest %= stride[f];
                        levels[f] = level == 0 ? CaseInput.None : (byte)(level - 1);
                    }

                    Risks[index] = RiskRule.Assess(dot, RiskRule.Z(dot, levels));
                }
            }
        }

        // Conditions: on answers and attributes folded into per-code bit tables; on numeric inputs and derived
        // quantities kept as range checks.
        AddOnCount = m.AddOns.Count;
        (TriggerQuestions, TriggerBase, TriggerAdjustments, TriggerAddOns, AttributeBase, AttributeAdjustments, AttributeAddOns) = FoldConditions(m, ix);
        var ranges = new List<RangeTrigger>();
        var derivedRanges = new List<RangeTrigger>();
        for (var k = 0; k < m.Adjustments.Count; k++)
        {
            if (m.Adjustments[k].When.IsRange)
            {
                ranges.Add(new RangeTrigger(CompiledCondition.Of(m.Adjustments[k].When, ix), 1u << k, 0u));
            }
        }

        for (var k = 0; k < m.AddOns.Count; k++)
        {
            if (m.AddOns[k].When.IsRange)
            {
                (m.AddOns[k].When.Subject == ConditionSubject.Input ? ranges : derivedRanges).Add(new RangeTrigger(CompiledCondition.Of(m.AddOns[k].When, ix), 0u, 1u << k));
            }
        }

        Unless = m.Adjustments.Select((a, k) => (a, k)).Where(x => x.a.Unless is not null)
            .Select(x => new UnlessTrigger(CompiledCondition.Of(x.a.Unless!, ix), 1u << x.k)).ToArray();
        WeighsChanges = m.DirectionOfTravel is { } weighing && (weighing.ProRataTiming || weighing.ImprovementsOffset);
        InputTriggers = ranges.ToArray();
        DerivedTriggers = derivedRanges.ToArray();

        // Derived quantities, in dependency order, and the basis that pricing uses.
        DerivedOrder = ix.DerivedOrder;
        DerivedTerms = m.Derived.Select(d => d.Terms.Select(t => DerivedTerm.Of(t, ix)).ToArray()).ToArray();
        BasisDerived = m.Pricing.Basis is { } basis ? ix.Derived[basis].Index : -1;

        // Periods: every date on which some amount or price changes.
        var changes = DatedValues(m).SelectMany(v => v.Entries).Select(e => e.From ?? m.EffectiveFrom)
            .Where(d => d > m.EffectiveFrom).Append(m.EffectiveFrom).Distinct().Order().ToArray();
        PeriodStart = changes;
        PeriodStartDay = changes.Select(d => d.DayNumber).ToArray();
        var addOnSets = 1 << m.AddOns.Count;
        MaxPoints = (int)Math.Min(ModelValidator.MaxPricedPoints(m), ModelLimits.MaxPoints);
        if (m.Pricing.Method == PricingMethod.Curve)
        {
            Curve = m.Pricing.Curve!.Terms.Select(t => CurveTerm.Of(t, ix)).ToArray();
        }
        else if ((long)changes.Length * addOnSets * (MaxPoints + 1) * 6 <= MaxMoneyTableDecimals)
        {
            (PriceClass, ClassBand, ClassPoints) = PriceClasses(m, changes, MaxPoints);
        }

        // Money tables, filled on first use: one per price period, and one per as-of day whose twelve months
        // cross a price change (from the model's first day up to the last change), as many as the cap allows.
        PeriodMoney = new MoneyTable?[changes.Length];
        LastChangeDay = ProRata && changes.Length > 1 ? PeriodStartDay[^1] : int.MinValue;
        var perTable = (1L + addOnSets + (PriceClass is null ? 0 : (long)addOnSets * ClassBand.Length)) * MoneyTable.Entry;
        var crossing = ProRata && changes.Length > 1 ? Math.Min(LastChangeDay, ToDay + 1L) - FromDay : 0;
        DayMoney = new MoneyTable?[(int)Math.Max(0, Math.Min(crossing, Math.Min(MaxMoneyDays, MaxDayMoneyDecimals / perTable)))];
        KeepsDomainPoints = Curve is not null || DerivedCount > 0 || WeighsChanges;
    }

    /// <summary>The model's content hash (shown in explanations).</summary>
    public string ContentHash { get; }

    public ModelDefinition Definition { get; }

    public ModelIndex Index { get; }

    public int FromDay { get; }

    public int ToDay { get; }

    public int QuestionCount { get; }

    public int AttributeCount { get; }

    public int RiskFactorCount { get; }

    public int InputCount { get; }

    public int DomainCount { get; }

    public int DerivedCount { get; }

    /// <summary>The bit of an outcome code the model's domains evidence.</summary>
    internal int OutcomeBit(string outcome)
    {
        for (var b = 0; b < Outcomes.Count; b++)
        {
            if (Outcomes[b] == outcome)
            {
                return b;
            }
        }

        throw new ArgumentException($"no domain evidences outcome '{outcome}'", nameof(outcome));
    }

    /// <summary>Outcome codes by bit.</summary>
    public IReadOnlyList<string> Outcomes { get; }

    // Questionnaire: per question, the base of its answers in Answers; questions are in domain order.
    internal int[] QuestionAnswerBase { get; }

    internal AnswerInfo[] Answers { get; }

    internal DomainInfo[] Domains { get; }

    /// <summary>Domain points by [domain base + adjustment mask × stride + raw], or null when too large to tabulate.</summary>
    internal int[]? DomainTable { get; }

    // Conditions folded into lookups: for each question some adjustment or add-on names, the adjustment and
    // add-on bits each of its answers switches on; the same for each attribute value.
    internal int[] TriggerQuestions { get; }

    internal int[] TriggerBase { get; }

    internal uint[] TriggerAdjustments { get; }

    internal uint[] TriggerAddOns { get; }

    internal int[] AttributeBase { get; }

    internal uint[] AttributeAdjustments { get; }

    internal uint[] AttributeAddOns { get; }

    /// <summary>Adjustments and add-ons conditioned on a numeric input.</summary>
    internal RangeTrigger[] InputTriggers { get; }

    /// <summary>Adjustments with an <c>unless</c> condition: the condition and the adjustment's bit it clears.</summary>
    internal UnlessTrigger[] Unless { get; }

    /// <summary>True when the deterioration is weighted by timing or nets improvements (the domains' points are kept).</summary>
    internal bool WeighsChanges { get; }

    /// <summary>Add-ons conditioned on a derived quantity.</summary>
    internal RangeTrigger[] DerivedTriggers { get; }

    internal bool HasEligibilityRule { get; }

    internal int MinimumOutcomes { get; }

    internal int[] RiskBase { get; }

    /// <summary>(level + 1) × the factor's stride in the probability table.</summary>
    internal int[] RiskOffset { get; }

    /// <summary>The probability (and what the rule needs of it) by mixed-radix risk index, or null when there are too many combinations.</summary>
    internal Risk[]? Risks { get; }

    internal int[] DerivedOrder { get; }

    internal DerivedTerm[][] DerivedTerms { get; }

    /// <summary>The derived quantity that pricing uses instead of points, or −1.</summary>
    internal int BasisDerived { get; }

    internal int[] PeriodStartDay { get; }

    internal DateOnly[] PeriodStart { get; }

    internal int AddOnCount { get; }

    /// <summary>The most points the money tables hold.</summary>
    internal int MaxPoints { get; }

    /// <summary>
    /// The price class of each number of points up to <see cref="MaxPoints"/>, or −1 where the points cannot be
    /// priced (above the bands); null when the model prices by a curve or has too many points to tabulate.
    /// Points in one class are priced alike on every date (each price period gives the same amounts, to the
    /// last digit, and the same band), so a money table holds one entry per class rather than per point.
    /// </summary>
    internal int[]? PriceClass { get; }

    /// <summary>The band of each price class (a band's points may fall in several classes, never the reverse).</summary>
    internal short[] ClassBand { get; } = Array.Empty<short>();

    /// <summary>The first points of each price class: the points a money table prices for it.</summary>
    internal int[] ClassPoints { get; } = Array.Empty<int>();

    /// <summary>
    /// Each price period's money table (priced on the values in force in the period, for the days whose twelve
    /// months cross no price change), or null until <c>Evaluation.Evaluator</c> first needs it. With
    /// <see cref="DayMoney"/>, the only mutable part of a compiled model: a cache filled once per slot, with the
    /// rules' own figures, by whichever thread gets there first (every thread builds the same table).
    /// </summary>
    internal MoneyTable?[] PeriodMoney { get; }

    /// <summary>
    /// The money table of each as-of day from the model's first day (day number <see cref="FromDay"/> + slot),
    /// filled on first use: its own for a day whose twelve months cross a price change (priced pro rata), the
    /// period's otherwise. Covers the days up to the last price change as far as the cap on the tables' size
    /// allows; later crossing days are priced by the rules.
    /// </summary>
    internal MoneyTable?[] DayMoney { get; }

    /// <summary>The day number of the last price change when the model prices pro rata across changes; otherwise <see cref="int.MinValue"/>. No later as-of day crosses a change.</summary>
    internal int LastChangeDay { get; }

    internal CurveTerm[]? Curve { get; }

    /// <summary>True when the evaluation needs each domain's points (curve terms, derived quantities).</summary>
    internal bool KeepsDomainPoints { get; }

    /// <summary>True when every part of the calculation is served from tables (the benchmarked fast path).</summary>
    public bool IsFullyTabulated => DomainTable is not null && (Definition.DirectionOfTravel is null || Risks is not null) && (PriceClass is not null || Curve is not null);

    /// <summary>The band id for a <c>Figures.Band</c> value, or null.</summary>
    public string? BandId(short band) => band switch
    {
        Priced.PreventativeBand => "preventative",
        >= 0 => Definition.Pricing.Bands[band].Id,
        _ => null,
    };

    /// <summary>The band's label for a <c>Figures.Band</c> value, or null.</summary>
    public string? BandLabel(short band) => band switch
    {
        Priced.PreventativeBand => Definition.DirectionOfTravel!.Preventative.Label,
        >= 0 => Definition.Pricing.Bands[band].Label,
        _ => null,
    };

    /// <summary>True when the model prices twelve months pro rata across price changes (format version 2).</summary>
    internal bool ProRata => Definition.ProRataPriceChanges;

    /// <summary>True when some price changes inside the twelve months from the day (day number) and the model prices them pro rata.</summary>
    internal bool ChangesWithinYear(DateOnly asOf)
    {
        if (!ProRata)
        {
            return false;
        }

        var day = asOf.DayNumber;
        var end = asOf.AddYears(1).DayNumber;
        foreach (var start in PeriodStartDay)
        {
            if (start > day && start < end)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The most periods <see cref="Periods"/> can give.</summary>
    internal int MaxPeriods => PeriodStart.Length + 1;

    /// <summary>
    /// The twelve months from <paramref name="asOf"/> (to the day before its anniversary) split where a price
    /// changes, when the model prices pro rata; otherwise the one period from the as-of date. Days are counted
    /// inclusively; they sum to the days in the twelve months (365 or 366). Fills <paramref name="into"/> (at
    /// least <see cref="MaxPeriods"/> long) without allocating and returns how many periods it holds.
    /// </summary>
    internal int Periods(DateOnly asOf, Span<(DateOnly From, int Days)> into, out int totalDays)
    {
        var end = asOf.AddYears(1);
        totalDays = end.DayNumber - asOf.DayNumber;
        var count = 0;
        var from = asOf;
        if (ProRata)
        {
            foreach (var start in PeriodStart)
            {
                if (start > asOf && start < end)
                {
                    into[count++] = (from, start.DayNumber - from.DayNumber);
                    from = start;
                }
            }
        }

        into[count++] = (from, end.DayNumber - from.DayNumber);
        return count;
    }

    private static (int[], int[], uint[], uint[], int[], uint[], uint[]) FoldConditions(ModelDefinition m, ModelIndex ix)
    {
        var named = m.Adjustments.Select(a => a.When).Concat(m.AddOns.Select(a => a.When))
            .Where(c => c.Subject == ConditionSubject.Question).Select(c => ix.Questions[c.Reference].FlatIndex).Distinct().Order().ToArray();
        var triggerBase = new int[named.Length];
        var size = 0;
        for (var t = 0; t < named.Length; t++)
        {
            triggerBase[t] = size;
            size += ix.Flat[named[t]].Question.Answers.Count;
        }

        var adjust = new uint[size];
        var addOns = new uint[size];
        var attributeBase = new int[m.Attributes.Count];
        var attributeSize = 0;
        for (var i = 0; i < m.Attributes.Count; i++)
        {
            attributeBase[i] = attributeSize;
            attributeSize += m.Attributes[i].Values.Count;
        }

        var attributeAdjust = new uint[attributeSize];
        var attributeAddOns = new uint[attributeSize];
        void Fold(Condition c, uint bit, uint[] questionBits, uint[] attributeBits)
        {
            if (c.Subject == ConditionSubject.Question)
            {
                var entry = ix.Questions[c.Reference];
                var t = Array.IndexOf(named, entry.FlatIndex);
                foreach (var code in c.AnyOf)
                {
                    questionBits[triggerBase[t] + entry.AnswerIndex[code]] |= bit;
                }
            }
            else if (c.Subject == ConditionSubject.Attribute)
            {
                var i = ix.AttributeIndex[c.Reference];
                foreach (var code in c.AnyOf)
                {
                    attributeBits[attributeBase[i] + m.Attributes[i].Values.ToList().FindIndex(v => v.Code == code)] |= bit;
                }
            }
        }

        for (var k = 0; k < m.Adjustments.Count; k++)
        {
            Fold(m.Adjustments[k].When, 1u << k, adjust, attributeAdjust);
        }

        for (var k = 0; k < m.AddOns.Count; k++)
        {
            Fold(m.AddOns[k].When, 1u << k, addOns, attributeAddOns);
        }

        return (named, triggerBase, adjust, addOns, attributeBase, attributeAdjust, attributeAddOns);
    }

    private static IEnumerable<DatedValue> DatedValues(ModelDefinition m)
    {
        var values = new List<DatedValue?> { m.Pricing.PricePerPoint };
        foreach (var b in m.Pricing.Bands)
        {
            values.AddRange(new[] { b.Amount, b.PricePerPoint, b.Lower, b.Upper });
        }

        foreach (var a in m.AddOns)
        {
            values.AddRange(new[] { a.HourlyRate, a.AnnualAmount });
        }

        if (m.DirectionOfTravel is { } dot)
        {
            values.AddRange(new[] { dot.Preventative.Lower, dot.Preventative.Indicative, dot.Preventative.Upper });
        }

        return values.Where(v => v is not null)!;
    }

    /// <summary>
    /// Price classes by points: consecutive points whose prices are the same on every period's first day
    /// (amounts equal to the last digit and scale, the same band) share a class. Points that cannot be priced
    /// are −1.
    /// </summary>
    private static (int[] Classes, short[] Bands, int[] First) PriceClasses(ModelDefinition m, DateOnly[] periods, int maxPoints)
    {
        var none = default(NoTrace);
        var classes = new int[maxPoints + 1];
        var bands = new List<short>();
        var first = new List<int>();
        var previous = new Priced[periods.Length];
        var current = new Priced[periods.Length];
        var previousPriced = false;
        for (var points = 0; points <= maxPoints; points++)
        {
            var priced = true;
            for (var p = 0; p < periods.Length; p++)
            {
                current[p] = PricingRule.Points(m, periods[p], points, ref none);
                priced &= current[p].Status == PriceStatus.Ok;
            }

            if (!priced)
            {
                classes[points] = -1;
                previousPriced = false;
                continue;
            }

            if (!previousPriced || !Same(previous, current))
            {
                bands.Add(current[0].Band);
                first.Add(points);
            }

            classes[points] = bands.Count - 1;
            (previous, current) = (current, previous);
            previousPriced = true;
        }

        return (classes, bands.ToArray(), first.ToArray());
    }

    private static bool Same(Priced[] a, Priced[] b)
    {
        for (var p = 0; p < a.Length; p++)
        {
            if (a[p].Band != b[p].Band || !Identical(a[p].Lower, b[p].Lower) || !Identical(a[p].Indicative, b[p].Indicative) || !Identical(a[p].Upper, b[p].Upper))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The same decimal to the last bit: equal, with the same scale and sign (1.0 and 1.00 print differently).</summary>
    private static bool Identical(decimal a, decimal b) => a == b && a.Scale == b.Scale && decimal.IsNegative(a) == decimal.IsNegative(b);

    /// <summary>An answer's points, its outcome bit when it means "unable to achieve" in a domain evidencing an outcome, and the flag itself.</summary>
    internal readonly record struct AnswerInfo(int Points, ulong Unable, bool UnableToAchieve);

    internal readonly record struct DomainInfo(int TableBase, uint Adjustments, int Stride, int QuestionEnd);

    /// <summary>An adjustment's <c>unless</c> condition and the adjustment bit it clears when it holds.</summary>
    internal readonly record struct UnlessTrigger(CompiledCondition When, uint Adjustment);

    /// <summary>A range condition and the adjustment and add-on bits it switches on.</summary>
    internal readonly record struct RangeTrigger(CompiledCondition When, uint Adjustments, uint AddOns);
}
