namespace Ras.Cli;

/// <summary>Positional arguments and <c>--name value</c> / <c>--flag</c> options; each command says which it accepts.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private Arguments(List<string> positional) => Positional = positional;

    public List<string> Positional { get; }

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "explain", "quiet" };

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
