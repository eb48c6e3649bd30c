using Microsoft.VisualBasic.FileIO;
using Parquet;
using Parquet.Schema;
using Ras.Cli.ParquetFiles;

namespace Ras.Engine.Tests.Cli.ParquetFiles;

/// <summary>Parquet caseloads and results mean exactly what their CSV forms mean (issue 10).</summary>
public sealed class ParquetCaseloadStreamTests : IDisposable
{
    private const string MinimalHeader = "case_id,as_of,client_group,living,q_eating,q_washing,q_carer,next.q_eating,risk.falls";
    private readonly string _dir = Directory.CreateTempSubdirectory("ras-parquet-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Ras.Cli.Cli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The rows of a CSV file (header first), as parsed by a reader that is not ours.</summary>
    private static List<string?[]> CsvRows(string path)
    {
        using var parser = new TextFieldParser(path) { HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(",");
        var rows = new List<string?[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields()!.Select(f => f.Length == 0 ? null : f).ToArray());
        }

        return rows;
    }

    /// <summary>The rows of a Parquet file (column names first), every value as invariant text, read with Parquet.Net.</summary>
    private static List<string?[]> ParquetRows(string path, out DataField[] fields)
    {
        using var file = File.OpenRead(path);
        var reader = ParquetReader.CreateAsync(file, new ParquetOptions { UseDateOnlyTypeForDates = true }).GetAwaiter().GetResult();
        try
        {
            fields = reader.Schema.GetDataFields();
            var rows = new List<string?[]> { fields.Select(f => (string?)f.Name).ToArray() };
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var n = (int)group.RowCount;
                var columns = new string?[fields.Length][];
                for (var c = 0; c < fields.Length; c++)
                {
                    var t = Nullable.GetUnderlyingType(fields[c].ClrType) ?? fields[c].ClrType;
                    if (t == typeof(int))
                    {
                        var v = new int?[n];
                        group.ReadAsync<int>(fields[c], v.AsMemory()).GetAwaiter().GetResult();
                        columns[c] = v.Select(x => x?.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                    }
                    else if (t == typeof(DateOnly))
                    {
                        var v = new DateOnly?[n];
                        group.ReadAsync<DateOnly>(fields[c], v.AsMemory()).GetAwaiter().GetResult();
                        columns[c] = v.Select(x => x?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                    }
                    else
                    {
                        var v = new string?[n];
                        group.ReadAsync(fields[c], v.AsMemory()).GetAwaiter().GetResult();
                        columns[c] = v;
                    }
                }

                for (var i = 0; i < n; i++)
                {
                    rows.Add(columns.Select(col => col[i]).ToArray());
                }
            }

            return rows;
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void WriteParquet(string path, params (DataField Field, Array Values)[] columns)
    {
        using var file = File.Create(path);
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => (Field)c.Field).ToArray()), file).GetAwaiter().GetResult();
        using (var group = writer.CreateRowGroup())
        {
            foreach (var (field, values) in columns)
            {
                switch (values)
                {
                    case string?[] s:
                        group.WriteAsync(field, s).GetAwaiter().GetResult();
                        break;
                    case DateTime?[] d:
                        group.WriteAsync<DateTime>(field, d.AsMemory()).GetAwaiter().GetResult();
                        break;
                    case DateOnly?[] d:
                        group.WriteAsync<DateOnly>(field, d.AsMemory()).GetAwaiter().GetResult();
                        break;
                    case int?[] i:
                        group.WriteAsync<int>(field, i.AsMemory()).GetAwaiter().GetResult();
                        break;
                    case decimal?[] m:
                        group.WriteAsync<decimal>(field, m.AsMemory()).GetAwaiter().GetResult();
                        break;
                    case byte[][] b:
                        group.WriteAsync(field, b).GetAwaiter().GetResult();
                        break;
                    default:
                        throw new ArgumentException(values.GetType().Name);
                }
            }
        }

        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static string WithoutFileNames(string text, params string[] names) =>
        names.Aggregate(text, (t, n) => t.Replace(n, "FILE", StringComparison.Ordinal));

    [Fact]
    public void Batch_GeneratedParquet_GivesTheRowsAndSummaryOfTheGeneratedCsv()
    {
        // Over two row groups (70,000 rows), results written both ways.
        Assert.Equal(0, Run("generate", "--count", "70000", "--seed", "21", "--out", P("g.csv"), "--quiet").Code);
        Assert.Equal(0, Run("generate", "--count", "70000", "--seed", "21", "--out", P("g.parquet"), "--quiet").Code);

        var csv = Run("batch", P("g.csv"), "--out", P("r.csv"), "--summary", P("s1.json"), "--exact-text", "--quiet");
        var parquet = Run("batch", P("g.parquet"), "--out", P("r.parquet"), "--summary", P("s2.json"), "--quiet");

        Assert.Equal(csv.Code, parquet.Code);
        Assert.Equal(WithoutFileNames(csv.Out, P("r.csv"), P("s1.json")), WithoutFileNames(parquet.Out, P("r.parquet"), P("s2.json")));
        Assert.Equal(File.ReadAllText(P("s1.json")), File.ReadAllText(P("s2.json")));
        var expected = CsvRows(P("r.csv"));
        var actual = ParquetRows(P("r.parquet"), out var fields);
        Assert.Equal(70001, actual.Count);
        Assert.Equal(expected, actual);
        Assert.Equal(typeof(int), fields.Single(f => f.Name == "points").ClrType);
        Assert.Equal(CsvRows(P("g.csv")), ParquetRows(P("g.parquet"), out var caseloadFields));
        Assert.Equal(typeof(DateOnly), caseloadFields.Single(f => f.Name == "as_of").ClrType);
    }

    [Fact]
    public void Batch_TypedParquetColumns_AreReadAsTheirCsvText()
    {
        // The same rows as a CSV and as a Parquet file with a timestamp as_of (a time of day is not a date), an
        // integer answer, nulls and error rows of every kind: the results and summaries are the same.
        File.WriteAllText(P("c.csv"), MinimalHeader + "\n" +
            "A1,2026-06-01,,alone,lot,lot,,,\n" +
            ",2026-06-01,,alone,lot,lot,,,\n" +
            "A3,2026-06-01T10:30:00,,alone,lot,lot,,,\n" +
            "A4,,,alone,lot,lot,,,\n" +
            "A5,2026-06-01,,alone,,lot,,7,\n" +
            "A1,2026-06-01,,alone,lot,lot,,,\n" +
            "\"=A7,x\",2026-06-01,,with_others,some,own,,,\n");
        string?[] ids = ["A1", null, "A3", "A4", "A5", "A1", "=A7,x"];
        DateTime?[] asOf = [new(2026, 6, 1), new(2026, 6, 1), new(2026, 6, 1, 10, 30, 0), null, new(2026, 6, 1), new(2026, 6, 1), new(2026, 6, 1)];
        string?[] lot = ["lot", "lot", "lot", "lot", null, "lot", "some"];
        int?[] eating = [null, null, null, null, 7, null, null];
        var nulls = new string?[7];
        WriteParquet(P("c.parquet"),
            (new DataField<string>("case_id", nullable: true), ids),
            (new DateTimeDataField("as_of", DateTimeFormat.DateAndTime, isNullable: true), asOf),
            (new DataField<string>("client_group", nullable: true), nulls),
            (new DataField<string>("living", nullable: true), new string?[] { "alone", "alone", "alone", "alone", "alone", "alone", "with_others" }),
            (new DataField<string>("q_eating", nullable: true), lot),
            (new DataField<string>("q_washing", nullable: true), new string?[] { "lot", "lot", "lot", "lot", "lot", "lot", "own" }),
            (new DataField<string>("q_carer", nullable: true), nulls),
            (new DataField<int?>("next.q_eating"), eating),
            (new DataField<string>("risk.falls", nullable: true), nulls));
        var model = TestModels.Fixture("models/minimal.json");

        var csv = Run("batch", P("c.csv"), "--model", model, "--out", P("r.csv"), "--quiet");
        var parquet = Run("batch", P("c.parquet"), "--model", model, "--out", P("r2.csv"), "--quiet");

        Assert.Equal((4, 4), (csv.Code, parquet.Code));
        Assert.Equal(File.ReadAllText(P("r.csv")), File.ReadAllText(P("r2.csv")));
        Assert.Equal(WithoutFileNames(csv.Out, P("r.csv")), WithoutFileNames(parquet.Out, P("r2.csv")));
        var lines = File.ReadAllLines(P("r2.csv"));
        Assert.Equal(8, lines.Length);
        Assert.StartsWith("A1,,ok,", lines[1], StringComparison.Ordinal);
        Assert.Equal(",,error,,,,,,,,,,,,\"line 3, column case_id: the case id is empty\"", lines[2]);
        Assert.Equal("A3,,error,,,,,,,,,,,,\"line 4, column as_of: '2026-06-01T10:30:00' is not a date (expected yyyy-MM-dd, such as 2026-11-01)\"", lines[3]);
        Assert.Contains("line 5, column as_of: no as-of date", lines[4], StringComparison.Ordinal);
        Assert.StartsWith("A5,,error,", lines[5], StringComparison.Ordinal);
        Assert.Contains("line 7, column case_id: case id 'A1' is used on an earlier row", lines[6], StringComparison.Ordinal);
        Assert.StartsWith("\"'=A7,x\",,ok,", lines[7], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_TypedValues_AreTheirInvariantText()
    {
        using (var file = File.Create(P("t.parquet")))
        {
            var schema = new ParquetSchema(
                new DataField<string>("case_id", nullable: true), new DecimalDataField("income", 10, 2, isNullable: true),
                new DataField<double>("ratio"), new DataField<bool?>("flag"), new DateTimeDataField("as_of", DateTimeFormat.Date, isNullable: true),
                new DataField<long>("n"));
            var writer = await ParquetWriter.CreateAsync(schema, file);
            using (var group = writer.CreateRowGroup())
            {
                await group.WriteAsync(schema.DataFields[0], new string?[] { "A \"1\"", "B,2" });
                await group.WriteAsync<decimal>(schema.DataFields[1], new decimal?[] { 1.5m, null }.AsMemory());
                await group.WriteAsync<double>(schema.DataFields[2], new[] { 0.1, -2.0 }.AsMemory());
                await group.WriteAsync<bool>(schema.DataFields[3], new bool?[] { true, false }.AsMemory());
                await group.WriteAsync<DateTime>(schema.DataFields[4], new DateTime?[] { new(2026, 6, 1), null }.AsMemory());
                await group.WriteAsync<long>(schema.DataFields[5], new[] { 12345678901L, -1L }.AsMemory());
            }

            await writer.DisposeAsync();
        }

        using var stream = ParquetCaseloadStream.Open(P("t.parquet"));
        var text = await new StreamReader(stream).ReadToEndAsync();

        Assert.Equal("case_id,income,ratio,flag,as_of,n\n\"A \"\"1\"\"\",1.50,0.1,true,2026-06-01,12345678901\n\"B,2\",,-2,false,,-1\n", text);
        Assert.Null(stream.Failure);
    }

    [Fact]
    public void Compare_ParquetCaseloadAndCases_EqualTheCsvRun()
    {
        Assert.Equal(0, Run("generate", "--count", "3000", "--seed", "8", "--out", P("g.csv"), "--quiet").Code);
        Assert.Equal(0, Run("generate", "--count", "3000", "--seed", "8", "--out", P("g.parquet"), "--quiet").Code);
        var proposal = TestModels.Repo("samples/changes/carer-deduction-40pc.json");

        var csv = Run("compare", "--proposal", proposal, P("g.csv"), "--out", P("c.csv"), "--summary", P("s1.json"), "--exact-text", "--quiet");
        var parquet = Run("compare", "--proposal", proposal, P("g.parquet"), "--out", P("c.parquet"), "--summary", P("s2.json"), "--quiet");

        Assert.Equal(csv.Code, parquet.Code);
        Assert.Equal(csv.Out, parquet.Out);
        Assert.Equal(File.ReadAllText(P("s1.json")), File.ReadAllText(P("s2.json")));
        Assert.Equal(CsvRows(P("c.csv")), ParquetRows(P("c.parquet"), out _));
    }

    [Fact]
    public void Batch_TruncatedParquet_IsAClearErrorAndThePreviousOutputStays()
    {
        Assert.Equal(0, Run("generate", "--count", "500", "--seed", "8", "--out", P("g.parquet"), "--quiet").Code);
        var bytes = File.ReadAllBytes(P("g.parquet"));
        File.WriteAllBytes(P("cut.parquet"), bytes[..(bytes.Length / 2)]);
        File.WriteAllText(P("r.csv"), "previous\n");

        var (code, _, err) = Run("batch", P("cut.parquet"), "--out", P("r.csv"), "--quiet");

        Assert.Equal(1, code);
        Assert.StartsWith($"{P("cut.parquet")}: the caseload cannot be used: not a readable Parquet file (", err, StringComparison.Ordinal);
        Assert.EndsWith("); is it complete, and is it Parquet?" + Environment.NewLine, err, StringComparison.Ordinal);
        Assert.Equal("previous\n", File.ReadAllText(P("r.csv")));
    }

    [Fact]
    public void Batch_CorruptRowGroup_IsAClearErrorNamingRowsAndColumn()
    {
        Assert.Equal(0, Run("generate", "--count", "1000", "--seed", "3", "--out", P("g.parquet"), "--quiet").Code);
        var bytes = File.ReadAllBytes(P("g.parquet"));
        for (var i = 200; i < Math.Min(40000, bytes.Length / 2); i += 97)
        {
            bytes[i] ^= 0x5A; // the data pages, not the footer
        }

        File.WriteAllBytes(P("bad.parquet"), bytes);

        var (code, _, err) = Run("batch", P("bad.parquet"), "--out", P("r.csv"), "--quiet");

        Assert.Equal(1, code);
        Assert.Matches(@"^.*bad\.parquet: the caseload cannot be used: row group 1 \(from row 1\), column '[^']+': the data cannot be read \(.*\); is the file complete\?\s*$", err);
        Assert.False(File.Exists(P("r.csv")));
    }

    [Fact]
    public void Batch_CsvNamedParquet_IsAClearError()
    {
        File.Copy(TestModels.Repo("samples/caseload.csv"), P("x.parquet"));

        var (code, _, err) = Run("batch", P("x.parquet"), "--out", P("r.csv"));

        Assert.Equal(1, code);
        Assert.Contains("not a readable Parquet file", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_BinaryColumn_IsRefusedNamingTheColumn()
    {
        WriteParquet(P("b.parquet"), (new DataField<string>("case_id", nullable: true), new string?[] { "A" }), (new DataField<byte[]>("photo"), new[] { new byte[] { 1, 2 } }));

        var (code, _, err) = Run("batch", P("b.parquet"), "--out", P("r.csv"));

        Assert.True(code == 1, err);
        Assert.Contains("the caseload cannot be used: column 'photo' holds binary data (bytes without a string type), which a caseload cannot read; a caseload column holds text, a number, a boolean or a date", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_ValueWithALineBreak_IsAClearErrorNamingRowAndColumn()
    {
        WriteParquet(P("n.parquet"), (new DataField<string>("case_id", nullable: true), new string?[] { "A", "B\nC" }), (new DateTimeDataField("as_of", DateTimeFormat.Date, isNullable: true), new DateTime?[] { new(2026, 6, 1), new(2026, 6, 1) }));

        var (code, _, err) = Run("batch", P("n.parquet"), "--out", P("r.csv"));

        Assert.Equal(1, code);
        Assert.Contains("the caseload cannot be used: row 2, column 'case_id': the value holds a line break, which no caseload value can hold (in the CSV form it would end the row)", err, StringComparison.Ordinal);
        Assert.False(File.Exists(P("r.csv")));
    }

    [Theory]
    [InlineData("batch", "-", "--format", "parquet", "--out", "r.csv")]
    [InlineData("batch", "caseload.csv", "--out", "-", "--out-format", "parquet")]
    [InlineData("generate", "--count", "1", "--seed", "1", "--out", "-", "--format", "parquet")]
    [InlineData("compare", "--proposal", "change.json", "-", "--format", "parquet")]
    public void Commands_ParquetThroughStandardStreams_AreRefused(params string[] args)
    {
        var (code, _, err) = Run(args);

        Assert.Equal(2, code);
        Assert.Contains("parquet: Parquet cannot go through standard input or output ('-'), since a Parquet file is read from its end; give a .parquet file name", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_ParquetWithWindows1252_IsRefused()
    {
        var (code, _, err) = Run("batch", P("g.parquet"), "--encoding", "windows-1252", "--out", P("r.csv"));

        Assert.Equal(2, code);
        Assert.Contains("--encoding windows-1252 applies to CSV and JSON Lines caseloads; the text in a Parquet file is always UTF-8", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_HistoryAsParquet_IsRefused()
    {
        var (code, _, err) = Run("generate", "--count", "5", "--seed", "1", "--out", P("h.parquet"), "--costs-from", TestModels.Repo("samples/history-truth-model.json"));

        Assert.Equal(2, code);
        Assert.Contains("a history with costs (--costs-from) is written as CSV; name --out .csv", err, StringComparison.Ordinal);
    }

    [Fact]
    public void ParquetTableStream_WithoutComplete_IsNotAParquetFile()
    {
        using var file = new MemoryStream();
        using (var table = new ParquetTableStream(file, ParquetTableStream.TextColumns))
        {
            table.Write("case_id,x\nA,1\n"u8);
        }

        File.WriteAllBytes(P("t.parquet"), file.ToArray());
        Assert.Throws<Ras.Engine.Caseloads.CaseloadFormatException>(() => ParquetCaseloadStream.Open(P("t.parquet")).Dispose());
    }

    [Fact]
    public void ParquetTableStream_QuotedFieldsAndEmptyCells_AreReadAsRfc4180()
    {
        using var file = new MemoryStream();
        using (var table = new ParquetTableStream(file, ParquetTableStream.TextColumns))
        {
            table.Write("a,b,c\n\"x,\"\"y\"\"\",,\"line\nbreak\"\r\n"u8);
            table.Complete();
        }

        File.WriteAllBytes(P("t.parquet"), file.ToArray());
        Assert.Equal(new[] { new[] { "a", "b", "c" }, new[] { "x,\"y\"", null, "line\nbreak" } }, ParquetRows(P("t.parquet"), out _));
    }
}
