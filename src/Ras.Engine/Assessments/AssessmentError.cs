using System.Globalization;

namespace Ras.Engine.Assessments;

/// <summary>
/// One problem with an assessment: where (a JSON pointer such as <c>/answers/eating</c>, or a CSV row and
/// column), the question or attribute concerned, what was expected and what was found.
/// </summary>
public sealed record AssessmentError
{
    /// <summary>Creates an error.</summary>
    public AssessmentError(string code, string location, string problem, string? expected = null, string? actual = null)
    {
        Code = code;
        Location = location;
        Problem = problem;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>A stable machine-readable code such as <c>unknown-question</c> or <c>invalid-answer</c>.</summary>
    public string Code { get; }

    /// <summary>Where the problem is: a JSON pointer into the assessment, or a file position.</summary>
    public string Location { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    /// <summary>What a valid assessment has here, or null.</summary>
    public string? Expected { get; }

    /// <summary>What this assessment has here, or null.</summary>
    public string? Actual { get; }

    /// <summary>The rendered message: <c>location: problem (expected …; found …) [code]</c>.</summary>
    public string Message
    {
        get
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(Location.Length == 0 ? "/" : Location)}: {Problem}{Text.ErrorText.Detail(Expected, Actual)} [{Code}]");
        }
    }

    /// <summary>The same error placed at another location (for example a CSV row and column).</summary>
    public AssessmentError At(string location) => new(Code, location, Problem, Expected, Actual);

    /// <inheritdoc />
    public override string ToString() => Message;
}
