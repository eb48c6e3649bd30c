using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ras.Engine.Caseloads;

namespace Ras.Engine.Tests.Caseloads;

/// <summary>Whatever damage a caseload file has, every non-blank input line yields exactly one output row, in order.</summary>
public class NothingIsLostTests
{
    private static readonly string Clean = Generate();

    private static string Generate()
    {
        var w = new StringWriter();
        CaseloadGeneration.Write(TestModels.Default, 300, 99, CaseloadFormat.Csv, w);
        return w.ToString();
    }

    [Property(MaxTest = 100)]
    public Property Run_CorruptedFile_OneOutputRowPerInputRow(int seed, byte damage)
    {
        var rng = new Generators.Lcg(seed);
        var lines = Clean.Split('\n').ToList();
        var header = lines[0];
        var body = lines.Skip(1).Where(l => l.Length > 0).ToList();
        const string Junk = "\",;\"\"x\t é€ 2026-13-45 ,,,\"";
        for (var k = 0; k < 1 + (damage % 40); k++)
        {
            var i = rng.Next(body.Count);
            var line = body[i];
            var at = rng.Next(line.Length + 1);
            body[i] = (rng.Next(5)) switch
            {
                0 => line[..at] + Junk[rng.Next(Junk.Length)] + line[at..],      // a stray character
                1 => line[..at],                                               // a truncated row
                2 => line.Replace(",", ",,", StringComparison.Ordinal),         // extra fields
                3 => body[rng.Next(body.Count)],                               // a repeated case
                _ => line + "\r",                                              // a Windows line ending
            };
        }

        var input = header + "\n" + string.Join("\n", body) + "\n";
        var output = new StringWriter();
        var summary = new CaseloadRunner(TestModels.Default).Run(new StringReader(input), CaseloadFormat.Csv, output, CaseloadFormat.Csv);

        var nonBlank = body.Count(l => !string.IsNullOrWhiteSpace(l));
        var rows = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        return (rows == nonBlank && summary.RowsRead == nonBlank && summary.Allocated + summary.Rejected == summary.RowsRead)
            .Label($"input rows {nonBlank}, output rows {rows}, summary {summary.RowsRead} = {summary.Allocated} + {summary.Rejected}");
    }
}
