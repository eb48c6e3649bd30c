using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Ras.Engine.Impact;

/// <summary>
/// The impact of a proposal on a caseload: totals (the change computed case by case, not from rounded
/// groups), winners and losers by bucket overall, by client group and by baseline band, the band transition
/// matrix, changes in eligibility, the distribution of changes, and the cost of transitional protection.
/// </summary>
public sealed class ImpactSummary
{
    // Distributions, not rows: memory stays flat however long the caseload (ValueTally says why the figures
    // read from them are those of the rows).
    private readonly ValueTally _changes = new();
    private readonly ValueTally _baselines = new();
    private readonly Dictionary<string, Group> _byGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _bucketsByBand = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), long> _transitions = new();
    private readonly long[] _buckets = new long[5];
    private readonly List<string> _warnings = new();
    private ReadOnlyCollection<DecileChange>? _byBaselineDecile;

    internal ImpactSummary(ComparisonOptions options, RasModel baseline, RasModel proposal)
    {
        Options = options;
        BaselineModel = baseline;
        ProposalModel = proposal;
        Baseline = $"{baseline.Id} {baseline.Version} ({baseline.ContentHash})";
        Proposal = $"{proposal.Id} {proposal.Version} ({proposal.ContentHash})";
    }

    /// <summary>The baseline model (for its currency, bands and labels when the summary is rendered).</summary>
    public RasModel BaselineModel { get; }

    /// <summary>The proposal model: for a change file, its title and description say what the change does.</summary>
    public RasModel ProposalModel { get; }

    /// <summary>The options used (thresholds, protection).</summary>
    public ComparisonOptions Options { get; }

    /// <summary>The baseline model: id, version and hash.</summary>
    public string Baseline { get; }

    /// <summary>The proposal model: id, version and hash.</summary>
    public string Proposal { get; }

    /// <summary>Rows read (each yields one output row).</summary>
    public long RowsRead { get; private set; }

    /// <summary>Rows allocated under both models and compared.</summary>
    public long Compared { get; private set; }

    /// <summary>Rows that could not be allocated under one model or both (error rows).</summary>
    public long Rejected { get; private set; }

    /// <summary>The total baseline annual indicative amount over compared rows.</summary>
    public decimal BaselineTotal { get; private set; }

    /// <summary>The total proposal annual indicative amount over compared rows.</summary>
    public decimal ProposalTotal { get; private set; }

    /// <summary>The total change, summed case by case (equal to <see cref="ProposalTotal"/> − <see cref="BaselineTotal"/>).</summary>
    public decimal TotalChange { get; private set; }

    /// <summary>People whose proposal amount was raised by transitional protection.</summary>
    public long Protected { get; private set; }

    /// <summary>What transitional protection costs: the sum of the raises.</summary>
    public decimal ProtectionCost { get; private set; }

    /// <summary>People not eligible under the baseline but eligible (either way) under the proposal.</summary>
    public long NewlyEligible { get; private set; }

    /// <summary>People eligible under the baseline but not under the proposal.</summary>
    public long LosingEligibility { get; private set; }

    /// <summary>Compared rows per bucket, in the order of <see cref="ComparisonOptions.Buckets"/>.</summary>
    public IReadOnlyList<long> Buckets => Array.AsReadOnly((long[])_buckets.Clone());

    /// <summary>
    /// Compared rows per bucket by client group (<c>(none)</c> when not given), in ordinal order of the group;
    /// each list in the order of <see cref="ComparisonOptions.Buckets"/>. A copy: changing it changes nothing here.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<long>> BucketsByClientGroup => new ReadOnlyDictionary<string, IReadOnlyList<long>>(ReadOnlyCounts(_byGroup.ToDictionary(g => g.Key, g => g.Value.Buckets, StringComparer.Ordinal)));

    /// <summary>
    /// Compared rows per bucket by baseline band (<c>none</c> for no band), in ordinal order of the band; each
    /// list in the order of <see cref="ComparisonOptions.Buckets"/>. A copy: changing it changes nothing here.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<long>> BucketsByBaselineBand => new ReadOnlyDictionary<string, IReadOnlyList<long>>(ReadOnlyCounts(_bucketsByBand));

    /// <summary>The total change by client group.</summary>
    public IReadOnlyDictionary<string, decimal> ChangeByClientGroup => new ReadOnlyDictionary<string, decimal>(ChangesByGroup());

    /// <summary>Baseline band → proposal band → people (<c>none</c> for no band).</summary>
    public IReadOnlyDictionary<(string From, string To), long> Transitions =>
        new ReadOnlyDictionary<(string From, string To), long>(new SortedDictionary<(string From, string To), long>(_transitions, Comparer<(string From, string To)>.Create((x, y) => string.CompareOrdinal(x.From, y.From) is var c && c != 0 ? c : string.CompareOrdinal(x.To, y.To))));

    /// <summary>
    /// The distribution that <see cref="Deciles"/> summarises: each distinct change in the annual indicative amount
    /// (proposal − baseline) of a compared row, in ascending order, with the number of compared rows that have it
    /// (together <see cref="Compared"/>). A copy: changing it changes nothing here.
    /// </summary>
    public IReadOnlyDictionary<decimal, long> PeopleByChange
    {
        get
        {
            var copy = new SortedDictionary<decimal, long>();
            for (var rank = 0; rank < _changes.Length; rank++)
            {
                copy.Add(_changes.Value(rank), _changes.People(rank));
            }

            return new ReadOnlyDictionary<decimal, long>(copy);
        }
    }

    /// <summary>File-level warnings.</summary>
    public IReadOnlyList<string> Warnings => _warnings.AsReadOnly();

    /// <summary>
    /// The mean change by decile of baseline budget, as tax-benefit microsimulation reports give it by income
    /// decile: the compared rows ordered by their baseline annual indicative amount and cut into ten groups of as
    /// equal a size as can be (row <c>r</c> of <c>n</c>, from 0, is in decile <c>⌊10r/n⌋ + 1</c>); empty groups
    /// (fewer than ten rows) are left out. People with the same baseline amount cannot be told apart, so where
    /// such a group straddles deciles each decile's rows from it count the group's mean change (its total change
    /// shared in proportion to its rows, then rounded to the penny): the figures never depend on the order of
    /// the caseload's rows. Empty when nothing was compared.
    /// </summary>
    public IReadOnlyList<DecileChange> ChangeByBaselineDecile => _byBaselineDecile ??= ByBaselineDecile();

    /// <summary>The 10th, 20th, … 90th percentiles of the change in pounds (nearest rank), or empty.</summary>
    public IReadOnlyList<decimal> Deciles
    {
        get
        {
            var n = _changes.Count;
            if (n == 0)
            {
                return Array.Empty<decimal>();
            }

            return Array.AsReadOnly(Enumerable.Range(1, 9).Select(k => _changes.At(Math.Max(0, (int)Math.Ceiling(k / 10.0 * n) - 1))).ToArray());
        }
    }

    /// <summary>The summary as indented JSON.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("baseline", Baseline);
            w.WriteString("proposal", Proposal);
            w.WriteNumber("rowsRead", RowsRead);
            w.WriteNumber("compared", Compared);
            w.WriteNumber("rejected", Rejected);
            w.WriteNumber("baselineTotal", BaselineTotal);
            w.WriteNumber("proposalTotal", ProposalTotal);
            w.WriteNumber("totalChange", TotalChange);
            w.WriteNumber("newlyEligible", NewlyEligible);
            w.WriteNumber("losingEligibility", LosingEligibility);
            w.WriteNumber("protected", Protected);
            w.WriteNumber("protectionCost", ProtectionCost);
            w.WriteStartObject("buckets");
            for (var b = 0; b < 5; b++)
            {
                w.WriteNumber(Options.Buckets[b], _buckets[b]);
            }

            w.WriteEndObject();
            foreach (var (name, rows) in new[] { ("byClientGroup", new SortedDictionary<string, long[]>(_byGroup.ToDictionary(g => g.Key, g => g.Value.Buckets, StringComparer.Ordinal), StringComparer.Ordinal)), ("byBaselineBand", Sorted(_bucketsByBand)) })
            {
                w.WriteStartObject(name);
                foreach (var (k, v) in rows)
                {
                    w.WriteStartArray(k);
                    foreach (var n in v)
                    {
                        w.WriteNumberValue(n);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteStartObject("changeByClientGroup");
            foreach (var (k, v) in ChangesByGroup())
            {
                w.WriteNumber(k, v);
            }

            w.WriteEndObject();
            w.WriteStartArray("transitions");
            foreach (var ((from, to), n) in Transitions)
            {
                w.WriteStartObject();
                w.WriteString("from", from);
                w.WriteString("to", to);
                w.WriteNumber("people", n);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("deciles");
            foreach (var d in Deciles)
            {
                w.WriteNumberValue(d);
            }

            w.WriteEndArray();
            w.WriteStartArray("changeByBaselineDecile");
            foreach (var d in ChangeByBaselineDecile)
            {
                w.WriteStartObject();
                w.WriteNumber("decile", d.Decile);
                w.WriteNumber("baselineFrom", d.BaselineFrom);
                w.WriteNumber("baselineTo", d.BaselineTo);
                w.WriteNumber("people", d.People);
                w.WriteNumber("meanBaseline", d.MeanBaseline);
                w.WriteNumber("totalChange", d.TotalChange);
                w.WriteNumber("meanChange", d.MeanChange);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("warnings");
            foreach (var warning in _warnings)
            {
                w.WriteStringValue(warning);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    internal void AddWarning(string warning) => _warnings.Add(warning);

    internal void Merge(ImpactSummary other)
    {
        RowsRead += other.RowsRead;
        Compared += other.Compared;
        Rejected += other.Rejected;
        BaselineTotal += other.BaselineTotal;
        ProposalTotal += other.ProposalTotal;
        TotalChange += other.TotalChange;
        Protected += other.Protected;
        ProtectionCost += other.ProtectionCost;
        NewlyEligible += other.NewlyEligible;
        LosingEligibility += other.LosingEligibility;
        _changes.Add(other._changes);
        _baselines.Add(other._baselines);
        _byBaselineDecile = null;
        for (var b = 0; b < 5; b++)
        {
            _buckets[b] += other._buckets[b];
        }

        foreach (var (k, theirs) in other._byGroup)
        {
            var mine = GroupOf(k);
            mine.Change += theirs.Change;
            for (var b = 0; b < 5; b++)
            {
                mine.Buckets[b] += theirs.Buckets[b];
            }
        }

        foreach (var (k, v) in other._bucketsByBand)
        {
            var counts = BandOf(k);
            for (var b = 0; b < 5; b++)
            {
                counts[b] += v[b];
            }
        }

        foreach (var (k, v) in other._transitions)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_transitions, k, out _) += v;
        }
    }

    internal void AddRejected() => (RowsRead, Rejected) = (RowsRead + 1, Rejected + 1);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Add(string? group, string baselineBand, string proposalBand, decimal baseline, decimal proposal, decimal protectedAmount, bool wasEligible, bool isEligible, int bucket)
    {
        RowsRead++;
        Compared++;
        BaselineTotal += baseline;
        ProposalTotal += proposal;
        var change = proposal - baseline;
        TotalChange += change;
        _changes.Add(change, 0);
        _baselines.Add(baseline, change);
        _byBaselineDecile = null;
        if (protectedAmount != proposal)
        {
            Protected++;
            ProtectionCost += protectedAmount - proposal;
        }

        NewlyEligible += !wasEligible && isEligible ? 1 : 0;
        LosingEligibility += wasEligible && !isEligible ? 1 : 0;
        _buckets[bucket]++;
        var byGroup = GroupOf(group ?? "(none)");
        byGroup.Buckets[bucket]++;
        byGroup.Change += change;
        BandOf(baselineBand)[bucket]++;
        CollectionsMarshal.GetValueRefOrAddDefault(_transitions, (baselineBand, proposalBand), out _)++;
    }

    /// <summary>
    /// The deciles of <see cref="ChangeByBaselineDecile"/> from the tally of baseline amounts: a tie group is one
    /// distinct baseline, its rows at consecutive sorted positions, so the figures are those of sorting every
    /// compared row by baseline (in input order among equals), with the same decimal arithmetic.
    /// </summary>
    private ReadOnlyCollection<DecileChange> ByBaselineDecile()
    {
        var n = _baselines.Count;
        var deciles = new List<DecileChange>(10);
        for (var d = 0; d < 10; d++)
        {
            var from = ((d * n) + 9) / 10;
            var to = (((d + 1) * n) + 9) / 10;
            if (to <= from)
            {
                continue;
            }

            decimal change = 0, baseline = 0;
            for (var r = from; r < to;)
            {
                // The rows of this decile from r's tie group: the whole group, or its share of it.
                var group = _baselines.RankAt(r);
                var start = _baselines.Start(group);
                var size = _baselines.People(group);
                var end = Math.Min(start + size, to);
                change += end - r == size ? _baselines.Sum(group) : _baselines.Sum(group) * (int)(end - r) / (int)size;
                baseline += _baselines.At(r) * (int)(end - r);
                r = end;
            }

            var people = (int)(to - from);
            change = decimal.Round(change, 2, MidpointRounding.AwayFromZero);
            deciles.Add(new DecileChange(d + 1, _baselines.At(from), _baselines.At(to - 1), people,
                decimal.Round(baseline / people, 2, MidpointRounding.AwayFromZero), change, decimal.Round(change / people, 2, MidpointRounding.AwayFromZero)));
        }

        return deciles.AsReadOnly();
    }

    private static SortedDictionary<string, T> Sorted<T>(Dictionary<string, T> map) => new(map, StringComparer.Ordinal);

    private static SortedDictionary<string, IReadOnlyList<long>> ReadOnlyCounts(Dictionary<string, long[]> map)
    {
        var copy = new SortedDictionary<string, IReadOnlyList<long>>(StringComparer.Ordinal);
        foreach (var (key, counts) in map)
        {
            copy[key] = Array.AsReadOnly((long[])counts.Clone());
        }

        return copy;
    }

    private SortedDictionary<string, decimal> ChangesByGroup()
    {
        var changes = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (k, g) in _byGroup)
        {
            changes.Add(k, g.Change);
        }

        return changes;
    }

    private Group GroupOf(string key)
    {
        if (!_byGroup.TryGetValue(key, out var group))
        {
            _byGroup[key] = group = new Group();
        }

        return group;
    }

    private long[] BandOf(string key)
    {
        if (!_bucketsByBand.TryGetValue(key, out var counts))
        {
            _bucketsByBand[key] = counts = new long[5];
        }

        return counts;
    }

    /// <summary>A client group's compared rows per bucket and its total change.</summary>
    private sealed class Group
    {
        public long[] Buckets { get; } = new long[5];

        public decimal Change { get; set; }
    }
}
