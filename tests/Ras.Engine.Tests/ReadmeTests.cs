using System.Text.RegularExpressions;
using Ras.Engine.Assessments;
using Ras.Engine.Models;

namespace Ras.Engine.Tests;

/// <summary>The README's embedding example compiles and runs here: the text in README.md must match this code.</summary>
public class ReadmeTests
{
    private static readonly object ConsoleLock = new();

    [Fact]
    public void ReadmeExample_IsThisCode()
    {
        var readme = File.ReadAllText(TestModels.Repo("README.md"));
        var block = Regex.Match(readme, "```csharp\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        var source = File.ReadAllText(TestModels.Repo("tests/Ras.Engine.Tests/ReadmeTests.cs"));
        var body = Regex.Match(source, "// README-BEGIN\n(.*?)        // README-END", RegexOptions.Singleline).Groups[1].Value;
        var dedented = string.Join("\n", body.Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));

        Assert.Equal("using Ras.Engine;\nusing Ras.Engine.Assessments;\n\n" + dedented, block);
    }

    [Fact]
    public void ReadmeExample_RunsAndPrintsTheExplainedBudget()
    {
        var output = new StringWriter();
        lock (ConsoleLock)
        {
            var original = Console.Out;
            Console.SetOut(output);
            try
            {
                Example();
            }
            finally
            {
                Console.SetOut(original);
            }
        }

        Assert.StartsWith("Eligible, band C: 8320 to 12480 a year", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("56 points fall in band C", output.ToString(), StringComparison.Ordinal);
    }

    private static void Example()
    {
        // README-BEGIN
        var model = RasModel.Default; // or RasModel.LoadFile(path): validated once, immutable, thread-safe
        var assessment = new Assessment(
            caseId: "C-1042",
            asOf: new DateOnly(2026, 11, 1),
            clientGroup: "older_people",
            answers: new Dictionary<string, string>
            {
                ["eating"] = "lot_of_help", ["washing"] = "lot_of_help", ["toileting"] = "some_help",
                ["dressing"] = "lot_of_help", ["moving_at_home"] = "some_help", ["housework"] = "lot_of_help",
                ["relationships"] = "own", ["work"] = "own", ["getting_out"] = "lot_of_help",
                ["caring_for_child"] = "not_applicable", ["safety"] = "some", ["nights"] = "none", ["unpaid_care"] = "none",
            },
            riskFactors: new Dictionary<string, string> { ["falls"] = "two_or_more", ["lives_alone"] = "yes" });

        var outcome = model.Allocate(assessment, explain: true);
        if (outcome.Result is { } result)
        {
            Console.WriteLine($"{result.Eligibility}, band {result.Band}: {result.Annual.Lower} to {result.Annual.Upper} a year");
            foreach (var step in result.Explanation)
            {
                Console.WriteLine($"{step.Number}. {step.Title}: {step.Detail}");
            }
        }
        else
        {
            // Expected failures are values, never exceptions: each error names the question and what was expected.
            foreach (var error in outcome.Errors)
            {
                Console.WriteLine(error.Message);
            }
        }
        // README-END
    }
}
