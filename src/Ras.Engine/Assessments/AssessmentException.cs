namespace Ras.Engine.Assessments;

/// <summary>
/// Thrown only by callers who ask for it (<see cref="Allocation.AllocationOutcome.GetValueOrThrow"/>, or
/// <see cref="Assessment.ParseJson"/>): the assessment could not be allocated; <see cref="Errors"/> lists why.
/// </summary>
public sealed class AssessmentException : Exception
{
    /// <summary>Creates the exception from every problem found.</summary>
    public AssessmentException(IReadOnlyList<AssessmentError> errors)
        : base("The assessment cannot be allocated:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e.Message)))
    {
        Errors = Array.AsReadOnly(errors.ToArray());
    }

    /// <summary>Creates the exception with no errors (for serializers and tooling).</summary>
    public AssessmentException()
        : this(Array.Empty<AssessmentError>())
    {
    }

    /// <summary>Creates the exception with a message (for serializers and tooling).</summary>
    public AssessmentException(string message)
        : base(message)
    {
        Errors = Array.AsReadOnly(Array.Empty<AssessmentError>());
    }

    /// <summary>Creates the exception with a message and inner exception (for serializers and tooling).</summary>
    public AssessmentException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = Array.AsReadOnly(Array.Empty<AssessmentError>());
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<AssessmentError> Errors { get; }
}
