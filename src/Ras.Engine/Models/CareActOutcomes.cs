namespace Ras.Engine.Models;

/// <summary>
/// The ten outcomes of the Care and Support (Eligibility Criteria) Regulations 2015, reg. 2(2), by the codes a
/// model uses in a domain's <c>outcome</c>.
/// </summary>
internal static class CareActOutcomes
{
    public static readonly IReadOnlyList<(string Code, string Wording)> All = new[]
    {
        ("nutrition", "managing and maintaining nutrition"),
        ("personal_hygiene", "maintaining personal hygiene"),
        ("toilet_needs", "managing toilet needs"),
        ("being_clothed", "being appropriately clothed"),
        ("home_safety", "being able to make use of the adult's home safely"),
        ("habitable_home", "maintaining a habitable home environment"),
        ("relationships", "developing and maintaining family or other personal relationships"),
        ("work_education_volunteering", "accessing and engaging in work, training, education or volunteering"),
        ("community_services", "making use of necessary facilities or services in the local community, including public transport and recreational facilities or services"),
        ("caring_for_child", "carrying out any caring responsibilities the adult has for a child"),
    };

    public static string? Wording(string code)
    {
        foreach (var (c, w) in All)
        {
            if (c == code)
            {
                return w;
            }
        }

        return null;
    }
}
