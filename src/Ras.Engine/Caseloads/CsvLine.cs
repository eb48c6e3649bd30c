using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Ras.Engine.Caseloads;

/// <summary>
/// Splits one CSV line (RFC 4180 quoting: a quoted field may contain commas and doubled quotes; records never
/// span lines in a caseload file). Malformed quoting is reported with the field number, never guessed at.
/// </summary>
internal static class CsvLine
{
    /// <summary>Splits <paramref name="line"/> into at most <paramref name="fields"/>.Length ranges; returns the field count or −1 with an error.</summary>
    public static int Split(ReadOnlySpan<char> line, Span<Range> fields, Span<bool> quoted, out string? error) => Split<char>(line, fields, quoted, out error);

    /// <summary>Splits a line of UTF-8 bytes as <see cref="Split(ReadOnlySpan{char}, Span{Range}, Span{bool}, out string?)"/> splits text (the ranges are byte offsets).</summary>
    public static int Split(ReadOnlySpan<byte> line, Span<Range> fields, Span<bool> quoted, out string? error)
    {
        error = null;
        var n = SplitUnquoted(line, fields, quoted);
        return n >= 0 ? n : Split<byte>(line, fields, quoted, out error);
    }

    /// <summary>
    /// The one splitter, over characters or UTF-8 bytes (the separators are ASCII, so both give the same fields
    /// and the same errors; a byte never taken for a comma or a quote is part of a field either way).
    /// </summary>
    private static int Split<T>(ReadOnlySpan<T> line, Span<Range> fields, Span<bool> quoted, out string? error)
        where T : unmanaged, IBinaryInteger<T>
    {
        var comma = T.CreateTruncating(',');
        var quote = T.CreateTruncating('"');
        error = null;
        var count = 0;
        var i = 0;
        while (true)
        {
            if (count == fields.Length)
            {
                // More fields than the caller can hold: count the rest so the caller can report the real number.
                return count + 1 + line[i..].Count(comma);
            }

            if (i < line.Length && line[i] == quote)
            {
                var start = i + 1;
                var j = start;
                var escaped = false;
                while (true)
                {
                    if (j >= line.Length)
                    {
                        error = $"field {count + 1} opens a quote that is never closed (quoted fields cannot span lines)";
                        return -1;
                    }

                    if (line[j] == quote)
                    {
                        if (j + 1 < line.Length && line[j + 1] == quote)
                        {
                            escaped = true;
                            j += 2;
                            continue;
                        }

                        break;
                    }

                    j++;
                }

                fields[count] = start..j;
                quoted[count] = escaped;
                count++;
                i = j + 1;
                if (i == line.Length)
                {
                    return count;
                }

                if (line[i] != comma)
                {
                    error = $"field {count} has text after its closing quote";
                    return -1;
                }

                i++;
                continue;
            }

            var end = line[i..].IndexOf(comma);
            var stop = end < 0 ? line.Length : i + end;
            if (line[i..stop].Contains(quote))
            {
                error = $"field {count + 1} has a quote inside an unquoted value";
                return -1;
            }

            fields[count] = i..stop;
            quoted[count] = false;
            count++;
            if (end < 0)
            {
                return count;
            }

            i = stop + 1;
        }
    }

    /// <summary>
    /// Splits a line that holds no quote at all (the usual row) by finding its commas 32 bytes at a time; −2 when
    /// the line holds a quote (then the general splitter reads it). Same fields as the general splitter.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int SplitUnquoted(ReadOnlySpan<byte> line, Span<Range> fields, Span<bool> quoted)
    {
        var count = 0;
        var start = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var p = ref MemoryMarshal.GetReference(line);
            var commas = Vector256.Create((byte)',');
            var quotes = Vector256.Create((byte)'"');
            for (; i + Vector256<byte>.Count <= line.Length; i += Vector256<byte>.Count)
            {
                var v = Vector256.LoadUnsafe(ref p, (nuint)i);
                if (Vector256.EqualsAny(v, quotes))
                {
                    return -2;
                }

                var mask = Vector256.Equals(v, commas).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    var at = i + BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    if (count < fields.Length)
                    {
                        fields[count] = start..at;
                    }

                    count++;
                    start = at + 1;
                }
            }
        }

        for (; i < line.Length; i++)
        {
            var b = line[i];
            if (b == '"')
            {
                return -2;
            }

            if (b == ',')
            {
                if (count < fields.Length)
                {
                    fields[count] = start..i;
                }

                count++;
                start = i + 1;
            }
        }

        if (count < fields.Length)
        {
            fields[count] = start..line.Length;
        }

        count++;
        quoted[..Math.Min(count, quoted.Length)].Clear();
        return count;
    }

    /// <summary>The field's text, with doubled quotes undone when it had any.</summary>
    public static string Text(ReadOnlySpan<char> line, Range field, bool escaped) =>
        escaped ? line[field].ToString().Replace("\"\"", "\"", StringComparison.Ordinal) : line[field].ToString();

    /// <summary>
    /// Appends a value, quoting it when it contains a comma, a quote or a line break. With
    /// <paramref name="neutralise"/>, a value that a spreadsheet would run as a formula (it begins with <c>=</c>,
    /// <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return) is written quoted with a leading apostrophe, as
    /// OWASP recommends against CSV injection (docs/caseload-format.md).
    /// </summary>
    public static void Append(StringBuilder sb, string? value, bool neutralise = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var formula = neutralise && IsFormula(value);
        if (!formula && value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            sb.Append(value);
            return;
        }

        sb.Append('"');
        if (formula)
        {
            sb.Append('\'');
        }

        sb.Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    /// <summary>Appends a value as UTF-8, exactly as <see cref="Append(StringBuilder, string?, bool)"/> appends it as text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Append(Utf8Buffer b, string? value, bool neutralise = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var formula = neutralise && IsFormula(value);
        if (!formula && value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            b.Append(value.AsSpan());
            return;
        }

        b.Append((byte)'"');
        if (formula)
        {
            b.Append((byte)'\'');
        }

        b.Append(value.Replace("\"", "\"\"", StringComparison.Ordinal).AsSpan()).Append((byte)'"');
    }

    /// <summary>True when a spreadsheet would take the text for a formula.</summary>
    public static bool IsFormula(ReadOnlySpan<char> value) => !value.IsEmpty && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
}
