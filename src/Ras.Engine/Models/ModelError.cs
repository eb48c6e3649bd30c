using System.Globalization;

namespace Ras.Engine.Models;

/// <summary>
/// One problem found in a model file: where (file and JSON pointer), what was expected and what was found.
/// Errors are data first; <see cref="Message"/> is rendered from the other members.
/// </summary>
public sealed record ModelError
{
    /// <summary>Creates an error.</summary>
    /// <param name="code">A stable machine-readable code such as <c>unknown-member</c> or <c>band-gap</c>.</param>
    /// <param name="path">A JSON pointer (RFC 6901) into the model document; empty for the whole document.</param>
    /// <param name="problem">What is wrong, as a short sentence without trailing full stop.</param>
    /// <param name="expected">What a valid model has here, or null.</param>
    /// <param name="actual">What this model has here, or null.</param>
    /// <param name="source">The file or stream name the model was read from, or null.</param>
    public ModelError(string code, string path, string problem, string? expected = null, string? actual = null, string? source = null)
    {
        Code = code;
        Path = path;
        Problem = problem;
        Expected = expected;
        Actual = actual;
        Source = source;
    }

    /// <summary>A stable machine-readable code such as <c>unknown-member</c>.</summary>
    public string Code { get; }

    /// <summary>A JSON pointer into the model document (for example <c>/pricing/bands/2/minPoints</c>).</summary>
    public string Path { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    /// <summary>What a valid model has at <see cref="Path"/>, or null.</summary>
    public string? Expected { get; }

    /// <summary>What was found at <see cref="Path"/>, or null.</summary>
    public string? Actual { get; }

    /// <summary>The file or stream name, or null when none was given.</summary>
    public string? Source { get; }

    /// <summary>The rendered message: <c>source#path: problem (expected …; found …) [code]</c>.</summary>
    public string Message
    {
        get
        {
            var where = (Source, Path.Length == 0 ? "/" : Path) switch
            {
                (null, var p) => p,
                (var s, var p) => s + "#" + p,
            };
            return string.Create(CultureInfo.InvariantCulture, $"{where}: {Problem}{Text.ErrorText.Detail(Expected, Actual)} [{Code}]");
        }
    }

    internal ModelError WithSource(string? source) => new(Code, Path, Problem, Expected, Actual, source);

    /// <inheritdoc />
    public override string ToString() => Message;
}
