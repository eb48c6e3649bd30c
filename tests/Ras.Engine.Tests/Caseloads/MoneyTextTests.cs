using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ras.Engine.Caseloads;

namespace Ras.Engine.Tests.Caseloads;

public class MoneyTextTests
{
    private static string Text(decimal d) => MoneyText.Append(new StringBuilder(), d).ToString();

    private static string Utf8(decimal d) => MoneyText.Append(new Utf8Buffer(4), d).ToString();

    [Theory]
    [InlineData("0", "0.00")]
    [InlineData("-0.00", "0.00")]
    [InlineData("0.5", "0.50")]
    [InlineData("-0.01", "-0.01")]
    [InlineData("-12.3", "-12.30")]
    [InlineData("1234.500", "1234.50")]
    [InlineData("19613909260.00", "19613909260.00")]
    [InlineData("1.005", "1.005")]
    [InlineData("-1.23456789", "-1.23456789")]
    [InlineData("999999999999999.99", "999999999999999.99")]
    [InlineData("1000000000000000", "1000000000000000.00")]
    [InlineData("-1000000000000000.5", "-1000000000000000.50")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335.00")]
    [InlineData("-79228162514264337593543950335", "-79228162514264337593543950335.00")]
    [InlineData("0.0000000000000000000000000001", "0.00")]
    [InlineData("-0.0001", "-0.0001")]
    public void Append_Utf8_IsTheTextFormatting(string amount, string expected)
    {
        var d = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal((expected, expected), (Text(d), Utf8(d)));
    }

    [Property(MaxTest = 2000)]
    public Property Append_Utf8_EqualsTextForAnyAmount(long units, byte scale, bool large)
    {
        // Amounts of every scale from 0 to 28 places, to the penny and beyond, small and near decimal's limits.
        var d = new decimal((int)units, large ? (int)(units >> 32) : 0, large ? (int)(units >> 7) : 0, units < 0, (byte)(scale % 29));
        return (Text(d) == Utf8(d)).Label($"{d}: text {Text(d)}, UTF-8 {Utf8(d)}");
    }
}
