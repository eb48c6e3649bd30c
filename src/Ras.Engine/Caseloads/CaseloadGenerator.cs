using Ras.Engine.Assessments;
using Ras.Engine.Models;

namespace Ras.Engine.Caseloads;

/// <summary>
/// Generates a realistic synthetic caseload for any model. Each person has a client group and an overall
/// severity; each domain's answer follows the severity, shifted by how that client group's needs usually fall
/// (older people: personal care and moving about; learning disability: community, relationships and staying
/// safe; mental health: relationships, home and community), so needs are correlated. Some people are expected
/// to deteriorate, more often when their risk factors are worse. The same seed gives the same caseload.
/// </summary>
internal sealed class CaseloadGenerator
{
    private static readonly (string Group, double Share)[] GroupShares =
    {
        ("older_people", 0.45), ("physical_disability", 0.20), ("learning_disability", 0.15),
        ("mental_health", 0.12), ("sensory", 0.04), ("other", 0.04),
    };

    private static readonly Dictionary<string, (string[] Domains, double Shift)> GroupProfiles = new(StringComparer.Ordinal)
    {
        ["older_people"] = (new[] { "nutrition", "personal_hygiene", "toilet_needs", "being_clothed", "home_safety", "habitable_home" }, 0.15),
        ["physical_disability"] = (new[] { "personal_hygiene", "toilet_needs", "being_clothed", "home_safety", "community_services" }, 0.15),
        ["learning_disability"] = (new[] { "community_services", "relationships", "work_education_volunteering", "habitable_home", "keeping_safe" }, 0.2),
        ["mental_health"] = (new[] { "relationships", "habitable_home", "community_services", "nutrition" }, 0.2),
        ["sensory"] = (new[] { "community_services", "home_safety" }, 0.15),
    };

    private readonly ModelDefinition _m;
    private readonly SplitMix64 _random;
    private readonly HashSet<string> _triggers;
    private readonly int _days;
    private int _sequence;

    public CaseloadGenerator(RasModel model, long seed)
    {
        _m = model.Definition;
        _random = new SplitMix64((ulong)seed);
        _triggers = _m.Adjustments.Where(a => a.When.Subject == ConditionSubject.Question).Select(a => a.When.Reference).ToHashSet(StringComparer.Ordinal);
        _days = Math.Max(1, Math.Min(365, (_m.EffectiveTo ?? _m.EffectiveFrom.AddDays(364)).DayNumber - _m.EffectiveFrom.DayNumber + 1));
    }

    public Assessment Next()
    {
        _sequence++;
        var group = PickGroup();
        var profile = group is not null && GroupProfiles.TryGetValue(group, out var p) ? p : (Domains: Array.Empty<string>(), Shift: 0.0);
        var severity = Math.Pow((_random.NextDouble() + _random.NextDouble() + _random.NextDouble()) / 3.0, 1.3);

        var risks = new Dictionary<string, string>(StringComparer.Ordinal);
        var riskLoad = 0.0;
        if (_m.DirectionOfTravel is { } dot)
        {
            foreach (var f in dot.RiskFactors)
            {
                if (_random.NextDouble() < 0.05)
                {
                    continue; // not recorded
                }

                var ordered = f.Levels.OrderBy(l => l.Weight).ToArray();
                var u = Math.Pow(_random.NextDouble(), 1.0 + (1.5 * (1 - severity)));
                var level = ordered[Math.Min(ordered.Length - 1, (int)(u * ordered.Length))];
                risks[f.Id] = level.Code;
                riskLoad += (double)level.Weight;
            }
        }

        var deteriorates = _m.DirectionOfTravel is not null && _random.NextDouble() < 0.15 + (0.12 * riskLoad);
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        var anticipated = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var domain in _m.Domains)
        {
            var focus = Array.IndexOf(profile.Domains, domain.Outcome ?? domain.Id) >= 0 ? profile.Shift : -profile.Shift / 2;
            foreach (var q in domain.Questions)
            {
                if (!q.Required && _random.NextDouble() < 0.1)
                {
                    continue;
                }

                var ordered = q.Answers.Select((a, i) => (a, i)).OrderBy(x => x.a.Points).ThenBy(x => x.i).Select(x => x.a).ToArray();
                if (_triggers.Contains(q.Id))
                {
                    answers[q.Id] = ordered[_random.Next(ordered.Length)].Code;
                    continue;
                }

                var x = Math.Clamp(severity + focus + ((_random.NextDouble() - 0.5) * 0.35), 0, 0.999);
                var level = (int)(x * ordered.Length);
                answers[q.Id] = ordered[level].Code;
                if (deteriorates && level < ordered.Length - 1 && _random.NextDouble() < 0.4)
                {
                    anticipated[q.Id] = ordered[Math.Min(ordered.Length - 1, level + 1 + (_random.NextDouble() < 0.2 ? 1 : 0))].Code;
                }
            }
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in _m.Attributes)
        {
            if (!a.Required && _random.NextDouble() < 0.05)
            {
                continue;
            }

            var older = a.Values.FirstOrDefault(v => v.Code.Contains("65", StringComparison.Ordinal));
            attributes[a.Id] = older is not null && group is not null
                ? (group == "older_people") == (_random.NextDouble() < 0.92) ? older.Code : a.Values.First(v => v != older).Code
                : a.Values[_random.Next(a.Values.Count)].Code;
        }

        // Numeric inputs (format version 2): whole numbers spread over the allowed range; an optional one is
        // sometimes not given. Models without inputs draw nothing here, so their caseloads are unchanged.
        Dictionary<string, decimal>? inputs = null;
        foreach (var input in _m.Inputs)
        {
            inputs ??= new Dictionary<string, decimal>(StringComparer.Ordinal);
            if (!input.Required && _random.NextDouble() < 0.1)
            {
                continue;
            }

            var low = Math.Ceiling(input.Min);
            var high = Math.Floor(input.Max);
            inputs[input.Id] = high < low ? input.Min : low + Math.Min(high - low, Math.Floor((decimal)_random.NextDouble() * (high - low + 1)));
        }

        var asOf = _m.EffectiveFrom.AddDays(_random.Next(_days));
        return new Assessment($"C{_sequence:D7}", asOf, group, attributes, answers, anticipated, risks, inputs);
    }

    private string? PickGroup()
    {
        if (_m.ClientGroups.Count == 0)
        {
            return null;
        }

        var u = _random.NextDouble();
        foreach (var (group, share) in GroupShares)
        {
            if (!_m.ClientGroups.Contains(group))
            {
                continue;
            }

            if ((u -= share) < 0)
            {
                return group;
            }
        }

        return _m.ClientGroups[_random.Next(_m.ClientGroups.Count)];
    }
}
