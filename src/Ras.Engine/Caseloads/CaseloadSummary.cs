using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Ras.Engine.Allocation;

namespace Ras.Engine.Caseloads;

/// <summary>
/// What a caseload run did: rows read, allocated and rejected (read = allocated + rejected), counts by
/// eligibility, band and client group, the total and mean indicative budget, and file-level warnings.
/// </summary>
public sealed class CaseloadSummary
{
    private readonly Tally _byEligibility = new();
    private readonly Tally _byOffer = new();
    private readonly Tally _byBand = new();
    private readonly Tally _byClientGroup = new();
    private readonly Tally _errorsByCode = new();
    private readonly List<string> _warnings = new();

    internal CaseloadSummary()
    {
    }

    /// <summary>Rows read (each yields one output row).</summary>
    public long RowsRead { get; private set; }

    /// <summary>Rows allocated.</summary>
    public long Allocated { get; private set; }

    /// <summary>Rows rejected (an error row each).</summary>
    public long Rejected { get; private set; }

    /// <summary>Allocated rows by eligibility determination (<c>eligible</c>, <c>notEligible</c>).</summary>
    public IReadOnlyDictionary<string, long> ByEligibility => _byEligibility.Sorted();

    /// <summary>Allocated rows by offer (<c>personalBudget</c>, <c>preventativeSupport</c>, <c>none</c>).</summary>
    public IReadOnlyDictionary<string, long> ByOffer => _byOffer.Sorted();

    /// <summary>Allocated rows by band (<c>none</c> when not eligible).</summary>
    public IReadOnlyDictionary<string, long> ByBand => _byBand.Sorted();

    /// <summary>All rows by client group (<c>(none)</c> when not given).</summary>
    public IReadOnlyDictionary<string, long> ByClientGroup => _byClientGroup.Sorted();

    /// <summary>Rejected rows by the code of their first error.</summary>
    public IReadOnlyDictionary<string, long> RejectedByCode => _errorsByCode.Sorted();

    /// <summary>The sum of the allocated rows' annual indicative amounts (each already rounded).</summary>
    public decimal TotalIndicative { get; private set; }

    /// <summary>The sum of the allocated rows' annual lower amounts.</summary>
    public decimal TotalLower { get; private set; }

    /// <summary>The sum of the allocated rows' annual upper amounts.</summary>
    public decimal TotalUpper { get; private set; }

    /// <summary>The mean annual indicative amount over allocated rows, to the penny (midpoints away from zero); 0 when none.</summary>
    public decimal MeanIndicative => Allocated == 0 ? 0m : decimal.Round(TotalIndicative / Allocated, 2, MidpointRounding.AwayFromZero);

    /// <summary>Allocated rows offered a budget: a personal budget or preventative support.</summary>
    public long WithBudget { get; private set; }

    /// <summary>Allocated rows determined eligible.</summary>
    public long Eligible { get; private set; }

    /// <summary>The sum of the annual indicative amounts of the rows determined eligible.</summary>
    public decimal TotalIndicativeEligible { get; private set; }

    /// <summary>The mean annual indicative amount per person offered a budget (<see cref="WithBudget"/>), to the penny (midpoints away from zero); 0 when none.</summary>
    public decimal MeanIndicativePerBudget => WithBudget == 0 ? 0m : decimal.Round(TotalIndicative / WithBudget, 2, MidpointRounding.AwayFromZero);

    /// <summary>The mean annual indicative amount per person determined eligible (<see cref="Eligible"/>), to the penny (midpoints away from zero); 0 when none.</summary>
    public decimal MeanIndicativePerEligible => Eligible == 0 ? 0m : decimal.Round(TotalIndicativeEligible / Eligible, 2, MidpointRounding.AwayFromZero);

    /// <summary>File-level warnings (unknown columns, blank lines, cancellation).</summary>
    public IReadOnlyList<string> Warnings => _warnings.AsReadOnly();

    /// <summary>The summary as indented JSON.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("rowsRead", RowsRead);
            w.WriteNumber("allocated", Allocated);
            w.WriteNumber("rejected", Rejected);
            Map(w, "byEligibility", _byEligibility.Sorted());
            Map(w, "byOffer", _byOffer.Sorted());
            Map(w, "byBand", _byBand.Sorted());
            Map(w, "byClientGroup", _byClientGroup.Sorted());
            Map(w, "rejectedByCode", _errorsByCode.Sorted());
            w.WriteNumber("totalLower", TotalLower);
            w.WriteNumber("totalIndicative", TotalIndicative);
            w.WriteNumber("totalUpper", TotalUpper);
            w.WriteNumber("meanIndicative", MeanIndicative);
            w.WriteNumber("withBudget", WithBudget);
            w.WriteNumber("meanIndicativePerBudget", MeanIndicativePerBudget);
            w.WriteNumber("eligible", Eligible);
            w.WriteNumber("meanIndicativePerEligible", MeanIndicativePerEligible);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Add(string? clientGroup, bool ok, EligibilityStatus eligibility, Offer offer, string? band, BudgetRange annual, string? errorCode)
    {
        RowsRead++;
        _byClientGroup.Add(clientGroup ?? "(none)", 1);
        if (!ok)
        {
            Rejected++;
            _errorsByCode.Add(errorCode ?? "error", 1);
            return;
        }

        Allocated++;
        _byEligibility.Add(ResultJson.EligibilityCode(eligibility), 1);
        _byOffer.Add(ResultJson.OfferCode(offer), 1);
        _byBand.Add(band ?? "none", 1);
        TotalLower += annual.Lower;
        TotalIndicative += annual.Indicative;
        TotalUpper += annual.Upper;
        WithBudget += offer == Offer.None ? 0 : 1;
        if (eligibility == EligibilityStatus.Eligible)
        {
            Eligible++;
            TotalIndicativeEligible += annual.Indicative;
        }
    }

    internal void Merge(CaseloadSummary other)
    {
        RowsRead += other.RowsRead;
        Allocated += other.Allocated;
        Rejected += other.Rejected;
        TotalLower += other.TotalLower;
        TotalIndicative += other.TotalIndicative;
        TotalUpper += other.TotalUpper;
        WithBudget += other.WithBudget;
        Eligible += other.Eligible;
        TotalIndicativeEligible += other.TotalIndicativeEligible;
        _byEligibility.Merge(other._byEligibility);
        _byOffer.Merge(other._byOffer);
        _byBand.Merge(other._byBand);
        _byClientGroup.Merge(other._byClientGroup);
        _errorsByCode.Merge(other._errorsByCode);
    }

    /// <summary>Empties the counts, to count another block with the same object.</summary>
    internal void Clear()
    {
        RowsRead = Allocated = Rejected = WithBudget = Eligible = 0;
        TotalLower = TotalIndicative = TotalUpper = TotalIndicativeEligible = 0m;
        _byEligibility.Clear();
        _byOffer.Clear();
        _byBand.Clear();
        _byClientGroup.Clear();
        _errorsByCode.Clear();
        _warnings.Clear();
    }

    private static void Map(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, long> map)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in map)
        {
            w.WriteNumber(k, v);
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// Counts by key. The keys are few (a model's codes) and are usually the same string objects row after row, so
    /// a short list found by reference first is much cheaper per row than a sorted or hashed dictionary; the counts
    /// are sorted (ordinal) only when read.
    /// </summary>
    private sealed class Tally
    {
        private const int ListLimit = 32;
        private readonly List<string> _keys = new();
        private readonly List<long> _counts = new();
        private Dictionary<string, long>? _many;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(string key, long count)
        {
            if (_many is not null)
            {
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_many, key, out _) += count;
                return;
            }

            var keys = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_keys);
            for (var i = 0; i < keys.Length; i++)
            {
                if (ReferenceEquals(keys[i], key))
                {
                    System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_counts)[i] += count;
                    return;
                }
            }

            for (var i = 0; i < keys.Length; i++)
            {
                if (string.Equals(keys[i], key, StringComparison.Ordinal))
                {
                    System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_counts)[i] += count;
                    return;
                }
            }

            if (keys.Length == ListLimit)
            {
                // Many different keys (client groups of rejected rows can be any text): a dictionary from here on.
                _many = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var (k, c) in Pairs())
                {
                    _many[k] = c;
                }

                _keys.Clear();
                _counts.Clear();
                Add(key, count);
                return;
            }

            _keys.Add(key);
            _counts.Add(count);
        }

        public void Merge(Tally other)
        {
            foreach (var (k, c) in other.Pairs())
            {
                Add(k, c);
            }
        }

        public void Clear()
        {
            _keys.Clear();
            _counts.Clear();
            _many = null;
        }

        public IReadOnlyDictionary<string, long> Sorted()
        {
            var sorted = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var (k, c) in Pairs())
            {
                sorted[k] = c;
            }

            return new System.Collections.ObjectModel.ReadOnlyDictionary<string, long>(sorted);
        }

        private IEnumerable<KeyValuePair<string, long>> Pairs() =>
            _many ?? _keys.Select((k, i) => new KeyValuePair<string, long>(k, _counts[i]));
    }
}
