using Ras.Engine.Assessments;
using Ras.Engine.Models;

namespace Ras.Service;

/// <summary>RFC 9457 problem details, with the engine's errors (as data) under <c>errors</c>.</summary>
internal static class Problems
{
    public static IResult Of(int status, string title, string detail, IEnumerable<object>? errors = null) =>
        Results.Problem(
            statusCode: status,
            title: title,
            detail: detail,
            type: $"https://www.rfc-editor.org/rfc/rfc9110#section-15.{(status >= 500 ? "6" : "5")}.{Section(status)}",
            extensions: errors is null ? null : new Dictionary<string, object?> { ["errors"] = errors.ToList() });

    public static object Json(AssessmentError e) => new { code = e.Code, location = e.Location, problem = e.Problem, expected = e.Expected, actual = e.Actual, message = e.Message };

    public static object Json(ModelError e) => new { code = e.Code, path = e.Path, source = e.Source, problem = e.Problem, expected = e.Expected, actual = e.Actual, message = e.Message };

    public static IResult TooLarge(long limit) =>
        Of(StatusCodes.Status413PayloadTooLarge, "Request too large", $"the request body is larger than {limit} bytes (Ras:MaxRequestBytes, or Ras:MaxBatchBytes for batches)");

    private static int Section(int status) => status switch
    {
        400 => 1,
        404 => 5,
        413 => 14,
        415 => 16,
        422 => 21,
        _ => 1,
    };
}
