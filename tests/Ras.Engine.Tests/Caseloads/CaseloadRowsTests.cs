using System.Text;
using System.Text.Json;
using Ras.Engine.Allocation;
using Ras.Engine.Caseloads;

namespace Ras.Engine.Tests.Caseloads;

public class CaseloadRowsTests
{
    private const string Csv = """"
        case_id,as_of,client_group,living,q_eating,q_washing,q_carer,next.q_eating,risk.falls,note
        A1,2026-06-01,,,lot,lot,,,no,"a, quoted ""note"""
        A2,2026-06-01,,alone,lot,lot,some,,no,  padded  

        A3,2026-06-01,,,some,own,,lot,yes,
        A1,2026-06-01,,,lot,lot,,,no,again
        A4,2026-06-01,,,shouting,lot,,,no,
        A5,not-a-date,,,lot,lot,,,no
        """";

    private static Stream Bytes(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void ReadRows_GivesWhatRunWrites_RowForRow()
    {
        var output = new StringWriter();
        var summary = new CaseloadRunner(TestModels.Minimal).Run(Bytes(Csv), CaseloadFormat.Csv, output, CaseloadFormat.JsonLines, null);
        var written = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var rows = new CaseloadRunner(TestModels.Minimal).ReadRows(Bytes(Csv), CaseloadFormat.Csv);
        var results = rows.ToList();

        Assert.Equal(written.Length, results.Count);
        for (var i = 0; i < written.Length; i++)
        {
            var expected = JsonDocument.Parse(written[i]).RootElement;
            var r = results[i];
            Assert.Equal(expected.GetProperty("case_id").GetString(), r.CaseId);
            Assert.Equal(expected.GetProperty("status").GetString() == "ok", r.IsAllocated);
            Assert.Equal(expected.GetProperty("message").GetString(), r.Message);
            if (r.IsAllocated)
            {
                Assert.Equal(expected.GetProperty("points").GetInt32(), r.Points);
                Assert.Equal(expected.GetProperty("adjusted_points").GetInt32(), r.AdjustedPoints);
                Assert.Equal(expected.GetProperty("band").GetString(), r.Band);
                Assert.Equal(expected.GetProperty("indicative").GetDecimal(), r.Annual.Indicative);
                Assert.Equal(expected.GetProperty("weekly_indicative").GetDecimal(), r.WeeklyIndicative);
            }
        }

        Assert.Equal(summary.Warnings, rows.Warnings);
        Assert.Equal(new long[] { 2, 3, 5, 6, 7, 8 }, results.Select(r => r.Line));
        Assert.Equal(new[] { "A1", "A2", "A3", "A1", "A4", "A5" }, results.Select(r => r.CaseId));
        Assert.Equal("duplicate-case-id", results[3].ErrorCode);
        Assert.Equal((Offer.None, 0m), (results[3].Offer, results[3].Annual.Indicative));
    }

    [Fact]
    public void ReadRows_SecondModel_GivesWhatRunGivesUnderIt()
    {
        var second = TestModels.Minimal.ApplyChange(Bytes("""{ "changes": [ { "path": "/pricing/bands/1/pricePerPoint", "value": 125 } ] }"""), "dearer-b.json");
        var output = new StringWriter();
        new CaseloadRunner(second).Run(Bytes(Csv), CaseloadFormat.Csv, output, CaseloadFormat.JsonLines, null);
        var written = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var results = new CaseloadRunner(TestModels.Minimal).ReadRows(Bytes(Csv), CaseloadFormat.Csv, null, second).ToList();

        Assert.Equal(written.Length, results.Count);
        for (var i = 0; i < written.Length; i++)
        {
            var expected = JsonDocument.Parse(written[i]).RootElement;
            var r = results[i].Second!;
            Assert.Equal((results[i].Line, results[i].CaseId), (r.Line, r.CaseId));
            Assert.Equal(expected.GetProperty("message").GetString(), r.Message);
            Assert.Equal(r.IsAllocated ? expected.GetProperty("indicative").GetDecimal() : 0m, r.Annual.Indicative);
            Assert.Null(r.Second);
        }

        Assert.Equal((2000m, 2500m), (results[0].Annual.Indicative, results[0].Second!.Annual.Indicative));
        Assert.Equal("a, quoted \"note\"", results[0].Second!.Cell(9));
    }

    [Fact]
    public void Cell_IsTheTrimmedUnquotedText()
    {
        var rows = new CaseloadRunner(TestModels.Minimal).ReadRows(Bytes(Csv), CaseloadFormat.Csv);
        var note = rows.Header.ToList().IndexOf("note");

        var results = rows.ToList();

        Assert.Equal("a, quoted \"note\"", results[0].Cell(note));
        Assert.Equal("padded", results[1].Cell(note));
        Assert.Equal("", results[5].Cell(note)); // a row with fewer fields than the header
        Assert.Equal("", results[0].Cell(-1));
        Assert.Equal("", results[0].Cell(99));
    }

    [Fact]
    public void ReadRows_Header_IsReadAtOnce()
    {
        var error = Assert.Throws<CaseloadFormatException>(() => new CaseloadRunner(TestModels.Minimal).ReadRows(Bytes("as_of,q_eating\n2026-06-01,lot\n"), CaseloadFormat.Csv));

        Assert.StartsWith("line 1 (the header): there is no 'case_id' column", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetEnumerator_Twice_Throws()
    {
        var rows = new CaseloadRunner(TestModels.Minimal).ReadRows(Bytes(Csv), CaseloadFormat.Csv);
        _ = rows.Count();

        var error = Assert.Throws<InvalidOperationException>(() => rows.First());

        Assert.Equal("the caseload's rows can be read once: its input is read once, from start to end", error.Message);
    }

    [Fact]
    public void ReadRows_JsonLines_HasNoCells()
    {
        const string jsonl = """{"caseId":"J1","asOf":"2026-06-01","answers":{"q_eating":"lot","q_washing":"lot"},"riskFactors":{"falls":"no"}}""";

        var rows = new CaseloadRunner(TestModels.Minimal).ReadRows(Bytes(jsonl + "\n"), CaseloadFormat.JsonLines);
        var only = Assert.Single(rows.ToList());

        Assert.Empty(rows.Header);
        Assert.Equal("J1", only.CaseId);
        Assert.Equal("", only.Cell(0));
    }
}
