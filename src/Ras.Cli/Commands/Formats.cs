using Ras.Engine.Caseloads;

namespace Ras.Cli.Commands;

/// <summary>Chooses a caseload format from a flag, or else from the file extension.</summary>
internal static class Formats
{
    public static CaseloadFormat Choose(string? flag, string path, string option) => flag switch
    {
        "csv" => CaseloadFormat.Csv,
        "jsonl" => CaseloadFormat.JsonLines,
        null => Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => CaseloadFormat.Csv,
            ".jsonl" or ".ndjson" => CaseloadFormat.JsonLines,
            var ext => throw new UsageException($"cannot tell the format of '{path}' from its extension '{ext}'; name it .csv or .jsonl, or give {option} csv|jsonl"),
        },
        _ => throw new UsageException($"{option} must be 'csv' or 'jsonl', not '{flag}'"),
    };
}
