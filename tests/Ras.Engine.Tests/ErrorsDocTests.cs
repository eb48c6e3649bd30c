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

    [Fact]
    public void RowExamples_AreWhatTheBatchWrites()
    {
        var examples = Regex.Matches(Doc, "\\(`ras batch samples/caseload-messy.csv`, the `message` column\\):\n\n  ```text\n  (.+)\n  ```").Select(m => m.Groups[1].Value).ToList();
        using var output = new StringWriter();

        new CaseloadRunner(TestModels.Default).RunFile(TestModels.Repo("samples/caseload-messy.csv"), CaseloadFormat.Csv, output, CaseloadFormat.JsonLines, new CaseloadOptions(1));

        var messages = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement)
            .Where(row => row.TryGetProperty("message", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.String)
            .Select(row => row.GetProperty("message").GetString())
            .ToList();
        Assert.True(examples.Count >= 5);
        Assert.All(examples, e => Assert.Contains(e, messages));
    }
}
