using System.Text;
using Ras.Engine.Assessments;
using Ras.Engine.Questionnaires;
using Snapshooter.Xunit;

namespace Ras.Engine.Tests.Questionnaires;

/// <summary>
/// A vendor renders the questionnaire from the typed view alone (no model JSON is read here), and an
/// assessment built from that form's fields allocates exactly as the sample assessment does.
/// </summary>
public class QuestionnaireTests
{
    [Fact]
    public void Questionnaire_RendersAFormWithoutTheModelJson()
    {
        var form = RenderForm(TestModels.Default.Questionnaire);

        Snapshot.Match(form);
    }

    [Fact]
    public void Questionnaire_FormFilledLikeTheSample_AllocatesAsTheSample()
    {
        var sample = Assessment.ParseJson(File.ReadAllText(TestModels.Repo("samples/assessment.json")));
        var q = TestModels.Default.Questionnaire;

        // The form's fields are named by the view's ids and codes; choose in each the option the sample chose.
        var answers = new Dictionary<string, string>();
        var anticipated = new Dictionary<string, string>();
        foreach (var question in q.Domains.SelectMany(d => d.Questions))
        {
            if (sample.Answers.TryGetValue(question.Id, out var now))
            {
                answers[question.Id] = question.Answers.Single(a => a.Code == now).Code;
            }

            if (sample.AnticipatedAnswers.TryGetValue(question.Id, out var next))
            {
                anticipated[question.Id] = question.Answers.Single(a => a.Code == next).Code;
            }
        }

        var risks = q.RiskFactors.ToDictionary(f => f.Id, f => f.Levels.Single(l => l.Code == sample.RiskFactors[f.Id]).Code);
        var attributes = q.Attributes.ToDictionary(a => a.Id, a => a.Values.Single(v => v.Code == sample.Attributes[a.Id]).Code);
        var months = q.WeightsTiming ? sample.AnticipatedWithinMonths.ToDictionary(p => p.Key, p => p.Value) : null;
        var filled = new Assessment(sample.CaseId, sample.AsOf, q.ClientGroups.Single(g => g == sample.ClientGroup), attributes, answers, anticipated, risks, null, months, q.HasEligibilityRule ? sample.NeedsFromImpairment : null, q.HasEligibilityRule ? sample.SignificantImpactOnWellbeing : null);

        Assert.Equal(TestModels.Default.Allocate(sample, explain: true).ToJson(), TestModels.Default.Allocate(filled, explain: true).ToJson());
    }

    [Fact]
    public void Questionnaire_DefaultModel_HasEveryQuestionOnceInOrder()
    {
        var q = TestModels.Default.Questionnaire;

        Assert.Equal(
            "eating eating_alone washing washing_alone toileting toileting_alone dressing dressing_alone moving_at_home moving_at_home_alone housework housework_alone relationships relationships_alone work work_alone getting_out getting_out_alone caring_for_child caring_for_child_alone safety nights unpaid_care carer_able".Split(' '),
            q.Domains.SelectMany(d => d.Questions).Select(x => x.Id));
        Assert.Equal("GBP", q.Currency);
        Assert.Equal(12, q.HorizonMonths);
        Assert.True(q.WeightsTiming);
        Assert.True(q.HasEligibilityRule);
        Assert.Equal(TestModels.Default.ContentHash, q.ModelHash);
    }

    [Fact]
    public void Answer_ListsTheOutcomeAndGroundItEvidences()
    {
        var eating = TestModels.Default.Questionnaire.Domains.Single(d => d.Id == "nutrition").Questions.Single(q => q.Id == "eating");

        Assert.Equal(new[] { "own", "some_help", "lot_of_help", "full_help" }, eating.Answers.Select(a => a.Code));
        var alone = TestModels.Default.Questionnaire.Domains.Single(d => d.Id == "nutrition").Questions.Single(q => q.Id == "eating_alone");

        Assert.Equal(new[] { "", "nutrition withoutAssistance", "nutrition withoutAssistance", "nutrition withoutAssistance" }, eating.Answers.Select(a => string.Join(";", a.Evidence.Select(e => $"{e.Outcome} {e.Ground}"))));
        Assert.Equal(new[] { "", "nutrition painDistressOrAnxiety", "nutrition endangersHealthOrSafety", "nutrition takesSignificantlyLonger" }, alone.Answers.Select(a => string.Join(";", a.Evidence.Select(e => $"{e.Outcome} {e.Ground}"))));
        Assert.Equal("managing and maintaining nutrition", TestModels.Default.Questionnaire.Domains[0].OutcomeWording);
    }

    [Fact]
    public void Questionnaire_ModelWithoutDirectionOfTravel_AsksNoRiskFactors()
    {
        var q = TestModels.Norfolk.Questionnaire;

        Assert.Null(q.HorizonMonths);
        Assert.Empty(q.RiskFactors);
        Assert.NotEmpty(q.Domains);
    }

    [Fact]
    public void Questionnaire_FormatVersion2Model_ListsItsNumericInputs()
    {
        var model = RasModel.LoadFile(TestModels.Repo("samples/models/format-v2-bands.json"));

        var input = Assert.Single(model.Questionnaire.Inputs, i => i.Id == "age");
        Assert.Equal(("Age in years", "years", 18m, 120m, true), (input.Label, input.Unit, input.Min, input.Max, input.Required));
        Assert.False(model.Questionnaire.Inputs.Single(i => i.Id == "unpaid_care_hours").Required);
    }

    [Fact]
    public void EmbeddingDocExample_IsThisCode_AndListsEveryAnswer()
    {
        var doc = File.ReadAllText(TestModels.Repo("docs/embedding.md"));
        var block = System.Text.RegularExpressions.Regex.Match(doc, "## Rendering the questionnaire.*?```csharp\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        var source = File.ReadAllText(TestModels.Repo("tests/Ras.Engine.Tests/Questionnaires/QuestionnaireTests.cs"));
        var body = System.Text.RegularExpressions.Regex.Match(source, "// EMBEDDING-BEGIN\n(.*?)        // EMBEDDING-END", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(string.Join("\n", body.Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart())), block);

        var output = new StringWriter();
        EmbeddingExample(output);
        Assert.Equal(TestModels.Default.Questionnaire.Domains.Sum(d => 1 + d.Questions.Sum(q => 1 + q.Answers.Count)), output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("  ( ) I can do this on my own   [eating = own]", output.ToString(), StringComparison.Ordinal);
    }

    private static void EmbeddingExample(TextWriter Console)
    {
        // EMBEDDING-BEGIN
        var questionnaire = RasModel.Default.Questionnaire;
        foreach (var domain in questionnaire.Domains)
        {
            Console.WriteLine($"## {domain.Title}");
            foreach (var question in domain.Questions)
            {
                Console.WriteLine(question.Text);
                foreach (var answer in question.Answers)
                {
                    Console.WriteLine($"  ( ) {answer.Text}   [{question.Id} = {answer.Code}]");
                }
            }
        }
        // EMBEDDING-END
    }

    /// <summary>What a vendor writes: a plain-text form from the typed view, one part per domain.</summary>
    private static string RenderForm(Questionnaire q)
    {
        var text = new StringBuilder();
        text.Append(q.Title).Append(" (").Append(q.ModelId).Append(' ').Append(q.ModelVersion).Append(", amounts in ").Append(q.Currency).Append(")\n");
        foreach (var a in q.Attributes)
        {
            text.Append("[attribute ").Append(a.Id).Append(a.Required ? ", required" : "").Append("] ").Append(a.Label).Append(": ").AppendJoin(" | ", a.Values.Select(v => $"{v.Label} ({v.Code})")).Append('\n');
        }

        foreach (var i in q.Inputs)
        {
            text.Append("[input ").Append(i.Id).Append("] ").Append(i.Label).Append(" in ").Append(i.Unit).Append(", ").Append(i.Min).Append(" to ").Append(i.Max).Append('\n');
        }

        foreach (var d in q.Domains)
        {
            text.Append("\n## ").Append(d.Title).Append(d.OutcomeWording is null ? "" : $" (outcome: {d.OutcomeWording})").Append('\n');
            foreach (var question in d.Questions)
            {
                text.Append("Q ").Append(question.Id).Append(question.Required ? " (required)" : "").Append(": ").Append(question.Text).Append('\n');
                foreach (var answer in question.Answers)
                {
                    text.Append("  ( ) ").Append(answer.Text).Append(" [").Append(answer.Code).Append(", ").Append(answer.Points).Append(" points")
                        .Append(answer.Evidence.Count > 0 ? ", not achieving " + string.Join(", ", answer.Evidence.Select(e => $"{e.Outcome} ({e.GroundText})")) : "").Append("]\n");
                }
            }
        }

        if (q.HorizonMonths is { } months)
        {
            text.Append("\n## Looking ahead ").Append(months).Append(" months\n");
            foreach (var f in q.RiskFactors)
            {
                text.Append("R ").Append(f.Id).Append(": ").Append(f.Text).Append(": ").AppendJoin(" | ", f.Levels.Select(l => $"{l.Label} ({l.Code})")).Append('\n');
            }
        }

        return text.ToString();
    }
}
