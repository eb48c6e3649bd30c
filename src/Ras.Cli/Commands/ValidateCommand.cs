using System.CommandLine;
using System.Globalization;
using Ras.Cli.Parsing;

namespace Ras.Cli.Commands;

/// <summary><c>ras validate [MODEL]</c>: checks a model and prints every problem with its JSON path.</summary>
internal sealed class ValidateCommand : RasCommand
{
    private readonly Argument<string?> _model;

    public ValidateCommand() : base("validate", "Check a model file; print its identity and content hash, or every problem with its JSON pointer.") =>
        _model = FileArgument("MODEL", "The model file (default: the embedded default model).", example: null);

    public override IReadOnlyList<string> Examples { get; } =
    [
        "ras validate",
        "ras validate models/norfolk-children/norfolk-children-primary-1.0.0.json",
    ];

    protected override int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        var path = args.GetValue(_model);
        var model = ModelSource.Load(path, stderr);
        if (model is null)
        {
            return Cli.InvalidInput;
        }

        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine($"{path ?? model.Source}: valid");
        stdout.WriteLine($"  model   {model.Id} {model.Version}{(model.IsIllustrative ? " (illustrative)" : "")}");
        stdout.WriteLine($"  title   {model.Title}");
        stdout.WriteLine($"  in force {model.EffectiveFrom.ToString("yyyy-MM-dd", c)} to {(model.EffectiveTo is { } to ? to.ToString("yyyy-MM-dd", c) : "(no end date)")}");
        stdout.WriteLine($"  hash    {model.ContentHash}");
        return Cli.Ok;
    }
}
