using System.Text.RegularExpressions;
using Ras.Engine.Assessments;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Models;

/// <summary>
/// The public code constants are the codes the engine gives: every code written where an error is made in the
/// engine's source is a constant, every constant is given somewhere, and the codes real invalid inputs give are
/// constants of the right kind.
/// </summary>
public partial class ErrorCodesTests
{
    [GeneratedRegex("""(?:Error|Add|Fail|new)\(\s*(?:ref r,\s*)?"([a-z]+(?:-[a-z]+)*)",|const string \w+ = "([a-z]+(?:-[a-z]+)+)";|\b(?:Model|Assessment)ErrorCodes\.(\w+)""")]
    private static partial Regex ErrorMade();

    private static HashSet<string> CodesInSource()
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(TestModels.Repo("src/Ras.Engine"), "*.cs", SearchOption.AllDirectories).Where(f => !f.EndsWith("ErrorCodes.cs", StringComparison.Ordinal)))
        {
            foreach (Match m in ErrorMade().Matches(File.ReadAllText(file)))
            {
                codes.Add(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : Constant(m.Groups[3].Value));
            }
        }

        return codes;
    }

    private static string Constant(string name) =>
        (string)(typeof(ModelErrorCodes).GetField(name) ?? typeof(AssessmentErrorCodes).GetField(name) ?? throw new InvalidOperationException(name)).GetRawConstantValue()!;

    [Fact]
    public void EveryCodeInTheSource_IsAConstant()
    {
        var known = AssessmentErrorCodes.All.Concat(ModelErrorCodes.All).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(CodesInSource().Where(c => !known.Contains(c)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryConstant_IsGivenSomewhere()
    {
        var inSource = CodesInSource();

        Assert.Empty(AssessmentErrorCodes.All.Concat(ModelErrorCodes.All).Where(c => !inSource.Contains(c)).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void InvalidModelFixtures_GiveModelErrorCodes()
    {
        var given = Directory.EnumerateFiles(TestModels.Fixture("invalid"), "*.json")
            .SelectMany(f => RasModel.Validate(File.OpenRead(f), f))
            .Select(e => e.Code)
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(given.Count > 10, string.Join(", ", given));
        Assert.DoesNotContain(given, c => !ModelErrorCodes.All.Contains(c));
    }

    [Fact]
    public void BadAssessments_GiveAssessmentErrorCodes()
    {
        var outcomes = new[]
        {
            """{"caseId":"x","asOf":"2026-06-01","answers":{"eating":"never","nope":"own"},"riskFactors":{"falls":"many"},"attributes":{"age_group":"old"}}""",
            """{"caseId":"x","asOf":"2020-01-01"}""",
            """{"caseId":1}""",
            "not json",
        }.Select(j => TestModels.Default.AllocateJson(j));

        var given = outcomes.SelectMany(o => o.Errors).Select(e => e.Code).ToList();

        Assert.Contains(AssessmentErrorCodes.InvalidAnswer, given);
        Assert.Contains(AssessmentErrorCodes.ModelNotInForce, given);
        Assert.DoesNotContain(given, c => !AssessmentErrorCodes.All.Contains(c));
    }
}
