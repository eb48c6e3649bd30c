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

    /// <summary>True when a spreadsheet would take the text for a formula.</summary>
    public static bool IsFormula(ReadOnlySpan<char> value) => !value.IsEmpty && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
}
