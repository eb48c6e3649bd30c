using System.Globalization;
using System.Text.Json.Nodes;
using Ras.Engine;

namespace Ras.Calibration;

/// <summary>
/// How a calibration writes a new model version from its base, whatever it fits: the base's JSON with the next
/// minor version (or the one asked for), a title saying what was calibrated, the effective-from date asked for,
/// the provenance sentence before the base's description, and validation as any model is validated.
/// </summary>
internal static class NewModelVersion
{
    /// <summary>The base model's JSON with its version, title and effective dates set; returns the version.</summary>
    public static (JsonNode Node, string Version) Start(RasModel baseModel, string? version, DateOnly? effectiveFrom, string titleSuffix)
    {
        var node = JsonNode.Parse(baseModel.ToJson())!;
        var newVersion = version ?? NextMinor(baseModel.Version);
        node["version"] = newVersion;
        node["title"] = baseModel.Title + " " + titleSuffix;
        if (effectiveFrom is { } from)
        {
            node["effectiveFrom"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (baseModel.EffectiveTo is { } to && to < from)
            {
                node.AsObject().Remove("effectiveTo");
            }
        }

        return (node, newVersion);
    }

    /// <summary>
    /// Puts the provenance before the base's description and loads the model, validated; null with every
    /// problem added to <paramref name="errors"/> when it is not valid.
    /// </summary>
    public static RasModel? Finish(JsonNode node, RasModel baseModel, string provenance, List<string> errors)
    {
        node["description"] = provenance + " " + ModelShape.Of(baseModel).Description;
        var model = RasModel.TryLoad(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(node.ToJsonString())), "calibrated model", out var problems);
        if (model is null)
        {
            errors.AddRange(problems.Select(e => "the calibrated model is not valid: " + e.Message));
        }

        return model;
    }

    /// <summary>A fitted figure as written into a model: to <paramref name="decimals"/> places, halves away from zero.</summary>
    public static decimal Round(double value, int decimals) => decimal.Round((decimal)value, decimals, MidpointRounding.AwayFromZero);

    private static string NextMinor(string version)
    {
        var core = version.Split('-')[0].Split('.');
        return $"{core[0]}.{int.Parse(core[1], CultureInfo.InvariantCulture) + 1}.0";
    }
}
