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
    IReadOnlyList<DomainDefinition> Domains,
    IReadOnlyList<AdjustmentDefinition> Adjustments,
    EligibilityDefinition? Eligibility,
    DirectionOfTravelDefinition? DirectionOfTravel,
    PricingDefinition Pricing,
    IReadOnlyList<AddOnDefinition> AddOns,
    RangeDefinition Range,
    RoundingDefinition Rounding,
    int FormatVersion,
    IReadOnlyList<NumericInputDefinition> Inputs,
    IReadOnlyList<DerivedDefinition> Derived,
    bool ProRataPriceChanges = false);

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

    /// <summary>A numeric input (format version 2), tested against an inclusive range.</summary>
    Input,

    /// <summary>A derived quantity (format version 2), tested against an inclusive range.</summary>
    Derived,
}

/// <summary>
/// "When question Q (or attribute A) has any of these codes", or "when numeric input I (or derived quantity
/// D) is between <see cref="Min"/> and <see cref="Max"/>" (both inclusive, either may be open).
/// </summary>
internal sealed record Condition(ConditionSubject Subject, string Reference, IReadOnlyList<string> AnyOf, decimal? Min = null, decimal? Max = null)
{
    public bool IsRange => Subject is ConditionSubject.Input or ConditionSubject.Derived;

    public bool InRange(decimal value) => (Min is not { } min || value >= min) && (Max is not { } max || value <= max);

    public string Describe() => Subject switch
    {
        ConditionSubject.Question => $"answer to '{Reference}' is {string.Join(" or ", AnyOf.Select(c => $"'{c}'"))}",
        ConditionSubject.Attribute => $"attribute '{Reference}' is {string.Join(" or ", AnyOf.Select(c => $"'{c}'"))}",
        _ => $"{(Subject == ConditionSubject.Input ? "input" : "derived quantity")} '{Reference}' is {RangeText()}",
    };

    private string RangeText() => (Min, Max) switch
    {
        ({ } min, { } max) => $"from {Text.Format.Number(min)} to {Text.Format.Number(max)}",
        ({ } min, null) => $"at least {Text.Format.Number(min)}",
        (null, { } max) => $"at most {Text.Format.Number(max)}",
        _ => "any value",
    };
}

/// <summary>
/// A numeric input recorded on an assessment (format version 2), such as age in years or hours of unpaid care
/// a week: a declared unit and an inclusive allowed range. An optional input that is not given counts 0 in
/// terms and derived quantities, and no range condition on it holds.
/// </summary>
internal sealed record NumericInputDefinition(string Id, string Label, string Unit, decimal Min, decimal Max, bool Required);

/// <summary>What a derived-quantity term sums.</summary>
internal enum DerivedSource
{
    /// <summary>Points to price: points now + the direction-of-travel uplift.</summary>
    TotalPoints,

    /// <summary>A domain's points now (after weight, cap and adjustments).</summary>
    Domain,

    /// <summary>The points of the answer given now to a question (0 when unanswered).</summary>
    Question,

    /// <summary>Another derived quantity, defined earlier or later (no cycles).</summary>
    Derived,

    /// <summary>A numeric input's value.</summary>
    Input,
}

/// <summary>One term of a derived quantity: coefficient × the source's value.</summary>
internal sealed record DerivedTermDefinition(decimal Coefficient, DerivedSource Source, string? Reference);

/// <summary>
/// A named, weighted sum (format version 2): Σ coefficient × source, exact, not rounded. Usable as a curve term,
/// in conditions (ranges) and as the basis that bands or a price per point price.
/// </summary>
internal sealed record DerivedDefinition(string Id, string Label, IReadOnlyList<DerivedTermDefinition> Terms);

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
