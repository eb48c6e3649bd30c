using System.Text;
using System.Text.RegularExpressions;
using Ras.Engine.Caseloads;

namespace Ras.Engine.Tests;

/// <summary>
/// docs/errors.md is checked against the engine: one entry for each error code the engine's source can give
/// (and none for a code it cannot), the fixed words of every message shape are the engine's, and every example
/// is reproduced exactly.
/// </summary>
public class ErrorsDocTests
{
    private static readonly string Doc = File.ReadAllText(TestModels.Repo("docs/errors.md"));

    /// <summary>The engine's source, with C# string escapes for quotes undone so that message text reads as printed.</summary>
    private static readonly string Source = string.Join("\n", Directory.EnumerateFiles(TestModels.Repo("src/Ras.Engine"), "*.cs", SearchOption.AllDirectories)
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .Select(File.ReadAllText)).Replace("\\\"", "\"", StringComparison.Ordinal);

    /// <summary>
    /// Codes are string literals given first to an error's constructor or to the helpers that build one
    /// (<c>new ModelError("code", …)</c>, <c>v.Add("code", …)</c>, <c>r.Error("code", …)</c>,
    /// <c>Fail(ref r, "code", …)</c>), or constants.
    /// </summary>
    private static SortedSet<string> CodesInSource() =>
        new(Regex.Matches(Source, "(?:ModelError|AssessmentError|Problem|\\bAdd|\\bError|\\bFail|\\bnew)\\(\\s*(?:ref \\w+,\\s*)?\"([a-z]+(?:-[a-z0-9]+)*)\"")
            .Concat(Regex.Matches(Source, "const string \\w+ = \"([a-z]+(?:-[a-z0-9]+)*)\""))
            .Select(m => m.Groups[1].Value), StringComparer.Ordinal);

    private static List<string> DocumentedCodes() =>
        Regex.Matches(Doc, "^### `([a-z0-9-]+)`$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();

    [Fact]
    public void Codes_EveryCodeOfTheEngineHasOneEntry_AndEveryEntryIsACodeOfTheEngine()
    {
        var documented = DocumentedCodes();

        Assert.True(CodesInSource().Count > 50);
        Assert.Equal(CodesInSource(), new SortedSet<string>(documented, StringComparer.Ordinal));
        Assert.Equal(documented.Order(StringComparer.Ordinal), documented);
    }

    [Fact]
    public void Entries_EachHasAMeaningAPlaceAndItsMessages()
    {
        var entries = Regex.Split(Doc, "^### ", RegexOptions.Multiline).Skip(1).ToList();

        Assert.Equal(DocumentedCodes().Count, entries.Count);
        Assert.All(entries, e =>
        {
            Assert.Contains("- **Where:** ", e, StringComparison.Ordinal);
            Assert.Contains("- **Messages** ", e, StringComparison.Ordinal);
            Assert.Matches("^`[a-z0-9-]+`\n\n[A-Z]", e);
        });
        Assert.All(entries.Where(e => e.Contains("caseload rows", StringComparison.Ordinal)), e => Assert.Contains("- **Error row fills:** ", e, StringComparison.Ordinal));
    }

    public static TheoryData<string> MessageShapes()
    {
        var data = new TheoryData<string>();
        foreach (Match m in Regex.Matches(Doc, "^  - `(.+)`$", RegexOptions.Multiline))
        {
            data.Add(m.Groups[1].Value);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MessageShapes))]
    public void MessageShape_ItsFixedWordsAreTheEngines(string shape)
    {
        // The parts the renderer adds (": ", " (expected ", "; found ", …) and the values (…) separate the
        // fixed words, which must each be written so in the engine's source.
        var words = Regex.Split(shape, "…|^/|: | \\(expected |; found | \\(found |\\)$")
            .Select(w => w.Trim().TrimStart('/'))
            .Where(w => w.Length >= 4);

        Assert.All(words, w => Assert.Contains(w, Source, StringComparison.Ordinal));
    }

    public static TheoryData<string, string> ModelExamples()
    {
        var data = new TheoryData<string, string>();
        foreach (Match m in Regex.Matches(Doc, "\\(`ras validate ([^`]+)`\\):\n\n  ```text\n  (.+)\n  ```"))
        {
            data.Add(m.Groups[1].Value, m.Groups[2].Value);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModelExamples))]
    public void ModelExample_IsWhatTheEngineReports(string file, string message)
    {
        using var stream = File.OpenRead(TestModels.Repo(file));

        _ = RasModel.TryLoad(stream, file, out var errors);

        Assert.Contains(message, errors.Select(e => e.Message));
    }

    public static TheoryData<string, string> ChangeExamples()
    {
        var data = new TheoryData<string, string>();
        foreach (Match m in Regex.Matches(Doc, "\\(`ras compare --proposal (\\S+) [^`]+`\\):\n\n  ```text\n  (.+)\n  ```"))
        {
            data.Add(m.Groups[1].Value, m.Groups[2].Value);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ChangeExamples))]
    public void ChangeExample_IsWhatTheEngineReports(string file, string message)
    {
        using var stream = File.OpenRead(TestModels.Repo(file));

        var e = Assert.Throws<Ras.Engine.Models.ModelValidationException>(() => TestModels.Default.ApplyChange(stream, file));

        Assert.Contains(message, e.Errors.Select(x => x.Message));
    }

    public static TheoryData<string, string> RegistryExamples()
    {
        var data = new TheoryData<string, string>();
        foreach (Match m in Regex.Matches(Doc, "\\(`ras batch --models (\\S+) [^`]+`\\):\n\n  ```text\n  (.+)\n  ```"))
        {
            data.Add(m.Groups[1].Value, m.Groups[2].Value);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RegistryExamples))]
    public void RegistryExample_IsWhatTheEngineReports(string folder, string message)
    {
        var e = Assert.Throws<Ras.Engine.Models.ModelValidationException>(() => ModelRegistry.LoadDirectory(TestModels.Repo(folder)));

        // The engine names files by the path it was given; the example gives the folder from the repository root.
        Assert.Contains(message, e.Errors.Select(x => x.Message.Replace(TestModels.Repo("") + "/", "", StringComparison.Ordinal)));
    }

    /// <summary>Row examples, in docs/errors.md and docs/caseload-format.md: the command (<c>ras batch [--model M] FILE</c>) and the message.</summary>
    public static TheoryData<string, string, string> RowExamples()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var doc in new[] { "docs/errors.md", "docs/caseload-format.md" })
        {
            foreach (Match m in Regex.Matches(File.ReadAllText(TestModels.Repo(doc)), "\\(`ras batch ([^`]+)`, the `message` column\\):\n\n *```text\n *(.+)\n *```"))
            {
                data.Add(doc, m.Groups[1].Value, m.Groups[2].Value);
            }
        }

        return data;
    }

    [Fact]
    public void RowExamples_ThereAreAtLeastTwenty() =>
        Assert.True(RowExamples().Count >= 20);

    [Theory]
    [MemberData(nameof(RowExamples))]
    public void RowExample_IsWhatTheBatchWrites_AndItsRowFillsTheDocumentedColumns(string doc, string command, string message)
    {
        var row = Rows(command).FirstOrDefault(r => r.TryGetProperty("message", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.String && m.GetString() == message);

        Assert.True(row.ValueKind == System.Text.Json.JsonValueKind.Object, $"ras batch {command} writes no row with the message: {message}");
        if (doc == "docs/errors.md")
        {
            // Every column the example's row fills is named by its entry's "Error row fills" line.
            var entry = Regex.Split(Doc, "^### ", RegexOptions.Multiline).Single(e => e.Contains(message, StringComparison.Ordinal));
            var fills = Regex.Match(entry, "- \\*\\*Error row fills:\\*\\* (.+)").Groups[1].Value;
            foreach (var column in new[] { "case_id", "client_group", "model_id", "model_version" })
            {
                if (row.GetProperty(column).ValueKind == System.Text.Json.JsonValueKind.String && row.GetProperty(column).GetString()!.Length > 0)
                {
                    Assert.Contains($"`{column}`", fills, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void CaseloadFormat_WhitespaceExample_ReadsTheCaseIdTrimmed()
    {
        var doc = File.ReadAllText(TestModels.Repo("docs/caseload-format.md"));
        var example = Regex.Match(doc, "Line 3 of \\[`tests/Ras.Engine.Tests/Fixtures/errors/rows.csv`\\].*?its `case_id` is `([^`]+)`", RegexOptions.Singleline);
        var row = Rows("tests/Ras.Engine.Tests/Fixtures/errors/rows.csv")[1];
        var line = File.ReadAllLines(TestModels.Repo("tests/Ras.Engine.Tests/Fixtures/errors/rows.csv"))[2];

        Assert.True(example.Success, "docs/caseload-format.md shows line 3 of the errors fixture");
        Assert.StartsWith(" E1 , 2026-06-01 ,", line, StringComparison.Ordinal);
        Assert.Equal(example.Groups[1].Value, row.GetProperty("case_id").GetString());
    }

    private static readonly Dictionary<string, List<System.Text.Json.JsonElement>> RowsByCommand = new(StringComparer.Ordinal);

    /// <summary>The result rows of <c>ras batch [--model M] FILE</c> (the default model without --model), as JSON Lines.</summary>
    private static List<System.Text.Json.JsonElement> Rows(string command)
    {
        lock (RowsByCommand)
        {
            if (!RowsByCommand.TryGetValue(command, out var rows))
            {
                var parts = command.Split(' ');
                var model = parts[0] == "--model" ? RasModel.LoadFile(TestModels.Repo(parts[1])) : TestModels.Default;
                var file = TestModels.Repo(parts[^1]);
                using var output = new StringWriter();
                new CaseloadRunner(model).RunFile(file, file.EndsWith(".jsonl", StringComparison.Ordinal) ? CaseloadFormat.JsonLines : CaseloadFormat.Csv, output, CaseloadFormat.JsonLines, new CaseloadOptions(1));
                rows = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.Clone()).ToList();
                RowsByCommand[command] = rows;
            }

            return rows;
        }
    }
}
