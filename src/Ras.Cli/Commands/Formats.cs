using Ras.Engine.Caseloads;

namespace Ras.Cli.Commands;

/// <summary>Chooses a caseload format from a flag, or else from the file extension.</summary>
internal static class Formats
{
    public static CaseloadFormat Choose(string? flag, string path, string option) => flag switch
    {
        "csv" => CaseloadFormat.Csv,
        "jsonl" => CaseloadFormat.JsonLines,
        null when path == OutputFile.StandardStream => throw new UsageException($"give {option} csv|jsonl for standard input or output ('-'): there is no file extension to go by"),
        null => Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => CaseloadFormat.Csv,
            ".jsonl" or ".ndjson" => CaseloadFormat.JsonLines,
            var ext => throw new UsageException($"cannot tell the format of '{path}' from its extension '{ext}'; name it .csv or .jsonl, or give {option} csv|jsonl"),
        },
        _ => throw new UsageException($"{option} must be 'csv' or 'jsonl', not '{flag}'"),
    };

    /// <summary><c>--encoding utf-8|windows-1252</c> (UTF-8 when absent).</summary>
    public static Ras.Engine.CaseloadEncoding Encoding(string? flag) => flag?.ToLowerInvariant() switch
    {
        null or "utf-8" or "utf8" => Ras.Engine.CaseloadEncoding.Utf8,
        "windows-1252" or "cp1252" => Ras.Engine.CaseloadEncoding.Windows1252,
        _ => throw new UsageException($"--encoding must be 'utf-8' or 'windows-1252', not '{flag}'"),
    };

    /// <summary>Opens a caseload for reading: a file, or standard input for <c>-</c>.</summary>
    public static Stream OpenInput(string path) =>
        path == OutputFile.StandardStream ? Console.OpenStandardInput() : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
}
