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

    [Property(MaxTest = 200)]
    public Property Run_RandomByteCorruption_NeverLosesARowNeverThrows(int seed, byte damage, bool jsonLines)
    {
        // Random bytes (invalid UTF-8, line breaks, quotes, NULs, byte-order marks) written over a file's rows:
        // whatever the damage, every non-blank line is one output row, and nothing throws.
        var rng = new Generators.Lcg(seed);
        var clean = jsonLines ? CleanJsonLines : Clean;
        var bytes = System.Text.Encoding.UTF8.GetBytes(clean);
        var body = jsonLines ? 1 : Array.IndexOf(bytes, (byte)'\n') + 1; // the header (or the first byte, which could make a UTF-16 mark) stays readable
        byte[] junk = { 0xFF, 0xC3, 0xED, 0xA0, 0x80, 0xEF, 0xBB, 0xBF, (byte)'\r', (byte)'\n', (byte)'"', (byte)',', 0, (byte)'\\', (byte)'{', (byte)'}' };
        for (var k = 0; k < 1 + (damage % 60); k++)
        {
            var at = body + rng.Next(bytes.Length - body);
            bytes[at] = rng.Next(3) == 0 ? (byte)rng.Next(256) : junk[rng.Next(junk.Length)];
        }

        var output = new StringWriter();
        var summary = new CaseloadRunner(TestModels.Default).Run(new MemoryStream(bytes), jsonLines ? CaseloadFormat.JsonLines : CaseloadFormat.Csv, output, CaseloadFormat.JsonLines, null);

        // Lines as the format defines them: ended by LF, CR LF or CR; blank when only spaces and tabs.
        var rowsFrom = jsonLines ? 0 : body;
        var text = System.Text.Encoding.Latin1.GetString(bytes, rowsFrom, bytes.Length - rowsFrom);
        var expected = System.Text.RegularExpressions.Regex.Split(text, "\r\n|\r|\n").Count(l => l.Trim(' ', '\t').Length > 0);
        var rows = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        return (rows == expected && summary.RowsRead == expected && summary.Allocated + summary.Rejected == summary.RowsRead)
            .Label($"lines {expected}, output rows {rows}, summary {summary.RowsRead} = {summary.Allocated} + {summary.Rejected}");
    }

    private static readonly string CleanJsonLines = GenerateJsonLines();

    private static string GenerateJsonLines()
    {
        var w = new StringWriter();
        CaseloadGeneration.Write(TestModels.Default, 100, 98, CaseloadFormat.JsonLines, w);
        return w.ToString();
    }
}
