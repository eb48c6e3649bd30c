using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ras.Engine.Models;

/// <summary>
/// Strict ISO dates, <c>yyyy-MM-dd</c> and nothing else, parsed without culture machinery (the caseload hot
/// path reads one per row; <see cref="DateOnly.TryParseExact(ReadOnlySpan{char}, ReadOnlySpan{char}, IFormatProvider?, System.Globalization.DateTimeStyles, out DateOnly)"/>
/// costs about a microsecond). One parser reads text and UTF-8 bytes (a date's characters are ASCII).
/// </summary>
internal static class IsoDate
{
    public static bool TryParse(ReadOnlySpan<char> s, out DateOnly date) => TryParse<char>(s, out date);

    /// <summary>Parses UTF-8 bytes as <see cref="TryParse(ReadOnlySpan{char}, out DateOnly)"/> parses text.</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out DateOnly date) => TryParse<byte>(s, out date);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryParse<T>(ReadOnlySpan<T> s, out DateOnly date)
        where T : unmanaged, IBinaryInteger<T>
    {
        date = default;
        var dash = T.CreateTruncating('-');
        if (s.Length != 10 || s[4] != dash || s[7] != dash)
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Digits<T>(ReadOnlySpan<T> s)
        where T : unmanaged, IBinaryInteger<T>
    {
        var value = 0;
        foreach (var c in s)
        {
            var digit = int.CreateTruncating(c) - '0';
            if ((uint)digit > 9)
            {
                return -1;
            }

            value = (value * 10) + digit;
        }

        return value;
    }
}
