namespace Ras.Engine.Text;

/// <summary>The one rendering of an error's expected and found values, shared by model and assessment errors.</summary>
internal static class ErrorText
{
    public static string Detail(string? expected, string? actual) => (expected, actual) switch
    {
        (null, null) => "",
        (var e, null) => $" (expected {e})",
        (null, var a) => $" (found {a})",
        (var e, var a) => $" (expected {e}; found {a})",
    };
}
