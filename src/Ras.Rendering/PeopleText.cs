using System.Globalization;
using System.Text;
using Ras.Engine;

namespace Ras.Rendering;

/// <summary>
/// The one way the terminal text and the HTML reports write figures and names for people: money in the model's
/// currency with the sign before the symbol (<c>-£1,138,800.00</c>), counts with their noun in the right
/// number (<c>1 row</c>, <c>2 rows</c>), and the model's labels instead of internal codes.
/// </summary>
internal static class PeopleText
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The symbol written before an amount: £, €, $ for GBP, EUR, USD; otherwise the ISO code and a space (<c>CHF 10.00</c>).</summary>
    public static string Symbol(string currency) => currency switch
    {
        "GBP" => "£",
        "EUR" => "€",
        "USD" => "$",
        _ => currency + " ",
    };

    /// <summary>An amount to the penny with thousands separators, the minus sign before the symbol: <c>-£1,138,800.00</c>.</summary>
    public static string Money(decimal amount, string currency) =>
        (amount < 0 ? "-" : "") + Symbol(currency) + Math.Abs(amount).ToString("N2", C);

    /// <summary>A whole amount (for large totals in charts' text): <c>-£1,139</c>.</summary>
    public static string WholeMoney(double amount, string currency) =>
        (amount < 0 ? "-" : "") + Symbol(currency) + Math.Abs(amount).ToString("N0", C);

    /// <summary>
    /// Text escaped for HTML: only <c>&amp; &lt; &gt; " '</c>. The pages are UTF-8, so £, € and ± stay as
    /// themselves (WebUtility.HtmlEncode would write <c>&amp;#163;</c>), readable in the file as on the page.
    /// </summary>
    public static string Html(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var ch in text)
        {
            sb.Append(ch switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            } ?? ch.ToString());
        }

        return sb.ToString();
    }

    /// <summary>A count and its noun: <c>1 row</c>, <c>5,000 rows</c>, <c>1 person</c>, <c>2 people</c>.</summary>
    public static string Count(long n, string singular, string? plural = null) =>
        n.ToString("N0", C) + " " + (n == 1 ? singular : plural ?? singular + "s");

    /// <summary>The noun alone in the right number.</summary>
    public static string Noun(long n, string singular, string? plural = null) => n == 1 ? singular : plural ?? singular + "s";

    /// <summary>
    /// A code made readable where the model gives no label: words split at underscores, hyphens and
    /// lower-to-upper case changes, lower case, the first letter a capital (<c>learning_disability</c> →
    /// "Learning disability", <c>notEligible</c> → "Not eligible").
    /// </summary>
    public static string Readable(string code)
    {
        if (code.Length == 0)
        {
            return code;
        }

        var sb = new StringBuilder(code.Length + 4);
        for (var i = 0; i < code.Length; i++)
        {
            var ch = code[i];
            if (ch is '_' or '-')
            {
                sb.Append(' ');
            }
            else if (char.IsUpper(ch) && i > 0 && char.IsLower(code[i - 1]))
            {
                sb.Append(' ').Append(char.ToLowerInvariant(ch));
            }
            else
            {
                sb.Append(ch);
            }
        }

        sb[0] = char.ToUpperInvariant(sb[0]);
        return sb.ToString();
    }

    /// <summary>A client group as people read it: "Not given" for <c>(none)</c>, otherwise <see cref="Readable"/>.</summary>
    public static string ClientGroup(string code) => code == "(none)" ? "Not given" : Readable(code);

    /// <summary>An eligibility code (<c>eligible</c>, <c>notEligible</c>) as people read it.</summary>
    public static string Eligibility(string code) => Readable(code);

    /// <summary>An offer code as people read it, with the model's label for preventative support.</summary>
    public static string Offer(string code, RasModel model) => code switch
    {
        "personalBudget" => "Personal budget",
        "preventativeSupport" => PreventativeLabel(model) ?? "Preventative support",
        "none" => "No budget",
        _ => Readable(code),
    };

    /// <summary>
    /// A band as people read it: the id and the model's label (<c>A (Lower need)</c>, as the explanation writes it), the preventative offer's
    /// label for <c>preventative</c>, "No band (no budget)" for <c>none</c>, the id alone when the model gives no label.
    /// </summary>
    public static string Band(string id, RasModel model)
    {
        if (id == "none")
        {
            return "No band (no budget)";
        }

        foreach (var (bandId, label) in model.BandLabels)
        {
            if (bandId == id)
            {
                return id == "preventative" ? label : label.Length == 0 ? id : $"{id} ({label})";
            }
        }

        return id == "preventative" ? "Preventative support" : id;
    }

    /// <summary>Bands in the model's order (its points bands, then preventative, then "none"); bands it does not know last, in ordinal order.</summary>
    public static IEnumerable<T> InBandOrder<T>(IEnumerable<T> items, Func<T, string> band, RasModel model)
    {
        var order = model.BandLabels.Select((b, i) => (b.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        int Rank(string id) => order.TryGetValue(id, out var i) ? i : id == "none" ? order.Count + 1 : order.Count;
        return items.OrderBy(x => Rank(band(x))).ThenBy(x => band(x), StringComparer.Ordinal);
    }

    /// <summary>Client groups in the model's order, then those it does not know (ordinal), then "(none)".</summary>
    public static IEnumerable<T> InGroupOrder<T>(IEnumerable<T> items, Func<T, string> group, RasModel model)
    {
        var order = model.ClientGroups.Select((g, i) => (g, i)).ToDictionary(p => p.g, p => p.i, StringComparer.Ordinal);
        int Rank(string id) => order.TryGetValue(id, out var i) ? i : id == "(none)" ? order.Count + 1 : order.Count;
        return items.OrderBy(x => Rank(group(x))).ThenBy(x => group(x), StringComparer.Ordinal);
    }

    private static string? PreventativeLabel(RasModel model) =>
        model.BandLabels.Where(b => b.Id == "preventative").Select(b => b.Label).FirstOrDefault();
}
