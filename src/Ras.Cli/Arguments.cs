namespace Ras.Cli;

/// <summary>Positional arguments and <c>--name value</c> / <c>--flag</c> options; each command says which it accepts.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private Arguments(List<string> positional) => Positional = positional;

    public List<string> Positional { get; }

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "explain", "quiet", "exact-text" };

    public static Arguments Parse(string[] args)
    {
        var positional = new List<string>();
        var result = new Arguments(positional);
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(a);
                continue;
            }

            var name = a[2..];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (!Flags.Contains(name))
            {
                if (i + 1 >= args.Length)
                {
                    throw new UsageException($"option --{name} needs a value");
                }

                value = args[++i];
            }

            if (!result._options.TryAdd(name, value))
            {
                throw new UsageException($"option --{name} is given twice");
            }
        }

        return result;
    }

    public string? Option(string name)
    {
        _used.Add(name);
        return _options.GetValueOrDefault(name);
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        return _options.ContainsKey(name);
    }

    /// <summary>An ISO date option (<c>--as-of 2026-11-01</c>), or null when absent.</summary>
    public DateOnly? Date(string name)
    {
        var text = Option(name);
        return text is null ? null
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? d
            : throw new UsageException($"--{name} must be a date such as 2026-11-01, not '{text}'");
    }

    /// <summary>A number option (invariant culture) of at least <paramref name="minimum"/>, or <paramref name="fallback"/> when absent.</summary>
    public decimal Number(string name, decimal fallback, decimal minimum = decimal.MinValue) =>
        Option(name) is not { } text ? fallback : ParseNumber(text, "--" + name, minimum);

    /// <summary>A whole-number option, or <paramref name="fallback"/> when absent.</summary>
    public int WholeNumber(string name, int fallback) =>
        Option(name) is not { } text ? fallback
        : int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v
        : throw new UsageException($"--{name} must be a whole number, not '{text}'");

    /// <summary>Parses a number given on the command line (for options whose text needs looking at first).</summary>
    public static decimal ParseNumber(string text, string option, decimal minimum = decimal.MinValue) =>
        decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= minimum
            ? v
            : throw new UsageException($"{option} must be a number{(minimum == 0 ? " of 0 or more" : "")}, not '{text}'");

    /// <summary><c>--threads N</c> (at least 1), or 0 (one per core) when absent.</summary>
    public int Threads()
    {
        var text = Option("threads");
        return text is null ? 0
            : int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var t) && t >= 1 ? t
            : throw new UsageException($"--threads must be a whole number of at least 1, not '{text}'");
    }

    /// <summary>The first positional argument, a file that must exist.</summary>
    public string ExistingFile(string what, string example)
    {
        if (Positional.Count == 0)
        {
            throw new UsageException($"give the {what}, for example: {example}");
        }

        return Positional[0] == OutputFile.StandardStream || File.Exists(Positional[0]) ? Positional[0] : throw new FileNotFoundException($"{what} '{Positional[0]}' does not exist", Positional[0]);
    }

    /// <summary>Rejects options and positional arguments the command did not ask for: nothing is silently ignored.</summary>
    public void Done(int maxPositional)
    {
        foreach (var name in _options.Keys)
        {
            if (!_used.Contains(name))
            {
                throw new UsageException($"unknown option --{name}");
            }
        }

        if (Positional.Count > maxPositional)
        {
            throw new UsageException($"unexpected argument '{Positional[maxPositional]}'");
        }
    }
}

/// <summary>A command line the user must correct.</summary>
internal sealed class UsageException(string message) : Exception(message);
