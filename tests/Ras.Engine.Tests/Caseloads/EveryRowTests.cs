using System.Text;
using Ras.Engine.Caseloads;

namespace Ras.Engine.Tests.Caseloads;

/// <summary>Whatever a caseload's bytes, every non-blank line yields one output row and the run goes on (issue 10).</summary>
public class EveryRowTests
{
    private const string Header = "case_id,as_of,client_group,living,q_eating,q_washing,q_carer,next.q_eating,risk.falls";

    private static (CaseloadSummary Summary, string[] Lines) Run(byte[] input, CaseloadFormat inFormat = CaseloadFormat.Csv, CaseloadOptions? options = null)
    {
        var output = new StringWriter();
        var summary = new CaseloadRunner(TestModels.Minimal).Run(new MemoryStream(input), inFormat, output, CaseloadFormat.Csv, options);
        return (summary, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static byte[] Bytes(params object[] parts) =>
        parts.SelectMany(p => p is string s ? Encoding.UTF8.GetBytes(s) : (byte[])p).ToArray();

    [Fact]
    public void Run_InvalidUtf8InARow_IsAnErrorRowNamingLineColumnAndByte()
    {
        var input = Bytes(Header + "\n", "A1,2026-06-01,,", new byte[] { 0xC9 }, "t,lot,lot,,,no\nA2,2026-06-01,,,lot,lot,,,no\n");

        var (summary, lines) = Run(input);

        Assert.Equal("A1,,error,,,,,,,,,,,,\"line 2, column living (byte 16): the byte 0xC9 is not valid UTF-8 (save the file as UTF-8, or read a Windows-1252 export with --encoding windows-1252)\"", lines[1]);
        Assert.StartsWith("A2,,ok,", lines[2], StringComparison.Ordinal);
        Assert.Equal((2L, 1L, 1L), (summary.RowsRead, summary.Allocated, summary.Rejected));
        Assert.Equal(1, summary.RejectedByCode["invalid-text"]);
    }

    [Fact]
    public void Run_Latin1Ids_AreNotTakenForOneAnother()
    {
        var latin1 = Encoding.Latin1;
        var input = Bytes(Header + "\n", latin1.GetBytes("JOS\u00C9,2026-06-01,,,lot,lot,,,no\nJOS\u00C8,2026-06-01,,,lot,lot,,,no\n"));

        var (utf8, utf8Lines) = Run(input);
        var (cp1252, cpLines) = Run(input, options: new CaseloadOptions(encoding: CaseloadEncoding.Windows1252));

        Assert.Equal(2, utf8.RejectedByCode["invalid-text"]);
        Assert.False(utf8.RejectedByCode.ContainsKey(CaseloadRunner.DuplicateCaseId));
        Assert.Contains("line 2, column case_id (byte 4): the byte 0xC9 is not valid UTF-8", utf8Lines[1], StringComparison.Ordinal);
        Assert.Equal(2, cp1252.Allocated);
        Assert.StartsWith("JOS\u00C9,,ok,", cpLines[1], StringComparison.Ordinal);
        Assert.StartsWith("JOS\u00C8,,ok,", cpLines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Windows1252_DecodesTheTypographicRange()
    {
        var input = Bytes(Header + "\n", new byte[] { (byte)'A', 0x80, 0x96, 0x93 }, ",2026-06-01,,,lot,lot,,,no\n");

        var (_, lines) = Run(input, options: new CaseloadOptions(encoding: CaseloadEncoding.Windows1252));

        Assert.StartsWith("A\u20AC\u2013\u201C,,ok,", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public void Run_AnyLineEnding_EndsALine(string ending)
    {
        var input = Bytes(string.Join(ending, Header, "A1,2026-06-01,,,lot,lot,,,no", "", "A2,2026-06-01,,,lot,lot,,,no", "A3,2026-06-01,,,bad,lot,,,no") + ending);

        var (summary, lines) = Run(input);

        Assert.Equal((3L, 2L, 1L), (summary.RowsRead, summary.Allocated, summary.Rejected));
        Assert.StartsWith("A3,,error,", lines[3], StringComparison.Ordinal);
        Assert.Contains("\"line 5, column q_eating:", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_CrLfSplitAcrossReads_IsOneLineEnd()
    {
        // A stream that returns one byte at a time puts every CR and LF in separate reads.
        var input = Bytes(Header + "\r\nA1,2026-06-01,,,lot,lot,,,no\r\nA2,2026-06-01,,,bad,lot,,,no\r\n");
        var output = new StringWriter();

        var summary = new CaseloadRunner(TestModels.Minimal).Run(new Trickle(input), CaseloadFormat.Csv, output, CaseloadFormat.Csv, null);

        Assert.Equal((2L, 1L), (summary.RowsRead, summary.Allocated));
        Assert.Empty(summary.Warnings);
        Assert.Contains("line 3, column q_eating", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_LineOverTheLimit_IsAnErrorRowAndTheRunGoesOn()
    {
        var input = Bytes(Header + "\nA1,2026-06-01,,,lot,lot,,,no\nLONG," + new string('x', BlockReader.MaxLineBytes + 10) + "\nA3,2026-06-01,,,lot,lot,,,no\n");

        var (summary, lines) = Run(input);

        Assert.Equal((3L, 2L, 1L), (summary.RowsRead, summary.Allocated, summary.Rejected));
        Assert.Equal(",,error,,,,,,,,,,,,\"line 3: the line is longer than 1,048,576 bytes, the longest row read; it was skipped up to its end (is a line ending missing?)\"", lines[2]);
        Assert.StartsWith("A3,,ok,", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Utf16File_IsRefusedWithAClearMessage()
    {
        var input = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Header + "\n")).ToArray();

        var ex = Assert.Throws<CaseloadFormatException>(() => Run(input));

        Assert.Equal("the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8 (in Excel: CSV UTF-8)", ex.Message);
    }

    [Fact]
    public void Run_JsonLinesLoneSurrogate_IsAnErrorRowKeepingTheCaseId()
    {
        var input = Bytes("""
            {"caseId":"J1","asOf":"2026-06-01","answers":{"q_eating":"\ud800","q_washing":"lot"}}
            {"caseId":"J2","asOf":"2026-06-01","answers":{"q_eating":"lot","q_washing":"lot"}}
            """);

        var (summary, lines) = Run(input, CaseloadFormat.JsonLines);

        // The strict JSON check (issue 11) finds the lone surrogate first: an invalid-text error row keeping the case id.
        Assert.StartsWith("J1,,error,,,,,,,,,,,,\"line 1, /answers/q_eating: a string is not valid Unicode text (a lone surrogate or invalid UTF-8)", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("J2,,ok,", lines[2], StringComparison.Ordinal);
        Assert.Equal((2L, 1L), (summary.RowsRead, summary.Allocated));
    }

    [Fact]
    public void Run_JsonLinesBrokenRow_KeepsTheCaseIdWhenItCanBeRead()
    {
        var input = Bytes("""
            {"caseId":"J1","asOf":"2026-06-01","answers":{"q_eating":"lot",
            {"caseId":"J2","asOf":"2026-06-01","answerz":{}}
            """, "\n", "{\"caseId\":\"J3\",\"asOf\":\"2026-06-01\",\"answers\":{\"q_eating\":\"", new byte[] { 0xFF }, "\"}}\n");

        var (_, lines) = Run(input, CaseloadFormat.JsonLines);

        Assert.StartsWith("J1,,error,,,,,,,,,,,,\"line 1, /: not well-formed JSON", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("J2,,error,", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("J3,,error,,,,,,,,,,,,\"line 3 (byte 59): the byte 0xFF is not valid UTF-8", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_JsonLinesWithoutAsOf_TakesTheDefault()
    {
        var input = Bytes("""{"caseId":"J1","answers":{"q_eating":"lot","q_washing":"lot"}}""");

        var (without, withoutLines) = Run(input, CaseloadFormat.JsonLines);
        var (with, lines) = Run(input, CaseloadFormat.JsonLines, new CaseloadOptions(defaultAsOf: new DateOnly(2026, 6, 1)));

        Assert.Equal(1, without.Rejected);
        Assert.Contains("/asOf: required member is missing", withoutLines[1], StringComparison.Ordinal);
        Assert.Equal(1, with.Allocated);
        Assert.StartsWith("J1,,ok,minimal,1.0.0,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FormulaLikeText_IsNeutralisedUnlessExactTextIsAsked()
    {
        var input = Bytes(Header + "\n\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",2026-06-01,,,lot,lot,,,no\n+1,2026-06-01,,,lot,lot,,,no\n-2,2026-06-01,,,lot,lot,,,no\n@3,2026-06-01,,,lot,lot,,,no\n");

        var (_, guarded) = Run(input);
        var (_, exact) = Run(input, options: new CaseloadOptions(neutraliseFormulas: false));

        Assert.StartsWith("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,ok,", guarded[1], StringComparison.Ordinal);
        Assert.StartsWith("\"'+1\",,ok,", guarded[2], StringComparison.Ordinal);
        Assert.StartsWith("\"'-2\",,ok,", guarded[3], StringComparison.Ordinal);
        Assert.StartsWith("\"'@3\",,ok,", guarded[4], StringComparison.Ordinal);
        Assert.StartsWith("\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,ok,", exact[1], StringComparison.Ordinal);
        Assert.StartsWith("+1,,ok,", exact[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=1+1", true)]
    [InlineData("+1", true)]
    [InlineData("-1", true)]
    [InlineData("@SUM(A1)", true)]
    [InlineData("\tx", true)]
    [InlineData("\rx", true)]
    [InlineData("C-1", false)]
    [InlineData("", false)]
    public void IsFormula_OwaspLeadingCharacters(string text, bool expected) =>
        Assert.Equal(expected, CsvLine.IsFormula(text));

    /// <summary>A stream that gives one byte per read.</summary>
    private sealed class Trickle(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);
    }
}
