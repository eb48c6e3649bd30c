namespace Ras.Cli.Commands;

/// <summary><c>ras describe [MODEL] [--out FILE]</c>: the model as a readable Markdown document.</summary>
internal static class DescribeCommand
{
    public static int Run(Arguments args, TextWriter stdout, TextWriter stderr)
    {
        var outPath = args.Option("out");
        args.Done(maxPositional: 1);
        var model = ModelSource.Load(args.Positional.Count > 0 ? args.Positional[0] : null, stderr);
        if (model is null)
        {
            return Cli.InvalidInput;
        }

        var document = model.Describe();
        if (outPath is null)
        {
            stdout.Write(document);
        }
        else
        {
            File.WriteAllText(outPath, document);
            stderr.WriteLine($"wrote {outPath}");
        }

        return Cli.Ok;
    }
}
