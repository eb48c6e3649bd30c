using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Ras.Engine;
using Ras.Engine.Caseloads;

namespace Ras.Cli.Parsing;

/// <summary>
/// Every option value is parsed here, one way for each kind (whole numbers, numbers, percentages, dates, lists,
/// formats): invariant culture, an explicit range, and a message that names the option, what was expected and
/// what was given. A value out of range is a usage error (exit 2) reported with every other problem of the line.
/// </summary>
internal static class OptionValues
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The most threads a run may use: far more than any machine's cores, small enough to start.</summary>
    public const int MaxThreads = 256;

    /// <summary>The most rows <c>ras generate</c> writes (about 20 GB of CSV).</summary>
    public const long MaxGeneratedRows = 100_000_000;

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<long?> WholeNumber(string name, string description, long min, long max, string helpName = "N")
    {
        var option = new Option<long?>(name) { Description = description, HelpName = helpName };
        option.CustomParser = r => ParseWhole(r, name, min, max);
        return option;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or <paramref name="fallback"/> when absent.</summary>
    public static Option<int> WholeNumber(string name, string description, int min, int max, int fallback, string helpName = "N")
    {
        var option = new Option<int>(name) { Description = description, HelpName = helpName, DefaultValueFactory = _ => fallback };
        option.CustomParser = r => r.Tokens.Count == 0 ? fallback : (int)(ParseWhole(r, name, min, max) ?? fallback);
        return option;
    }

    /// <summary><c>--threads N</c>: 1 to <see cref="MaxThreads"/>; 0 (one per core) when absent.</summary>
    public static Option<int> Threads()
    {
        // No default value factory: absent is 0, and help should not show "[default: 0]".
        const string name = "--threads";
        var option = new Option<int>(name) { Description = "Threads to use (default: one per core). The output never depends on it.", HelpName = "N" };
        option.CustomParser = r => (int)(ParseWhole(r, name, 1, MaxThreads) ?? 0);
        return option;
    }

    /// <summary>A number (invariant culture, no exponent) from <paramref name="min"/> to <paramref name="max"/>, or <paramref name="fallback"/> when absent.</summary>
    public static Option<decimal?> Number(string name, string description, decimal min, decimal max, decimal? fallback, string helpName = "NUMBER")
    {
        var option = new Option<decimal?>(name) { Description = description, HelpName = helpName };
        if (fallback is not null)
        {
            option.DefaultValueFactory = _ => fallback;
        }

        option.CustomParser = r => r.Tokens.Count == 0 ? fallback : ParseNumber(r, r.Tokens[0].Value, name, min, max);
        return option;
    }

    /// <summary>A percentage from <paramref name="min"/> to <paramref name="max"/>, written with or without a trailing <c>%</c>.</summary>
    public static Option<decimal?> Percentage(string name, string description, decimal min, decimal max, decimal? fallback)
    {
        var option = new Option<decimal?>(name) { Description = description, HelpName = "PCT" };
        if (fallback is not null)
        {
            option.DefaultValueFactory = _ => fallback;
        }

        option.CustomParser = r =>
        {
            if (r.Tokens.Count == 0)
            {
                return fallback;
            }

            var text = r.Tokens[0].Value;
            return ParseNumber(r, text.EndsWith('%') ? text[..^1] : text, name, min, max, text, "a percentage");
        };
        return option;
    }

    /// <summary>An ISO date (<c>yyyy-MM-dd</c>), or null when absent.</summary>
    public static Option<DateOnly?> Date(string name, string description)
    {
        var option = new Option<DateOnly?>(name) { Description = description, HelpName = "DATE" };
        option.CustomParser = r =>
        {
            if (r.Tokens.Count == 0)
            {
                return null;
            }

            var text = r.Tokens[0].Value;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var date))
            {
                return date;
            }

            r.AddError($"{name} must be a date written yyyy-MM-dd, such as 2026-11-01, not '{text}'");
            return null;
        };
        return option;
    }

    /// <summary>One of <paramref name="choices"/>, offered to shell completion and named in the message when another is given.</summary>
    public static Option<string?> Choice(string name, string description, params string[] choices)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = string.Join('|', choices) };
        option.CompletionSources.Add(choices);
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && Array.IndexOf(choices, r.Tokens[0].Value) < 0)
            {
                r.AddError($"{name} must be {Alternatives(choices)}, not '{r.Tokens[0].Value}'");
            }
        });
        return option;
    }

    /// <summary><c>--format csv|jsonl</c> (and <c>parquet</c> where <paramref name="parquet"/>) and the like: a caseload format, or null to go by the file's extension.</summary>
    public static Option<string?> CaseloadFormatOption(string name, string description, bool parquet = false) =>
        parquet ? Choice(name, description, "csv", "jsonl", "parquet") : Choice(name, description, "csv", "jsonl");

    /// <summary>True when a file is Parquet: <c>--format parquet</c>, or no flag and the extension <c>.parquet</c>.</summary>
    public static bool IsParquet(string? flag, string path) =>
        flag == "parquet" || (flag is null && path != OutputFile.StandardStream && Path.GetExtension(path).Equals(".parquet", StringComparison.OrdinalIgnoreCase));

    /// <summary><c>--encoding utf-8|windows-1252</c>: how a caseload's bytes are read (UTF-8 when absent; <c>utf8</c> and <c>cp1252</c> are accepted too).</summary>
    public static Option<CaseloadEncoding> Encoding()
    {
        const string name = "--encoding";
        var option = new Option<CaseloadEncoding>(name)
        {
            Description = "How the caseload's bytes are read: utf-8 (the default; a byte that is not valid UTF-8 rejects its row) or windows-1252 (an Excel 'CSV' export on Windows).",
            HelpName = "utf-8|windows-1252",
        };
        option.CompletionSources.Add("utf-8", "windows-1252");
        option.CustomParser = r =>
        {
            if (r.Tokens.Count == 0)
            {
                return CaseloadEncoding.Utf8;
            }

            var text = r.Tokens[0].Value;
            switch (text.ToLowerInvariant())
            {
                case "utf-8" or "utf8":
                    return CaseloadEncoding.Utf8;
                case "windows-1252" or "cp1252":
                    return CaseloadEncoding.Windows1252;
                default:
                    r.AddError($"{name} must be 'utf-8' or 'windows-1252', not '{text}'");
                    return CaseloadEncoding.Utf8;
            }
        };
        return option;
    }

    /// <summary>A comma-separated list with no empty items; each item trimmed.</summary>
    public static Option<string[]?> List(string name, string description, string helpName)
    {
        var option = new Option<string[]?>(name) { Description = description, HelpName = helpName };
        option.CustomParser = r =>
        {
            if (r.Tokens.Count == 0)
            {
                return null;
            }

            var text = r.Tokens[0].Value;
            var items = text.Split(',', StringSplitOptions.TrimEntries);
            for (var i = 0; i < items.Length; i++)
            {
                if (items[i].Length == 0)
                {
                    r.AddError($"{name} must be a comma-separated list with no empty items, such as 15000,15600,16200; item {i + 1} of '{text}' is empty");
                    return null;
                }
            }

            return items;
        };
        return option;
    }

    /// <summary>
    /// The caseload format chosen by <paramref name="flag"/>, or else by the extension of <paramref name="path"/>;
    /// null with a message when neither says. Where <paramref name="parquet"/> allows Parquet, a Parquet file gives
    /// <see cref="CaseloadFormat.Csv"/>: it is read and written as the CSV form it stands for (see
    /// <see cref="ParquetFiles.ParquetCaseloadStream"/>).
    /// </summary>
    public static CaseloadFormat? Format(string? flag, string path, string option, out string? problem, bool parquet = false)
    {
        problem = null;
        var standard = path == OutputFile.StandardStream;
        switch (flag)
        {
            case "csv":
                return CaseloadFormat.Csv;
            case "jsonl":
                return CaseloadFormat.JsonLines;
            case "parquet" when standard:
                problem = $"{option} parquet: Parquet cannot go through standard input or output ('-'), since a Parquet file is read from its end; give a .parquet file name";
                return null;
            case "parquet":
                return CaseloadFormat.Csv;
        }

        if (standard)
        {
            problem = $"give {option} csv|jsonl for standard input or output ('-'): there is no file extension to go by";
            return null;
        }

        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".csv":
                return CaseloadFormat.Csv;
            case ".jsonl" or ".ndjson":
                return CaseloadFormat.JsonLines;
            case ".parquet" when parquet:
                return CaseloadFormat.Csv;
            case var ext:
                problem = $"cannot tell the format of '{path}' from its extension{(ext.Length == 0 ? "" : $" '{ext}'")}; name it {(parquet ? ".csv, .jsonl or .parquet" : ".csv or .jsonl")}, or give {option} {(parquet ? "csv|jsonl|parquet" : "csv|jsonl")}";
                return null;
        }
    }

    /// <summary>"'a', 'b' or 'c'".</summary>
    public static string Alternatives(IReadOnlyList<string> choices) =>
        choices.Count == 1 ? $"'{choices[0]}'" : string.Join(", ", choices.Take(choices.Count - 1).Select(c => $"'{c}'")) + $" or '{choices[^1]}'";

    private static long? ParseWhole(ArgumentResult r, string name, long min, long max)
    {
        var text = r.Tokens[0].Value;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, Invariant, out var value) && value >= min && value <= max)
        {
            return value;
        }

        r.AddError(string.Create(Invariant, $"{name} must be a whole number from {min:N0} to {max:N0}, not '{text}'"));
        return null;
    }

    private static decimal? ParseNumber(ArgumentResult r, string text, string name, decimal min, decimal max, string? given = null, string what = "a number")
    {
        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, Invariant, out var value) && value >= min && value <= max)
        {
            return value;
        }

        var range = max == decimal.MaxValue ? $"of {min.ToString("0.##", Invariant)} or more" : $"from {min.ToString("0.##", Invariant)} to {max.ToString("0.##", Invariant)}";
        r.AddError($"{name} must be {what} {range}, not '{given ?? text}'");
        return null;
    }
}
