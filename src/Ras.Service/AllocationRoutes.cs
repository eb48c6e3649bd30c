using System.Buffers;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using Ras.Engine;
using Ras.Engine.Allocation;

namespace Ras.Service;

/// <summary>Allocations: one assessment (JSON), or a batch (JSON Lines in, JSON Lines out, streamed, in order).</summary>
internal static class AllocationRoutes
{
    /// <summary>Result lines are sent at least every this many rows (and at the end).</summary>
    internal const int FlushEvery = 64;

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static void MapAllocationRoutes(this IEndpointRouteBuilder app)
    {
        var allocations = app.MapGroup("/v1/allocations").WithTags("Allocations");

        allocations.MapPost("", async (HttpContext context, string? model, bool? explain, ModelFolder folder, IOptions<ServiceOptions> options, ILogger<AllocationOutcome> log) =>
        {
            var registry = folder.Registry;
            var id = model ?? options.Value.DefaultModel;
            if (!registry.Ids.Contains(id))
            {
                return UnknownModel(id, registry);
            }

            var body = await Body.ReadAsync(context, options.Value.MaxRequestBytes);
            if (body is null)
            {
                return Problems.TooLarge(options.Value.MaxRequestBytes);
            }

            var outcome = registry.AllocateJson(id, Encoding.UTF8.GetString(body), explain ?? false);
            Log.Allocated(log, id, outcome.IsSuccess ? "ok" : "error", string.Join(' ', outcome.Errors.Select(e => e.Code).Distinct()), explain ?? false);
            return outcome.IsSuccess
                ? Results.Text(outcome.ToJson(), "application/json", Encoding.UTF8)
                : Problems.Of(StatusCodes.Status422UnprocessableEntity, "The assessment cannot be allocated", string.Join("; ", outcome.Errors.Select(e => e.Message)), outcome.Errors.Select(Problems.Json));
        })
            .Accepts<object>("application/json")
            .WithSummary("Allocates one assessment with the model version in force on its as-of date; explain=true adds the explanation. The result is the engine's result JSON; an assessment that cannot be allocated gives problem details (422) listing every error.");

        allocations.MapPost("/batch", async (HttpContext context, string? model, bool? explain, ModelFolder folder, IOptions<ServiceOptions> options, ILogger<AllocationOutcome> log) =>
        {
            var registry = folder.Registry;
            var id = model ?? options.Value.DefaultModel;
            if (!registry.Ids.Contains(id))
            {
                return UnknownModel(id, registry);
            }

            if (context.Request.ContentLength > options.Value.MaxBatchBytes)
            {
                return Problems.TooLarge(options.Value.MaxBatchBytes);
            }

            var clock = Stopwatch.StartNew();
            long rows = 0, allocated = 0;
            context.Response.ContentType = "application/x-ndjson; charset=utf-8";
            var output = context.Response.BodyWriter;
            try
            {
                await foreach (var outcome in registry.AllocateJsonManyAsync(id, Body.LinesAsync(context, options.Value.MaxBatchBytes), explain ?? false, context.RequestAborted))
                {
                    rows++;
                    allocated += outcome.IsSuccess ? 1 : 0;
                    output.Write(Encoding.UTF8.GetBytes(outcome.ToJson(indented: false)));
                    output.Write(NewLine);
                    if (rows % FlushEvery == 0)
                    {
                        await output.FlushAsync(context.RequestAborted);
                    }
                }
            }
            catch (Exception ex) when (ex is Body.TooLargeException || (ex is BadHttpRequestException b && b.StatusCode == StatusCodes.Status413PayloadTooLarge))
            {
                if (!context.Response.HasStarted)
                {
                    return Problems.TooLarge(options.Value.MaxBatchBytes);
                }

                // The rows so far are written; the response ends without the rest, and the client sees fewer
                // result lines than it sent.
                context.Abort();
            }

            Log.BatchDone(log, id, rows, allocated, rows - allocated, clock.ElapsedMilliseconds);
            return Results.Empty;
        })
            .Accepts<string>("application/x-ndjson")
            .WithSummary("Allocates a JSON Lines stream of assessments: one result line per input line, in order, streamed. A line that cannot be allocated gives an error line naming the line number.");
    }

    private static IResult UnknownModel(string id, ModelRegistry registry) =>
        Problems.Of(StatusCodes.Status404NotFound, "Unknown model", $"no model '{id}' is loaded (loaded: {string.Join(", ", registry.Ids.Order(StringComparer.Ordinal))})");
}
