using System.Globalization;
using System.Text.RegularExpressions;

namespace Ras.Engine.Models;

/// <summary>
/// The semantic checks on a structurally sound <see cref="ModelDefinition"/>: identity, unique ids, references,
/// bands (gaps, overlaps, coverage, monotone amounts), prices, dates and limits, and for format version 2 numeric
/// inputs, derived quantities (no cycles) and range conditions. Reports every problem.
/// </summary>
internal static partial class ModelValidator
{
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVerPattern();

    public static void Validate(ModelDefinition m, List<ModelError> errors)
    {
        var v = new Checker(errors);

        if (!IdPattern().IsMatch(m.Id))
        {
            v.Add("invalid-id", "/id", "model id must be lower case letters, digits, '.', '_' or '-'", "for example \"default-adult\"", Quote(m.Id));
        }

        if (!SemVerPattern().IsMatch(m.Version))
        {
            v.Add("invalid-version", "/version", "version must be a semantic version", "MAJOR.MINOR.PATCH such as \"1.0.0\"", Quote(m.Version));
        }

        if (m.EffectiveTo is { } to && to < m.EffectiveFrom)
        {
            v.Add("dates-out-of-order", "/effectiveTo", "effective-to is before effective-from", $"a date on or after {Iso(m.EffectiveFrom)}", Iso(to));
        }

        if (m.Currency.Length != 3 || !m.Currency.All(char.IsAsciiLetterUpper))
        {
            v.Add("invalid-value", "/currency", "currency must be an ISO 4217 code", "three capital letters such as \"GBP\"", Quote(m.Currency));
        }

        if (m.WeeksPerYear is <= 0m or > 53m)
        {
            v.Add("invalid-value", "/weeksPerYear", "weeks per year out of range", "more than 0 and at most 53", Num(m.WeeksPerYear));
        }

        var policies = v.UniqueIds(m.PolicyReferences.Select(p => p.Id), "/policyReferences", "id");
        v.Unique(m.ClientGroups, i => $"/clientGroups/{i}", "client group");

        var attributes = v.UniqueIds(m.Attributes.Select(a => a.Id), "/attributes", "id");
        for (var i = 0; i < m.Attributes.Count; i++)
        {
            var a = m.Attributes[i];
            if (a.Values.Count > ModelLimits.MaxAnswersPerQuestion)
            {
                v.Add("too-large", $"/attributes/{i}/values", "an attribute has too many values", $"at most {ModelLimits.MaxAnswersPerQuestion}", Num(a.Values.Count));
            }

            if (a.Values.Count == 0)
            {
                v.Add("empty", $"/attributes/{i}/values", "an attribute needs at least one value", "one or more values", "none");
            }

            v.Unique(a.Values.Select(x => x.Code).ToList(), j => $"/attributes/{i}/values/{j}/code", "value code");
            CheckColumnId(v, a.Id, $"/attributes/{i}/id", "attribute", "living_setting");

            for (var j = 0; j < a.Values.Count; j++)
            {
                CheckCode(v, a.Values[j].Code, $"/attributes/{i}/values/{j}/code", "value code");
            }
        }

        for (var i = 0; i < m.ClientGroups.Count; i++)
        {
            CheckCode(v, m.ClientGroups[i], $"/clientGroups/{i}", "client group");
        }

        // A caseload names every question, attribute and input by its id in one header row, so one id cannot
        // serve two of them (inputs are checked with the inputs).
        var questionPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var d = 0; d < m.Domains.Count; d++)
        {
            for (var q = 0; q < m.Domains[d].Questions.Count; q++)
            {
                questionPaths.TryAdd(m.Domains[d].Questions[q].Id, $"/domains/{d}/questions/{q}");
            }
        }

        for (var i = 0; i < m.Attributes.Count; i++)
        {
            if (questionPaths.TryGetValue(m.Attributes[i].Id, out var other))
            {
                v.Add("duplicate-id", $"/attributes/{i}/id", "attribute id is also a question id: a caseload column could not say which it holds", $"an id not already used at {other}", Quote(m.Attributes[i].Id));
            }
        }

        ValidateQuestionnaire(m, v, policies);
        var questions = m.Domains.SelectMany(d => d.Questions).GroupBy(q => q.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var attributeById = m.Attributes.GroupBy(a => a.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var domainIds = m.Domains.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        ValidateInputs(m, v);
        var refs = new Refs(
            questions,
            attributeById,
            m.Inputs.GroupBy(i => i.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal),
            m.Derived.Select(d => d.Id).ToHashSet(StringComparer.Ordinal));
        ValidateDerived(m, v, refs, domainIds);

        v.UniqueIds(m.Adjustments.Select(a => a.Id), "/adjustments", "id");
        for (var i = 0; i < m.Adjustments.Count; i++)
        {
            var a = m.Adjustments[i];
            var path = $"/adjustments/{i}";
            if (a.When.Subject == ConditionSubject.Derived)
            {
                v.Add("invalid-condition", path + "/when", "an adjustment's condition cannot use a derived quantity: derived quantities are worked out from points after adjustments", "a condition on a question, an attribute or a numeric input", "derived quantity " + Quote(a.When.Reference));
            }
            else
            {
                v.Condition(a.When, path + "/when", refs);
            }

            if (a.Unless is { } unless)
            {
                if (unless.Subject == ConditionSubject.Derived)
                {
                    v.Add("invalid-condition", path + "/unless", "an adjustment's condition cannot use a derived quantity: derived quantities are worked out from points after adjustments", "a condition on a question, an attribute or a numeric input", "derived quantity " + Quote(unless.Reference));
                }
                else
                {
                    v.Condition(unless, path + "/unless", refs);
                }
            }

            v.Policy(a.PolicyReference, path + "/policyReference", policies);
            if (a.Percent is < -100m or > 100m)
            {
                v.Add("invalid-value", path + "/percent", "percent out of range", "between -100 and 100", Num(a.Percent));
            }

            if (string.IsNullOrWhiteSpace(a.Reason))
            {
                v.Add("missing-reason", path + "/reason", "every adjustment states its reason", "a non-empty reason", "an empty string");
            }

            for (var j = 0; j < a.Domains.Count; j++)
            {
                if (!domainIds.Contains(a.Domains[j]))
                {
                    v.Add("unknown-reference", $"{path}/domains/{j}", "unknown domain", "the id of a domain in /domains", Quote(a.Domains[j]));
                }
            }
        }

        var outcomeCount = m.Domains.Where(d => d.Outcome is not null).Select(d => d.Outcome).Distinct(StringComparer.Ordinal).Count();
        if (m.Eligibility is { } eligibility)
        {
            if (eligibility.MinimumOutcomes < 1 || eligibility.MinimumOutcomes > outcomeCount)
            {
                v.Add("invalid-value", "/eligibility/minimumOutcomes", "minimum outcomes must be between 1 and the number of outcomes the domains evidence", $"1 to {outcomeCount}", Num(eligibility.MinimumOutcomes));
            }

            v.Policy(eligibility.PolicyReference, "/eligibility/policyReference", policies);
        }
        else if (m.DirectionOfTravel is not null && m.FormatVersion == 1)
        {
            // Version 2 allows it: with no eligibility rule everyone is eligible, so nobody is eligible on direction of travel.
            v.Add("format-version", "/eligibility", "a direction-of-travel rule without an eligibility rule needs \"formatVersion\": 2", "2", "1");
        }

        ValidateDirectionOfTravel(m, v, policies);
        ValidatePricing(m, v, refs, domainIds);

        v.UniqueIds(m.AddOns.Select(a => a.Id), "/addOns", "id");
        for (var i = 0; i < m.AddOns.Count; i++)
        {
            var a = m.AddOns[i];
            var path = $"/addOns/{i}";
            v.Condition(a.When, path + "/when", refs);
            v.Policy(a.PolicyReference, path + "/policyReference", policies);
            if (a.HoursPerWeek is { } hours && hours is <= 0m or > 168m)
            {
                v.Add("invalid-value", path + "/hoursPerWeek", "hours per week out of range", "more than 0 and at most 168", Num(hours));
            }

            v.Dated(a.HourlyRate, path + "/hourlyRate", m);
            v.Dated(a.AnnualAmount, path + "/annualAmount", m);
        }

        if (m.Range.Method == RangeMethod.Tolerance)
        {
            if (m.Range.BelowPercent is < 0m or > 100m)
            {
                v.Add("invalid-value", "/range/belowPercent", "below-percent out of range", "between 0 and 100", Num(m.Range.BelowPercent));
            }

            if (m.Range.AbovePercent is < 0m or > 1000m)
            {
                v.Add("invalid-value", "/range/abovePercent", "above-percent out of range", "between 0 and 1000", Num(m.Range.AbovePercent));
            }
        }
        else if (m.Pricing.Method != PricingMethod.Bands)
        {
            v.Add("invalid-range", "/range/method", "band-edge ranges need band pricing", "\"tolerance\" for this pricing method", "\"bandEdges\"");
        }

        foreach (var (unit, name) in new[] { (m.Rounding.AnnualUnit, "annualUnit"), (m.Rounding.WeeklyUnit, "weeklyUnit") })
        {
            if (unit <= 0m || unit > 1000m)
            {
                v.Add("invalid-value", "/rounding/" + name, "rounding unit out of range", "a positive amount such as 0.01, 1 or 10, at most 1000", Num(unit));
            }
        }
    }

    private static void ValidateQuestionnaire(ModelDefinition m, Checker v, HashSet<string> policies)
    {
        if (m.Domains.Count == 0)
        {
            v.Add("empty", "/domains", "a model needs at least one domain", "one or more domains", "none");
        }

        v.UniqueIds(m.Domains.Select(d => d.Id), "/domains", "id");
        var questionSeen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < m.Domains.Count; i++)
        {
            var d = m.Domains[i];
            var path = $"/domains/{i}";
            if (d.Outcome is not null && CareActOutcomes.Wording(d.Outcome) is null)
            {
                v.Add("unknown-outcome", path + "/outcome", "unknown Care Act outcome", "one of " + string.Join(", ", CareActOutcomes.All.Select(o => o.Code)), Quote(d.Outcome));
            }

            if (d.Weight is < 0m or > 100m)
            {
                v.Add("invalid-value", path + "/weight", "domain weight out of range", "between 0 and 100", Num(d.Weight));
            }

            if (d.MaxPoints is { } cap && cap < 0m)
            {
                v.Add("invalid-value", path + "/maxPoints", "domain cap is negative", "0 or more", Num(cap));
            }

            if (d.Questions.Count == 0)
            {
                v.Add("empty", path + "/questions", "a domain needs at least one question", "one or more questions", "none");
            }

            for (var j = 0; j < d.Questions.Count; j++)
            {
                var q = d.Questions[j];
                var qPath = $"{path}/questions/{j}";
                CheckColumnId(v, q.Id, qPath + "/id", "question", "eating");

                if (!questionSeen.TryAdd(q.Id, qPath))
                {
                    v.Add("duplicate-id", qPath + "/id", "question id is used twice", $"an id not already used at {questionSeen[q.Id]}", Quote(q.Id));
                }

                if (q.Answers.Count > ModelLimits.MaxAnswersPerQuestion)
                {
                    v.Add("too-large", qPath + "/answers", "a question has too many answers", $"at most {ModelLimits.MaxAnswersPerQuestion}", Num(q.Answers.Count));
                }

                if (q.Answers.Count == 0)
                {
                    v.Add("empty", qPath + "/answers", "a question needs at least one answer", "one or more answers", "none");
                }

                v.Unique(q.Answers.Select(a => a.Code).ToList(), k => $"{qPath}/answers/{k}/code", "answer code");
                for (var k = 0; k < q.Answers.Count; k++)
                {
                    CheckCode(v, q.Answers[k].Code, $"{qPath}/answers/{k}/code", "answer code");
                    var points = q.Answers[k].Points;
                    if (points is < 0 or > ModelLimits.MaxAnswerPoints)
                    {
                        v.Add("invalid-value", $"{qPath}/answers/{k}/points", "answer points out of range", $"0 to {ModelLimits.MaxAnswerPoints}", Num(points));
                    }

                    var evidence = q.Answers[k].Evidence ?? Array.Empty<EvidenceDefinition>();
                    for (var e = 0; e < evidence.Count; e++)
                    {
                        var ePath = $"{qPath}/answers/{k}/evidence/{e}";
                        if (evidence[e].Outcomes.Count == 0 && d.Outcome is null)
                        {
                            v.Add("missing-member", ePath + "/outcomes", "evidence in a domain that evidences no outcome must name the outcomes it bears on", "'outcomes' with one or more outcome codes the model's domains evidence", "none");
                        }

                        for (var o = 0; o < evidence[e].Outcomes.Count; o++)
                        {
                            var outcome = evidence[e].Outcomes[o];
                            if (!m.Domains.Any(x => x.Outcome == outcome))
                            {
                                v.Add("unknown-outcome", $"{ePath}/outcomes/{o}", "evidence names an outcome that no domain of the model evidences", "one of " + string.Join(", ", m.Domains.Where(x => x.Outcome is not null).Select(x => x.Outcome).Distinct()), Quote(outcome));
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// An id that names a caseload column (a question, attribute or numeric input) follows the id rule and is
    /// not one of the columns a caseload already has.
    /// </summary>
    private static void CheckColumnId(Checker v, string id, string path, string what, string example)
    {
        if (!IdPattern().IsMatch(id))
        {
            v.Add("invalid-id", path, $"{what} id must be lower case letters, digits, '.', '_' or '-'", $"for example \"{example}\"", Quote(id));
        }
        else if (IsCaseloadColumn(id))
        {
            v.Add("invalid-id", path, $"{what} id is the name of a caseload column", "an id other than case_id, as_of and client_group, not starting with 'next.' or 'risk.'", Quote(id));
        }
    }

    /// <summary>
    /// A code must survive a caseload cell: cells are trimmed and an empty cell means "not given", so a code
    /// that is empty, has spaces at either end or holds a line break could never be given in a caseload.
    /// </summary>
    private static void CheckCode(Checker v, string code, string path, string what)
    {
        if (code.Length == 0 || code.Trim().Length != code.Length || code.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            v.Add("invalid-value", path, $"{what} is empty, has spaces at either end or holds a line break: a caseload cell could not carry it", "a code such as \"some_help\"", Quote(code));
        }
    }

    /// <summary>Caseload columns that a numeric input's id must not shadow (inputs are read from columns named by their ids).</summary>
    private static bool IsCaseloadColumn(string id) =>
        id is "case_id" or "as_of" or "client_group"
        || id.StartsWith("next.", StringComparison.Ordinal)
        || id.StartsWith("risk.", StringComparison.Ordinal);

    private static void ValidateInputs(ModelDefinition m, Checker v)
    {
        // Questions, attributes and inputs share one namespace: an assessment names each by its id.
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var d = 0; d < m.Domains.Count; d++)
        {
            for (var q = 0; q < m.Domains[d].Questions.Count; q++)
            {
                seen.TryAdd(m.Domains[d].Questions[q].Id, $"/domains/{d}/questions/{q}");
            }
        }

        for (var i = 0; i < m.Attributes.Count; i++)
        {
            seen.TryAdd(m.Attributes[i].Id, $"/attributes/{i}");
        }

        for (var i = 0; i < m.Inputs.Count; i++)
        {
            var input = m.Inputs[i];
            var path = $"/inputs/{i}";
            CheckColumnId(v, input.Id, path + "/id", "input", "age");

            if (!seen.TryAdd(input.Id, path))
            {
                v.Add("duplicate-id", path + "/id", "input id is used twice", $"an id not already used at {seen[input.Id]}", Quote(input.Id));
            }

            if (input.Max < input.Min)
            {
                v.Add("invalid-range", path + "/max", "the input's largest value is below its smallest", $"{Num(input.Min)} or more", Num(input.Max));
            }
        }
    }

    private static void ValidateDerived(ModelDefinition m, Checker v, Refs refs, HashSet<string> domainIds)
    {
        v.UniqueIds(m.Derived.Select(d => d.Id), "/derived", "id");
        for (var i = 0; i < m.Derived.Count; i++)
        {
            var d = m.Derived[i];
            var path = $"/derived/{i}";
            if (!IdPattern().IsMatch(d.Id))
            {
                v.Add("invalid-id", path + "/id", "derived quantity id must be lower case letters, digits, '.', '_' or '-'", "for example \"adl_sum\"", Quote(d.Id));
            }

            if (d.Terms.Count == 0)
            {
                v.Add("empty", path + "/terms", "a derived quantity needs at least one term", "one or more terms", "none");
            }

            for (var j = 0; j < d.Terms.Count; j++)
            {
                var t = d.Terms[j];
                var termPath = $"{path}/terms/{j}";
                switch (t.Source)
                {
                    case DerivedSource.Question when !refs.Questions.ContainsKey(t.Reference!):
                        v.Add("unknown-reference", termPath + "/question", "unknown question", "the id of a question in /domains", Quote(t.Reference!));
                        break;
                    case DerivedSource.Domain when !domainIds.Contains(t.Reference!):
                        v.Add("unknown-reference", termPath + "/domain", "unknown domain", "the id of a domain in /domains", Quote(t.Reference!));
                        break;
                    case DerivedSource.Derived when !refs.Derived.Contains(t.Reference!):
                        v.Add("unknown-reference", termPath + "/derived", "unknown derived quantity", "the id of a derived quantity in /derived", Quote(t.Reference!));
                        break;
                    case DerivedSource.Input when !refs.Inputs.ContainsKey(t.Reference!):
                        v.Add("unknown-reference", termPath + "/input", "unknown numeric input", "the id of an input in /inputs", Quote(t.Reference!));
                        break;
                }
            }
        }

        ReportCycles(m, v);
    }

    /// <summary>Reports each cycle of derived quantities once, at the term (in the first quantity of the cycle) that starts it.</summary>
    private static void ReportCycles(ModelDefinition m, Checker v)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < m.Derived.Count; i++)
        {
            index.TryAdd(m.Derived[i].Id, i);
        }

        var state = new byte[m.Derived.Count]; // 0 new, 1 on the path being followed, 2 done
        var stack = new List<int>();
        var reported = new HashSet<string>(StringComparer.Ordinal);

        void Visit(int i)
        {
            state[i] = 1;
            stack.Add(i);
            foreach (var t in m.Derived[i].Terms)
            {
                if (t.Source != DerivedSource.Derived || t.Reference is null || !index.TryGetValue(t.Reference, out var next))
                {
                    continue;
                }

                if (state[next] == 0)
                {
                    Visit(next);
                }
                else if (state[next] == 1)
                {
                    var cycle = stack.Skip(stack.IndexOf(next)).ToList();
                    var first = cycle.IndexOf(cycle.Min());
                    cycle = cycle.Skip(first).Concat(cycle.Take(first)).ToList();
                    if (reported.Add(string.Join(",", cycle)))
                    {
                        var start = m.Derived[cycle[0]];
                        var to = m.Derived[cycle.Count > 1 ? cycle[1] : cycle[0]].Id;
                        var term = start.Terms.ToList().FindIndex(x => x.Source == DerivedSource.Derived && x.Reference == to);
                        var names = string.Join(" → ", cycle.Append(cycle[0]).Select(c => m.Derived[c].Id));
                        v.Add("derived-cycle", $"/derived/{cycle[0]}/terms/{term}/derived", $"derived quantity '{start.Id}' depends on itself", "no cycle among derived quantities", names);
                    }
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[i] = 2;
        }

        for (var i = 0; i < m.Derived.Count; i++)
        {
            if (state[i] == 0)
            {
                Visit(i);
            }
        }
    }

    private static void ValidateDirectionOfTravel(ModelDefinition m, Checker v, HashSet<string> policies)
    {
        if (m.DirectionOfTravel is not { } dot)
        {
            return;
        }

        const string path = "/directionOfTravel";
        if (dot.HorizonMonths is < 1 or > 60)
        {
            v.Add("invalid-value", path + "/horizonMonths", "horizon out of range", "1 to 60 months", Num(dot.HorizonMonths));
        }

        v.UniqueIds(dot.RiskFactors.Select(f => f.Id), path + "/riskFactors", "id");
        for (var i = 0; i < dot.RiskFactors.Count; i++)
        {
            var f = dot.RiskFactors[i];
            if (!IdPattern().IsMatch(f.Id))
            {
                v.Add("invalid-id", $"{path}/riskFactors/{i}/id", "risk factor id must be lower case letters, digits, '.', '_' or '-'", "for example \"falls\"", Quote(f.Id));
            }

            v.Unique(f.Levels.Select(l => l.Code).ToList(), j => $"{path}/riskFactors/{i}/levels/{j}/code", "level code");
            for (var j = 0; j < f.Levels.Count; j++)
            {
                CheckCode(v, f.Levels[j].Code, $"{path}/riskFactors/{i}/levels/{j}/code", "level code");
                if (Math.Abs(f.Levels[j].Weight) > 20m)
                {
                    v.Add("invalid-value", $"{path}/riskFactors/{i}/levels/{j}/weight", "risk weight out of range (logit scale)", "between -20 and 20", Num(f.Levels[j].Weight));
                }
            }

            if (f.Levels.Count > ModelLimits.MaxAnswersPerQuestion)
            {
                v.Add("too-large", $"{path}/riskFactors/{i}/levels", "a risk factor has too many levels", $"at most {ModelLimits.MaxAnswersPerQuestion}", Num(f.Levels.Count));
            }

            if (f.Levels.Count == 0)
            {
                v.Add("empty", $"{path}/riskFactors/{i}/levels", "a risk factor needs at least one level", "one or more levels", "none");
            }
        }

        if (dot.ProbabilityDecimals is < 0 or > 10)
        {
            v.Add("invalid-value", path + "/probabilityDecimals", "probability decimals out of range", "0 to 10, or \"none\"", Num(dot.ProbabilityDecimals.Value));
        }

        if (Math.Abs(dot.Intercept) > 20m)
        {
            v.Add("invalid-value", path + "/intercept", "intercept out of range (logit scale)", "between -20 and 20", Num(dot.Intercept));
        }

        if (dot.MaxUpliftAmount is < 0m)
        {
            v.Add("invalid-value", path + "/maxUpliftAmount", "uplift cap in money is negative", "0 or more", Num(dot.MaxUpliftAmount.Value));
        }

        if (dot.MaxUpliftPoints is < 0 or > ModelLimits.MaxAnswerPoints)
        {
            v.Add("invalid-value", path + "/maxUpliftPoints", "uplift cap out of range", $"0 to {ModelLimits.MaxAnswerPoints}", Num(dot.MaxUpliftPoints));
        }

        foreach (var (p, name) in new[] { (dot.MinimumProbability, "minimumProbability"), (dot.EligibilityProbability, "eligibilityProbability") })
        {
            if (p is < 0m or > 1m)
            {
                v.Add("invalid-value", $"{path}/{name}", "probability out of range", "between 0 and 1", Num(p));
            }
        }

        v.Policy(dot.PolicyReference, path + "/policyReference", policies);
        var prev = dot.Preventative;
        v.Dated(prev.Lower, path + "/preventative/lower", m);
        v.Dated(prev.Indicative, path + "/preventative/indicative", m);
        v.Dated(prev.Upper, path + "/preventative/upper", m);
        foreach (var date in ChangeDates(m, prev.Lower, prev.Indicative, prev.Upper))
        {
            if (!(prev.Lower.ValueAt(date) <= prev.Indicative.ValueAt(date) && prev.Indicative.ValueAt(date) <= prev.Upper.ValueAt(date)))
            {
                v.Add("range-out-of-order", path + "/preventative", $"lower ≤ indicative ≤ upper does not hold on {Iso(date)}", "lower ≤ indicative ≤ upper", $"{Num(prev.Lower.ValueAt(date))}, {Num(prev.Indicative.ValueAt(date))}, {Num(prev.Upper.ValueAt(date))}");
                break;
            }
        }
    }

    private static void ValidatePricing(ModelDefinition m, Checker v, Refs refs, HashSet<string> domainIds)
    {
        var p = m.Pricing;
        if (p.Basis is { } basis && !refs.Derived.Contains(basis))
        {
            v.Add("unknown-reference", "/pricing/basis", "unknown derived quantity", "the id of a derived quantity in /derived", Quote(basis));
        }

        v.Dated(p.PricePerPoint, "/pricing/pricePerPoint", m);
        if (p.Method == PricingMethod.Bands)
        {
            ValidateBands(m, v);
        }

        if (p.Curve is { } curve)
        {
            for (var i = 0; i < curve.Terms.Count; i++)
            {
                var t = curve.Terms[i];
                var path = $"/pricing/curve/terms/{i}";
                switch (t.Kind)
                {
                    case CurveTermKind.DomainPoints when !domainIds.Contains(t.Reference!):
                        v.Add("unknown-reference", path + "/domain", "unknown domain", "the id of a domain in /domains", Quote(t.Reference!));
                        break;
                    case CurveTermKind.Answer:
                        v.Condition(new Condition(ConditionSubject.Question, t.Reference!, t.Code is null ? Array.Empty<string>() : new[] { t.Code }), path, refs, "question", "answer");
                        break;
                    case CurveTermKind.Attribute:
                        v.Condition(new Condition(ConditionSubject.Attribute, t.Reference!, t.Code is null ? Array.Empty<string>() : new[] { t.Code }), path, refs, "attribute", "value");
                        break;
                    case CurveTermKind.Derived when !refs.Derived.Contains(t.Reference!):
                        v.Add("unknown-reference", path + "/derived", "unknown derived quantity", "the id of a derived quantity in /derived", Quote(t.Reference!));
                        break;
                    case CurveTermKind.Input when !refs.Inputs.ContainsKey(t.Reference!):
                        v.Add("unknown-reference", path + "/input", "unknown numeric input", "the id of an input in /inputs", Quote(t.Reference!));
                        break;
                }

                if (t.When is { } when)
                {
                    if (when.Subject == ConditionSubject.Question)
                    {
                        // A version 1 model keeps the version 1 wording: it has only attribute conditions here.
                        if (m.FormatVersion == 2)
                        {
                            v.Add("invalid-condition", path + "/when", "a curve term's condition is on an attribute, a numeric input or a derived quantity", "{ \"attribute\": …, \"anyOf\": […] } or a range", "a question");
                        }
                        else
                        {
                            v.Add("invalid-condition", path + "/when", "a curve term's condition is on an attribute", "{ \"attribute\": …, \"anyOf\": […] }", "a question");
                        }
                    }
                    else
                    {
                        v.Condition(when, path + "/when", refs);
                    }
                }
            }
        }
    }

    private static void ValidateBands(ModelDefinition m, Checker v)
    {
        var bands = m.Pricing.Bands;
        if (bands.Count == 0)
        {
            v.Add("empty", "/pricing/bands", "band pricing needs at least one band", "one or more bands", "none");
            return;
        }

        v.UniqueIds(bands.Select(b => b.Id), "/pricing/bands", "id");
        for (var i = 0; i < bands.Count; i++)
        {
            var b = bands[i];
            var path = $"/pricing/bands/{i}";
            var expectedMin = i == 0 ? 0 : bands[i - 1].MaxPoints + 1;
            if (i == 0 && b.MinPoints != 0)
            {
                v.Add("band-gap", path + "/minPoints", "the first band must start at 0 points", "0", Num(b.MinPoints));
            }
            else if (expectedMin is { } e && b.MinPoints > e)
            {
                v.Add("band-gap", path + "/minPoints", $"points {e}–{b.MinPoints - 1} fall in no band", Num(e), Num(b.MinPoints));
            }
            else if (expectedMin is { } e2 && b.MinPoints < e2)
            {
                v.Add("band-overlap", path + "/minPoints", $"points {b.MinPoints}–{e2 - 1} fall in both band '{bands[i - 1].Id}' and band '{b.Id}' (edges are inclusive)", Num(e2), Num(b.MinPoints));
            }

            if (b.MaxPoints is { } max && max < b.MinPoints)
            {
                v.Add("band-out-of-order", path + "/maxPoints", "band's upper edge is below its lower edge", $"{b.MinPoints} or more", Num(max));
            }

            if (b.MaxPoints is null && i != bands.Count - 1)
            {
                v.Add("band-overlap", path + "/maxPoints", "only the last band may be open-ended", "an upper edge", "none");
            }

            v.Dated(b.Amount, path + "/amount", m);
            v.Dated(b.PricePerPoint, path + "/pricePerPoint", m);
            v.Dated(b.Lower, path + "/lower", m);
            v.Dated(b.Upper, path + "/upper", m);
            if (m.Range.Method == RangeMethod.BandEdges)
            {
                if (b.Amount is not null && (b.Lower is null || b.Upper is null))
                {
                    v.Add("missing-member", path, "a fixed-amount band needs 'lower' and 'upper' when the range comes from band edges", "'lower' and 'upper'", "missing");
                }
                else if (b.PricePerPoint is not null && b.MaxPoints is null && b.Upper is null)
                {
                    v.Add("missing-member", path + "/upper", "an open-ended band needs 'upper' when the range comes from band edges", "'upper'", "missing");
                }
            }

            foreach (var date in ChangeDates(m, b.Amount, b.PricePerPoint, b.Lower, b.Upper))
            {
                var (lo, ind, hi) = (BandLow(b, date), BandHigh(b, date), 0m);
                var lower = b.Lower?.ValueAt(date);
                var upper = b.Upper?.ValueAt(date);
                hi = ind;
                if ((lower is { } l && l > lo) || (upper is { } u && u < hi))
                {
                    v.Add("range-out-of-order", path, $"the band's lower/upper do not contain its amounts on {Iso(date)}", $"lower ≤ {Num(lo)} and upper ≥ {Num(hi)}", $"lower {(lower is null ? "none" : Num(lower.Value))}, upper {(upper is null ? "none" : Num(upper.Value))}");
                    break;
                }
            }
        }

        var maxPriced = MaxPricedPoints(m);
        if (bands[^1].MaxPoints is { } top && top < maxPriced)
        {
            v.Add(
                "band-coverage",
                $"/pricing/bands/{bands.Count - 1}/maxPoints",
                m.Pricing.Basis is { } basis
                    ? $"the price basis '{basis}' can reach {maxPriced} but the bands stop at {top}"
                    : $"the questionnaire can score up to {maxPriced} points but the bands stop at {top}",
                $"{maxPriced} or more, or no 'maxPoints' (open-ended)",
                Num(top));
        }

        if (m.Pricing.NonMonotoneReason is null)
        {
            foreach (var date in ChangeDates(m, bands.SelectMany(b => new[] { b.Amount, b.PricePerPoint }).ToArray()))
            {
                for (var i = 1; i < bands.Count; i++)
                {
                    var before = BandHigh(bands[i - 1], date);
                    var after = BandLow(bands[i], date);
                    if (after < before)
                    {
                        v.Add("non-monotone-bands", $"/pricing/bands/{i}", $"band '{bands[i].Id}' pays less than band '{bands[i - 1].Id}' below it on {Iso(date)}: more need would lower the budget", $"at least {Num(before)}, or 'allowNonMonotoneBands' with a reason", Num(after));
                    }
                }
            }
        }
        else if (string.IsNullOrWhiteSpace(m.Pricing.NonMonotoneReason))
        {
            v.Add("missing-reason", "/pricing/allowNonMonotoneBands/reason", "opting out of monotone bands needs a stated reason", "a non-empty reason", "an empty string");
        }
    }

    /// <summary>The amount at the band's lowest points on a date.</summary>
    internal static decimal BandLow(BandDefinition b, DateOnly date) =>
        b.Amount?.ValueAt(date) ?? ((b.PricePerPoint?.ValueAt(date) ?? 0m) * b.MinPoints);

    /// <summary>The amount at the band's highest points on a date (its lowest when open-ended).</summary>
    internal static decimal BandHigh(BandDefinition b, DateOnly date) =>
        b.Amount?.ValueAt(date) ?? ((b.PricePerPoint?.ValueAt(date) ?? 0m) * (b.MaxPoints ?? b.MinPoints));

    /// <summary>The most points the questionnaire can give, after caps, positive adjustments and uplift.</summary>
    internal static long MaxPossiblePoints(ModelDefinition m)
    {
        decimal total = 0;
        foreach (var d in m.Domains)
        {
            total += MaxDomainPoints(m, d);
        }

        return (long)total + (m.DirectionOfTravel?.MaxUpliftPoints ?? 0);
    }

    /// <summary>The most points one domain can give now: after weight, cap and positive adjustments, in whole points.</summary>
    private static decimal MaxDomainPoints(ModelDefinition m, DomainDefinition d)
    {
        decimal raw = d.Questions.Sum(q => q.Answers.Count == 0 ? 0 : q.Answers.Max(a => a.Points));
        var percent = m.Adjustments.Where(a => a.Percent > 0 && a.AppliesTo(d.Id)).Sum(a => a.Percent);
        var points = m.Adjustments.Where(a => a.Points > 0 && a.AppliesTo(d.Id)).Sum(a => a.Points);
        return decimal.Round(DomainDefinition.Adjusted(d.Capped(raw), percent, points), 0, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// The most points a band table or price per point must cover: <see cref="MaxPossiblePoints"/>, or with a price
    /// basis the basis's largest possible value rounded to whole points (halves away from zero), at least 0.
    /// </summary>
    internal static long MaxPricedPoints(ModelDefinition m)
    {
        if (m.Pricing.Basis is not { } basis)
        {
            return MaxPossiblePoints(m);
        }

        var max = decimal.Round(DerivedBounds(m, basis).Max, 0, MidpointRounding.AwayFromZero);
        return max <= 0m ? 0 : max >= long.MaxValue ? long.MaxValue : (long)max;
    }

    /// <summary>
    /// The smallest and largest values a derived quantity can take, by interval arithmetic over its sources:
    /// a question's points 0 to its largest answer's points, a domain's points 0 to its most
    /// (<see cref="MaxDomainPoints"/>), points to price 0 to <see cref="MaxPossiblePoints"/>, a numeric input its
    /// range (including 0 when it is optional: not given counts 0), another derived quantity its own bounds; a
    /// negative coefficient swaps the ends. An unknown id, or a cycle (reported by validation), counts 0. The bounds
    /// may be wider than what is reachable (sources are taken as independent); they are never narrower.
    /// </summary>
    internal static (decimal Min, decimal Max) DerivedBounds(ModelDefinition m, string derivedId)
    {
        try
        {
            return Bounds(m, derivedId, new HashSet<string>(StringComparer.Ordinal), new Dictionary<string, (decimal, decimal)>(StringComparer.Ordinal));
        }
        catch (OverflowException)
        {
            return (decimal.MinValue, decimal.MaxValue);
        }
    }

    private static (decimal Min, decimal Max) Bounds(ModelDefinition m, string derivedId, HashSet<string> visiting, Dictionary<string, (decimal, decimal)> known)
    {
        // Known bounds are reused: a quantity summed twice by each of a chain of others is worked out once, not 2ⁿ times.
        if (known.TryGetValue(derivedId, out var done))
        {
            return done;
        }

        var d = m.Derived.FirstOrDefault(x => string.Equals(x.Id, derivedId, StringComparison.Ordinal));
        if (d is null || !visiting.Add(derivedId))
        {
            return (0m, 0m);
        }

        decimal lo = 0m, hi = 0m;
        foreach (var t in d.Terms)
        {
            var (sourceLo, sourceHi) = t.Source switch
            {
                DerivedSource.Question => m.Domains.SelectMany(x => x.Questions).FirstOrDefault(q => q.Id == t.Reference) is { Answers.Count: > 0 } q
                    ? (0m, q.Answers.Max(a => a.Points))
                    : (0m, 0m),
                DerivedSource.Domain => m.Domains.FirstOrDefault(x => x.Id == t.Reference) is { } domain ? (0m, MaxDomainPoints(m, domain)) : (0m, 0m),
                DerivedSource.TotalPoints => (0m, MaxPossiblePoints(m)),
                DerivedSource.Input => m.Inputs.FirstOrDefault(x => x.Id == t.Reference) is { } input
                    ? (input.Required ? input.Min : Math.Min(input.Min, 0m), input.Required ? input.Max : Math.Max(input.Max, 0m))
                    : (0m, 0m),
                _ => Bounds(m, t.Reference!, visiting, known),
            };
            var (a, b) = (t.Coefficient * sourceLo, t.Coefficient * sourceHi);
            lo += Math.Min(a, b);
            hi += Math.Max(a, b);
        }

        visiting.Remove(derivedId);
        known[derivedId] = (lo, hi);
        return (lo, hi);
    }

    /// <summary>The effective-from date and every start date of the given values: the dates a rule must hold on.</summary>
    private static IEnumerable<DateOnly> ChangeDates(ModelDefinition m, params DatedValue?[] values) =>
        values.Where(x => x is not null)
            .SelectMany(x => x!.Entries.Select(e => e.From ?? m.EffectiveFrom))
            .Append(m.EffectiveFrom)
            .Where(d => d >= m.EffectiveFrom)
            .Distinct()
            .Order();

    internal static string Quote(string s) => "\"" + System.Text.Json.JsonEncodedText.Encode(s, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";

    internal static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string Num(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    internal static string Num(long d) => d.ToString(CultureInfo.InvariantCulture);

    /// <summary>What conditions and terms may refer to, by id.</summary>
    private sealed record Refs(
        Dictionary<string, QuestionDefinition> Questions,
        Dictionary<string, AttributeDefinition> Attributes,
        Dictionary<string, NumericInputDefinition> Inputs,
        HashSet<string> Derived);

    private sealed class Checker(List<ModelError> errors)
    {
        public void Add(string code, string path, string problem, string? expected = null, string? actual = null) =>
            errors.Add(new ModelError(code, path, problem, expected, actual));

        public HashSet<string> UniqueIds(IEnumerable<string> ids, string arrayPath, string member)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var i = 0;
            foreach (var id in ids)
            {
                if (!seen.TryAdd(id, i))
                {
                    Add("duplicate-id", $"{arrayPath}/{i}/{member}", "id is used twice", $"an id not already used at {arrayPath}/{seen[id]}", Quote(id));
                }

                i++;
            }

            return seen.Keys.ToHashSet(StringComparer.Ordinal);
        }

        public void Unique(IReadOnlyList<string> values, Func<int, string> path, string what)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < values.Count; i++)
            {
                if (!seen.TryAdd(values[i], i))
                {
                    Add("duplicate-id", path(i), $"{what} is used twice", $"a {what} not already used at {path(seen[values[i]])}", Quote(values[i]));
                }
            }
        }

        public void Policy(string? id, string path, HashSet<string> policies)
        {
            if (id is not null && !policies.Contains(id))
            {
                Add("unknown-reference", path, "unknown policy reference", "the id of an entry in /policyReferences", Quote(id));
            }
        }

        public void Condition(Condition c, string path, Refs refs, string subjectMember = "", string codeMember = "anyOf")
        {
            if (c.Reference.Length == 0)
            {
                return; // the condition itself was malformed and already reported
            }

            if (c.IsRange)
            {
                var known = c.Subject == ConditionSubject.Input ? refs.Inputs.ContainsKey(c.Reference) : refs.Derived.Contains(c.Reference);
                if (!known)
                {
                    Add(
                        "unknown-reference",
                        path + (c.Subject == ConditionSubject.Input ? "/input" : "/derived"),
                        c.Subject == ConditionSubject.Input ? "unknown numeric input" : "unknown derived quantity",
                        c.Subject == ConditionSubject.Input ? "the id of an input in /inputs" : "the id of a derived quantity in /derived",
                        Quote(c.Reference));
                }

                if (c.Min is { } min && c.Max is { } max && max < min)
                {
                    Add("invalid-condition", path + "/max", "the range's upper end is below its lower end", $"{Num(min)} or more", Num(max));
                }

                return;
            }

            var questions = refs.Questions;
            var attributes = refs.Attributes;
            IReadOnlyList<string> allowed;
            var subjectPath = path + "/" + (subjectMember.Length > 0 ? subjectMember : c.Subject == ConditionSubject.Question ? "question" : "attribute");
            if (c.Subject == ConditionSubject.Question)
            {
                if (!questions.TryGetValue(c.Reference, out var q))
                {
                    Add("unknown-reference", subjectPath, "unknown question", "the id of a question in /domains", Quote(c.Reference));
                    return;
                }

                allowed = q.Answers.Select(a => a.Code).ToList();
            }
            else
            {
                if (!attributes.TryGetValue(c.Reference, out var a))
                {
                    Add("unknown-reference", subjectPath, "unknown attribute", "the id of an attribute in /attributes", Quote(c.Reference));
                    return;
                }

                allowed = a.Values.Select(x => x.Code).ToList();
            }

            if (c.AnyOf.Count == 0 && codeMember == "anyOf")
            {
                Add("empty", path + "/anyOf", "a condition needs at least one code", "one or more codes", "none");
            }

            for (var i = 0; i < c.AnyOf.Count; i++)
            {
                if (!allowed.Contains(c.AnyOf[i], StringComparer.Ordinal))
                {
                    Add("unknown-reference", codeMember == "anyOf" ? $"{path}/anyOf/{i}" : $"{path}/{codeMember}", $"'{c.Reference}' has no such code", "one of " + string.Join(", ", allowed.Select(Quote)), Quote(c.AnyOf[i]));
                }
            }
        }

        public void Dated(DatedValue? value, string path, ModelDefinition m)
        {
            if (value is null)
            {
                return;
            }

            for (var i = 0; i < value.Entries.Count; i++)
            {
                var e = value.Entries[i];
                var entryPath = value.IsSingle ? path : $"{path}/{i}";
                if (e.Value < 0m)
                {
                    Add("negative-amount", value.IsSingle ? path : entryPath + "/value", "amounts and prices cannot be negative", "0 or more", Num(e.Value));
                }

                if (e.From is not { } from)
                {
                    continue;
                }

                if (i == 0 && from > m.EffectiveFrom)
                {
                    Add("dates-out-of-order", entryPath + "/from", "no value is in force when the model takes effect", $"a first 'from' on or before {Iso(m.EffectiveFrom)}", Iso(from));
                }

                if (i > 0 && value.Entries[i - 1].From is { } prev && from <= prev)
                {
                    Add("dates-out-of-order", entryPath + "/from", "start dates must increase", $"a date after {Iso(prev)}", Iso(from));
                }

                if (m.EffectiveTo is { } to && from > to)
                {
                    Add("dates-out-of-order", entryPath + "/from", "value starts after the model stops being in force", $"a date on or before {Iso(to)}", Iso(from));
                }
            }
        }
    }
}
