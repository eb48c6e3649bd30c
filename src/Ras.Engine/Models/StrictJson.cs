using System.Text.Json;
using System.Text.Unicode;

namespace Ras.Engine.Models;

/// <summary>
/// The strict reading every JSON input shares (models, assessments and JSON Lines rows, change files): a
/// leading UTF-8 byte-order mark is skipped; a member named twice in one object (System.Text.Json would keep
/// the last silently), a string or member name that is not valid Unicode (a lone surrogate such as
/// <c>"\ud800"</c>, escaped or not) and invalid UTF-8 are problems, each with the JSON pointer where it is.
/// Well-formedness and depth are checked by the parser itself; <see cref="Problems"/> expects a document that
/// parsed.
/// </summary>
internal static class StrictJson
{
    /// <summary>One problem: a code (<c>duplicate-member</c>, <c>invalid-text</c>), the JSON pointer, what is wrong and what was found.</summary>
    internal readonly record struct Problem(string Code, string Path, string Text, string Expected, string Found);

    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The text without a leading UTF-8 byte-order mark.</summary>
    public static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> utf8) => utf8.StartsWith(Bom) ? utf8[Bom.Length..] : utf8;

    /// <summary>The text without a leading UTF-8 byte-order mark.</summary>
    public static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> utf8) => utf8.Span.StartsWith(Bom) ? utf8[Bom.Length..] : utf8;

    /// <summary>Every strictness problem of a well-formed JSON document (empty when there is none), in document order.</summary>
    /// <param name="utf8">The document, without a byte-order mark, already parsed without error with the same <paramref name="maxDepth"/>.</param>
    /// <param name="maxDepth">The depth the document was parsed with.</param>
    public static List<Problem> Problems(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        var problems = new List<Problem>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth });
        var frames = new List<Frame>();
        while (reader.Read())
        {
            var token = reader.TokenType;
            if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                frames.RemoveAt(frames.Count - 1);
                continue;
            }

            if (token == JsonTokenType.PropertyName)
            {
                var frame = frames[^1];
                var name = Text(ref reader);
                if (name is null)
                {
                    frame.Member = null;
                    problems.Add(Invalid(Path(frames), "a member name", ref reader));
                    frame.Member = "?";
                    continue;
                }

                frame.Member = name;
                if (!frame.Names!.Add(name))
                {
                    problems.Add(new Problem("duplicate-member", Path(frames), "member appears twice in one object: only one value can hold", $"'{name}' once", $"'{name}' again"));
                }

                continue;
            }

            if (frames.Count > 0 && frames[^1].Names is null)
            {
                frames[^1].Index++;
            }

            switch (token)
            {
                case JsonTokenType.StartObject:
                    frames.Add(new Frame { Names = new HashSet<string>(StringComparer.Ordinal) });
                    break;
                case JsonTokenType.StartArray:
                    frames.Add(new Frame());
                    break;
                case JsonTokenType.String when Text(ref reader) is null:
                    problems.Add(Invalid(Path(frames), "a string", ref reader));
                    break;
            }
        }

        return problems;
    }

    /// <summary>The string or member name the reader is on, or null when it is not valid Unicode.</summary>
    private static string? Text(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return Utf8.IsValid(reader.ValueSpan) ? reader.GetString() : null;
        }

        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static Problem Invalid(string path, string what, ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        var shown = new System.Text.StringBuilder();
        foreach (var b in raw.Length > 40 ? raw[..40] : raw)
        {
            shown.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}");
        }

        return new Problem("invalid-text", path, $"{what} is not valid Unicode text (a lone surrogate or invalid UTF-8)", "UTF-8 text, with \\u escapes only for whole characters (a high surrogate followed by a low one)", $"\"{shown}{(raw.Length > 40 ? "…" : "")}\"");
    }

    private static string Path(List<Frame> frames)
    {
        var path = "";
        foreach (var f in frames)
        {
            if (f.Names is null)
            {
                path = JsonObjectReader.Pointer(path, f.Index);
            }
            else if (f.Member is { } member)
            {
                path = JsonObjectReader.Pointer(path, member);
            }
        }

        return path;
    }

    /// <summary>An open object (its member names so far and the member being read) or array (the index of the item being read).</summary>
    private sealed class Frame
    {
        public HashSet<string>? Names { get; init; }

        public string? Member { get; set; }

        public int Index { get; set; } = -1;
    }
}
