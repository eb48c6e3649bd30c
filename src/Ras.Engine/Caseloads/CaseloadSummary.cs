using System.Globalization;
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
    private readonly SortedDictionary<string, long> _byEligibility = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _byOffer = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _byBand = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _byClientGroup = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _errorsByCode = new(StringComparer.Ordinal);
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
    public IReadOnlyDictionary<string, long> ByEligibility => new System.Collections.ObjectModel.ReadOnlyDictionary<string, long>(_byEligibility);

    /// <summary>Allocated rows by offer (<c>personalBudget</c>, <c>preventativeSupport</c>, <c>none</c>).</summary>
    public IReadOnlyDictionary<string, long> ByOffer => new System.Collections.ObjectModel.ReadOnlyDictionary<string, long>(_byOffer);

    /// <summary>Allocated rows by band (<c>none</c> when not eligible).</summary>
    public IReadOnlyDictionary<string, long> ByBand => new System.Collections.ObjectModel.ReadOnlyDictionary<string, long>(_byBand);

    /// <summary>All rows by client group (<c>(none)</c> when not given).</summary>
    public IReadOnlyDictionary<string, long> ByClientGroup => new System.Collections.ObjectModel.ReadOnlyDictionary<string, long>(_byClientGroup);

    /// <summary>Rejected rows by the code of their first error.</summary>
    public IReadOnlyDictionary<string, long> RejectedByCode => new System.Collections.ObjectModel.ReadOnlyDictionary<string, long>(_errorsByCode);

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
            Map(w, "byEligibility", _byEligibility);
            Map(w, "byOffer", _byOffer);
            Map(w, "byBand", _byBand);
            Map(w, "byClientGroup", _byClientGroup);
            Map(w, "rejectedByCode", _errorsByCode);
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

    internal void Add(string? clientGroup, bool ok, EligibilityStatus eligibility, Offer offer, string? band, BudgetRange annual, string? errorCode)
    {
        RowsRead++;
        Increment(_byClientGroup, clientGroup ?? "(none)");
        if (!ok)
        {
            Rejected++;
            Increment(_errorsByCode, errorCode ?? "error");
            return;
        }

        Allocated++;
        Increment(_byEligibility, ResultJson.EligibilityCode(eligibility));
        Increment(_byOffer, ResultJson.OfferCode(offer));
        Increment(_byBand, band ?? "none");
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
        foreach (var (mine, theirs) in new[] { (_byEligibility, other._byEligibility), (_byOffer, other._byOffer), (_byBand, other._byBand), (_byClientGroup, other._byClientGroup), (_errorsByCode, other._errorsByCode) })
        {
            foreach (var (k, v) in theirs)
            {
                mine[k] = mine.GetValueOrDefault(k) + v;
            }
        }
    }

    private static void Increment(SortedDictionary<string, long> map, string key) => map[key] = map.GetValueOrDefault(key) + 1;

    private static void Map(Utf8JsonWriter w, string name, SortedDictionary<string, long> map)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in map)
        {
            w.WriteNumber(k, v);
        }

        w.WriteEndObject();
    }
}
