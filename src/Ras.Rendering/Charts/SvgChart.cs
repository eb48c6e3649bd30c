using System.Globalization;
using System.Text;

namespace Ras.Rendering.Charts;

/// <summary>
/// Hand-drawn SVG charts for the HTML reports, each with labelled axes (title and unit), ticks with values,
/// value labels, a legend where there are several series, and a text alternative (the SVG's title and
/// description, and a caption). Inline and self-contained, deterministic to the byte, and legible on an A4
/// page (the charts scale to the page width).
/// </summary>
internal static class SvgChart
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private const string Font = "font-family=\"sans-serif\" font-size=\"12\"";

    /// <summary>About <paramref name="target"/> round tick values (1, 2 or 5 times a power of ten) covering <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static double[] Ticks(double min, double max, int target = 5)
    {
        if (!(max > min))
        {
            max = min + 1;
        }

        var raw = (max - min) / target;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = power * ((raw / power) switch { <= 1 => 1, <= 2 => 2, <= 5 => 5, _ => 10 });
        var first = Math.Floor(min / step) * step;
        var ticks = new List<double>();
        // The last tick is at or above the largest value, so that nothing is drawn beyond the axis.
        for (var k = 0; ; k++)
        {
            var t = Math.Round((first / step) + k) * step;
            ticks.Add(t);
            if (t >= max - (step * 1e-9))
            {
                break;
            }
        }

        return [.. ticks];
    }

    /// <summary>Opens a figure with its SVG, title and description (the text alternative screen readers announce).</summary>
    public static void Open(StringBuilder sb, string id, int width, int height, string title, string description)
    {
        sb.Append(C, $"<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" style=\"max-width:{width}px\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">\n");
        sb.Append(C, $"<title id=\"{id}-t\">{E(title)}</title><desc id=\"{id}-d\">{E(description)}</desc>\n");
    }

    /// <summary>Closes the SVG and the figure with its caption.</summary>
    public static void Close(StringBuilder sb, string caption) =>
        sb.Append("</svg>\n<figcaption>").Append(E(caption)).Append("</figcaption>\n</figure>\n");

    /// <summary>A horizontal axis at <paramref name="y"/> from <paramref name="x0"/> to <paramref name="x1"/> with ticks, their labels and the axis title.</summary>
    public static void XAxis(StringBuilder sb, double x0, double x1, double y, double[] ticks, Func<double, double> at, Func<double, string> label, string title, double gridTop = double.NaN)
    {
        sb.Append(C, $"<line x1=\"{x0:0.#}\" y1=\"{y:0.#}\" x2=\"{x1:0.#}\" y2=\"{y:0.#}\" stroke=\"#444\"/>\n");
        foreach (var t in ticks)
        {
            var x = at(t);
            if (!double.IsNaN(gridTop))
            {
                sb.Append(C, $"<line x1=\"{x:0.#}\" y1=\"{gridTop:0.#}\" x2=\"{x:0.#}\" y2=\"{y:0.#}\" stroke=\"#e4e4e4\"/>");
            }

            sb.Append(C, $"<line x1=\"{x:0.#}\" y1=\"{y:0.#}\" x2=\"{x:0.#}\" y2=\"{y + 5:0.#}\" stroke=\"#444\"/><text x=\"{x:0.#}\" y=\"{y + 18:0.#}\" text-anchor=\"middle\" {Font}>{E(label(t))}</text>\n");
        }

        sb.Append(C, $"<text x=\"{(x0 + x1) / 2:0.#}\" y=\"{y + 36:0.#}\" text-anchor=\"middle\" {Font} font-weight=\"bold\">{E(title)}</text>\n");
    }

    /// <summary>A vertical axis at <paramref name="x"/> from <paramref name="y0"/> (bottom) to <paramref name="y1"/> (top) with ticks, their labels and the axis title.</summary>
    public static void YAxis(StringBuilder sb, double x, double y0, double y1, double[] ticks, Func<double, double> at, Func<double, string> label, string title, double gridRight = double.NaN)
    {
        sb.Append(C, $"<line x1=\"{x:0.#}\" y1=\"{y0:0.#}\" x2=\"{x:0.#}\" y2=\"{y1:0.#}\" stroke=\"#444\"/>\n");
        foreach (var t in ticks)
        {
            var y = at(t);
            if (!double.IsNaN(gridRight))
            {
                sb.Append(C, $"<line x1=\"{x:0.#}\" y1=\"{y:0.#}\" x2=\"{gridRight:0.#}\" y2=\"{y:0.#}\" stroke=\"#e4e4e4\"/>");
            }

            sb.Append(C, $"<line x1=\"{x - 5:0.#}\" y1=\"{y:0.#}\" x2=\"{x:0.#}\" y2=\"{y:0.#}\" stroke=\"#444\"/><text x=\"{x - 8:0.#}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" {Font}>{E(label(t))}</text>\n");
        }

        var middle = (y0 + y1) / 2;
        sb.Append(C, $"<text x=\"14\" y=\"{middle:0.#}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {middle:0.#})\" {Font} font-weight=\"bold\">{E(title)}</text>\n");
    }

    /// <summary>A legend: one swatch and name per series, in a row starting at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static void Legend(StringBuilder sb, double x, double y, IReadOnlyList<(string Name, string Colour)> series)
    {
        foreach (var (name, colour) in series)
        {
            sb.Append(C, $"<rect x=\"{x:0.#}\" y=\"{y - 10:0.#}\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{x + 16:0.#}\" y=\"{y:0.#}\" {Font}>{E(name)}</text>\n");
            x += 28 + (6.6 * name.Length);
        }
    }

    /// <summary>A text label (escaped).</summary>
    public static void Text(StringBuilder sb, double x, double y, string text, string anchor = "start", string fill = "#222") =>
        sb.Append(C, $"<text x=\"{x:0.#}\" y=\"{y:0.#}\" text-anchor=\"{anchor}\" fill=\"{fill}\" {Font}>{E(text)}</text>\n");

    /// <summary>Money for an axis: £1.2m, £25k, £500 (the sign before the symbol).</summary>
    public static string ShortMoney(double v, string symbol = "£")
    {
        var a = Math.Abs(v);
        var text = a >= 1e6 ? (a / 1e6).ToString("0.##", C) + "m" : a >= 1e3 ? (a / 1e3).ToString("0.##", C) + "k" : a.ToString("0.##", C);
        return (v < 0 ? "-" : "") + symbol + text;
    }

    private static string E(string text) => PeopleText.Html(text);
}
