using System.Globalization;
using Ras.Engine.Assessments;
using Ras.Engine.Explanation;
using Ras.Engine.Models;
using Ras.Engine.Pricing;

namespace Ras.Engine.Allocation;

/// <summary>
/// The explained calculation, step by step as documented in <c>docs/calculation.md</c>. This is the reference
/// path: simple and readable. Explanation text is only built when asked for.
/// </summary>
internal static class Allocator
{
    private const int NoAnswer = -1;

    public static AllocationOutcome Allocate(RasModel model, Assessment a, bool explain)
    {
        var m = model.Definition;
        var ix = model.Index;
        var errors = new List<AssessmentError>();
        var warnings = new List<string>();
        var current = ResolveAnswers(ix, a.Answers, "/answers", errors);
        var anticipated = ResolveAnswers(ix, a.AnticipatedAnswers, "/anticipated", errors);
        CheckCase(model, a, current, errors);
        var risk = ResolveRiskFactors(m, ix, a, errors, warnings);
        if (errors.Count > 0)
        {
            return AllocationOutcome.Failure(errors);
        }

        for (var i = 0; i < anticipated.Length; i++)
        {
            if (anticipated[i] == NoAnswer)
            {
                anticipated[i] = current[i];
            }
        }

        var ex = explain ? new ExplanationBuilder(m.Currency) : null;
        ex?.Add(
            "model",
            "Model",
            $"Worked out with {m.Title} ({m.Id} version {m.Version}), in force from {Format.Date(m.EffectiveFrom)}{(m.EffectiveTo is { } to ? " to " + Format.Date(to) : "")}, for the date {Format.Date(a.AsOf)}.{(m.Illustrative ? " This model is illustrative and has not been calibrated by a council." : "")}",
            model.ContentHash,
            "",
            null,
            ("model", m.Id),
            ("version", m.Version),
            ("as of", Format.Date(a.AsOf)));

        // 1. Points now, domain by domain.
        var domains = new DomainResult[m.Domains.Count];
        var nowPoints = new int[m.Domains.Count];
        var thenPoints = new int[m.Domains.Count];
        int raw = 0, currentTotal = 0, anticipatedTotal = 0;
        var unableNow = new List<string>();
        var unableThen = new List<string>();
        for (var d = 0; d < m.Domains.Count; d++)
        {
            var now = Scoring.DomainScorer.Score(m, ix, d, current, a, ex);
            var then = Scoring.DomainScorer.Score(m, ix, d, anticipated, a, null);
            nowPoints[d] = now.Points;
            thenPoints[d] = then.Points;
            raw = checked(raw + now.Raw);
            currentTotal = checked(currentTotal + now.Points);
            anticipatedTotal = checked(anticipatedTotal + then.Points);
            var outcome = m.Domains[d].Outcome;
            if (outcome is not null && now.Unable && !unableNow.Contains(outcome))
            {
                unableNow.Add(outcome);
            }

            if (outcome is not null && then.Unable && !unableThen.Contains(outcome))
            {
                unableThen.Add(outcome);
            }
        }

        ex?.Add("current-points", "Points now", $"The sum of the domains' points: {string.Join(" + ", nowPoints)} = {currentTotal}.", Format.Number(currentTotal), "/domains");

        // 2. Eligibility now (a model without a rule leaves eligibility to be decided outside the RAS).
        var minimum = m.Eligibility?.MinimumOutcomes ?? 0;
        var eligibleNow = unableNow.Count >= minimum;
        if (m.Eligibility is null)
        {
            ex?.Add("eligibility-now", "Eligibility", "This model has no eligibility rule: eligibility is decided outside the RAS, and every assessment is priced.", "eligible", "");
        }
        else
        {
            ex?.Add(
                "eligibility-now",
                "Eligibility now",
                $"Outcomes the person is unable to achieve now: {(unableNow.Count == 0 ? "none" : string.Join(", ", unableNow))} ({unableNow.Count}). The rule needs at least {minimum}: {(eligibleNow ? "eligible" : "not eligible on current need")}.",
                eligibleNow ? "eligible" : "not eligible now",
                "/eligibility",
                m.Eligibility.PolicyReference,
                ("outcomes unable to achieve", Format.Number(unableNow.Count)),
                ("minimum", Format.Number(minimum)));
        }

        // 3. Direction of travel.
        var dot = DirectionOfTravel.DirectionOfTravelRule.Apply(m, risk, nowPoints, thenPoints, currentTotal, ex);
        var adjusted = checked(currentTotal + dot.Uplift);
        var eligibility = eligibleNow ? EligibilityStatus.Eligible
            : m.DirectionOfTravel is { } rule && unableThen.Count >= minimum && dot.Probability >= rule.EligibilityProbability ? EligibilityStatus.EligibleOnDirectionOfTravel
            : EligibilityStatus.NotEligible;
        if (!eligibleNow && ex is not null && m.DirectionOfTravel is { } dotRule)
        {
            ex.Add(
                "eligibility-direction-of-travel",
                "Eligibility on direction of travel",
                $"Outcomes the person is expected to be unable to achieve within {dotRule.HorizonMonths} months: {(unableThen.Count == 0 ? "none" : string.Join(", ", unableThen))} ({unableThen.Count}, at least {minimum} needed); probability {Format.Probability(dot.Probability)} (at least {Format.Probability(dotRule.EligibilityProbability)} needed): {(eligibility == EligibilityStatus.EligibleOnDirectionOfTravel ? "eligible on direction of travel, for a preventative allocation" : "not eligible")}.",
                eligibility == EligibilityStatus.EligibleOnDirectionOfTravel ? "eligible on direction of travel" : "not eligible",
                "/directionOfTravel/eligibilityProbability",
                dotRule.PolicyReference ?? m.Eligibility?.PolicyReference);
        }

        // 4. Pricing, range and add-ons.
        var priced = PriceCalculator.Price(m, a, eligibility, adjusted, nowPoints, current, ix, ex, warnings);
        if (priced.Error is { } pricingError)
        {
            return AllocationOutcome.Failure(new[] { pricingError });
        }

        var addOns = new List<AddOnResult>();
        decimal addOnTotal = 0m;
        if (eligibility != EligibilityStatus.NotEligible)
        {
            for (var i = 0; i < m.AddOns.Count; i++)
            {
                var addOn = m.AddOns[i];
                if (!Scoring.DomainScorer.Holds(addOn.When, ix, current, a))
                {
                    continue;
                }

                var amount = PriceCalculator.AddOnAmount(m, addOn, a.AsOf);
                addOnTotal += amount;
                addOns.Add(new AddOnResult { AddOnId = addOn.Id, Title = addOn.Title, Annual = amount });
                if (ex is not null)
                {
                    var working = addOn.AnnualAmount is not null
                        ? $"a fixed {ex.Money(amount)} a year"
                        : $"{Format.Number(addOn.HoursPerWeek!.Value)} hours a week × {ex.Money(addOn.HourlyRate!.ValueAt(a.AsOf))} an hour × {Format.Number(m.WeeksPerYear)} weeks = {ex.Money(amount)}";
                    ex.Add("add-on", "Add-on: " + addOn.Title, $"Included because the {addOn.When.Describe()}: {working}; added to the lower, indicative and upper amounts.", ex.Money(amount), $"/addOns/{i}", addOn.PolicyReference);
                }
            }
        }

        var r = m.Rounding;
        var lower = priced.Lower + addOnTotal;
        var indicative = priced.Indicative + addOnTotal;
        var upper = priced.Upper + addOnTotal;
        var (annualRange, weeklyRange) = Finish(m, lower, indicative, upper);
        if (ex is not null)
        {
            var mode = r.Mode.ToString();
            ex.Add(
                "rounding",
                "Twelve-month range",
                $"Before rounding: lower {ex.Money(lower)}, indicative {ex.Money(indicative)}, upper {ex.Money(upper)}. Each is rounded once to the nearest {ex.Money(r.AnnualUnit)} (midpoints {mode}): {ex.Money(annualRange.Lower)} – {ex.Money(annualRange.Indicative)} – {ex.Money(annualRange.Upper)} a year.",
                $"{ex.Money(annualRange.Lower)} – {ex.Money(annualRange.Indicative)} – {ex.Money(annualRange.Upper)}",
                "/rounding");
            ex.Add(
                "weekly",
                "Weekly equivalent",
                $"Each unrounded annual amount ÷ {Format.Number(m.WeeksPerYear)} weeks, rounded to the nearest {ex.Money(r.WeeklyUnit)} (midpoints {mode}): {ex.Money(weeklyRange.Lower)} – {ex.Money(weeklyRange.Indicative)} – {ex.Money(weeklyRange.Upper)} a week.",
                $"{ex.Money(weeklyRange.Lower)} – {ex.Money(weeklyRange.Indicative)} – {ex.Money(weeklyRange.Upper)}",
                "/weeksPerYear");
        }

        for (var d = 0; d < m.Domains.Count; d++)
        {
            var domain = m.Domains[d];
            domains[d] = new DomainResult
            {
                DomainId = domain.Id,
                Title = domain.Title,
                Outcome = domain.Outcome,
                RawPoints = Scoring.DomainScorer.RawPoints(m, ix, d, current),
                Points = nowPoints[d],
                AnticipatedPoints = thenPoints[d],
                UnableToAchieve = Scoring.DomainScorer.Unable(m, ix, d, current),
                AnticipatedUnableToAchieve = Scoring.DomainScorer.Unable(m, ix, d, anticipated),
                ExpectedDeterioration = dot.Probability * Math.Max(0, thenPoints[d] - nowPoints[d]),
            };
        }

        return AllocationOutcome.Success(new AllocationResult
        {
            CaseId = a.CaseId,
            AsOf = a.AsOf,
            ClientGroup = a.ClientGroup,
            ModelId = m.Id,
            ModelVersion = m.Version,
            ModelHash = model.ContentHash,
            Eligibility = eligibility,
            OutcomesUnableToAchieve = unableNow,
            AnticipatedOutcomesUnableToAchieve = unableThen,
            Domains = domains,
            RawPoints = raw,
            CurrentPoints = currentTotal,
            AnticipatedPoints = anticipatedTotal,
            RiskProbability = dot.Probability,
            DirectionOfTravelUplift = dot.Uplift,
            AdjustedPoints = adjusted,
            Band = priced.Band,
            BandLabel = priced.BandLabel,
            AddOns = addOns,
            Annual = annualRange,
            Weekly = weeklyRange,
            Warnings = warnings,
            Explanation = ex?.Steps ?? Array.Empty<ExplanationStep>(),
        });
    }

    /// <summary>Rounds each unrounded annual figure once, and each weekly figure (unrounded annual ÷ weeks) once.</summary>
    internal static (BudgetRange Annual, BudgetRange Weekly) Finish(ModelDefinition m, decimal lower, decimal indicative, decimal upper)
    {
        var r = m.Rounding;
        return (
            new BudgetRange(r.RoundAnnual(lower), r.RoundAnnual(indicative), r.RoundAnnual(upper)),
            new BudgetRange(r.RoundWeekly(lower / m.WeeksPerYear), r.RoundWeekly(indicative / m.WeeksPerYear), r.RoundWeekly(upper / m.WeeksPerYear)));
    }

    /// <summary>Answer codes → answer indexes by flat question index (−1 where unanswered), reporting unknown ids and codes.</summary>
    internal static int[] ResolveAnswers(ModelIndex ix, IReadOnlyDictionary<string, string> answers, string where, List<AssessmentError> errors)
    {
        var resolved = new int[ix.Flat.Count];
        Array.Fill(resolved, NoAnswer);
        foreach (var (questionId, code) in answers)
        {
            if (!ix.Questions.TryGetValue(questionId, out var q))
            {
                errors.Add(new AssessmentError("unknown-question", $"{where}/{questionId}", $"the model has no question '{questionId}'", "a question id of the model", $"'{questionId}'"));
                continue;
            }

            if (!q.AnswerIndex.TryGetValue(code, out var index))
            {
                errors.Add(new AssessmentError("invalid-answer", $"{where}/{questionId}", $"'{code}' is not an answer to question '{questionId}'", "one of " + string.Join(", ", q.Question.Answers.Select(x => $"'{x.Code}'")), $"'{code}'"));
                continue;
            }

            resolved[q.FlatIndex] = index;
        }

        return resolved;
    }

    internal static void CheckCase(RasModel model, Assessment a, int[] current, List<AssessmentError> errors)
    {
        var m = model.Definition;
        var ix = model.Index;
        if (!model.IsInForceOn(a.AsOf))
        {
            errors.Add(new AssessmentError("model-not-in-force", "/asOf", $"model {m.Id} {m.Version} is not in force on {Format.Date(a.AsOf)}", $"a date from {Format.Date(m.EffectiveFrom)}{(m.EffectiveTo is { } to ? " to " + Format.Date(to) : "")}", Format.Date(a.AsOf)));
        }

        if (a.ClientGroup is { } group && ix.ClientGroups.Count > 0 && !ix.ClientGroups.Contains(group))
        {
            errors.Add(new AssessmentError("unknown-client-group", "/clientGroup", "unknown client group", "one of " + string.Join(", ", m.ClientGroups.Select(g => $"'{g}'")), $"'{group}'"));
        }

        foreach (var (id, value) in a.Attributes)
        {
            if (!ix.Attributes.TryGetValue(id, out var attribute))
            {
                errors.Add(new AssessmentError("unknown-attribute", $"/attributes/{id}", $"the model has no attribute '{id}'", m.Attributes.Count == 0 ? "no attributes" : "one of " + string.Join(", ", m.Attributes.Select(x => $"'{x.Id}'")), $"'{id}'"));
            }
            else if (!attribute.Values.Any(v => v.Code == value))
            {
                errors.Add(new AssessmentError("invalid-attribute", $"/attributes/{id}", $"'{value}' is not a value of attribute '{id}'", "one of " + string.Join(", ", attribute.Values.Select(x => $"'{x.Code}'")), $"'{value}'"));
            }
        }

        foreach (var attribute in m.Attributes)
        {
            if (attribute.Required && !a.Attributes.ContainsKey(attribute.Id))
            {
                errors.Add(new AssessmentError("missing-attribute", $"/attributes/{attribute.Id}", $"required attribute '{attribute.Id}' ({attribute.Label}) is not given", "one of " + string.Join(", ", attribute.Values.Select(x => $"'{x.Code}'"))));
            }
        }

        foreach (var q in ix.Flat)
        {
            if (q.Question.Required && current[q.FlatIndex] == NoAnswer && !a.Answers.ContainsKey(q.Question.Id))
            {
                errors.Add(new AssessmentError("missing-answer", $"/answers/{q.Question.Id}", $"required question '{q.Question.Id}' is not answered (\"{q.Question.Text}\")", "one of " + string.Join(", ", q.Question.Answers.Select(x => $"'{x.Code}'"))));
            }
        }
    }

    internal static int[] ResolveRiskFactors(ModelDefinition m, ModelIndex ix, Assessment a, List<AssessmentError> errors, List<string> warnings)
    {
        if (m.DirectionOfTravel is not { } dot)
        {
            if (a.RiskFactors.Count > 0 || a.AnticipatedAnswers.Count > 0)
            {
                warnings.Add($"model {m.Id} {m.Version} has no direction-of-travel rule: the anticipated answers and risk factors given were not used");
            }

            return Array.Empty<int>();
        }

        var levels = new int[dot.RiskFactors.Count];
        Array.Fill(levels, NoAnswer);
        foreach (var (id, code) in a.RiskFactors)
        {
            if (!ix.RiskFactors.TryGetValue(id, out var entry))
            {
                errors.Add(new AssessmentError("unknown-risk-factor", $"/riskFactors/{id}", $"the model has no risk factor '{id}'", "one of " + string.Join(", ", dot.RiskFactors.Select(f => $"'{f.Id}'")), $"'{id}'"));
                continue;
            }

            var level = entry.Factor.Levels.Select((l, i) => (l, i)).FirstOrDefault(x => x.l.Code == code);
            if (level.l is null)
            {
                errors.Add(new AssessmentError("invalid-risk-level", $"/riskFactors/{id}", $"'{code}' is not a level of risk factor '{id}'", "one of " + string.Join(", ", entry.Factor.Levels.Select(l => $"'{l.Code}'")), $"'{code}'"));
                continue;
            }

            levels[entry.Index] = level.i;
        }

        for (var i = 0; i < levels.Length; i++)
        {
            if (levels[i] == NoAnswer)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"risk factor '{dot.RiskFactors[i].Id}' was not recorded: it adds nothing to the risk score"));
            }
        }

        return levels;
    }
}
