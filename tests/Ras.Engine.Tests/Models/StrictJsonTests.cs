using Ras.Engine.Assessments;
using Ras.Engine.Caseloads;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Models;

/// <summary>
/// Strict JSON everywhere (issue 11): a duplicated member, a lone surrogate or invalid UTF-8 is refused with its
/// JSON pointer in models, assessments, JSON Lines rows and change files; a byte-order mark is accepted. The
/// documents are <c>Fixtures/strict</c>, written by make_fixtures.py.
/// </summary>
public class StrictJsonTests
{
    [Theory]
    [InlineData("model-duplicate-member", "strict/model-duplicate-member.json#/pricing/bands/1/pricePerPoint: member appears twice in one object: only one value can hold (expected 'pricePerPoint' once; found 'pricePerPoint' again) [duplicate-member]")]
    [InlineData("model-lone-surrogate", "strict/model-lone-surrogate.json#/title: a string is not valid Unicode text (a lone surrogate or invalid UTF-8) (expected UTF-8 text, with \\u escapes only for whole characters (a high surrogate followed by a low one); found \"Minimal \\ud800 model\") [invalid-text]")]
    [InlineData("model-invalid-utf8", "strict/model-invalid-utf8.json#/title: a string is not valid Unicode text (a lone surrogate or invalid UTF-8) (expected UTF-8 text, with \\u escapes only for whole characters (a high surrogate followed by a low one); found \"Minimal \\xFF\\xFE model\") [invalid-text]")]
    public void Model_NotStrictJson_IsRefusedWithItsPointer(string fixture, string expected)
    {
        var name = $"strict/{fixture}.json";
        using var stream = File.OpenRead(TestModels.Fixture(name));

        Assert.Equal(expected, Assert.Single(RasModel.Validate(stream, name)).Message);
    }

    [Fact]
    public void Model_WithAByteOrderMark_Loads()
    {
        var model = RasModel.LoadFile(TestModels.Fixture("strict/model-bom.json"));

        Assert.Equal(TestModels.Minimal.ContentHash, model.ContentHash);
    }

    [Theory]
    [InlineData("assessment-duplicate-case-id", "/caseId: member appears twice in one object: only one value can hold (expected 'caseId' once; found 'caseId' again) [duplicate-member]")]
    [InlineData("assessment-duplicate-answer", "/answers/q_eating: member appears twice in one object: only one value can hold (expected 'q_eating' once; found 'q_eating' again) [duplicate-member]")]
    [InlineData("assessment-duplicate-answers", "/answers: member appears twice in one object: only one value can hold (expected 'answers' once; found 'answers' again) [duplicate-member]")]
    [InlineData("assessment-lone-surrogate", "/caseId: a string is not valid Unicode text (a lone surrogate or invalid UTF-8) (expected UTF-8 text, with \\u escapes only for whole characters (a high surrogate followed by a low one); found \"S\\udc00\") [invalid-text]")]
    [InlineData("assessment-too-deep", "/: the assessment nests JSON too deeply (an assessment's values are strings, numbers or objects of them) (expected at most 8 levels; found deeper nesting at line 1, byte 117) [too-deep]")]
    public void Assessment_NotStrictJson_IsRefusedWithItsPointer(string fixture, string expected)
    {
        var json = File.ReadAllBytes(TestModels.Fixture($"strict/{fixture}.json"));

        Assert.False(Assessment.TryParseJson(json, out _, out var errors));
        Assert.Equal(expected, Assert.Single(errors).Message);
    }

    [Fact]
    public void Assessment_WithAByteOrderMark_IsRead()
    {
        var json = File.ReadAllBytes(TestModels.Fixture("strict/assessment-bom.json"));

        Assert.True(Assessment.TryParseJson(json, out var a, out _));
        Assert.Equal("S1", a!.CaseId);
    }

    [Fact]
    public void JsonLinesRow_WithADuplicateMember_IsAnErrorRowAndTheOthersAreAllocated()
    {
        var rows = string.Join('\n', new[] { "assessment-duplicate-case-id", "assessment-bom", "assessment-duplicate-answer" }
            .Select((f, i) => File.ReadAllText(TestModels.Fixture($"strict/{f}.json")).TrimStart('\uFEFF').Replace("\"caseId\": \"S1\"", $"\"caseId\": \"R{i}\"", StringComparison.Ordinal)));
        var output = new StringWriter();

        // Each row its own case id: an error row keeps its case id (issue 10), so a repeated one would be a duplicate.
        var summary = new CaseloadRunner(TestModels.Minimal).Run(new StringReader(rows), CaseloadFormat.JsonLines, output, CaseloadFormat.JsonLines);

        Assert.Equal((3L, 1L, 2L), (summary.RowsRead, summary.Allocated, summary.RejectedByCode["duplicate-member"]));
    }

    [Theory]
    [InlineData("change-duplicate-member", "strict/change-duplicate-member.json#/changes/0/value: member appears twice in one object: only one value can hold (expected 'value' once; found 'value' again) [duplicate-member]")]
    [InlineData("change-lone-surrogate", "strict/change-lone-surrogate.json#/title: a string is not valid Unicode text (a lone surrogate or invalid UTF-8) (expected UTF-8 text, with \\u escapes only for whole characters (a high surrogate followed by a low one); found \"\\ud800\") [invalid-text]")]
    [InlineData("change-leading-zero", "strict/change-leading-zero.json#/changes/0/path: an array index in a JSON pointer has no leading zeros (RFC 6901) (expected an index such as 1, not 01; found \"/adjustments/01/percent\") [unknown-parameter]")]
    public void ChangeFile_NotStrict_IsRefusedWithItsPointer(string fixture, string expected)
    {
        var name = $"strict/{fixture}.json";
        using var stream = File.OpenRead(TestModels.Fixture(name));

        var e = Assert.Throws<ModelValidationException>(() => TestModels.Minimal.ApplyChange(stream, name));

        Assert.Equal(expected, Assert.Single(e.Errors).Message);
    }
}
