namespace Ras.Engine.Models;

/// <summary>The parsed content of a model file. Immutable; built only by <see cref="ModelReader"/>.</summary>
internal sealed record ModelDefinition(
    string Id,
    string Version,
    string Title,
    string? Publisher,
    string? Description,
    bool Illustrative,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    string Currency,
    decimal WeeksPerYear,
    IReadOnlyList<PolicyReference> PolicyReferences,
    IReadOnlyList<string> ClientGroups,
    IReadOnlyList<AttributeDefinition> Attributes,
    IReadOnlyList<Scoring.DomainDefinition> Domains,
    IReadOnlyList<Scoring.AdjustmentDefinition> Adjustments,
    Scoring.EligibilityDefinition? Eligibility,
    DirectionOfTravel.DirectionOfTravelDefinition? DirectionOfTravel,
    Pricing.PricingDefinition Pricing,
    IReadOnlyList<Pricing.AddOnDefinition> AddOns,
    Pricing.RangeDefinition Range,
    Pricing.RoundingDefinition Rounding);

/// <summary>A citation the model rests on (legislation, guidance, a council decision).</summary>
internal sealed record PolicyReference(string Id, string Citation, string? Url);

/// <summary>A case attribute such as age group or living setting, with its allowed coded values.</summary>
internal sealed record AttributeDefinition(string Id, string Label, bool Required, IReadOnlyList<CodedValue> Values);

/// <summary>A code with a plain-English label.</summary>
internal sealed record CodedValue(string Code, string Label);

/// <summary>What a condition looks at.</summary>
internal enum ConditionSubject
{
    Question,
    Attribute,
}

/// <summary>"When question Q (or attribute A) has any of these codes".</summary>
internal sealed record Condition(ConditionSubject Subject, string Reference, IReadOnlyList<string> AnyOf)
{
    public string Describe() =>
        $"{(Subject == ConditionSubject.Question ? "answer to" : "attribute")} '{Reference}' is {string.Join(" or ", AnyOf.Select(c => $"'{c}'"))}";
}

/// <summary>
/// A value that may change on start dates inside one model version (for example a price uplift in October).
/// Entries are in strictly increasing date order; the entry in force on a date is the last one starting on or
/// before it.
/// </summary>
internal sealed record DatedValue(IReadOnlyList<DatedEntry> Entries)
{
    public bool IsSingle => Entries.Count == 1 && Entries[0].From is null;

    public decimal ValueAt(DateOnly asOf)
    {
        for (var i = Entries.Count - 1; i >= 0; i--)
        {
            var from = Entries[i].From;
            if (from is null || from.Value <= asOf)
            {
                return Entries[i].Value;
            }
        }

        // Validation guarantees the first entry starts on or before the model's effective-from date, and
        // allocation refuses dates before it, so this is unreachable for a validated model.
        throw new InvalidOperationException($"No value in force on {asOf:yyyy-MM-dd}.");
    }

    public static DatedValue Of(decimal value) => new(new[] { new DatedEntry(null, value) });
}

/// <summary>One start-dated value; <see cref="From"/> is null for an undated value.</summary>
internal sealed record DatedEntry(DateOnly? From, decimal Value);
