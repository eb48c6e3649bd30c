using System.Globalization;
using System.Text;

namespace Ras.Engine.Caseloads;

/// <summary>
/// Money in caseload outputs: at least two decimal places and never fewer than the amount has, so nothing a
/// model's rounding rule kept is hidden. Appends without allocating for amounts to the penny.
/// </summary>
internal static class MoneyText
{
    public static StringBuilder Append(StringBuilder sb, decimal d)
    {
        if (d != decimal.Round(d, 2) || Math.Abs(d) >= 1e15m)
        {
            return sb.Append(d.ToString("0.00############", CultureInfo.InvariantCulture));
        }

        var cents = (long)(d * 100m);
        return sb.Append(CultureInfo.InvariantCulture, $"{(cents < 0 ? "-" : "")}{Math.Abs(cents) / 100}.{Math.Abs(cents) % 100:D2}");
    }
}
