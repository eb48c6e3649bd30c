namespace Ras.Engine.Caseloads;

/// <summary>
/// Windows-1252 to UTF-16: Latin-1, except 0x80–0x9F, which hold typographic characters (€, ‘ ’, “ ”, –, —,
/// …). The five bytes the code page leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become the C1 control
/// characters of the same value, as Windows itself decodes them.
/// </summary>
internal static class Windows1252
{
    private static readonly char[] High =
    {
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021', '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014', '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    };

    /// <summary>Decodes <paramref name="source"/> into <paramref name="target"/> (one character per byte).</summary>
    public static void Decode(ReadOnlySpan<byte> source, Span<char> target)
    {
        for (var i = 0; i < source.Length; i++)
        {
            var b = source[i];
            target[i] = b is >= 0x80 and <= 0x9F ? High[b - 0x80] : (char)b;
        }
    }
}
