using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ras.Engine.Allocation;
using Ras.Engine.Assessments;
using Ras.Engine.Models;
using Ras.Engine.Pricing;
using Ras.Engine.Scoring;

namespace Ras.Engine.Batch;

/// <summary>
/// The compiled form of a model for batch recalculation: flat arrays and lookup tables built once from the
/// model, evaluating an assessment encoded as answer, risk and attribute indexes with no allocation and no
/// tracing. Every table entry is computed by the same arithmetic as the explained path (<see cref="Allocator"/>);
/// a property test proves the two give the same figures. Immutable and thread-safe.
/// </summary>
internal sealed class CompiledModel
{
    /// <summary>The index meaning "not given" in an encoded row.</summary>
    public const byte None = byte.MaxValue;

    private const int MaxTableAdjustments = 12;
    private const int MaxRiskTable = 1 << 20;
    private const long MaxMoneyTableDecimals = 4_000_000;

    private readonly ModelDefinition _m;
    private readonly int _fromDay;
    private readonly int _toDay;

    // Questionnaire: per question, the base of its answers in the flat answer array, and its domain.
    private readonly int[] _questions; // the base of each question's answers in _answers; questions are in domain order
    private readonly AnswerInfo[] _answers;
    private readonly DomainInfo[] _domains;
    private readonly int _domainCount;

    // Adjustments: condition per adjustment; which adjustments apply to each domain; domain points tables.

    // Conditions folded into lookups: for each question some adjustment or add-on names, the adjustment and
    // add-on bits each of its answers switches on; the same for each attribute value.
    private readonly int[] _triggerQuestions;
    private readonly int[] _triggerBase;
    private readonly uint[] _triggerAdjustments;
    private readonly uint[] _triggerAddOns;
    private readonly int[] _attributeBase;
    private readonly uint[] _attributeAdjustments;
    private readonly uint[] _attributeAddOns;
    private readonly uint[] _domainAdjustments;
    private readonly int[] _domainMaxRaw;
    private readonly int[]? _domainTable; // [domain][mask][raw]
    private readonly int[] _domainTableBase;

    // Eligibility and direction of travel.
    private readonly int _minimumOutcomes;
    private readonly bool _hasEligibilityRule;
    private readonly bool _hasDirectionOfTravel;
    private readonly int[] _riskStride;
    private readonly int[] _riskBase; // per factor, where its levels' offsets start in _riskOffset
    private readonly int[] _riskOffset; // (level + 1) × the factor's stride in the risk table
    private readonly int[]? _probability10000; // by mixed-radix risk index
    private readonly byte[]? _riskFlags; // 1: below the minimum probability; 2: at least the eligibility probability
    private readonly int _maxUplift;

    // Money: periods between the model's price change dates; per period and add-on set, a table by points.
    private readonly int[] _periodStartDay;
    private readonly DateOnly[] _periodStart;
    private readonly int _addOnCount;
    private readonly int _maxPoints;
    private readonly short[] _bandByPoints;
    private readonly decimal[]? _eligibleMoney; // [period][addOnMask][points][6]
    private readonly decimal[] _preventativeMoney; // [period][addOnMask][6]
    private readonly decimal[] _zeroMoney; // [period][6]
    private readonly CurveTerm[]? _curve;

    public CompiledModel(RasModel model)
    {
        Model = model;
        _m = model.Definition;
        var m = _m;
        var ix = model.Index;
        _fromDay = m.EffectiveFrom.DayNumber;
        _toDay = m.EffectiveTo?.DayNumber ?? int.MaxValue;

        QuestionCount = ix.Flat.Count;
        AttributeCount = m.Attributes.Count;
        RiskFactorCount = m.DirectionOfTravel?.RiskFactors.Count ?? 0;
        _domainCount = m.Domains.Count;

        // Outcome bits: one per distinct outcome code.
        var outcomeBits = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in m.Domains.Where(d => d.Outcome is not null))
        {
            outcomeBits.TryAdd(d.Outcome!, outcomeBits.Count);
        }

        Outcomes = outcomeBits.OrderBy(p => p.Value).Select(p => p.Key).ToArray();
        _questions = new int[QuestionCount];
        var answers = new List<AnswerInfo>();
        foreach (var q in ix.Flat)
        {
            _questions[q.FlatIndex] = answers.Count;
            var outcome = m.Domains[q.DomainIndex].Outcome;
            foreach (var a in q.Question.Answers)
            {
                answers.Add(new AnswerInfo(a.Points, a.UnableToAchieve && outcome is not null ? 1UL << outcomeBits[outcome] : 0UL));
            }
        }

        _answers = answers.ToArray();

        _domainAdjustments = new uint[_domainCount];
        _domainMaxRaw = new int[_domainCount];
        for (var d = 0; d < _domainCount; d++)
        {
            for (var k = 0; k < m.Adjustments.Count; k++)
            {
                if (DomainScorer.AppliesTo(m.Adjustments[k], m.Domains[d].Id))
                {
                    _domainAdjustments[d] |= 1u << k;
                }
            }

            _domainMaxRaw[d] = m.Domains[d].Questions.Sum(q => q.Answers.Max(a => a.Points));
        }

        _domainTableBase = new int[_domainCount];
        if (m.Adjustments.Count <= MaxTableAdjustments && _domainMaxRaw.Sum(r => (long)(r + 1)) << m.Adjustments.Count < 4_000_000)
        {
            var table = new List<int>();
            for (var d = 0; d < _domainCount; d++)
            {
                _domainTableBase[d] = table.Count;
                for (var mask = 0u; mask < 1u << m.Adjustments.Count; mask++)
                {
                    for (var raw = 0; raw <= _domainMaxRaw[d]; raw++)
                    {
                        table.Add(DomainPointsSlow(d, mask, raw));
                    }
                }
            }

            _domainTable = table.ToArray();
        }

        _domains = Enumerable.Range(0, _domainCount)
            .Select(d => new DomainInfo(_domainTableBase[d], _domainAdjustments[d], _domainMaxRaw[d] + 1, ix.Flat.Count(q => q.DomainIndex <= d)))
            .ToArray();

        _hasEligibilityRule = m.Eligibility is not null;
        _minimumOutcomes = m.Eligibility?.MinimumOutcomes ?? 0;
        _hasDirectionOfTravel = m.DirectionOfTravel is not null;
        _riskStride = new int[RiskFactorCount];
        _riskBase = new int[RiskFactorCount];
        _riskOffset = Array.Empty<int>();
        if (m.DirectionOfTravel is { } dot)
        {
            _maxUplift = dot.MaxUpliftPoints;
            long size = 1;
            for (var f = 0; f < RiskFactorCount; f++)
            {
                _riskStride[f] = (int)Math.Min(size, int.MaxValue);
                size *= dot.RiskFactors[f].Levels.Count + 1;
            }

            var offsets = new List<int>();
            for (var f = 0; f < RiskFactorCount; f++)
            {
                _riskBase[f] = offsets.Count;
                offsets.AddRange(Enumerable.Range(1, dot.RiskFactors[f].Levels.Count).Select(level => level * _riskStride[f]));
            }

            _riskOffset = offsets.ToArray();
            if (size <= MaxRiskTable)
            {
                _probability10000 = new int[size];
                _riskFlags = new byte[size];
                Span<byte> levels = stackalloc byte[RiskFactorCount];
                for (var index = 0; index < size; index++)
                {
                    var rest = index;
                    for (var f = RiskFactorCount - 1; f >= 0; f--)
                    {
                        var level = rest / _riskStride[f];
                        rest %= _riskStride[f];
                        levels[f] = level == 0 ? None : (byte)(level - 1);
                    }

                    (_probability10000[index], _riskFlags[index]) = RiskSlow(levels);
                }
            }
        }

        // Periods: every date on which some amount or price changes.
        var changes = DatedValues(m).SelectMany(v => v.Entries).Select(e => e.From ?? m.EffectiveFrom)
            .Where(d => d > m.EffectiveFrom).Append(m.EffectiveFrom).Distinct().Order().ToArray();
        _periodStart = changes;
        _periodStartDay = changes.Select(d => d.DayNumber).ToArray();
        _addOnCount = m.AddOns.Count;
        (_triggerQuestions, _triggerBase, _triggerAdjustments, _triggerAddOns, _attributeBase, _attributeAdjustments, _attributeAddOns) = FoldConditions(m, ix);
        var addOnSets = 1 << m.AddOns.Count;
        _maxPoints = (int)Math.Min(ValidatorMax(m), 10_000_000);

        _zeroMoney = new decimal[changes.Length * 6];
        _preventativeMoney = new decimal[changes.Length * addOnSets * 6];
        _bandByPoints = Array.Empty<short>();
        for (var p = 0; p < changes.Length; p++)
        {
            Write(_zeroMoney, p * 6, Allocator.Finish(m, 0m, 0m, 0m));
            if (m.DirectionOfTravel is { } rule)
            {
                var prev = rule.Preventative;
                for (var set = 0; set < addOnSets; set++)
                {
                    var add = AddOnTotal(set, changes[p]);
                    Write(_preventativeMoney, ((p * addOnSets) + set) * 6, Allocator.Finish(m, prev.Lower.ValueAt(changes[p]) + add, prev.Indicative.ValueAt(changes[p]) + add, prev.Upper.ValueAt(changes[p]) + add));
                }
            }
        }

        if (m.Pricing.Method == PricingMethod.Curve)
        {
            _curve = m.Pricing.Curve!.Terms.Select(t => CurveTerm.Of(t, ix, m)).ToArray();
        }
        else if ((long)changes.Length * addOnSets * (_maxPoints + 1) * 6 <= MaxMoneyTableDecimals)
        {
            _bandByPoints = new short[_maxPoints + 1];
            _eligibleMoney = new decimal[changes.Length * addOnSets * (_maxPoints + 1) * 6];
            var warnings = new List<string>();
            for (var p = 0; p < changes.Length; p++)
            {
                var probe = new Assessment("compile", changes[p]);
                for (var points = 0; points <= _maxPoints; points++)
                {
                    var priced = PriceCalculator.Price(m, probe, EligibilityStatus.Eligible, points, Array.Empty<int>(), Array.Empty<int>(), ix, null, warnings);
                    _bandByPoints[points] = priced.Error is not null ? short.MinValue : (short)BandIndex(priced.Band);
                    for (var set = 0; set < addOnSets; set++)
                    {
                        var add = AddOnTotal(set, changes[p]);
                        Write(_eligibleMoney, ((((p * addOnSets) + set) * (_maxPoints + 1)) + points) * 6, Allocator.Finish(m, priced.Lower + add, priced.Indicative + add, priced.Upper + add));
                    }
                }
            }
        }
    }

    public RasModel Model { get; }

    public int QuestionCount { get; }

    public int AttributeCount { get; }

    public int RiskFactorCount { get; }

    /// <summary>Outcome codes by bit.</summary>
    public IReadOnlyList<string> Outcomes { get; }

    /// <summary>True when every part of the calculation is served from tables (the benchmarked fast path).</summary>
    public bool IsFullyTabulated => _domainTable is not null && (!_hasDirectionOfTravel || _probability10000 is not null) && (_eligibleMoney is not null || _curve is not null);

    /// <summary>
    /// Evaluates one encoded assessment. <paramref name="now"/> and <paramref name="next"/> hold an answer index
    /// per question (<see cref="None"/> when unanswered; <paramref name="next"/> already carries the current
    /// answer where none is anticipated), <paramref name="risk"/> a level index per risk factor and
    /// <paramref name="attributes"/> a value index per attribute. Allocates nothing.
    /// </summary>
    public void Evaluate(ReadOnlySpan<byte> now, ReadOnlySpan<byte> next, ReadOnlySpan<byte> risk, ReadOnlySpan<byte> attributes, int day, ref FastResult r)
    {
        if (now.Length != QuestionCount || next.Length != QuestionCount || risk.Length != RiskFactorCount || attributes.Length != AttributeCount)
        {
            throw new ArgumentException("The encoded row does not have this model's shape.");
        }

        if (day < _fromDay || day > _toDay)
        {
            r = default;
            r.Status = FastStatus.NotInForce;
            return;
        }

        uint adjustNow = 0, adjustNext = 0, addOnBits = 0;
        for (var t = 0; t < _triggerQuestions.Length; t++)
        {
            var trigger = _triggerQuestions[t];
            if (now[trigger] != None)
            {
                adjustNow |= _triggerAdjustments[_triggerBase[t] + now[trigger]];
                addOnBits |= _triggerAddOns[_triggerBase[t] + now[trigger]];
            }

            if (next[trigger] != None)
            {
                adjustNext |= _triggerAdjustments[_triggerBase[t] + next[trigger]];
            }
        }

        for (var i = 0; i < attributes.Length; i++)
        {
            if (attributes[i] != None)
            {
                var bits = _attributeAdjustments[_attributeBase[i] + attributes[i]];
                adjustNow |= bits;
                adjustNext |= bits;
                addOnBits |= _attributeAddOns[_attributeBase[i] + attributes[i]];
            }
        }

        var unchanged = now.SequenceEqual(next);
        var domainPoints = _curve is null ? default : CurveScratch.AsSpan(0, _domainCount);
        var score = _domainTable is not null && _curve is null
            ? ScoreTabulated(now, next, adjustNow, adjustNext, unchanged)
            : ScoreGeneral(now, next, adjustNow, adjustNext, domainPoints);
        var (unableNow, unableNext, rawTotal, current, anticipated, deterioration) =
            (score.UnableNow, score.UnableNext, score.Raw, score.Current, score.Anticipated, score.Deterioration);

        var eligibleNow = BitOperations.PopCount(unableNow) >= _minimumOutcomes || !_hasEligibilityRule;
        int p10000 = 0, uplift = 0;
        var eligibility = eligibleNow ? EligibilityStatus.Eligible : EligibilityStatus.NotEligible;
        if (_hasDirectionOfTravel)
        {
            byte flags;
            if (_probability10000 is not null)
            {
                var index = 0;
                for (var f = 0; f < risk.Length; f++)
                {
                    if (risk[f] != None)
                    {
                        index += _riskOffset[_riskBase[f] + risk[f]];
                    }
                }

                p10000 = _probability10000[index];
                flags = _riskFlags![index];
            }
            else
            {
                (p10000, flags) = RiskSlow(risk);
            }

            uplift = (flags & 1) != 0 ? 0 : (int)Math.Min(_maxUplift, ((p10000 * (long)deterioration) + 5000) / 10000);
            if (!eligibleNow && BitOperations.PopCount(unableNext) >= _minimumOutcomes && (flags & 2) != 0)
            {
                eligibility = EligibilityStatus.EligibleOnDirectionOfTravel;
            }
        }

        var adjusted = current + uplift;
        r.Status = FastStatus.Ok;
        r.Eligibility = eligibility;
        r.RawPoints = rawTotal;
        r.CurrentPoints = current;
        r.AnticipatedPoints = anticipated;
        r.Probability10000 = p10000;
        r.Uplift = uplift;
        r.AdjustedPoints = adjusted;
        r.CurveEta = 0m;

        var period = _periodStartDay.Length - 1;
        while (period > 0 && day < _periodStartDay[period])
        {
            period--;
        }

        if (eligibility == EligibilityStatus.NotEligible)
        {
            r.Band = FastResult.NoBand;
            Read(_zeroMoney, period * 6, ref r);
            return;
        }

        var addOnSet = (int)addOnBits;

        var sets = 1 << _addOnCount;
        if (eligibility == EligibilityStatus.EligibleOnDirectionOfTravel)
        {
            r.Band = FastResult.PreventativeBand;
            Read(_preventativeMoney, ((period * sets) + addOnSet) * 6, ref r);
            return;
        }

        if (_eligibleMoney is not null)
        {
            if (adjusted > _maxPoints || _bandByPoints[adjusted] == short.MinValue)
            {
                r.Status = FastStatus.PointsAboveBands;
                r.Band = FastResult.NoBand;
                return;
            }

            r.Band = _bandByPoints[adjusted];
            Read(_eligibleMoney, ((((period * sets) + addOnSet) * (_maxPoints + 1)) + adjusted) * 6, ref r);
            return;
        }

        PriceSlow(now, attributes, domainPoints, adjusted, addOnSet, period, ref r);
    }

    [ThreadStatic]
    private static int[]? _curveScratch;

    private int[] CurveScratch => _curveScratch is { } buffer && buffer.Length >= _domainCount ? buffer : _curveScratch = new int[Math.Max(64, _domainCount)];

    /// <summary>
    /// The domains' points from the tables: questions are in domain order, so each domain's raw points are
    /// summed from a contiguous run of questions and looked up at once. Indexes come from validated encodings
    /// and tables built from the same model, so the loop reads without bounds checks (the caller checks the
    /// spans' shape). When nothing is anticipated to change, the anticipated side is the current side.
    /// </summary>
    private Score ScoreTabulated(ReadOnlySpan<byte> now, ReadOnlySpan<byte> next, uint adjustNow, uint adjustNext, bool unchanged)
    {
        ref var questions = ref MemoryMarshal.GetArrayDataReference(_questions);
        ref var answers = ref MemoryMarshal.GetArrayDataReference(_answers);
        ref var domains = ref MemoryMarshal.GetArrayDataReference(_domains);
        ref var table = ref MemoryMarshal.GetArrayDataReference(_domainTable!);
        ref var nowRef = ref MemoryMarshal.GetReference(now);
        ref var nextRef = ref MemoryMarshal.GetReference(next);
        ulong unableNow = 0, unableNext = 0;
        int raw = 0, current = 0, anticipated = 0, deterioration = 0;
        var q = 0;
        for (var d = 0; d < _domainCount; d++)
        {
            ref readonly var info = ref Unsafe.Add(ref domains, d);
            int rawNow = 0, rawNext = 0;
            for (; q < info.QuestionEnd; q++)
            {
                var answerBase = Unsafe.Add(ref questions, q);
                var a = Unsafe.Add(ref nowRef, q);
                if (a != None)
                {
                    ref readonly var answer = ref Unsafe.Add(ref answers, answerBase + a);
                    rawNow += answer.Points;
                    unableNow |= answer.Unable;
                }

                var b = Unsafe.Add(ref nextRef, q);
                if (!unchanged && b != None)
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

    /// <summary>The same as <see cref="ScoreTabulated"/> without tables where they would be too large, keeping each domain's points for curve pricing.</summary>
    private Score ScoreGeneral(ReadOnlySpan<byte> now, ReadOnlySpan<byte> next, uint adjustNow, uint adjustNext, Span<int> domainPoints)
    {
        ulong unableNow = 0, unableNext = 0;
        int raw = 0, current = 0, anticipated = 0, deterioration = 0;
        var q = 0;
        for (var d = 0; d < _domainCount; d++)
        {
            var info = _domains[d];
            int rawNow = 0, rawNext = 0;
            for (; q < info.QuestionEnd; q++)
            {
                if (now[q] != None)
                {
                    var answer = _answers[_questions[q] + now[q]];
                    rawNow += answer.Points;
                    unableNow |= answer.Unable;
                }

                if (next[q] != None)
                {
                    var answer = _answers[_questions[q] + next[q]];
                    rawNext += answer.Points;
                    unableNext |= answer.Unable;
                }
            }

            var pNow = _domainTable is not null ? _domainTable[info.TableBase + ((int)(adjustNow & info.Adjustments) * info.Stride) + rawNow] : DomainPointsSlow(d, adjustNow, rawNow);
            var pNext = _domainTable is not null ? _domainTable[info.TableBase + ((int)(adjustNext & info.Adjustments) * info.Stride) + rawNext] : DomainPointsSlow(d, adjustNext, rawNext);
            if (!domainPoints.IsEmpty)
            {
                domainPoints[d] = pNow;
            }

            raw += rawNow;
            current += pNow;
            anticipated += pNext;
            deterioration += Math.Max(0, pNext - pNow);
        }

        return new Score(unableNow, unableNext, raw, current, anticipated, deterioration);
    }

    private readonly record struct Score(ulong UnableNow, ulong UnableNext, int Raw, int Current, int Anticipated, int Deterioration);

    /// <summary>
    /// Encodes an assessment, reporting the same problems as the explained path. Returns false (with errors)
    /// when it cannot be allocated.
    /// </summary>
    public bool TryEncode(Assessment a, Span<byte> now, Span<byte> next, Span<byte> risk, Span<byte> attributes, List<AssessmentError> errors)
    {
        var before = errors.Count;
        var ix = Model.Index;
        var current = Allocator.ResolveAnswers(ix, a.Answers, "/answers", errors);
        var anticipated = Allocator.ResolveAnswers(ix, a.AnticipatedAnswers, "/anticipated", errors);
        Allocator.CheckCase(Model, a, current, errors);
        var levels = Allocator.ResolveRiskFactors(_m, ix, a, errors, new List<string>());
        if (errors.Count > before)
        {
            return false;
        }

        for (var q = 0; q < current.Length; q++)
        {
            now[q] = current[q] < 0 ? None : (byte)current[q];
            next[q] = anticipated[q] < 0 ? now[q] : (byte)anticipated[q];
        }

        for (var f = 0; f < levels.Length; f++)
        {
            risk[f] = levels[f] < 0 ? None : (byte)levels[f];
        }

        for (var i = 0; i < _m.Attributes.Count; i++)
        {
            var attribute = _m.Attributes[i];
            attributes[i] = None;
            if (a.Attributes.TryGetValue(attribute.Id, out var code))
            {
                for (var v = 0; v < attribute.Values.Count; v++)
                {
                    if (attribute.Values[v].Code == code)
                    {
                        attributes[i] = (byte)v;
                    }
                }
            }
        }

        return true;
    }

    /// <summary>The band id for a <see cref="FastResult.Band"/> value, or null.</summary>
    public string? BandId(short band) => band switch
    {
        FastResult.PreventativeBand => "preventative",
        >= 0 => _m.Pricing.Bands[band].Id,
        _ => null,
    };

    /// <summary>The error the explained path gives for a row the compiled path could not price.</summary>
    public AssessmentError ErrorFor(in FastResult r, DateOnly asOf) => r.Status switch
    {
        FastStatus.NotInForce => new AssessmentError("model-not-in-force", "/asOf", $"model {_m.Id} {_m.Version} is not in force on {Explanation.Format.Date(asOf)}", $"a date from {Explanation.Format.Date(_m.EffectiveFrom)}{(_m.EffectiveTo is { } to ? " to " + Explanation.Format.Date(to) : "")}", Explanation.Format.Date(asOf)),
        FastStatus.PointsAboveBands => PriceCalculator.PointsAboveBands(_m, r.AdjustedPoints),
        _ => PriceCalculator.CurveOverflow(r.CurveEta),
    };

    /// <summary>A domain's points for a raw score and a set of triggered adjustments, as <see cref="DomainScorer"/> works them out.</summary>
    private int DomainPointsSlow(int d, uint mask, int raw)
    {
        decimal percent = 0m;
        var points = 0;
        for (var k = 0; k < _m.Adjustments.Count; k++)
        {
            if ((mask & _domainAdjustments[d] & (1u << k)) != 0)
            {
                percent += _m.Adjustments[k].Percent;
                points += _m.Adjustments[k].Points;
            }
        }

        return DomainScorer.Points(DomainScorer.Value(DomainScorer.Capped(_m.Domains[d], raw), percent, points));
    }

    private (int Probability10000, byte Flags) RiskSlow(ReadOnlySpan<byte> levels)
    {
        var dot = _m.DirectionOfTravel!;
        var z = dot.Intercept;
        for (var f = 0; f < levels.Length; f++)
        {
            if (levels[f] != None)
            {
                z += dot.RiskFactors[f].Levels[levels[f]].Weight;
            }
        }

        var p = DirectionOfTravel.DirectionOfTravelRule.Probability(z);
        var flags = (byte)((p < dot.MinimumProbability ? 1 : 0) | (p >= dot.EligibilityProbability ? 2 : 0));
        return ((int)(p * 10000m), flags);
    }

    private decimal AddOnTotal(int set, DateOnly asOf)
    {
        var total = 0m;
        for (var k = 0; k < _m.AddOns.Count; k++)
        {
            if ((set & (1 << k)) != 0)
            {
                total += PriceCalculator.AddOnAmount(_m, _m.AddOns[k], asOf);
            }
        }

        return total;
    }

    /// <summary>Pricing that is not tabulated (curves, or tables too large): the same arithmetic, row by row.</summary>
    private void PriceSlow(ReadOnlySpan<byte> now, ReadOnlySpan<byte> attributes, ReadOnlySpan<int> domainPoints, int adjusted, int addOnSet, int period, ref FastResult r)
    {
        var asOf = _periodStart[period];
        decimal lower, indicative, upper;
        if (_curve is not null)
        {
            var curve = _m.Pricing.Curve!;
            var eta = curve.Intercept;
            foreach (var t in _curve)
            {
                if (t.When.Subject >= 0 && !t.When.Holds(now, attributes))
                {
                    continue;
                }

                decimal x = t.Kind switch
                {
                    CurveTermKind.TotalPoints => adjusted,
                    CurveTermKind.DomainPoints => domainPoints[t.Index],
                    CurveTermKind.Answer => now[t.Index] == t.Code ? 1 : 0,
                    _ => attributes[t.Index] == t.Code ? 1 : 0,
                };
                eta += t.Coefficient * x;
            }

            decimal annual;
            try
            {
                annual = PriceCalculator.CurveAnnual(curve, eta, _m.WeeksPerYear);
            }
            catch (OverflowException)
            {
                r.Status = FastStatus.CurveOverflow;
                r.CurveEta = eta;
                r.Band = FastResult.NoBand;
                return;
            }

            if (annual < 0)
            {
                annual = 0;
            }

            indicative = annual;
            (lower, upper) = PriceCalculator.ToleranceRange(_m.Range, annual);
            r.Band = FastResult.NoBand;
        }
        else
        {
            var priced = PriceCalculator.Price(_m, new Assessment("compile", asOf), EligibilityStatus.Eligible, adjusted, Array.Empty<int>(), Array.Empty<int>(), Model.Index, null, new List<string>());
            if (priced.Error is not null)
            {
                r.Status = FastStatus.PointsAboveBands;
                r.Band = FastResult.NoBand;
                return;
            }

            (lower, indicative, upper) = (priced.Lower, priced.Indicative, priced.Upper);
            r.Band = (short)BandIndex(priced.Band);
        }

        if (_m.DirectionOfTravel is { } dot && _curve is not null)
        {
            (lower, indicative, upper) = PriceCalculator.ApplyFloor(dot, asOf, lower, indicative, upper);
        }

        var add = AddOnTotal(addOnSet, asOf);
        var (annualRange, weeklyRange) = Allocator.Finish(_m, lower + add, indicative + add, upper + add);
        (r.AnnualLower, r.AnnualIndicative, r.AnnualUpper) = (annualRange.Lower, annualRange.Indicative, annualRange.Upper);
        (r.WeeklyLower, r.WeeklyIndicative, r.WeeklyUpper) = (weeklyRange.Lower, weeklyRange.Indicative, weeklyRange.Upper);
    }

    private int BandIndex(string? id)
    {
        for (var i = 0; i < _m.Pricing.Bands.Count; i++)
        {
            if (_m.Pricing.Bands[i].Id == id)
            {
                return i;
            }
        }

        return FastResult.NoBand;
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
        void Fold(Models.Condition c, uint bit, uint[] questionBits, uint[] attributeBits)
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
            else
            {
                var i = m.Attributes.ToList().FindIndex(a => a.Id == c.Reference);
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

    private static long ValidatorMax(ModelDefinition m) => ModelValidator.MaxPossiblePoints(m);

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

    private static void Write(decimal[] table, int at, (BudgetRange Annual, BudgetRange Weekly) money)
    {
        table[at] = money.Annual.Lower;
        table[at + 1] = money.Annual.Indicative;
        table[at + 2] = money.Annual.Upper;
        table[at + 3] = money.Weekly.Lower;
        table[at + 4] = money.Weekly.Indicative;
        table[at + 5] = money.Weekly.Upper;
    }

    private static void Read(decimal[] table, int at, ref FastResult r)
    {
        r.AnnualLower = table[at];
        r.AnnualIndicative = table[at + 1];
        r.AnnualUpper = table[at + 2];
        r.WeeklyLower = table[at + 3];
        r.WeeklyIndicative = table[at + 4];
        r.WeeklyUpper = table[at + 5];
    }

    private readonly record struct AnswerInfo(int Points, ulong Unable);

    private readonly record struct DomainInfo(int TableBase, uint Adjustments, int Stride, int QuestionEnd);

    /// <summary>A condition compiled to an index and a bit mask over answer (or value) indexes.</summary>
    internal readonly struct Condition
    {
        public Condition(int subject, bool isQuestion, ulong codes)
        {
            Subject = subject;
            IsQuestion = isQuestion;
            Codes = codes;
        }

        /// <summary>The question or attribute index; −1 for "always".</summary>
        public int Subject { get; }

        public bool IsQuestion { get; }

        public ulong Codes { get; }

        public static Condition Of(Models.Condition c, ModelIndex ix, ModelDefinition m)
        {
            if (c.Subject == ConditionSubject.Question)
            {
                var q = ix.Questions[c.Reference];
                return new Condition(q.FlatIndex, true, Mask(c.AnyOf.Select(code => q.AnswerIndex[code])));
            }

            var index = m.Attributes.ToList().FindIndex(a => a.Id == c.Reference);
            return new Condition(index, false, Mask(c.AnyOf.Select(code => m.Attributes[index].Values.ToList().FindIndex(v => v.Code == code))));
        }

        public bool Holds(ReadOnlySpan<byte> answers, ReadOnlySpan<byte> attributes)
        {
            var code = IsQuestion ? answers[Subject] : attributes[Subject];
            return code < 64 && ((Codes >> code) & 1UL) != 0;
        }

        // Codes are indexes below MaxAnswersPerQuestion (100); a condition can only name the first 64 of them
        // in this compact form, which validation of real models has never approached.
        private static ulong Mask(IEnumerable<int> indexes) => indexes.Aggregate(0UL, (mask, i) => i < 64 ? mask | (1UL << i) : mask);
    }

    /// <summary>A curve term with its references resolved to indexes.</summary>
    internal readonly record struct CurveTerm(decimal Coefficient, CurveTermKind Kind, int Index, byte Code, Condition When)
    {
        public static CurveTerm Of(CurveTermDefinition t, ModelIndex ix, ModelDefinition m)
        {
            var when = t.When is null ? new Condition(-1, false, 0) : Condition.Of(t.When, ix, m);
            return t.Kind switch
            {
                CurveTermKind.TotalPoints => new CurveTerm(t.Coefficient, t.Kind, 0, 0, when),
                CurveTermKind.DomainPoints => new CurveTerm(t.Coefficient, t.Kind, m.Domains.ToList().FindIndex(d => d.Id == t.Reference), 0, when),
                CurveTermKind.Answer => new CurveTerm(t.Coefficient, t.Kind, ix.Questions[t.Reference!].FlatIndex, (byte)ix.Questions[t.Reference!].AnswerIndex[t.Code!], when),
                _ => new CurveTerm(t.Coefficient, t.Kind, m.Attributes.ToList().FindIndex(a => a.Id == t.Reference), (byte)m.Attributes.First(a => a.Id == t.Reference).Values.ToList().FindIndex(v => v.Code == t.Code), when),
            };
        }
    }
}
