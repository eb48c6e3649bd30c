using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Ras.Service;

/// <summary>Request bodies read within a size limit.</summary>
internal static class Body
{
    /// <summary>Applies the limit to the server (Kestrel refuses a longer body itself) where it still can.</summary>
    public static void Limit(HttpContext context, long limit)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }
    }

    /// <summary>The body as bytes, or null when it is longer than <paramref name="limit"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpContext context, long limit)
    {
        Limit(context, limit);
        if (context.Request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        try
        {
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limit)
                {
                    return null;
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The lines of a UTF-8 body as they arrive (a final line without a newline included), counting bytes
    /// against <paramref name="limit"/>: past it, the enumeration throws <see cref="TooLargeException"/>.
    /// </summary>
    public static async IAsyncEnumerable<string> LinesAsync(HttpContext context, long limit, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Limit(context, limit);
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        long chars = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            // Characters bound bytes from below, so this never refuses a body within the limit.
            chars += line.Length + 1;
            if (chars > limit)
            {
                throw new TooLargeException();
            }

            yield return line;
        }
    }

    /// <summary>A streamed body passed its limit.</summary>
    internal sealed class TooLargeException : Exception
    {
        public TooLargeException()
            : base("the request body is too large")
        {
        }
    }
}
