using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Ras.Engine;
using Ras.Service;

var builder = WebApplication.CreateBuilder(args);
builder.Services.Configure<ServiceOptions>(builder.Configuration.GetSection("Ras"));
builder.Services.AddSingleton(services =>
{
    var options = services.GetRequiredService<IOptions<ServiceOptions>>().Value;
    var log = services.GetRequiredService<ILogger<ModelFolder>>();
    var folder = ModelFolder.Open(options.ResolveModels(builder.Environment.ContentRootPath));
    Log.ModelsLoaded(log, folder.Path, folder.Registry.Models.Count);
    folder.Reloaded += (_, e) =>
    {
        if (e.Succeeded)
        {
            Log.ModelsLoaded(log, folder.Path, folder.Registry.Models.Count);
        }
        else
        {
            Log.ModelsReloadFailed(log, folder.Path, e.Errors.Count, e.Errors[0].Message);
        }
    };
    return folder;
});
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
{
    document.Info.Title = "Ras.Engine service";
    document.Info.Description = "Personal budget allocation for adult social care: models, questionnaires, allocations, batches and model validation. See docs/service.md.";
    return Task.CompletedTask;
}));
builder.Services.AddHealthChecks().AddCheck<ModelsHealthCheck>("models");

var app = builder.Build();

// Load the models before the first request, so that a bad folder stops the service at start.
app.Services.GetRequiredService<ModelFolder>();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapOpenApi();
app.MapHealthChecks("/healthz", new HealthCheckOptions { ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status200OK } });
app.MapModelRoutes();
app.MapAllocationRoutes();
app.Run();

/// <summary>The service's entry point (public for <c>WebApplicationFactory</c> in the tests).</summary>
public partial class Program
{
    private Program()
    {
    }
}
