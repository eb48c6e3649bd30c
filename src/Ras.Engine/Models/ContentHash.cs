using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Ras.Engine.Models;

/// <summary>
/// SHA-256 of a model's canonical form: the model as <see cref="ModelWriter"/> writes it canonically (defaults explicit,
/// the rounding mode under its first name <c>midpoint</c>),
/// members sorted by ordinal name, no whitespace, numbers written as their shortest exact decimal (so
/// <c>1.50</c> and <c>1.5</c> hash alike), strings in a fixed escaping. Stable under whitespace, member order
/// and omitted defaults.
/// </summary>
internal static class ContentHash
{
    public static string Of(ModelDefinition definition)
    {
        using var document = JsonDocument.Parse(ModelWriter.Write(definition, canonical: true));
        return Compute(document.RootElement);
    }

    public static string Compute(JsonElement root)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, root, isRoot: true);
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void Write(Utf8JsonWriter w, JsonElement e, bool isRoot)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in e.EnumerateObject().Where(p => !(isRoot && p.Name == "$schema")).OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    w.WritePropertyName(p.Name);
                    Write(w, p.Value, isRoot: false);
                }

                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in e.EnumerateArray())
                {
                    Write(w, item, isRoot: false);
                }

                w.WriteEndArray();
                break;
            case JsonValueKind.Number:
                w.WriteRawValue(CanonicalNumber(e), skipInputValidation: true);
                break;
            default:
                e.WriteTo(w);
                break;
        }
    }

    private static string CanonicalNumber(JsonElement e)
    {
        if (e.TryGetDecimal(out var d))
        {
            // G29 drops trailing zeros; "0.############################" keeps plain notation.
            return d.ToString("0.############################", CultureInfo.InvariantCulture);
        }

        return e.GetDouble().ToString("R", CultureInfo.InvariantCulture);
    }
}
