namespace Ras.Engine.Models;

/// <summary>
/// Thrown when a model file is not a valid allocation model. <see cref="Errors"/> lists every problem found,
/// not only the first.
/// </summary>
public sealed class ModelValidationException : Exception
{
    /// <summary>Creates the exception from the full list of problems.</summary>
    public ModelValidationException(IReadOnlyList<ModelError> errors)
        : base(Render(errors))
    {
        Errors = Array.AsReadOnly(errors.ToArray());
    }

    /// <summary>Creates the exception with a message only (for serializers and tooling).</summary>
    public ModelValidationException()
        : this(Array.Empty<ModelError>())
    {
    }

    /// <summary>Creates the exception with a message only (for serializers and tooling).</summary>
    public ModelValidationException(string message)
        : base(message)
    {
        Errors = Array.AsReadOnly(Array.Empty<ModelError>());
    }

    /// <summary>Creates the exception with a message and inner exception (for serializers and tooling).</summary>
    public ModelValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = Array.AsReadOnly(Array.Empty<ModelError>());
    }

    /// <summary>Every problem found in the model, in document order.</summary>
    public IReadOnlyList<ModelError> Errors { get; }

    private static string Render(IReadOnlyList<ModelError> errors) =>
        errors.Count == 0
            ? "The model is not valid."
            : $"The model is not valid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}):{Environment.NewLine}"
              + string.Join(Environment.NewLine, errors.Select(e => "  " + e.Message));
}
