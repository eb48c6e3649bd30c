using System.Globalization;

namespace Ras.Engine.Text;

/// <summary>Invariant-culture formatting used by explanations, documents and the CLI.</summary>
internal static class Format
{
    public static string Number(decimal value) => value.ToString("#,##0.##########", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Plain(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    public static string Money(decimal amount, string currency)
    {
        var sign = amount < 0 ? "-" : "";
        return sign + Symbol(currency) + Math.Abs(amount).ToString("#,##0.00##########", CultureInfo.InvariantCulture);
    }

    /// <summary>The symbol written before an amount: £, €, $ for GBP, EUR, USD; otherwise the ISO code and a space.</summary>
    public static string Symbol(string currency) => currency switch
    {
        "GBP" => "£",
        "EUR" => "€",
        "USD" => "$",
        _ => currency + " ",
    };

    public static string Probability(decimal p) => p.ToString("0.0000", CultureInfo.InvariantCulture);

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
