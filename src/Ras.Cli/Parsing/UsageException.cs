namespace Ras.Cli.Parsing;

/// <summary>A command line the user must correct, found only once a command runs (for example a folder holding several models and no <c>--model-id</c>).</summary>
internal sealed class UsageException(string message) : Exception(message);
