using System.Text;

namespace Ras.Engine.Caseloads;

/// <summary>
/// Splits one CSV line (RFC 4180 quoting: a quoted field may contain commas and doubled quotes; records never
/// span lines in a caseload file). Malformed quoting is reported with the field number, never guessed at.
/// </summary>
internal static class CsvLine
{
    /// <summary>Splits <paramref name="line"/> into at most <paramref name="fields"/>.Length ranges; returns the field count or −1 with an error.</summary>
    public static int Split(ReadOnlySpan<char> line, Span<Range> fields, Span<bool> quoted, out string? error)
    {
        error = null;
        var count = 0;
        var i = 0;
        while (true)
        {
            if (count == fields.Length)
            {
                // More fields than the caller can hold: count the rest so the caller can report the real number.
                var extra = 1;
                for (var k = i; k < line.Length; k++)
                {
                    extra += line[k] == ',' ? 1 : 0;
                }

                return count + extra;
            }

            if (i < line.Length && line[i] == '"')
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

                    if (line[j] == '"')
                    {
                        if (j + 1 < line.Length && line[j + 1] == '"')
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

                if (line[i] != ',')
                {
                    error = $"field {count} has text after its closing quote";
                    return -1;
                }

                i++;
                continue;
            }

            var end = line[i..].IndexOf(',');
            var stop = end < 0 ? line.Length : i + end;
            if (line[i..stop].Contains('"'))
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

    /// <summary>The field's text, with doubled quotes undone when it had any.</summary>
    public static string Text(ReadOnlySpan<char> line, Range field, bool escaped) =>
        escaped ? line[field].ToString().Replace("\"\"", "\"", StringComparison.Ordinal) : line[field].ToString();

    /// <summary>Appends a value, quoting it when it contains a comma, a quote or a line break.</summary>
    public static void Append(StringBuilder sb, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            sb.Append(value);
            return;
        }

        sb.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
