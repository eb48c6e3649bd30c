using System.Globalization;
using Ras.Engine.Allocation;

namespace Ras.Engine.Explanation;

/// <summary>Collects explanation steps; only created when an explanation is asked for.</summary>
internal sealed class ExplanationBuilder(string currency)
{
    private readonly List<ExplanationStep> _steps = new();

    public IReadOnlyList<ExplanationStep> Steps => _steps;

    public void Add(string code, string title, string detail, string value, string modelPath = "", string? policy = null, params (string Name, string Value)[] inputs) =>
        _steps.Add(new ExplanationStep
        {
            Number = _steps.Count + 1,
            Code = code,
            Title = title,
            Detail = detail,
            Value = value,
            ModelPath = modelPath,
            PolicyReference = policy,
            Inputs = inputs.Select(i => new KeyValuePair<string, string>(i.Name, i.Value)).ToArray(),
        });

    public string Money(decimal amount) => Format.Money(amount, currency);
}

/// <summary>Invariant-culture formatting used by explanations, documents and the CLI.</summary>
internal static class Format
{
    public static string Number(decimal value) => value.ToString("#,##0.##########", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Plain(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    public static string Money(decimal amount, string currency)
    {
        var symbol = currency switch
        {
            "GBP" => "£",
            "EUR" => "€",
            "USD" => "$",
            _ => currency + " ",
        };
        var sign = amount < 0 ? "-" : "";
        return sign + symbol + Math.Abs(amount).ToString("#,##0.00##########", CultureInfo.InvariantCulture);
    }

    public static string Probability(decimal p) => p.ToString("0.0000", CultureInfo.InvariantCulture);

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
