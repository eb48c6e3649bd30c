using System.CommandLine;
using System.CommandLine.Parsing;

namespace Ras.Cli.Parsing;

/// <summary>Writes every problem of a command line, one per line, with "did you mean" suggestions for unknown words.</summary>
internal static class UsageErrors
{
    public static void Write(ParseResult result, IReadOnlyList<string> problems, TextWriter stderr)
    {
        var command = result.CommandResult.Command;
        var name = command is RootCommand ? "ras" : $"ras {command.Name}";
        var unmatched = result.UnmatchedTokens.ToHashSet(StringComparer.Ordinal);
        foreach (var error in result.Errors)
        {
            // System.CommandLine reports each unknown word as "Unrecognized command or argument 'x'."; it is said
            // once below, as an unknown command, option or argument, with the nearest known names.
            if (error.SymbolResult is null or CommandResult && unmatched.Any(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal)))
            {
                continue;
            }

            stderr.WriteLine($"{name}: {error.Message}");
        }

        foreach (var problem in problems)
        {
            stderr.WriteLine($"{name}: {problem}");
        }

        foreach (var token in result.UnmatchedTokens)
        {
            var isOption = token.StartsWith('-');
            var candidates = isOption
                ? command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(a => a.StartsWith("--", StringComparison.Ordinal))
                : command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
            var what = isOption ? "unknown option" : command is RootCommand ? "unknown command" : "unexpected argument";
            var suggestions = Suggest(token, candidates);
            stderr.WriteLine($"{name}: {what} '{token}'{(suggestions.Count == 0 ? "" : $"; did you mean {OptionValues.Alternatives(suggestions)}?")}");
        }

        stderr.WriteLine($"Run '{name} --help' for usage.");
    }

    /// <summary>The known names nearest to <paramref name="word"/> (edit distance at most a third of its length, at least 1), nearest first.</summary>
    internal static List<string> Suggest(string word, IEnumerable<string> known)
    {
        var bare = word.TrimStart('-');
        var limit = Math.Max(1, bare.Length / 3);
        return known
            .Distinct(StringComparer.Ordinal)
            .Select(k => (Name: k, Distance: Distance(bare, k.TrimStart('-'))))
            .Where(k => k.Distance <= limit || (bare.Length >= 3 && k.Name.TrimStart('-').StartsWith(bare, StringComparison.Ordinal)))
            .OrderBy(k => k.Distance).ThenBy(k => k.Name, StringComparer.Ordinal)
            .Take(3)
            .Select(k => k.Name)
            .ToList();
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
