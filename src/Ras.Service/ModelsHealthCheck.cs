using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ras.Engine;

namespace Ras.Service;

/// <summary>Healthy with models loaded; degraded (still serving the last good models) when the last reload failed.</summary>
internal sealed class ModelsHealthCheck(ModelFolder folder) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            folder.LastErrors.Count > 0
                ? HealthCheckResult.Degraded($"the last reload of {folder.Path} failed: {folder.LastErrors[0].Message}")
                : folder.Registry.Models.Count == 0
                    ? HealthCheckResult.Unhealthy($"no models in {folder.Path}")
                    : HealthCheckResult.Healthy($"{folder.Registry.Models.Count} model versions"));
}
