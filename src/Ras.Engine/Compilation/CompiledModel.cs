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
        MaxPoints = (int)Math.Min(ModelValidator.MaxPricedPoints(m), 10_000_000);
        ZeroMoney = new decimal[changes.Length * 6];
        PreventativeMoney = new decimal[changes.Length * addOnSets * 6];
        BandByPoints = Array.Empty<short>();
        var none = default(NoTrace);
        for (var p = 0; p < changes.Length; p++)
        {
            Write(ZeroMoney, p * 6, PricingRule.Finish(m, 0m, 0m, 0m));
            if (m.DirectionOfTravel is not null)
            {
                var prev = PricingRule.Preventative(m, changes[p], ref none);
                for (var set = 0; set < addOnSets; set++)
                {
                    var add = AddOnTotal(set, changes[p]);
                    Write(PreventativeMoney, ((p * addOnSets) + set) * 6, PricingRule.Finish(m, prev.Lower + add, prev.Indicative + add, prev.Upper + add));
                }
            }
        }

        if (m.Pricing.Method == PricingMethod.Curve)
        {
            Curve = m.Pricing.Curve!.Terms.Select(t => CurveTerm.Of(t, ix)).ToArray();
        }
        else if ((long)changes.Length * addOnSets * (MaxPoints + 1) * 6 <= MaxMoneyTableDecimals)
        {
            BandByPoints = new short[MaxPoints + 1];
            EligibleMoney = new decimal[changes.Length * addOnSets * (MaxPoints + 1) * 6];
            for (var p = 0; p < changes.Length; p++)
            {
                for (var points = 0; points <= MaxPoints; points++)
                {
                    var priced = PricingRule.Points(m, changes[p], points, ref none);
                    BandByPoints[points] = priced.Status != PriceStatus.Ok ? short.MinValue : priced.Band;
                    for (var set = 0; set < addOnSets; set++)
                    {
                        var add = AddOnTotal(set, changes[p]);
                        Write(EligibleMoney, ((((p * addOnSets) + set) * (MaxPoints + 1)) + points) * 6, PricingRule.Finish(m, priced.Lower + add, priced.Indicative + add, priced.Upper + add));
                    }
                }
            }
        }

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

    /// <summary>The most points the money table holds.</summary>
    internal int MaxPoints { get; }

    /// <summary>The band index by points; <see cref="short.MinValue"/> above the bands.</summary>
    internal short[] BandByPoints { get; }

    /// <summary>[period][add-on set][points][annual lower, indicative, upper, weekly lower, indicative, upper], or null.</summary>
    internal decimal[]? EligibleMoney { get; }

    /// <summary>[period][add-on set][6].</summary>
    internal decimal[] PreventativeMoney { get; }

    /// <summary>[period][6].</summary>
    internal decimal[] ZeroMoney { get; }

    internal CurveTerm[]? Curve { get; }

    /// <summary>True when the evaluation needs each domain's points (curve terms, derived quantities).</summary>
    internal bool KeepsDomainPoints { get; }

    /// <summary>True when every part of the calculation is served from tables (the benchmarked fast path).</summary>
    public bool IsFullyTabulated => DomainTable is not null && (Definition.DirectionOfTravel is null || Risks is not null) && (EligibleMoney is not null || Curve is not null);

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

    /// <summary>
    /// The twelve months from <paramref name="asOf"/> (to the day before its anniversary) split where a price
    /// changes, when the model prices pro rata; otherwise the one period from the as-of date. Days are counted
    /// inclusively; they sum to the days in the twelve months (365 or 366).
    /// </summary>
    internal (DateOnly From, int Days)[] Periods(DateOnly asOf, out int totalDays)
    {
        var end = asOf.AddYears(1);
        totalDays = end.DayNumber - asOf.DayNumber;
        if (!ChangesWithinYear(asOf))
        {
            return new[] { (asOf, totalDays) };
        }

        var starts = PeriodStart.Where(s => s > asOf && s < end).Prepend(asOf).Append(end).ToArray();
        var periods = new (DateOnly, int)[starts.Length - 1];
        for (var i = 0; i < periods.Length; i++)
        {
            periods[i] = (starts[i], starts[i + 1].DayNumber - starts[i].DayNumber);
        }

        return periods;
    }

    /// <summary>The sum of the add-ons in a set (one bit per add-on) on a date.</summary>
    internal decimal AddOnTotal(int set, DateOnly asOf)
    {
        var total = 0m;
        for (var k = 0; k < AddOnCount; k++)
        {
            if ((set & (1 << k)) != 0)
            {
                total += PricingRule.AddOnAmount(Definition, Definition.AddOns[k], asOf);
            }
        }

        return total;
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

    private static void Write(decimal[] table, int at, (Allocation.BudgetRange Annual, Allocation.BudgetRange Weekly) money)
    {
        table[at] = money.Annual.Lower;
        table[at + 1] = money.Annual.Indicative;
        table[at + 2] = money.Annual.Upper;
        table[at + 3] = money.Weekly.Lower;
        table[at + 4] = money.Weekly.Indicative;
        table[at + 5] = money.Weekly.Upper;
    }

    /// <summary>An answer's points, its outcome bit when it means "unable to achieve" in a domain evidencing an outcome, and the flag itself.</summary>
    internal readonly record struct AnswerInfo(int Points, ulong Unable, bool UnableToAchieve);

    internal readonly record struct DomainInfo(int TableBase, uint Adjustments, int Stride, int QuestionEnd);

    /// <summary>An adjustment's <c>unless</c> condition and the adjustment bit it clears when it holds.</summary>
    internal readonly record struct UnlessTrigger(CompiledCondition When, uint Adjustment);

    /// <summary>A range condition and the adjustment and add-on bits it switches on.</summary>
    internal readonly record struct RangeTrigger(CompiledCondition When, uint Adjustments, uint AddOns);
}
