using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ras.Engine.Allocation;
using Ras.Engine.Caseloads;
using Ras.Engine.Models;
using Ras.Engine.Rules;
using Ras.Engine.Tests.Batch;

namespace Ras.Engine.Tests.Evaluation;

/// <summary>
/// The batch (tables, no trace, the caseload decoders) and the explained allocation (the rules worked directly,
/// the assessment decoder) give the same figures for random models, not only the shipped ones.
/// </summary>
public class BatchEqualsAllocateProperties
{
    [Property(MaxTest = 400, Arbitrary = new[] { typeof(ModelGen.Arbitraries) })]
    public Property Batch_EqualsAllocate(ModelCase c)
    {
        if (c.Model is not { } model)
        {
            return GeneratorBug(c);
        }

        var expected = model.Allocate(c.Assessment);
        var problems = new List<string>();
        // Each input format once; the output formats cross over for half the cases (a run costs more than a case).
        var cross = c.ColumnKeys.Length % 2 == 0 && c.Assessment.AsOf.Day % 2 == 0;
        foreach (var inFormat in new[] { CaseloadFormat.Csv, CaseloadFormat.JsonLines })
        {
            var outFormat = cross == (inFormat == CaseloadFormat.Csv) ? CaseloadFormat.JsonLines : CaseloadFormat.Csv;
            var input = inFormat == CaseloadFormat.Csv ? BatchHarness.Csv(model, new[] { c.Assessment }, c.ColumnKeys) : BatchHarness.JsonLines(new[] { c.Assessment });
            var (summary, rows) = BatchHarness.Run(model, input, inFormat, outFormat);
            var what = $"{inFormat}→{outFormat}";
            if (rows.Count != 1 || summary.RowsRead != 1 || summary.Allocated + summary.Rejected != 1)
            {
                problems.Add($"{what}: {rows.Count} rows, summary {summary.RowsRead} read, {summary.Allocated} allocated, {summary.Rejected} rejected");
                continue;
            }

            problems.AddRange(BatchHarness.Differences(expected, rows[0], summary.RejectedByCode.Keys.SingleOrDefault(), what));
        }

        return Classified(c, expected, problems.Count == 0)
            .Label($"{string.Join("; ", problems)}{Environment.NewLine}allocate: {expected.ToJson(indented: false)}");
    }

    [Property(MaxTest = 400, Arbitrary = new[] { typeof(ModelGen.Arbitraries) })]
    public Property FastPath_EqualsAllocate(ModelCase c)
    {
        if (c.Model is not { } model)
        {
            return GeneratorBug(c);
        }

        return CompiledModelTests.FastEqualsAllocate(model, c.Assessment);
    }

    /// <summary>
    /// Both paths share the condition lookups and the probability table, so agreeing with each other cannot show
    /// a fault in them: here the conditions, each domain's points and the probability are worked out from the
    /// model's codes in the test (the domain arithmetic by <see cref="DomainRule"/> itself) and compared.
    /// </summary>
    [Property(MaxTest = 300, Arbitrary = new[] { typeof(ModelGen.Arbitraries) })]
    public Property Allocate_AppliesConditionsAndRiskFromTheCodes(ModelCase c)
    {
        if (c.Model is not { } model)
        {
            return GeneratorBug(c);
        }

        var outcome = model.Allocate(c.Assessment);
        if (!outcome.IsSuccess)
        {
            return true.ToProperty();
        }

        var m = model.Definition;
        var a = c.Assessment;
        var r = outcome.Result!;
        var next = m.Domains.SelectMany(d => d.Questions).Where(q => a.Answers.ContainsKey(q.Id) || a.AnticipatedAnswers.ContainsKey(q.Id))
            .ToDictionary(q => q.Id, q => a.AnticipatedAnswers.GetValueOrDefault(q.Id) ?? a.Answers[q.Id]);
        bool Holds(Condition when, IReadOnlyDictionary<string, string> answers) => when.Subject switch
        {
            // A range condition on an optional input that is not given does not hold (docs/model-format.md).
            ConditionSubject.Input => a.Inputs.TryGetValue(when.Reference, out var x) && when.InRange(x),
            ConditionSubject.Derived => DerivedValue(when.Reference) is { } x && when.InRange(x),
            _ => (when.Subject == ConditionSubject.Question ? answers.GetValueOrDefault(when.Reference) : a.Attributes.GetValueOrDefault(when.Reference)) is { } code
                 && when.AnyOf.Contains(code),
        };
        uint Mask(IReadOnlyDictionary<string, string> answers) =>
            (uint)Enumerable.Range(0, m.Adjustments.Count).Where(k => Holds(m.Adjustments[k].When, answers)).Sum(k => 1L << k);

        var problems = new List<string>();
        decimal? DerivedValue(string id) => r.DerivedQuantities.TryGetValue(id, out var v) ? v : null;
        var (maskNow, maskNext) = (Mask(a.Answers), Mask(next));
        for (var d = 0; d < m.Domains.Count; d++)
        {
            int Raw(IReadOnlyDictionary<string, string> answers) =>
                m.Domains[d].Questions.Where(q => answers.ContainsKey(q.Id)).Sum(q => q.Answers.First(x => x.Code == answers[q.Id]).Points);
            var expected = (Raw(a.Answers), DomainRule.DomainPoints(m, d, maskNow, Raw(a.Answers)), DomainRule.DomainPoints(m, d, maskNext, Raw(next)));
            var actual = (r.Domains[d].RawPoints, r.Domains[d].Points, r.Domains[d].AnticipatedPoints);
            if (expected != actual)
            {
                problems.Add($"domain {m.Domains[d].Id}: expected raw, now, anticipated {expected}, got {actual} (adjustments now {maskNow:b}, anticipated {maskNext:b})");
            }
        }

        var unable = m.Domains.Where(d => d.Outcome is not null && d.Questions.Any(q => a.Answers.TryGetValue(q.Id, out var code) && q.Answers.First(x => x.Code == code).UnableToAchieve))
            .Select(d => d.Outcome!).Distinct().Order();
        if (!unable.SequenceEqual(r.OutcomesUnableToAchieve.Order()))
        {
            problems.Add($"outcomes unable to achieve: expected {string.Join(",", unable)}, got {string.Join(",", r.OutcomesUnableToAchieve)}");
        }

        if (m.DirectionOfTravel is { } dot)
        {
            var z = dot.Intercept + dot.RiskFactors.Where(f => a.RiskFactors.ContainsKey(f.Id)).Sum(f => f.Levels.First(l => l.Code == a.RiskFactors[f.Id]).Weight);
            var p = (decimal)(1.0 / (1.0 + Math.Exp(-(double)z)));
            if (dot.ProbabilityDecimals is { } places)
            {
                p = decimal.Round(p, places, MidpointRounding.AwayFromZero); // format version 1 rounds to four places
            }

            if (p != r.RiskProbability)
            {
                problems.Add($"probability: expected {p} (z {z}), got {r.RiskProbability}");
            }
        }

        // Derived quantities (format version 2) worked out here from their terms: Σ coefficient × source, exact.
        var domainIndex = m.Domains.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var questionPoints = m.Domains.SelectMany(d => d.Questions).ToDictionary(q => q.Id, q => a.Answers.TryGetValue(q.Id, out var code) ? q.Answers.First(x => x.Code == code).Points : 0);
        decimal Derived(string id) => m.Derived.First(x => x.Id == id).Terms.Sum(t => t.Coefficient * t.Source switch
        {
            DerivedSource.Question => questionPoints[t.Reference!],
            DerivedSource.Domain => r.Domains[domainIndex[t.Reference!]].Points,
            DerivedSource.Input => a.Inputs.GetValueOrDefault(t.Reference!),
            DerivedSource.Derived => Derived(t.Reference!),
            _ => r.AdjustedPoints,
        });
        foreach (var d in m.Derived)
        {
            var value = Derived(d.Id);
            if (DerivedValue(d.Id) != value)
            {
                problems.Add($"derived {d.Id}: expected {value}, got {DerivedValue(d.Id)?.ToString() ?? "none"}");
            }
        }

        // Bands on a price basis: the band holding the basis rounded to whole points (halves away from zero), never below 0.
        if (m.Pricing.Basis is { } basis && m.Pricing.Bands.Count > 0 && r.Eligibility == EligibilityStatus.Eligible)
        {
            var priced = Math.Max(0m, decimal.Round(Derived(basis), 0, MidpointRounding.AwayFromZero));
            var band = m.Pricing.Bands.FirstOrDefault(b => b.MinPoints <= priced && (b.MaxPoints is not { } max || priced <= max))?.Id;
            if (band != r.Band)
            {
                problems.Add($"band on basis {basis} = {Derived(basis)}: expected {band ?? "none"}, got {r.Band ?? "none"}");
            }
        }

        var addOns = r.Offer == Offer.None ? Array.Empty<string>() : m.AddOns.Where(x => Holds(x.When, a.Answers)).Select(x => x.Id).ToArray();
        if (!addOns.SequenceEqual(r.AddOns.Select(x => x.AddOnId)))
        {
            problems.Add($"add-ons: expected {string.Join(",", addOns)}, got {string.Join(",", r.AddOns.Select(x => x.AddOnId))}");
        }

        return (problems.Count == 0).Label(string.Join("; ", problems));
    }

    private static Property GeneratorBug(ModelCase c) =>
        false.Label($"generator bug: the generated model does not validate: {string.Join("; ", c.LoadErrors.Select(e => e.ToString()))}");

    private static Property Classified(ModelCase c, AllocationOutcome expected, bool holds)
    {
        var m = c.Model!.Definition;
        return holds.ToProperty()
            .Classify(!expected.IsSuccess, "rejected")
            .Classify(expected.Result?.Offer == Offer.PreventativeSupport, "preventative support")
            .Classify(expected.Result?.Eligibility == EligibilityStatus.NotEligible, "not eligible")
            .Classify(m.Adjustments.Count > 12, "domain rule not tabulated")
            .Classify(m.Pricing.Method == PricingMethod.Bands, "bands")
            .Classify(m.Pricing.Method == PricingMethod.Curve, "curve")
            .Classify(m.Attributes.Any(x => x.Values.Count == ModelLimits.MaxAnswersPerQuestion), "100-value attribute")
            .Classify(expected.Result?.AddOns.Count > 0, "add-ons")
            .Classify(m.FormatVersion == 2, "format version 2")
            .Classify(m.Pricing.Basis is not null, "priced on a derived basis");
    }
}
