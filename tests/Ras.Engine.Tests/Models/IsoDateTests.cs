using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Models;

public class IsoDateTests
{
    [Theory]
    [InlineData("2026-06-01", true)]
    [InlineData("2024-02-29", true)]
    [InlineData("2025-02-29", false)]
    [InlineData("2026-13-01", false)]
    [InlineData("2026-00-10", false)]
    [InlineData("0000-01-01", false)]
    [InlineData("2026-6-01", false)]
    [InlineData("2026/06/01", false)]
    [InlineData(" 2026-06-01", false)]
    [InlineData("2026-06-0١", false)]
    [InlineData("", false)]
    public void TryParse_TextAndUtf8Bytes_AgreeWithTheExactFormat(string text, bool valid)
    {
        var exact = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expected);

        Assert.Equal((valid, valid, expected), (exact, IsoDate.TryParse(text, out var fromText), fromText));
        Assert.Equal((valid, expected), (IsoDate.TryParse(Encoding.UTF8.GetBytes(text), out var fromBytes), fromBytes));
    }

    /// <summary>The byte overload reads a date's UTF-8 bytes exactly as the text overload reads its characters.</summary>
    [Property(MaxTest = 500)]
    public Property TryParse_Utf8Bytes_ReadsWhatTheTextOverloadReads()
    {
        var chars = Gen.Elements("0123456789-/ x\u0661é".ToCharArray());
        var near = Gen.ArrayOf(chars, 10).Select(a => new string(a));
        var dates = Gen.Choose(1, 3_000_000).Select(d => DateOnly.FromDayNumber(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var edited = Gen.Zip(dates, Gen.Zip(Gen.Choose(0, 9), chars)).Select(t => t.Item1[..t.Item2.Item1] + t.Item2.Item2 + t.Item1[(t.Item2.Item1 + 1)..]);
        return Prop.ForAll(Gen.OneOf(near, dates, edited).ToArbitrary(), text =>
        {
            var fromText = IsoDate.TryParse(text, out var a);
            var fromBytes = IsoDate.TryParse(Encoding.UTF8.GetBytes(text), out var b);
            return (fromText == fromBytes && a == b).Label($"'{text}': text {fromText} {a}, bytes {fromBytes} {b}");
        });
    }
}
