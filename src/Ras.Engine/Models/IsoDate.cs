namespace Ras.Engine.Models;

/// <summary>
/// Strict ISO dates, <c>yyyy-MM-dd</c> and nothing else, parsed without culture machinery (the caseload hot
/// path reads one per row; <see cref="DateOnly.TryParseExact(ReadOnlySpan{char}, ReadOnlySpan{char}, IFormatProvider?, System.Globalization.DateTimeStyles, out DateOnly)"/>
/// costs about a microsecond).
/// </summary>
internal static class IsoDate
{
    public static bool TryParse(ReadOnlySpan<char> s, out DateOnly date)
    {
        date = default;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-')
        {
            return false;
        }

        var year = Digits(s[..4]);
        var month = Digits(s.Slice(5, 2));
        var day = Digits(s.Slice(8, 2));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static int Digits(ReadOnlySpan<char> s)
    {
        var value = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return -1;
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }
}
