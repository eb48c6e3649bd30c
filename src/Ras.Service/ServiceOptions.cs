namespace Ras.Service;

/// <summary>The service's settings (section <c>Ras</c> of the configuration: appsettings.json, environment variables <c>Ras__Models</c>, or command-line options <c>--Ras:Models=…</c>).</summary>
internal sealed class ServiceOptions
{
    /// <summary>The folder of model files; empty for the repository's <c>models/</c> folder.</summary>
    public string Models { get; set; } = "";

    /// <summary>The model id used when a request names none.</summary>
    public string DefaultModel { get; set; } = "default-adult";

    /// <summary>The largest request body, in bytes, for everything but batches (1 MiB by default).</summary>
    public long MaxRequestBytes { get; set; } = 1 << 20;

    /// <summary>The largest batch request body, in bytes (256 MiB by default).</summary>
    public long MaxBatchBytes { get; set; } = 256L << 20;

    /// <summary>The models folder: <see cref="Models"/>, or the <c>models</c> folder of the repository the service runs from.</summary>
    public string ResolveModels(string contentRoot)
    {
        if (Models.Length > 0)
        {
            return Path.GetFullPath(Models, contentRoot);
        }

        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models");
            if (File.Exists(Path.Combine(dir.FullName, "Ras.Engine.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"no models folder: set Ras:Models (for example --Ras:Models=/srv/models); none was found above {contentRoot}");
    }
}
