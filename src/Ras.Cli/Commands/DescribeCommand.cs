using System.CommandLine;
using Ras.Cli.Parsing;

namespace Ras.Cli.Commands;

/// <summary><c>ras describe [MODEL] [--out FILE]</c>: the model as a readable Markdown document.</summary>
internal sealed class DescribeCommand : RasCommand
{
    private readonly Argument<string?> _model;
    private readonly Option<string?> _out = new("--out") { Description = "Write the document to this file instead of standard output.", HelpName = "FILE.md" };

    public DescribeCommand() : base("describe", "Write the model as a Markdown document: how a budget is worked out, every question, rule, band and price.")
    {
        _model = FileArgument("MODEL", "The model file (default: the embedded default model).", example: null);
        AddOutputs(_out);
    }

    public override IReadOnlyList<string> Examples { get; } =
    [
        "ras describe --out how-your-budget-is-worked-out.md",
        "ras describe models/norfolk-children/norfolk-children-primary-1.0.0.json",
    ];

    protected override int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        OutputFile.CheckDistinct(new[] { ("the model", args.GetValue(_model)) }, new[] { ("--out", args.GetValue(_out)) });
        var model = ModelSource.Load(args.GetValue(_model), stderr);
        if (model is null)
        {
            return Cli.InvalidInput;
        }

        var document = model.Describe();
        if (args.GetValue(_out) is { } outPath)
        {
            OutputFile.WriteAllText(outPath, document);
            stderr.WriteLine($"wrote {outPath}");
        }
        else
        {
            stdout.Write(document);
        }

        return Cli.Ok;
    }
}
