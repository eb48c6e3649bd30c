using System.CommandLine;

namespace Ras.Cli.Parsing;

/// <summary>Options several commands share, described once.</summary>
internal static class CommonOptions
{
    public static Option<string?> Model(string name = "--model", string description = "The model file (default: the embedded default model).") =>
        new(name) { Description = description, HelpName = "MODEL.json" };

    public static Option<DateOnly?> AsOf() => OptionValues.Date("--as-of", "The as-of date for rows without one.");

    public static Option<bool> Quiet() => new("--quiet") { Description = "No progress line. Progress is shown only on a terminal, never when standard error is redirected." };

    public static Option<bool> ExactText() => new("--exact-text")
    {
        Description = "Write text cells exactly as read. By default a CSV cell starting with =, +, -, @, tab or carriage return gets a leading ' so a spreadsheet shows it as text rather than running it as a formula (OWASP CSV injection).",
    };

    public static Option<string?> InputFormat(bool parquet = false) => OptionValues.CaseloadFormatOption("--format", "The caseload's format, when its extension does not say.", parquet);
}
