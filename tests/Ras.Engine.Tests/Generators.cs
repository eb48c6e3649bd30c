using Ras.Engine.Assessments;
using Ras.Engine.Models;

namespace Ras.Engine.Tests;

/// <summary>
/// Seeded random assessments for any model: every question answered with a valid code, some anticipated
/// changes, random risk factors and attributes. The same seed gives the same assessment.
/// </summary>
internal static class Generators
{
    public static Assessment Assessment(RasModel model, int seed, DateOnly? asOf = null)
    {
        var m = model.Definition;
        var rng = new Lcg(seed);
        var answers = new Dictionary<string, string>();
        var anticipated = new Dictionary<string, string>();
        foreach (var domain in m.Domains)
        {
            foreach (var q in domain.Questions)
            {
                if (!q.Required && rng.Next(5) == 0)
                {
                    continue;
                }

                var index = rng.Next(q.Answers.Count);
                answers[q.Id] = q.Answers[index].Code;
                if (rng.Next(3) == 0)
                {
                    anticipated[q.Id] = q.Answers[Math.Min(q.Answers.Count - 1, index + rng.Next(3))].Code;
                }
            }
        }

        var attributes = m.Attributes.Where(_ => rng.Next(4) != 0).ToDictionary(a => a.Id, a => a.Values[rng.Next(a.Values.Count)].Code);
        var risks = m.DirectionOfTravel?.RiskFactors.Where(_ => rng.Next(6) != 0).ToDictionary(f => f.Id, f => f.Levels[rng.Next(f.Levels.Count)].Code) ?? new Dictionary<string, string>();
        var group = m.ClientGroups.Count > 0 ? m.ClientGroups[rng.Next(m.ClientGroups.Count)] : null;
        var date = asOf ?? m.EffectiveFrom.AddDays(rng.Next(300));
        return new Assessment($"CASE-{seed}", date, group, attributes, answers, anticipated, risks);
    }

    public static Assessment With(Assessment a, Dictionary<string, string>? answers = null, Dictionary<string, string>? risks = null) =>
        new(a.CaseId, a.AsOf, a.ClientGroup, a.Attributes, answers ?? a.Answers.ToDictionary(), a.AnticipatedAnswers, risks ?? a.RiskFactors.ToDictionary());

    internal sealed class Lcg(int seed)
    {
        private ulong _state = (ulong)(uint)seed * 6364136223846793005UL + 1442695040888963407UL;

        public int Next(int bound)
        {
            _state = (_state * 6364136223846793005UL) + 1442695040888963407UL;
            return (int)((_state >> 33) % (ulong)bound);
        }
    }
}
