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
    private readonly List<decimal> _changes = new();
    private readonly List<decimal> _baselines = new();
    private readonly Dictionary<string, long[]> _bucketsByGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _bucketsByBand = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _changeByGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), long> _transitions = new();
    private readonly long[] _buckets = new long[5];
    private readonly List<string> _warnings = new();

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
    public IReadOnlyDictionary<string, IReadOnlyList<long>> BucketsByClientGroup => new System.Collections.ObjectModel.ReadOnlyDictionary<string, IReadOnlyList<long>>(ReadOnlyCounts(_bucketsByGroup));

    /// <summary>
    /// Compared rows per bucket by baseline band (<c>none</c> for no band), in ordinal order of the band; each
    /// list in the order of <see cref="ComparisonOptions.Buckets"/>. A copy: changing it changes nothing here.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<long>> BucketsByBaselineBand => new System.Collections.ObjectModel.ReadOnlyDictionary<string, IReadOnlyList<long>>(ReadOnlyCounts(_bucketsByBand));

    /// <summary>The total change by client group.</summary>
    public IReadOnlyDictionary<string, decimal> ChangeByClientGroup => new System.Collections.ObjectModel.ReadOnlyDictionary<string, decimal>(Sorted(_changeByGroup));

    /// <summary>Baseline band → proposal band → people (<c>none</c> for no band).</summary>
    public IReadOnlyDictionary<(string From, string To), long> Transitions =>
        new System.Collections.ObjectModel.ReadOnlyDictionary<(string From, string To), long>(new SortedDictionary<(string From, string To), long>(_transitions, Comparer<(string From, string To)>.Create((x, y) => string.CompareOrdinal(x.From, y.From) is var c && c != 0 ? c : string.CompareOrdinal(x.To, y.To))));

    /// <summary>
    /// The change in the annual indicative amount (proposal − baseline, £) of every compared row, in input
    /// order: the distribution that <see cref="Deciles"/> summarises.
    /// </summary>
    public IReadOnlyList<decimal> Changes => _changes.AsReadOnly();

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
    public IReadOnlyList<DecileChange> ChangeByBaselineDecile
    {
        get
        {
            var n = _changes.Count;
            var order = Enumerable.Range(0, n).OrderBy(i => _baselines[i]).ToArray();

            // For each sorted position, the tie group (same baseline) it belongs to: its first position, its size
            // and its total change.
            var groupStart = new int[n];
            var groupEnd = new int[n];
            var groupTotal = new decimal[n];
            for (var a = 0; a < n;)
            {
                var b = a;
                decimal total = 0;
                while (b < n && _baselines[order[b]] == _baselines[order[a]])
                {
                    total += _changes[order[b]];
                    b++;
                }

                for (var r = a; r < b; r++)
                {
                    groupStart[r] = a;
                    groupEnd[r] = b;
                    groupTotal[r] = total;
                }

                a = b;
            }

            var deciles = new List<DecileChange>(10);
            for (var d = 0; d < 10; d++)
            {
                var from = (int)(((long)d * n + 9) / 10);
                var to = (int)(((long)(d + 1) * n + 9) / 10);
                if (to <= from)
                {
                    continue;
                }

                decimal change = 0, baseline = 0;
                for (var r = from; r < to;)
                {
                    // The rows of this decile from r's tie group: the whole group, or its share of it.
                    var end = Math.Min(groupEnd[r], to);
                    var size = groupEnd[r] - groupStart[r];
                    change += end - r == size ? groupTotal[r] : groupTotal[r] * (end - r) / size;
                    baseline += _baselines[order[r]] * (end - r);
                    r = end;
                }

                var people = to - from;
                change = decimal.Round(change, 2, MidpointRounding.AwayFromZero);
                deciles.Add(new DecileChange(d + 1, _baselines[order[from]], _baselines[order[to - 1]], people,
                    decimal.Round(baseline / people, 2, MidpointRounding.AwayFromZero), change, decimal.Round(change / people, 2, MidpointRounding.AwayFromZero)));
            }

            return deciles.AsReadOnly();
        }
    }

    /// <summary>The 10th, 20th, … 90th percentiles of the change in pounds (nearest rank), or empty.</summary>
    public IReadOnlyList<decimal> Deciles
    {
        get
        {
            if (_changes.Count == 0)
            {
                return Array.Empty<decimal>();
            }

            var sorted = _changes.Order().ToArray();
            return Array.AsReadOnly(Enumerable.Range(1, 9).Select(k => sorted[Math.Max(0, (int)Math.Ceiling(k / 10.0 * sorted.Length) - 1)]).ToArray());
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
            foreach (var (name, rows) in new[] { ("byClientGroup", Sorted(_bucketsByGroup)), ("byBaselineBand", Sorted(_bucketsByBand)) })
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
            foreach (var (k, v) in Sorted(_changeByGroup))
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
        _changes.AddRange(other._changes);
        _baselines.AddRange(other._baselines);
        for (var b = 0; b < 5; b++)
        {
            _buckets[b] += other._buckets[b];
        }

        foreach (var (mine, theirs) in new[] { (_bucketsByGroup, other._bucketsByGroup), (_bucketsByBand, other._bucketsByBand) })
        {
            foreach (var (k, v) in theirs)
            {
                if (!mine.TryGetValue(k, out var counts))
                {
                    mine[k] = counts = new long[5];
                }

                for (var b = 0; b < 5; b++)
                {
                    counts[b] += v[b];
                }
            }
        }

        foreach (var (k, v) in other._changeByGroup)
        {
            _changeByGroup[k] = _changeByGroup.GetValueOrDefault(k) + v;
        }

        foreach (var (k, v) in other._transitions)
        {
            _transitions[k] = _transitions.GetValueOrDefault(k) + v;
        }
    }

    internal void AddRejected() => (RowsRead, Rejected) = (RowsRead + 1, Rejected + 1);

    internal void Add(string? group, string baselineBand, string proposalBand, decimal baseline, decimal proposal, decimal protectedAmount, bool wasEligible, bool isEligible, int bucket)
    {
        RowsRead++;
        Compared++;
        BaselineTotal += baseline;
        ProposalTotal += proposal;
        TotalChange += proposal - baseline;
        _changes.Add(proposal - baseline);
        _baselines.Add(baseline);
        if (protectedAmount != proposal)
        {
            Protected++;
            ProtectionCost += protectedAmount - proposal;
        }

        NewlyEligible += !wasEligible && isEligible ? 1 : 0;
        LosingEligibility += wasEligible && !isEligible ? 1 : 0;
        _buckets[bucket]++;
        Count(_bucketsByGroup, group ?? "(none)", bucket);
        Count(_bucketsByBand, baselineBand, bucket);
        _changeByGroup[group ?? "(none)"] = _changeByGroup.GetValueOrDefault(group ?? "(none)") + (proposal - baseline);
        _transitions[(baselineBand, proposalBand)] = _transitions.GetValueOrDefault((baselineBand, proposalBand)) + 1;
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

    private static void Count(Dictionary<string, long[]> map, string key, int bucket)
    {
        if (!map.TryGetValue(key, out var counts))
        {
            map[key] = counts = new long[5];
        }

        counts[bucket]++;
    }
}
