using System.Runtime.CompilerServices;
using Ras.Engine.Allocation;
using Ras.Engine.Rules;

namespace Ras.Engine.Caseloads;

/// <summary>
/// The encoded output form of the texts that come from the models and repeat row after row (model ids and
/// versions, client groups, band ids as the evaluator names them, eligibility and offer codes), found by identity,
/// so that a result row encodes only its case id and amounts. Any other text (a client group of a model that lists
/// none, one read from JSON) is encoded as it comes. Built once per run; immutable, so workers share it.
/// </summary>
internal sealed class ModelTexts
{
    private readonly (string? Text, byte[] Encoded)[] _slots;
    private readonly Action<Utf8Buffer, string> _encode;

    /// <param name="models">The models whose texts repeat.</param>
    /// <param name="encode">How a text is written (a CSV field, neutralised or not; a JSON string).</param>
    public ModelTexts(IEnumerable<RasModel> models, Action<Utf8Buffer, string> encode)
    {
        _encode = encode;
        var texts = new HashSet<string>(ReferenceEqualityComparer.Instance);
        foreach (var m in models)
        {
            var c = m.Compiled;
            var bands = Enumerable.Range(0, m.Definition.Pricing.Bands.Count).Select(b => c.BandId((short)b)).Append(c.BandId(Priced.PreventativeBand));
            texts.UnionWith(new[] { m.Id, m.Version }.Concat(m.Definition.ClientGroups).Concat(bands.OfType<string>()));
        }

        texts.UnionWith(Enum.GetValues<EligibilityStatus>().Select(ResultJson.EligibilityCode));
        texts.UnionWith(Enum.GetValues<Offer>().Select(ResultJson.OfferCode));
        var size = 16;
        while (size < texts.Count * 4)
        {
            size *= 2;
        }

        _slots = new (string?, byte[])[size];
        var encoded = new Utf8Buffer(256);
        foreach (var text in texts)
        {
            var i = RuntimeHelpers.GetHashCode(text) & (size - 1);
            while (_slots[i].Text is not null)
            {
                i = (i + 1) & (size - 1);
            }

            encode(encoded.Clear(), text);
            _slots[i] = (text, encoded.Written.ToArray());
        }
    }

    /// <summary>Appends the text as the encoder writes it (nothing for null): from the table when it is one of the models' own.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(Utf8Buffer o, string? text)
    {
        if (text is null)
        {
            return;
        }

        var mask = _slots.Length - 1;
        for (var i = RuntimeHelpers.GetHashCode(text) & mask; _slots[i].Text is { } known; i = (i + 1) & mask)
        {
            if (ReferenceEquals(known, text))
            {
                o.Append(_slots[i].Encoded);
                return;
            }
        }

        _encode(o, text);
    }
}
