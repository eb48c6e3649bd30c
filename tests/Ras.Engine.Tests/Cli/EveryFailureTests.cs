using System.Text;
using Ras.Engine.Caseloads;

namespace Ras.Engine.Tests.Cli;

/// <summary>
/// The failures listed under "Why" in issue 10, tried through the command line as a careless or hostile user
/// would (the engine-level tests are in Caseloads/EveryRowTests, NothingIsLostTests and CaseIdSetTests; the
/// output-file ones in SafeOutputTests).
/// </summary>
public sealed class EveryFailureTests : IDisposable
{
    private const string MinimalHeader = "case_id,as_of,client_group,living,q_eating,q_washing,q_carer,next.q_eating,risk.falls";
    private readonly string _dir = Directory.CreateTempSubdirectory("ras-failures-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static string Minimal => TestModels.Fixture("models/minimal.json");

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Ras.Cli.Cli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Batch_JsonLinesLoneSurrogate_IsAnErrorRowAndTheRunFinishesWithItsSummary()
    {
        File.WriteAllText(P("c.jsonl"), """
            {"caseId":"J1","asOf":"2026-06-01","answers":{"q_eating":"\ud800","q_washing":"lot"}}
            {"caseId":"J2","asOf":"2026-06-01","answers":{"q_eating":"lot","q_washing":"lot"}}

            """);

        var (code, output, _) = Run("batch", P("c.jsonl"), "--model", Minimal, "--out", P("r.csv"), "--summary", P("s.json"));

        Assert.Equal(4, code);
        Assert.Contains("2 rows read: 1 allocated, 1 rejected", output, StringComparison.Ordinal);
        var lines = File.ReadAllLines(P("r.csv"));
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("J1,,error,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("J2,,ok,", lines[2], StringComparison.Ordinal);
        Assert.Contains("\"invalid-text\": 1", File.ReadAllText(P("s.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_JsonLinesErrorRows_KeepTheCaseIdInJsonLinesResults()
    {
        File.WriteAllText(P("c.jsonl"), "{\"caseId\":\"J1\",\"asOf\":\"2026-06-01\",\"answers\":{\"q_eating\":\"never\",\"q_washing\":\"lot\"}}\n{\"caseId\":\"J2\",\"asOf\":\"2026-06-01\",\"answers\":{\n");

        var (code, _, _) = Run("batch", P("c.jsonl"), "--model", Minimal, "--out", P("r.jsonl"));

        Assert.Equal(4, code);
        var lines = File.ReadAllLines(P("r.jsonl"));
        Assert.StartsWith("{\"case_id\":\"J1\",\"client_group\":null,\"status\":\"error\"", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("{\"case_id\":\"J2\",\"client_group\":null,\"status\":\"error\"", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_AsOf_AppliesToJsonLinesRowsWithoutADate()
    {
        File.WriteAllText(P("c.jsonl"), "{\"caseId\":\"J1\",\"answers\":{\"q_eating\":\"lot\",\"q_washing\":\"lot\"}}\n{\"caseId\":\"J2\",\"asOf\":\"2026-06-02\",\"answers\":{\"q_eating\":\"lot\",\"q_washing\":\"lot\"}}\n");

        var without = Run("batch", P("c.jsonl"), "--model", Minimal, "--out", P("r1.csv"));
        var with = Run("batch", P("c.jsonl"), "--model", Minimal, "--out", P("r2.csv"), "--as-of", "2026-06-01");

        Assert.Equal((4, 0), (without.Code, with.Code));
        Assert.Contains("line 1, /asOf: required member is missing", File.ReadAllText(P("r1.csv")), StringComparison.Ordinal);
        var lines = File.ReadAllLines(P("r2.csv"));
        Assert.StartsWith("J1,,ok,minimal,1.0.0,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("J2,,ok,minimal,1.0.0,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_Windows1252Export_KeepsLatin1IdsDistinctAndWritesThemAsUtf8()
    {
        var body = Encoding.Latin1.GetBytes("JOS\u00C9,2026-06-01,,,lot,lot,,,no\r\nJOS\u00C8,2026-06-01,,,lot,lot,,,no\r\n");
        File.WriteAllBytes(P("export.csv"), Encoding.ASCII.GetBytes(MinimalHeader + "\r\n").Concat(body).ToArray());

        var utf8 = Run("batch", P("export.csv"), "--model", Minimal, "--out", P("r1.csv"));
        var cp1252 = Run("batch", P("export.csv"), "--model", Minimal, "--out", P("r2.csv"), "--encoding", "windows-1252");

        Assert.Equal(4, utf8.Code);
        Assert.Contains("(byte 4): the byte 0xC9 is not valid UTF-8", File.ReadAllText(P("r1.csv")), StringComparison.Ordinal);
        Assert.DoesNotContain("duplicate", File.ReadAllText(P("r1.csv")), StringComparison.Ordinal);
        Assert.Equal(0, cp1252.Code);
        var lines = File.ReadAllLines(P("r2.csv"), Encoding.UTF8);
        Assert.StartsWith("JOS\u00C9,,ok,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("JOS\u00C8,,ok,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_OldMacLineEndings_AreRowsNotOneLine()
    {
        File.WriteAllText(P("mac.csv"), MinimalHeader + "\rA1,2026-06-01,,,lot,lot,,,no\rA2,2026-06-01,,,lot,lot,,,no\rA3,2026-06-01,,,bad,lot,,,no\r");

        var (code, output, _) = Run("batch", P("mac.csv"), "--model", Minimal, "--out", P("r.csv"));

        Assert.Equal(4, code);
        Assert.Contains("3 rows read: 2 allocated, 1 rejected", output, StringComparison.Ordinal);
        Assert.Contains("\"line 4, column q_eating:", File.ReadAllText(P("r.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_LineOverTheLimit_IsAnErrorRowAndTheRunGoesOn()
    {
        using (var file = new StreamWriter(P("long.csv")))
        {
            file.Write(MinimalHeader + "\nA1,2026-06-01,,,lot,lot,,,no\nA2,");
            file.Write(new string('x', BlockReader.MaxLineBytes * 3));
            file.Write("\nA3,2026-06-01,,,lot,lot,,,no\n");
        }

        var (code, output, _) = Run("batch", P("long.csv"), "--model", Minimal, "--out", P("r.csv"));

        Assert.Equal(4, code);
        Assert.Contains("3 rows read: 2 allocated, 1 rejected", output, StringComparison.Ordinal);
        Assert.Contains("line-too-long", output, StringComparison.Ordinal);
        Assert.StartsWith("A3,,ok,", File.ReadAllLines(P("r.csv"))[3], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("compare")]
    public void Commands_FormulaLikeCaseIds_AreNeutralisedUnlessExactTextIsAsked(string command)
    {
        var caseload = Path.Combine(_dir, "c.csv");
        File.WriteAllText(caseload, "case_id,as_of,eating,washing\n\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",2026-06-01,own,own\n@SUM(A1),2026-06-01,own,own\n");
        string[] Args(string output, params string[] more) => command == "batch"
            ? ["batch", caseload, "--out", output, .. more]
            : ["compare", "--proposal", TestModels.Repo("samples/changes/carer-deduction-40pc.json"), caseload, "--out", output, .. more];

        Run(Args(P("guarded.csv")));
        Run(Args(P("exact.csv"), "--exact-text"));

        var guarded = File.ReadAllLines(P("guarded.csv"));
        var exact = File.ReadAllLines(P("exact.csv"));
        Assert.StartsWith("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",", guarded[1], StringComparison.Ordinal);
        Assert.StartsWith("\"'@SUM(A1)\",", guarded[2], StringComparison.Ordinal);
        Assert.StartsWith("\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",", exact[1], StringComparison.Ordinal);
        Assert.StartsWith("@SUM(A1),", exact[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RowsAppendedWhileRunning_AreReadAndCheckedForRepeats()
    {
        // The caseload grows while it is read (an export still being written): the appended rows are read in
        // the same pass, and a repeated id among them is an error row like any other.
        var path = P("live.csv");
        var rows = Enumerable.Range(1, 3 * CaseloadRunner.BlockSize).Select(i => $"C{i},2026-06-01,,,lot,lot,,,no\n");
        File.WriteAllText(path, MinimalHeader + "\n" + string.Concat(rows));
        var output = new StringWriter();

        using var input = new AppendOnFirstRead(CaseloadRunner.OpenRead(path), path, "C1,2026-06-01,,,lot,lot,,,no\nNEW,2026-06-01,,,lot,lot,,,no\n");
        var summary = new CaseloadRunner(TestModels.Minimal).Run(input, CaseloadFormat.Csv, output, CaseloadFormat.Csv, null);

        Assert.True(input.Appended);
        Assert.Equal((3L * CaseloadRunner.BlockSize + 2, 1L), (summary.RowsRead, summary.Rejected));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"line {3 * CaseloadRunner.BlockSize + 2}, column case_id: case id 'C1' is used on an earlier row", lines[^2], StringComparison.Ordinal);
        Assert.StartsWith("NEW,,ok,", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void StandardStreams_GenerateIntoCompareIntoPipes()
    {
        using var generate = SafeOutputTests.StartRas("generate", "--count", "50", "--seed", "4", "--out", "-", "--format", "csv", "--quiet");
        var caseload = generate.StandardOutput.ReadToEnd();
        generate.WaitForExit();
        using var compare = SafeOutputTests.StartRas("compare", "--proposal", TestModels.Repo("samples/changes/carer-deduction-40pc.json"), "-", "--format", "csv", "--out", "-", "--quiet");
        compare.StandardInput.Write(caseload);
        compare.StandardInput.Close();
        var cases = compare.StandardOutput.ReadToEnd();
        var summary = compare.StandardError.ReadToEnd();
        compare.WaitForExit();

        Assert.Equal(0, generate.ExitCode);
        Assert.Equal(51, caseload.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.True(compare.ExitCode is 0 or 4, summary);
        Assert.StartsWith("case_id,client_group,status,baseline_eligibility,", cases, StringComparison.Ordinal);
        Assert.Equal(51, cases.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("50", summary, StringComparison.Ordinal);
    }

    /// <summary>A file stream that appends to its own file (through another handle) once the first bytes are read.</summary>
    private sealed class AppendOnFirstRead(FileStream inner, string path, string appended) : Stream
    {
        public bool Appended { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            if (!Appended && n > 0)
            {
                using var writer = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                writer.Write(Encoding.UTF8.GetBytes(appended));
                Appended = true;
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
