using System.Text.Json.Nodes;
using Ras.Engine;

namespace Ras.Calibration;

/// <summary>
/// What calibration needs to know of a model's structure, read from the model's own JSON (<see cref="RasModel.ToJson"/>,
/// the published model format): calibration writes new versions by editing that JSON, so it reads it too, and
/// depends on nothing of the engine but its public API.
/// </summary>
internal sealed class ModelShape
{
    private ModelShape(JsonNode root)
    {
        var pricing = root["pricing"]!;
        PricingBasis = pricing["basis"]?.GetValue<string>();
        PricedPerWeek = pricing["per"]?.GetValue<string>() == "week";
        Bands = (pricing["bands"]?.AsArray() ?? new JsonArray())
            .Select(b => (b!["id"]!.GetValue<string>(), b["minPoints"]!.GetValue<int>(), b["maxPoints"]?.GetValue<int>()))
            .ToList().AsReadOnly();
        AddOnCount = root["addOns"]?.AsArray().Count ?? 0;
        CarerDeductions = (root["adjustments"]?.AsArray() ?? new JsonArray())
            .Select((a, i) => (Kind: a!["kind"]?.GetValue<string>(), i))
            .Where(x => x.Kind == "carerDeduction").Select(x => x.i).ToList().AsReadOnly();
        Description = root["description"]?.GetValue<string>();
        QuestionIds = (root["domains"]?.AsArray() ?? new JsonArray())
            .SelectMany(d => d!["questions"]!.AsArray()).Select(q => q!["id"]!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);
        if (root["directionOfTravel"] is JsonObject dot)
        {
            DirectionOfTravel = new RiskShape(
                dot["intercept"]?.GetValue<decimal>() ?? 0m,
                dot["horizonMonths"]?.GetValue<int>() ?? 0,
                dot["riskFactors"]!.AsArray().Select(f => new RiskFactorShape(
                    f!["id"]!.GetValue<string>(),
                    f["levels"]!.AsArray().Select(l => new RiskLevelShape(l!["code"]!.GetValue<string>(), l["weight"]?.GetValue<decimal>() ?? 0m)).ToList().AsReadOnly())).ToList().AsReadOnly());
        }
    }

    /// <summary>The derived quantity the prices apply to (<c>pricing.basis</c>), or null for points.</summary>
    public string? PricingBasis { get; }

    /// <summary>True when the prices are stated per week (<c>pricing.per</c>).</summary>
    public bool PricedPerWeek { get; }

    /// <summary>The price bands (id, lowest and highest points, both inclusive); empty when not priced by bands.</summary>
    public IReadOnlyList<(string Id, int Min, int? Max)> Bands { get; }

    public int AddOnCount { get; }

    /// <summary>The indexes of the carer-deduction adjustments.</summary>
    public IReadOnlyList<int> CarerDeductions { get; }

    public string? Description { get; }

    public IReadOnlySet<string> QuestionIds { get; }

    public RiskShape? DirectionOfTravel { get; }

    public static ModelShape Of(RasModel model) => new(JsonNode.Parse(model.ToJson())!);

    /// <summary>The direction-of-travel rule's risk model: intercept, horizon and risk factors.</summary>
    internal sealed record RiskShape(decimal Intercept, int HorizonMonths, IReadOnlyList<RiskFactorShape> RiskFactors);

    /// <summary>A risk factor and its levels, in the model's order (the first is the reference).</summary>
    internal sealed record RiskFactorShape(string Id, IReadOnlyList<RiskLevelShape> Levels);

    /// <summary>A risk factor level's code and weight.</summary>
    internal sealed record RiskLevelShape(string Code, decimal Weight);
}
