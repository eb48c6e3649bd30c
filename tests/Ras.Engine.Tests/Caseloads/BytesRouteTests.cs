using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ras.Engine.Caseloads;

namespace Ras.Engine.Tests.Caseloads;

/// <summary>
/// Rows are read from their UTF-8 bytes: plain cells matched as bytes, the others (quoted, white space of any
/// kind around them, codes the bytes do not match) decoded and checked as text. Whichever way a cell goes, the
/// result is the same.
/// </summary>
public class BytesRouteTests
{
    private const string Header = "case_id,as_of,client_group,living,q_eating,q_washing,q_carer,next.q_eating,risk.falls";

    private static readonly string[][] Cells =
    {
        new[] { "", "alone", "with_others", "castle", "Alone" },
        new[] { "", "own", "some", "lot", "lots", "ow", "é", "sométimes", "OWN" },
        new[] { "", "own", "some", "lot", "lot€" },
        new[] { "", "none", "some", "nonE" },
        new[] { "", "own", "some", "lot", "x" },
        new[] { "", "no", "yes", "maybe", "n" },
    };

    private static readonly Func<string, string>[] Decorations =
    {
        s => s,
        s => $" {s} ",
        s => $"\t{s}",
        s => $"{s}\u00A0",
        s => $"\u2003{s}\u0085",
        s => $"\"{s}\"",
        s => $"\" {s}\u00A0\"",
    };

    private static string Run(string csv, CaseloadOptions? options = null)
    {
        var output = new StringWriter();
        new CaseloadRunner(TestModels.Minimal).Run(new StringReader(csv), CaseloadFormat.Csv, output, CaseloadFormat.Csv, options);
        return output.ToString();
    }

    [Fact]
    public void Run_CellsInQuotesOrWhiteSpace_ReadAsTheirTrimmedText()
    {
        var csv = $"{Header}\nA1,2026-06-01,,\" alone\",\"lot\",\u00A0lot\u2003,,,no\nA2,2026-06-01,,,\"lo\"\"t\",lot ,,,no\n";

        var lines = Run(csv).Split('\n');

        Assert.Equal(Run($"{Header}\nA1,2026-06-01,,alone,lot,lot,,,no\n").Split('\n')[1], lines[1]);
        Assert.Equal("A1,,ok,minimal,1.0.0,eligible,personalBudget,20,20,B,2320.00,2520.00,2720.00,48.46,", lines[1]);
        Assert.Equal("A2,,error,minimal,1.0.0,,,,,,,,,,\"line 3, column q_eating: 'lo\"\"t' is not an answer to question 'q_eating' (expected one of 'own', 'some', 'lot'; found 'lo\"\"t')\"", lines[2]);
    }

    [Fact]
    public void Run_CodeWithNonAsciiAtItsEdge_IsReportedInTheDecodersWords()
    {
        var lines = Run($"{Header}\nA1,2026-06-01,,,lot\u00E9,lot,,,no\n").Split('\n');

        Assert.Equal("A1,,error,minimal,1.0.0,,,,,,,,,,\"line 2, column q_eating: 'loté' is not an answer to question 'q_eating' (expected one of 'own', 'some', 'lot'; found 'loté')\"", lines[1]);
    }

    /// <summary>Quotes and any white space around a cell (ASCII or not) never change a row's result or message.</summary>
    [Property(MaxTest = 200)]
    public Property Run_DecoratedCells_GiveTheResultsOfPlainCells()
    {
        var row = Gen.ArrayOf(Gen.Choose(0, 100), Cells.Length).Select(picks => picks.Select((p, k) => Cells[k][p % Cells[k].Length]).ToArray());
        var decorations = Gen.ArrayOf(Gen.Choose(0, Decorations.Length - 1), Cells.Length);
        var rows = Gen.ListOf(Gen.Zip(row, decorations), 12).Select(l => l.ToArray());
        return Prop.ForAll(rows.ToArbitrary(), cases =>
        {
            string Csv(bool decorate) => Header + "\n" + string.Concat(cases.Select((c, i) =>
                $"C{i},2026-06-01,,{string.Join(',', c.Item1.Select((cell, k) => decorate && cell.Length > 0 ? Decorations[c.Item2[k]](cell) : cell))}\n"));
            var (plain, decorated) = (Run(Csv(false)), Run(Csv(true)));
            return (plain == decorated).Label($"plain:\n{plain}\ndecorated:\n{decorated}\ninput:\n{Csv(true)}");
        });
    }

    /// <summary>
    /// A CSV row (read by the row plan, codes found as bytes, required answers counted rather than searched for)
    /// gives the figures and the problems of the same case read from JSON Lines (decoded and checked as text, every
    /// required answer searched for); only where a problem is said to be differs.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property Run_CsvRows_GiveTheResultsOfTheirJsonLinesTwins()
    {
        var row = Gen.ArrayOf(Gen.Choose(0, 100), Cells.Length).Select(picks => picks.Select((p, k) => Cells[k][p % Cells[k].Length]).ToArray());
        var rows = Gen.ListOf(row, 12).Select(l => l.ToArray());
        return Prop.ForAll(rows.ToArbitrary(), cases =>
        {
            var csv = Header + "\n" + string.Concat(cases.Select((c, i) => $"C{i},2026-06-01,,{string.Join(',', c)}\n"));
            var jsonl = string.Concat(cases.Select((c, i) => JsonTwin($"C{i}", c) + "\n"));
            var fromCsv = Results(csv, CaseloadFormat.Csv);
            var fromJson = Results(jsonl, CaseloadFormat.JsonLines);
            return fromCsv.SequenceEqual(fromJson).Label($"csv:\n{string.Join('\n', fromCsv)}\njson lines:\n{string.Join('\n', fromJson)}\ninput:\n{csv}");
        });
    }

    /// <summary>The JSON Lines form of a row of <see cref="Cells"/> (an empty cell is a value not given).</summary>
    private static string JsonTwin(string caseId, string[] c)
    {
        static string Section(string name, params (string Id, string Value)[] values) =>
            $",\"{name}\":{{{string.Join(',', values.Where(v => v.Value.Length > 0).Select(v => $"{JsonSerializer.Serialize(v.Id)}:{JsonSerializer.Serialize(v.Value)}"))}}}";

        return $"{{\"caseId\":\"{caseId}\",\"asOf\":\"2026-06-01\""
            + Section("attributes", ("living", c[0]))
            + Section("answers", ("q_eating", c[1]), ("q_washing", c[2]), ("q_carer", c[3]))
            + Section("anticipated", ("q_eating", c[4]))
            + Section("riskFactors", ("falls", c[5])) + "}";
    }

    /// <summary>Each output row as JSON, its message's problems in a set with the locations named as CSV columns.</summary>
    private static List<string> Results(string input, CaseloadFormat format)
    {
        var output = new StringWriter();
        new CaseloadRunner(TestModels.Minimal).Run(new StringReader(input), format, output, CaseloadFormat.JsonLines, null);
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var o = JsonNode.Parse(line)!.AsObject();
            if (o["message"]?.GetValue<string>() is { } message)
            {
                var problems = message[(message.IndexOf(", ", StringComparison.Ordinal) + 2)..].Split("; ")
                    .Select(p => p.Replace("/answers/", "column ", StringComparison.Ordinal).Replace("/anticipated/", "column next.", StringComparison.Ordinal)
                        .Replace("/attributes/", "column ", StringComparison.Ordinal).Replace("/riskFactors/", "column risk.", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal);
                o["message"] = string.Join(" | ", problems);
            }

            return o.ToJsonString();
        }).ToList();
    }

    [Fact]
    public void Run_IntoAUtf8StreamWriter_WritesTheBytesAStringWriterGetsAsText()
    {
        var csv = $"{Header}\nA1,2026-06-01,,,lot,lot,,,no\nJosé,2026-06-01,,,lots,lot,,,no\n=1+1,2026-06-01,,,lot,lot,,,no\n";
        var text = Run(csv);
        foreach (var encoding in new Encoding[] { new UTF8Encoding(false), Encoding.UTF8, Encoding.Latin1 })
        {
            using var stream = new MemoryStream();
            using (var writer = new StreamWriter(stream, encoding, 16, leaveOpen: true))
            {
                new CaseloadRunner(TestModels.Minimal).Run(new MemoryStream(Encoding.UTF8.GetBytes(csv)), CaseloadFormat.Csv, writer, CaseloadFormat.Csv, null);
            }

            Assert.Equal(encoding.GetPreamble().Concat(encoding.GetBytes(text)), stream.ToArray());
        }
    }

    [Fact]
    public void Run_OneInvalidLineAmongValidOnes_NamesItsFirstBadByteWhereverTheLineEnds()
    {
        // The block is checked at once, then line by line: valid lines before and after, a line cut off mid-character,
        // and a bad byte after more than 1,024 characters (the offset is found in steps).
        var longId = "A" + new string('é', 600);
        var input = Encoding.UTF8.GetBytes($"{Header}\nA1,2026-06-01,,,lot,lot,,,no\nA2,2026-06-01,,,lot,lot,,,n")
            .Concat(new byte[] { 0xC3 }).Concat(Encoding.UTF8.GetBytes($"\r\n{longId},2026-06-01,,,lot,lot,,,no"))
            .Concat(new byte[] { 0xE2, 0x82 }).Concat(Encoding.UTF8.GetBytes("\rA4,2026-06-01,,,lot,lot,,,no\n")).ToArray();
        var output = new StringWriter();

        new CaseloadRunner(TestModels.Minimal).Run(new MemoryStream(input), CaseloadFormat.Csv, output, CaseloadFormat.Csv, null);
        var lines = output.ToString().Split('\n');

        Assert.StartsWith("A1,,ok,", lines[1], StringComparison.Ordinal);
        Assert.Equal("A2,,error,,,,,,,,,,,,\"line 3, column risk.falls (byte 28): the byte 0xC3 is not valid UTF-8 (save the file as UTF-8, or read a Windows-1252 export with --encoding windows-1252)\"", lines[2]);
        Assert.Equal($"{longId},,error,,,,,,,,,,,,\"line 4, column risk.falls (byte 1228): the bytes 0xE2 0x82 are not valid UTF-8 (save the file as UTF-8, or read a Windows-1252 export with --encoding windows-1252)\"", lines[3]);
        Assert.StartsWith("A4,,ok,", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public void TrimAscii_TrimsWhatTextTrimmingTrimsBelowU0080()
    {
        for (var c = 0; c < 0x80; c++)
        {
            var cell = $"{(char)c}x{(char)c}";
            Assert.Equal(cell.Trim(), Encoding.ASCII.GetString(CaseloadRunner.TrimAscii(Encoding.ASCII.GetBytes(cell))));
        }
    }
}
