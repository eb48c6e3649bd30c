namespace Ras.Engine.Assessments;

/// <summary>
/// The codes of <see cref="AssessmentError.Code"/> (assessments, and rows of a caseload): stable, for programs to test
/// against; the message is for people and may be reworded.
/// </summary>
public static class AssessmentErrorCodes
{
    /// <summary><c>invalid-json</c>: The assessment is not well-formed JSON.</summary>
    public const string InvalidJson = "invalid-json";

    /// <summary><c>wrong-type</c>: A member has the wrong JSON type (for example a number where a string is expected).</summary>
    public const string WrongType = "wrong-type";

    /// <summary><c>missing-member</c>: A required member (such as <c>caseId</c> or <c>asOf</c>) is missing.</summary>
    public const string MissingMember = "missing-member";

    /// <summary><c>unknown-member</c>: A member the assessment format does not have (a typo is never ignored).</summary>
    public const string UnknownMember = "unknown-member";

    /// <summary><c>duplicate-member</c>: A member appears twice in one JSON object.</summary>
    public const string DuplicateMember = "duplicate-member";

    /// <summary><c>invalid-value</c>: A value is not allowed where it is (for example an empty case id).</summary>
    public const string InvalidValue = "invalid-value";

    /// <summary><c>invalid-date</c>: A date is not a valid <c>yyyy-MM-dd</c> date.</summary>
    public const string InvalidDate = "invalid-date";

    /// <summary><c>model-not-in-force</c>: The model is not in force on the assessment's as-of date (or no version of it is).</summary>
    public const string ModelNotInForce = "model-not-in-force";

    /// <summary><c>unknown-question</c>: An answer names a question the model does not have.</summary>
    public const string UnknownQuestion = "unknown-question";

    /// <summary><c>invalid-answer</c>: An answer code is not one of the question's answers.</summary>
    public const string InvalidAnswer = "invalid-answer";

    /// <summary><c>missing-answer</c>: A required question is not answered.</summary>
    public const string MissingAnswer = "missing-answer";

    /// <summary><c>unknown-attribute</c>: An attribute the model does not have.</summary>
    public const string UnknownAttribute = "unknown-attribute";

    /// <summary><c>invalid-attribute</c>: An attribute value is not one of the attribute's values.</summary>
    public const string InvalidAttribute = "invalid-attribute";

    /// <summary><c>missing-attribute</c>: A required attribute is not given.</summary>
    public const string MissingAttribute = "missing-attribute";

    /// <summary><c>unknown-client-group</c>: A client group the model does not list.</summary>
    public const string UnknownClientGroup = "unknown-client-group";

    /// <summary><c>unknown-risk-factor</c>: A risk factor the model does not have.</summary>
    public const string UnknownRiskFactor = "unknown-risk-factor";

    /// <summary><c>invalid-risk-level</c>: A risk factor level is not one of the factor's levels.</summary>
    public const string InvalidRiskLevel = "invalid-risk-level";

    /// <summary><c>unknown-input</c>: A numeric input the model does not have.</summary>
    public const string UnknownInput = "unknown-input";

    /// <summary><c>invalid-input</c>: A numeric input is not a number.</summary>
    public const string InvalidInput = "invalid-input";

    /// <summary><c>input-out-of-range</c>: A numeric input is outside its allowed range.</summary>
    public const string InputOutOfRange = "input-out-of-range";

    /// <summary><c>missing-input</c>: A required numeric input is not given.</summary>
    public const string MissingInput = "missing-input";

    /// <summary><c>invalid-timing</c>: The months within which an anticipated change is expected are not a whole number from 1 to the horizon, or are given without an anticipated answer.</summary>
    public const string InvalidTiming = "invalid-timing";

    /// <summary><c>invalid-determination</c>: An assessor's determination (<c>determinations</c>) is not true or false.</summary>
    public const string InvalidDetermination = "invalid-determination";

    /// <summary><c>invalid-text</c>: A string, member name or caseload row is not valid Unicode text (a lone surrogate or bytes that are not UTF-8).</summary>
    public const string InvalidText = "invalid-text";

    /// <summary><c>invalid-string</c>: A JSON string holds an escaped lone surrogate (such as <c>\ud800</c>), which is not a character.</summary>
    public const string InvalidString = "invalid-string";

    /// <summary><c>line-too-long</c>: A caseload line is longer than the documented limit (1 MiB); it becomes an error row.</summary>
    public const string LineTooLong = "line-too-long";

    /// <summary><c>points-above-bands</c>: The points to price are above the model's highest band.</summary>
    public const string PointsAboveBands = "points-above-bands";

    /// <summary><c>curve-overflow</c>: A cost curve gives an amount beyond the engine's exact decimal range.</summary>
    public const string CurveOverflow = "curve-overflow";

    /// <summary><c>arithmetic-overflow</c>: A calculation would leave the exact range of the engine's arithmetic.</summary>
    public const string ArithmeticOverflow = "arithmetic-overflow";

    /// <summary><c>malformed-row</c>: A caseload row cannot be read (for example an unterminated quote, or a JSON Lines row that is not an object).</summary>
    public const string MalformedRow = "malformed-row";

    /// <summary><c>wrong-field-count</c>: A CSV caseload row has a different number of fields from the header.</summary>
    public const string WrongFieldCount = "wrong-field-count";

    /// <summary><c>missing-case-id</c>: A caseload row has no case id.</summary>
    public const string MissingCaseId = "missing-case-id";

    /// <summary><c>invalid-case-id</c>: A case id holds a control character (a line break, a tab, NUL, …).</summary>
    public const string InvalidCaseId = "invalid-case-id";

    /// <summary><c>missing-date</c>: A caseload row has no as-of date and none was given for the whole file.</summary>
    public const string MissingDate = "missing-date";

    /// <summary><c>duplicate-case-id</c>: A caseload row repeats the case id of an earlier row.</summary>
    public const string DuplicateCaseId = "duplicate-case-id";

    /// <summary>Every code above.</summary>
    public static IReadOnlyCollection<string> All { get; } = Array.AsReadOnly(new[]
    {
        InvalidJson,
        WrongType,
        MissingMember,
        UnknownMember,
        DuplicateMember,
        InvalidValue,
        InvalidDate,
        ModelNotInForce,
        UnknownQuestion,
        InvalidAnswer,
        MissingAnswer,
        UnknownAttribute,
        InvalidAttribute,
        MissingAttribute,
        UnknownClientGroup,
        UnknownRiskFactor,
        InvalidRiskLevel,
        UnknownInput,
        InvalidInput,
        InputOutOfRange,
        MissingInput,
        InvalidTiming,
        InvalidDetermination,
        InvalidText,
        InvalidString,
        LineTooLong,
        PointsAboveBands,
        CurveOverflow,
        ArithmeticOverflow,
        MalformedRow,
        WrongFieldCount,
        MissingCaseId,
        InvalidCaseId,
        MissingDate,
        DuplicateCaseId,
    });
}
