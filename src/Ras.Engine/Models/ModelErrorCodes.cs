namespace Ras.Engine.Models;

/// <summary>
/// The codes of <see cref="ModelError.Code"/> (models, change files and registries): stable, for programs to
/// test against; the message is for people and may be reworded.
/// </summary>
public static class ModelErrorCodes
{
    /// <summary><c>invalid-json</c>: The file is not well-formed JSON.</summary>
    public const string InvalidJson = "invalid-json";

    /// <summary><c>too-large</c>: The file, or a list in it, is larger than the engine's limits.</summary>
    public const string TooLarge = "too-large";

    /// <summary><c>too-deep</c>: The file nests JSON more deeply than the engine's limit.</summary>
    public const string TooDeep = "too-deep";

    /// <summary><c>wrong-type</c>: A member has the wrong JSON type.</summary>
    public const string WrongType = "wrong-type";

    /// <summary><c>missing-member</c>: A required member is missing.</summary>
    public const string MissingMember = "missing-member";

    /// <summary><c>unknown-member</c>: A member the model format does not have (a typo is never ignored).</summary>
    public const string UnknownMember = "unknown-member";

    /// <summary><c>unused-member</c>: A member that has no effect where it is (for example a price table for another pricing method).</summary>
    public const string UnusedMember = "unused-member";

    /// <summary><c>invalid-value</c>: A value is outside what the member allows.</summary>
    public const string InvalidValue = "invalid-value";

    /// <summary><c>out-of-range</c>: A number the engine cannot represent exactly, or a format version it does not support.</summary>
    public const string OutOfRange = "out-of-range";

    /// <summary><c>format-version</c>: The model uses a feature that needs <c>"formatVersion": 2</c>.</summary>
    public const string FormatVersion = "format-version";

    /// <summary><c>empty</c>: A list that needs at least one item (domains, questions, answers, values, levels, bands, terms, codes) has none.</summary>
    public const string Empty = "empty";

    /// <summary><c>invalid-id</c>: An id is not lower case letters, digits, '.', '_' or '-'.</summary>
    public const string InvalidId = "invalid-id";

    /// <summary><c>invalid-version</c>: The version is not a semantic version.</summary>
    public const string InvalidVersion = "invalid-version";

    /// <summary><c>duplicate-id</c>: Two elements share an id.</summary>
    public const string DuplicateId = "duplicate-id";

    /// <summary><c>unknown-reference</c>: A reference to a domain, question, attribute, input or policy reference the model does not have.</summary>
    public const string UnknownReference = "unknown-reference";

    /// <summary><c>unknown-outcome</c>: A domain names an outcome that is not one of the Care Act outcomes.</summary>
    public const string UnknownOutcome = "unknown-outcome";

    /// <summary><c>invalid-condition</c>: A condition cannot be evaluated as written.</summary>
    public const string InvalidCondition = "invalid-condition";

    /// <summary><c>missing-reason</c>: An adjustment does not state its reason.</summary>
    public const string MissingReason = "missing-reason";

    /// <summary><c>dates-out-of-order</c>: Effective dates, or dated values, are not in increasing order.</summary>
    public const string DatesOutOfOrder = "dates-out-of-order";

    /// <summary><c>empty-dated-value</c>: A dated value has no entries.</summary>
    public const string EmptyDatedValue = "empty-dated-value";

    /// <summary><c>derived-cycle</c>: Derived quantities refer to each other in a cycle.</summary>
    public const string DerivedCycle = "derived-cycle";

    /// <summary><c>invalid-term</c>: A derived quantity's term is malformed.</summary>
    public const string InvalidTerm = "invalid-term";

    /// <summary><c>invalid-band</c>: A band is malformed.</summary>
    public const string InvalidBand = "invalid-band";

    /// <summary><c>band-gap</c>: Bands leave a gap between them.</summary>
    public const string BandGap = "band-gap";

    /// <summary><c>band-overlap</c>: Bands overlap.</summary>
    public const string BandOverlap = "band-overlap";

    /// <summary><c>band-out-of-order</c>: A band's upper edge is below its lower edge, or bands are not in increasing order.</summary>
    public const string BandOutOfOrder = "band-out-of-order";

    /// <summary><c>band-coverage</c>: The bands stop below the points (or price basis) the questionnaire can reach.</summary>
    public const string BandCoverage = "band-coverage";

    /// <summary><c>non-monotone-bands</c>: A higher band gives less money than a lower one.</summary>
    public const string NonMonotoneBands = "non-monotone-bands";

    /// <summary><c>range-out-of-order</c>: Lower ≤ indicative ≤ upper does not hold for a range, or a band's range does not contain its amounts.</summary>
    public const string RangeOutOfOrder = "range-out-of-order";

    /// <summary><c>invalid-range</c>: The range method does not suit the pricing method.</summary>
    public const string InvalidRange = "invalid-range";

    /// <summary><c>negative-amount</c>: A price, rate or amount is negative.</summary>
    public const string NegativeAmount = "negative-amount";

    /// <summary><c>invalid-add-on</c>: An add-on is malformed.</summary>
    public const string InvalidAddOn = "invalid-add-on";

    /// <summary><c>duplicate-version</c>: Two loaded models share an id and a version.</summary>
    public const string DuplicateVersion = "duplicate-version";

    /// <summary><c>overlapping-versions</c>: Two versions of one model are in force on the same day.</summary>
    public const string OverlappingVersions = "overlapping-versions";

    /// <summary><c>unknown-parameter</c>: A change file names a parameter the model does not have.</summary>
    public const string UnknownParameter = "unknown-parameter";

    /// <summary><c>wrong-baseline</c>: A change file is written for another model or version.</summary>
    public const string WrongBaseline = "wrong-baseline";

    /// <summary><c>duplicate-change</c>: A change file changes one parameter twice.</summary>
    public const string DuplicateChange = "duplicate-change";

    /// <summary>Every code above.</summary>
    public static IReadOnlyCollection<string> All { get; } = Array.AsReadOnly(new[]
    {
        InvalidJson,
        TooLarge,
        TooDeep,
        WrongType,
        MissingMember,
        UnknownMember,
        UnusedMember,
        InvalidValue,
        OutOfRange,
        FormatVersion,
        Empty,
        InvalidId,
        InvalidVersion,
        DuplicateId,
        UnknownReference,
        UnknownOutcome,
        InvalidCondition,
        MissingReason,
        DatesOutOfOrder,
        EmptyDatedValue,
        DerivedCycle,
        InvalidTerm,
        InvalidBand,
        BandGap,
        BandOverlap,
        BandOutOfOrder,
        BandCoverage,
        NonMonotoneBands,
        RangeOutOfOrder,
        InvalidRange,
        NegativeAmount,
        InvalidAddOn,
        DuplicateVersion,
        OverlappingVersions,
        UnknownParameter,
        WrongBaseline,
        DuplicateChange,
    });
}
