using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ras.Engine.Allocation;
using Ras.Engine.Assessments;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Allocation;

/// <summary>Laws every allocation obeys, checked over seeded random assessments for every shipped model.</summary>
public class AllocationPropertiesTests
{
    private static readonly RasModel[] Models = { TestModels.Default, TestModels.Norfolk, TestModels.Minimal };

    private static AllocationResult Allocate(RasModel model, Assessment a) => model.Allocate(a).GetValueOrThrow();

    [Property(MaxTest = 300)]
    public Property Range_IsOrdered(int seed, byte modelIndex)
    {
        var model = Models[modelIndex % Models.Length];
        var r = Allocate(model, Generators.Assessment(model, seed));
        return (r.Annual.Lower <= r.Annual.Indicative && r.Annual.Indicative <= r.Annual.Upper
                && r.Weekly.Lower <= r.Weekly.Indicative && r.Weekly.Indicative <= r.Weekly.Upper
                && r.Annual.Lower >= 0)
            .Label($"{model.Id} seed {seed}: {r.Annual} {r.Weekly}");
    }

    [Property(MaxTest = 300)]
    public Property MoreNeed_NeverLowersTheBudget(int seed, byte modelIndex, byte questionPick, byte answerPick)
    {
        // "More need": one answer moves to one with at least as many points and no less "unable to achieve".
        // Questions that trigger adjustments or stop them (unpaid care; whether the carer is able to go on, an
        // adjustment's "unless") are choices about support, not need, and are skipped.
        var model = Models[modelIndex % Models.Length];
        var m = model.Definition;
        var triggers = m.Adjustments.SelectMany(x => new[] { x.When, x.Unless })
            .Where(c => c is { Subject: Ras.Engine.Models.ConditionSubject.Question })
            .Select(c => c!.Reference).ToHashSet();
        var questions = m.Domains.SelectMany(d => d.Questions).Where(q => !triggers.Contains(q.Id)).ToArray();
        var a = Generators.Assessment(model, seed);
        var q = questions[questionPick % questions.Length];
        var current = a.Answers.TryGetValue(q.Id, out var code) ? q.Answers.First(x => x.Code == code) : null;
        var more = q.Answers.Where(x => current is null || (x.Points >= current.Points && (x.UnableToAchieve || !current.UnableToAchieve))).ToArray();
        var answers = a.Answers.ToDictionary();
        answers[q.Id] = more[answerPick % more.Length].Code;

        var before = Allocate(model, a);
        var after = Allocate(model, Generators.With(a, answers: answers));
        return (after.Annual.Indicative >= before.Annual.Indicative)
            .Label($"{model.Id} seed {seed}: {q.Id} {code} → {answers[q.Id]}: {before.Annual.Indicative} → {after.Annual.Indicative}");
    }

    [Property(MaxTest = 300)]
    public Property HigherRisk_NeverLowersTheBudget(int seed, byte factorPick, byte levelPick)
    {
        var model = TestModels.Default;
        var factors = model.Definition.DirectionOfTravel!.RiskFactors;
        var a = Generators.Assessment(model, seed);
        var factor = factors[factorPick % factors.Count];
        var currentWeight = a.RiskFactors.TryGetValue(factor.Id, out var code) ? factor.Levels.First(l => l.Code == code).Weight : 0m;
        var higher = factor.Levels.Where(l => l.Weight >= currentWeight).ToArray();
        var risks = a.RiskFactors.ToDictionary();
        risks[factor.Id] = higher[levelPick % higher.Length].Code;

        var before = Allocate(model, a);
        var after = Allocate(model, Generators.With(a, risks: risks));
        return (after.Annual.Indicative >= before.Annual.Indicative && after.RiskProbability >= before.RiskProbability)
            .Label($"seed {seed}: {factor.Id} → {risks[factor.Id]}: {before.Annual.Indicative} → {after.Annual.Indicative}");
    }

    [Property(MaxTest = 200)]
    public Property Explanation_NeverChangesTheFigures(int seed, byte modelIndex)
    {
        var model = Models[modelIndex % Models.Length];
        var a = Generators.Assessment(model, seed);
        var plain = Allocate(model, a);
        var explained = model.Allocate(a, explain: true).GetValueOrThrow();
        return (AllocatorTests.Figures(plain) == AllocatorTests.Figures(explained) && plain.Explanation.Count == 0 && explained.Explanation.Count > 0)
            .Label($"{model.Id} seed {seed}");
    }

    [Fact]
    public void Allocate_SameInputUnderAnyCultureAndThreadCount_GivesIdenticalOutput()
    {
        var cases = Enumerable.Range(0, 400).Select(i => Generators.Assessment(TestModels.Default, i)).ToArray();
        string Run() => string.Join("\n", cases.Select(c => TestModels.Default.Allocate(c, explain: true).ToJson(indented: false)));

        var reference = InCulture("en-GB", Run);
        Assert.Equal(reference, InCulture("de-DE", Run));
        Assert.Equal(reference, InCulture("tr-TR", Run));
        Assert.Equal(reference, InCulture("ar-SA", Run));

        var parallel = new string[cases.Length];
        Parallel.For(0, cases.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            parallel[i] = InCulture(i % 2 == 0 ? "de-DE" : "tr-TR", () => TestModels.Default.Allocate(cases[i], explain: true).ToJson(indented: false)));
        Assert.Equal(reference, string.Join("\n", parallel));
    }

    private static T InCulture<T>(string name, Func<T> action)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
            return action();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }
    }
}
