using Ras.Engine.Models;

namespace Ras.Cli.Commands;

/// <summary><c>ras validate [MODEL]</c>: checks a model and prints every problem with its JSON path.</summary>
internal static class ValidateCommand
{
    public static int Run(Arguments args, TextWriter stdout, TextWriter stderr)
    {
        args.Done(maxPositional: 1);
        var path = args.Positional.Count > 0 ? args.Positional[0] : null;
        var model = ModelSource.Load(path, stderr);
        if (model is null)
        {
            return Cli.InvalidInput;
        }

        stdout.WriteLine($"{path ?? model.Source}: valid");
        stdout.WriteLine($"  model   {model.Id} {model.Version}{(model.IsIllustrative ? " (illustrative)" : "")}");
        stdout.WriteLine($"  title   {model.Title}");
        stdout.WriteLine($"  in force {model.EffectiveFrom:yyyy-MM-dd} to {(model.EffectiveTo is { } to ? to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "(no end date)")}");
        stdout.WriteLine($"  hash    {model.ContentHash}");
        return Cli.Ok;
    }
}
