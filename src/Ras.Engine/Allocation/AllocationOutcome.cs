using Ras.Engine.Assessments;

namespace Ras.Engine.Allocation;

/// <summary>
/// Either a <see cref="AllocationResult"/> or the list of reasons the assessment could not be allocated.
/// Expected failures are values, not exceptions, so that one bad case never aborts a batch.
/// </summary>
public sealed class AllocationOutcome
{
    private AllocationOutcome(AllocationResult? result, IReadOnlyList<AssessmentError> errors)
    {
        Result = result;
        Errors = Array.AsReadOnly(errors.ToArray());
    }

    /// <summary>True when <see cref="Result"/> is set.</summary>
    public bool IsSuccess => Result is not null;

    /// <summary>The allocation, or null when <see cref="Errors"/> is not empty.</summary>
    public AllocationResult? Result { get; }

    /// <summary>Every problem that prevented the allocation; empty on success.</summary>
    public IReadOnlyList<AssessmentError> Errors { get; }

    /// <summary>The result, or throws when there is none.</summary>
    /// <exception cref="AssessmentException">The assessment could not be allocated.</exception>
    public AllocationResult GetValueOrThrow() => Result ?? throw new AssessmentException(Errors);

    /// <summary>
    /// The outcome as JSON: <c>{"status":"ok", …}</c> with the result (and its explanation when one was asked
    /// for), or <c>{"status":"error","errors":[…]}</c>. Money is written as exact JSON numbers.
    /// </summary>
    public string ToJson(bool indented = true) => ResultJson.Write(this, indented);

    internal static AllocationOutcome Success(AllocationResult result) => new(result, Array.Empty<AssessmentError>());

    internal static AllocationOutcome Failure(IReadOnlyList<AssessmentError> errors) => new(null, errors);
}
