using System.Globalization;
using Ras.Engine;

namespace Ras.Service;

/// <summary>The model routes: the versions loaded, a version's questionnaire, and validation of a model file.</summary>
internal static class ModelRoutes
{
    public static void MapModelRoutes(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/v1/models").WithTags("Models");

        models.MapGet("", (ModelFolder folder, Microsoft.Extensions.Options.IOptions<ServiceOptions> options) => Results.Json(new
        {
            defaultModel = options.Value.DefaultModel,
            models = folder.Registry.Models.Select(m => new
            {
                id = m.Id,
                version = m.Version,
                title = m.Title,
                effectiveFrom = m.EffectiveFrom,
                effectiveTo = m.EffectiveTo,
                hash = m.ContentHash,
                currency = m.Currency,
                illustrative = m.IsIllustrative,
            }),
        }))
            .WithSummary("The model versions loaded: id, version, effective dates (inclusive) and content hash.");

        models.MapGet("/{id}/questionnaire", (string id, string? asOf, ModelFolder folder) =>
        {
            if (!TryDate(asOf, out var date, out var problem))
            {
                return problem;
            }

            var registry = folder.Registry;
            if (!registry.Ids.Contains(id))
            {
                return Problems.Of(StatusCodes.Status404NotFound, "Unknown model", $"no model '{id}' is loaded (loaded: {string.Join(", ", registry.Ids.Order(StringComparer.Ordinal))})");
            }

            return registry.Find(id, date) is { } model
                ? Results.Json(model.Questionnaire)
                : Problems.Of(StatusCodes.Status404NotFound, "No version in force", $"no version of model '{id}' is in force on {date:yyyy-MM-dd}");
        })
            .WithSummary("The questionnaire of the version of a model in force on a date, for rendering a form.");

        models.MapPost("/validate", async (HttpContext context, Microsoft.Extensions.Options.IOptions<ServiceOptions> options, ILogger<ModelFolder> log) =>
        {
            var body = await Body.ReadAsync(context, options.Value.MaxRequestBytes);
            if (body is null)
            {
                return Problems.TooLarge(options.Value.MaxRequestBytes);
            }

            var model = RasModel.TryLoad(new MemoryStream(body), "request", out var errors);
            Log.Validated(log, model is null ? "invalid" : "valid", errors.Count);
            return model is null
                ? Problems.Of(StatusCodes.Status422UnprocessableEntity, "Invalid model", $"the model has {errors.Count} problem{(errors.Count == 1 ? "" : "s")}", errors.Select(Problems.Json))
                : Results.Json(new { valid = true, id = model.Id, version = model.Version, hash = model.ContentHash });
        })
            .Accepts<object>("application/json")
            .WithSummary("Validates a model file: every problem, each with its JSON path, as problem details (422); or the id, version and hash.");
    }

    internal static bool TryDate(string? text, out DateOnly date, out IResult problem)
    {
        problem = Results.Empty;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        problem = Problems.Of(StatusCodes.Status400BadRequest, "Invalid date", $"asOf must be a date as yyyy-MM-dd; found '{text}'");
        return false;
    }
}
