using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ras.Engine.Caseloads;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Caseloads;

public class CaseloadRunnerTests
{
    private const string Header = "case_id,as_of,client_group,living,q_eating,q_washing,q_carer,next.q_eating,risk.falls";

    private static (CaseloadSummary Summary, string[] Lines) Run(string csv, RasModel? model = null, CaseloadFormat outFormat = CaseloadFormat.Csv, CaseloadOptions? options = null, CaseloadFormat inFormat = CaseloadFormat.Csv)
    {
        var output = new StringWriter();
        var summary = new CaseloadRunner(model ?? TestModels.Minimal).Run(new StringReader(csv), inFormat, output, outFormat, options);
        return (summary, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Prepare_OnAnotherThreadWhileARunGoesOn_CompilesTheHotPathAndChangesNothing()
    {
        var csv = $"""
            {Header}
            A1,2026-06-01,,,lot,lot,,,no
            A2,2026-06-01,,alone,lot,lot,some,,no
            """;
        var before = Run(csv).Lines;

        var preparing = Task.Run(CaseloadRunner.Prepare);
        var during = Run(csv).Lines;
        var prepared = await preparing;

        // Reading a row, evaluating it (for the batch's trace), formatting it, the pipeline's stages, the id set…
        Assert.True(prepared >= 40, $"only {prepared} methods compiled");
        Assert.Equal(before, during);
        Assert.Equal(before, Run(csv).Lines);
    }

    [Fact]
    public void Run_CaseIdsWithControlCharacters_AreErrorRowsThatDoNotBreakTheOutputsRows()
    {
        // A JSON Lines caseId "J6\n=X" was written into the CSV results as a quoted cell holding a line break.
        var jsonl = "{\"caseId\":\"J1\\n=X\",\"asOf\":\"2026-06-01\",\"answers\":{\"q_eating\":\"lot\",\"q_washing\":\"lot\"}}\n"
            + "{\"caseId\":\"J2\",\"asOf\":\"2026-06-01\",\"answers\":{\"q_eating\":\"lot\",\"q_washing\":\"lot\"}}\n";
        var csv = $"{Header}\nA\u0000B,2026-06-01,,,lot,lot,,,no\n\"A\tB\",2026-06-01,,,lot,lot,,,no\nA3,2026-06-01,,,lot,lot,,,no\n";

        var (jsonSummary, jsonLines) = Run(jsonl, inFormat: CaseloadFormat.JsonLines);
        var (csvSummary, csvLines) = Run(csv);

        Assert.Equal(3, jsonLines.Length);
        Assert.Equal(",,error,,,,,,,,,,,,\"line 1, /caseId: the case id contains a control character (expected printable text; found U+000A)\"", jsonLines[1]);
        Assert.StartsWith("J2,", jsonLines[2], StringComparison.Ordinal);
        Assert.Equal(4, csvLines.Length);
        Assert.Equal(",,error,,,,,,,,,,,,\"line 2, column case_id: the case id contains a control character (expected printable text; found U+0000)\"", csvLines[1]);
        Assert.EndsWith("found U+0009)\"", csvLines[2], StringComparison.Ordinal);
        Assert.StartsWith("A3,", csvLines[3], StringComparison.Ordinal);
        Assert.Equal((1L, 2L), (jsonSummary.Rejected, csvSummary.Rejected));
    }

    [Fact]
    public void Run_GoodRows_AllocatesEachInOrder()
    {
        var csv = $"""
            {Header}
            A1,2026-06-01,,,lot,lot,,,no
            A2,2026-06-01,,alone,lot,lot,some,,no
            A3,2026-06-01,,,some,own,,lot,yes
            """;

        var (summary, lines) = Run(csv);

        Assert.Equal("case_id,client_group,status,model_id,model_version,eligibility,offer,points,adjusted_points,band,lower,indicative,upper,weekly_indicative,message", lines[0]);
        Assert.Equal("A1,,ok,minimal,1.0.0,eligible,personalBudget,20,20,B,1800.00,2000.00,2200.00,38.46,", lines[1]);
        Assert.Equal("A2,,ok,minimal,1.0.0,eligible,personalBudget,15,15,B,1870.00,2020.00,2170.00,38.85,", lines[2]);
        Assert.Equal("A3,,ok,minimal,1.0.0,notEligible,none,5,9,,0.00,0.00,0.00,0.00,", lines[3]);
        Assert.Equal((3L, 3L, 0L), (summary.RowsRead, summary.Allocated, summary.Rejected));
        Assert.Equal(4020m, summary.TotalIndicative);
        Assert.Equal(1340m, summary.MeanIndicative);
    }

    [Fact]
    public void Run_BadRows_EachBecomesAnErrorRowNamingLineColumnAndProblem()
    {
        var csv = $"""
            {Header}
            B1,2026-06-01,,,lot,lot,,,no
            B2,2026-06-01,,,sometimes,lot,,,no
            B3,2026-06-01,,castle,lot,lot,,,no
            B4,01/06/2026,,,lot,lot,,,no
            B5,2026-06-01,,,lot,lot,,no
            "B6,2026-06-01,,,lot,lot,,,no
            B7,2026-06-01,,,lot,,,,no
            B1,2026-06-01,,,lot,lot,,,no
            ,2026-06-01,,,lot,lot,,,no
            B10,2028-06-01,,,lot,lot,,,no
            B11,2026-06-01,,,lot,lot,,,often
            """;

        var (summary, lines) = Run(csv);

        Assert.Equal(12, lines.Length);
        Assert.Equal(
            new[]
            {
                "B1,,ok,minimal,1.0.0,eligible,personalBudget,20,20,B,1800.00,2000.00,2200.00,38.46,",
                "B2,,error,minimal,1.0.0,,,,,,,,,,\"line 3, column q_eating: 'sometimes' is not an answer to question 'q_eating' (expected one of 'own', 'some', 'lot'; found 'sometimes')\"",
                "B3,,error,minimal,1.0.0,,,,,,,,,,\"line 4, column living: 'castle' is not a value of attribute 'living' (expected one of 'alone', 'with_others'; found 'castle')\"",
                "B4,,error,,,,,,,,,,,,\"line 5, column as_of: '01/06/2026' is not a date (expected yyyy-MM-dd, such as 2026-11-01)\"",
                "B5,,error,,,,,,,,,,,,line 6: the row has 8 fields but the header has 9 columns",
                ",,error,,,,,,,,,,,,line 7: field 1 opens a quote that is never closed (quoted fields cannot span lines)",
                "B7,,error,minimal,1.0.0,,,,,,,,,,\"line 8, column q_washing: required question 'q_washing' is not answered (\"\"Washing?\"\") (expected one of 'own', 'some', 'lot')\"",
                "B1,,error,minimal,1.0.0,,,,,,,,,,\"line 9, column case_id: case id 'B1' is used on an earlier row; each case appears once\"",
                ",,error,,,,,,,,,,,,\"line 10, column case_id: the case id is empty\"",
                "B10,,error,minimal,1.0.0,,,,,,,,,,\"line 11, column as_of: model minimal 1.0.0 is not in force on 2028-06-01 (expected a date from 2026-04-01 to 2027-03-31; found 2028-06-01)\"",
                "B11,,error,minimal,1.0.0,,,,,,,,,,\"line 12, column risk.falls: 'often' is not a level of risk factor 'falls' (expected one of 'no', 'yes'; found 'often')\"",
            },
            lines[1..]);
        Assert.Equal((11L, 1L, 10L), (summary.RowsRead, summary.Allocated, summary.Rejected));
        Assert.Equal(summary.RowsRead, summary.Allocated + summary.Rejected);
        Assert.Equal(2, summary.RejectedByCode["invalid-answer"] + summary.RejectedByCode["invalid-attribute"]);
    }

    [Fact]
    public void Run_UnknownColumnAndBlankLines_AreNamedWarnings()
    {
        var csv = $"{Header},q_eatng\nC1,2026-06-01,,,lot,lot,,,no,lot\n\n\nC2,2026-06-01,,,lot,lot,,,no,\n";

        var (summary, lines) = Run(csv);

        Assert.Equal(3, lines.Length);
        Assert.Equal(
            new[]
            {
                "column 'q_eatng' is not case_id, as_of, client_group, an attribute, a question id, next.<question> or risk.<factor> of model minimal: its values were not used",
                "2 blank lines were skipped (a blank line is not a row)",
            },
            summary.Warnings);
    }

    [Theory]
    [InlineData("", "the file is empty: expected a header row naming the columns (case_id, …)")]
    [InlineData("id,q_eating\n", "line 1 (the header): there is no 'case_id' column; the first line must be the header naming the columns, and every row needs a case id (first line: id, q_eating; is the header row missing?)")]
    [InlineData("C1,2026-06-01,lot,lot\n", "line 1 (the header): there is no 'case_id' column; the first line must be the header naming the columns, and every row needs a case id (first line: C1, 2026-06-01, lot, lot; is the header row missing?)")]
    [InlineData("case_id,q_eating,q_eating\n", "line 1 (the header): column 'q_eating' appears twice (columns 2 and 3); which one holds the answer would be a guess")]
    public void Run_UnusableHeader_Throws(string csv, string message)
    {
        var ex = Assert.Throws<CaseloadFormatException>(() => Run(csv));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Run_JsonLinesInAndOut_MatchesTheCsvFigures()
    {
        var jsonl = """
            {"caseId":"J1","asOf":"2026-06-01","answers":{"q_eating":"lot","q_washing":"lot"},"riskFactors":{"falls":"no"}}
            {"caseId":"J2","asOf":"2026-06-01","answers":{"q_eating":"lot"}}
            not json
            """;

        var (summary, lines) = Run(jsonl, outFormat: CaseloadFormat.JsonLines, inFormat: CaseloadFormat.JsonLines);

        Assert.Equal(
            new[]
            {
                "{\"case_id\":\"J1\",\"client_group\":null,\"status\":\"ok\",\"model_id\":\"minimal\",\"model_version\":\"1.0.0\",\"eligibility\":\"eligible\",\"offer\":\"personalBudget\",\"points\":20,\"adjusted_points\":20,\"band\":\"B\",\"lower\":1800.00,\"indicative\":2000.00,\"upper\":2200.00,\"weekly_indicative\":38.46,\"message\":null}",
                "{\"case_id\":\"J2\",\"client_group\":null,\"status\":\"error\",\"model_id\":\"minimal\",\"model_version\":\"1.0.0\",\"message\":\"line 2, /answers/q_washing: required question 'q_washing' is not answered (\\\"Washing?\\\") (expected one of 'own', 'some', 'lot')\"}",
                "{\"case_id\":\"\",\"client_group\":null,\"status\":\"error\",\"model_id\":null,\"model_version\":null,\"message\":\"line 3, /: not well-formed JSON (expected valid JSON; found an error at line 1, byte 2)\"}",
            },
            lines);
        Assert.Equal((3L, 1L, 2L), (summary.RowsRead, summary.Allocated, summary.Rejected));
    }

    [Fact]
    public void Run_ModelsFolder_PicksTheVersionInForceForEachRow()
    {
        var v1 = TestModels.Minimal;
        var v2Json = File.ReadAllText(TestModels.Fixture("models/minimal.json"))
            .Replace("\"version\": \"1.0.0\"", "\"version\": \"2.0.0\"", StringComparison.Ordinal)
            .Replace("\"effectiveFrom\": \"2026-04-01\"", "\"effectiveFrom\": \"2027-04-01\"", StringComparison.Ordinal)
            .Replace("\"effectiveTo\": \"2027-03-31\"", "\"effectiveTo\": null", StringComparison.Ordinal)
            .Replace("\"pricePerPoint\": 100", "\"pricePerPoint\": 120", StringComparison.Ordinal);
        var registry = new ModelRegistry(new[] { v1, TestModels.FromJson(v2Json) });
        var csv = $"{Header}\nR1,2027-03-31,,,lot,lot,,,no\nR2,2027-04-01,,,lot,lot,,,no\nR3,2020-01-01,,,lot,lot,,,no\n";
        var output = new StringWriter();

        new CaseloadRunner(registry, "minimal").Run(new StringReader(csv), CaseloadFormat.Csv, output, CaseloadFormat.Csv);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("R1,,ok,minimal,1.0.0,eligible,personalBudget,20,20,B,1800.00,2000.00,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("R2,,ok,minimal,2.0.0,eligible,personalBudget,20,20,B,2160.00,2400.00,", lines[2], StringComparison.Ordinal);
        Assert.Equal("R3,,error,,,,,,,,,,,,\"line 4, column as_of: no version of model minimal is in force on 2020-01-01\"", lines[3]);
    }

    [Property(MaxTest = 20)]
    public Property Run_AnyThreadCount_GivesTheSameBytes(int seed, byte threads)
    {
        var caseload = new StringWriter();
        CaseloadGeneration.Write(TestModels.Default, 3000, seed, CaseloadFormat.Csv, caseload);
        var csv = caseload.ToString();
        string RunWith(int t)
        {
            var output = new StringWriter();
            new CaseloadRunner(TestModels.Default).Run(new StringReader(csv), CaseloadFormat.Csv, output, CaseloadFormat.Csv, new CaseloadOptions(t));
            return output.ToString();
        }

        var one = RunWith(1);
        return (one == RunWith(1 + (threads % 8)) && one.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 3001).ToProperty();
    }

    [Property(MaxTest = 25)]
    public Property Run_FileRows_EqualTheExplainedPath(int seed)
    {
        // Generated file → runner (compiled path) versus each assessment through the explained path.
        var assessments = new CaseloadGenerator(TestModels.Default, seed);
        var cases = Enumerable.Range(0, 200).Select(_ => assessments.Next()).ToArray();
        var jsonl = string.Join("\n", cases.Select(c => c.ToJson(indented: false)));
        var (_, lines) = Run(jsonl, TestModels.Default, CaseloadFormat.Csv, inFormat: CaseloadFormat.JsonLines);

        var expected = cases.Select(c => TestModels.Default.Allocate(c).GetValueOrThrow())
            .Select(r => $"{r.CaseId},{r.ClientGroup},ok,default-adult,2.0.0,{Ras.Engine.Allocation.ResultJson.EligibilityCode(r.Eligibility)},{Ras.Engine.Allocation.ResultJson.OfferCode(r.Offer)},{r.CurrentPoints},{r.AdjustedPoints},{r.Band},{r.Annual.Lower:0.00},{r.Annual.Indicative:0.00},{r.Annual.Upper:0.00},{r.Weekly.Indicative:0.00},")
            .ToArray();
        return expected.SequenceEqual(lines[1..]).ToProperty();
    }

    [Fact]
    public void Run_Cancelled_StopsBetweenBlocksAndSaysSo()
    {
        var caseload = new StringWriter();
        CaseloadGeneration.Write(TestModels.Default, 20_000, 7, CaseloadFormat.Csv, caseload);
        using var cts = new CancellationTokenSource();
        var progress = new CancelAfterFirst(cts);

        var (summary, lines) = Run(caseload.ToString(), TestModels.Default, options: new CaseloadOptions(2, null, progress, cts.Token));

        // Blocks already taken by a worker when the token is cancelled are finished; no block is begun after it.
        Assert.True(summary.RowsRead is 8192 or 16384, $"{summary.RowsRead} rows read");
        Assert.Equal(summary.RowsRead + 1, lines.Length);
        Assert.StartsWith($"cancelled: the output ends before line {summary.RowsRead + 2}", Assert.Single(summary.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_SameSeed_SameFile_DifferentSeed_DifferentFile()
    {
        string Make(long seed)
        {
            var w = new StringWriter();
            CaseloadGeneration.Write(TestModels.Default, 500, seed, CaseloadFormat.Csv, w);
            return w.ToString();
        }

        Assert.Equal(Make(1), Make(1));
        Assert.NotEqual(Make(1), Make(2));
    }

    [Fact]
    public void Generate_Caseload_IsPlausible()
    {
        var w = new StringWriter();
        CaseloadGeneration.Write(TestModels.Default, 5000, 11, CaseloadFormat.Csv, w);
        var output = new StringWriter();

        var summary = new CaseloadRunner(TestModels.Default).Run(new StringReader(w.ToString()), CaseloadFormat.Csv, output, CaseloadFormat.Csv);

        Assert.Equal(0, summary.Rejected);
        // Any help counts as not achieving an outcome (reg. 2(3)(a)), so nearly everyone referred is eligible.
        Assert.InRange(summary.ByEligibility["eligible"], 4000, 4999);
        Assert.True(summary.ByEligibility["notEligible"] > 0);
        Assert.Equal(summary.ByEligibility.Values.Sum(), summary.ByOffer.Values.Sum());
        Assert.True(summary.ByClientGroup["older_people"] > summary.ByClientGroup["learning_disability"]);
        Assert.True(summary.ByBand.Count(b => b.Key.Length == 1) >= 6); // needs spread across the bands
    }

    private sealed class CancelAfterFirst(CancellationTokenSource cts) : IProgress<CaseloadProgress>
    {
        public void Report(CaseloadProgress value) => cts.Cancel();
    }
}
