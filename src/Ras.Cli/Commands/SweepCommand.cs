using System.CommandLine;
using Ras.Cli.Parsing;
using Ras.Engine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ras.Engine.Caseloads;
using Ras.Engine.Impact;
using Ras.Engine.Models;

namespace Ras.Cli.Commands;

/// <summary>
/// <c>ras sweep [--baseline M] --parameter PATH --values V1,V2,… CASELOAD [--summary FILE.json] [--format csv|jsonl]
/// [--as-of DATE] [--threads N]</c>: reruns the caseload for each value of one model parameter and reports the
/// total cost and the winners and losers for each.
/// </summary>
internal sealed class SweepCommand : RasCommand
{
    private readonly Argument<string?> _input;
    private readonly Option<string?> _baseline = CommonOptions.Model("--baseline", "The baseline model (default: the embedded default model).");
    private readonly Option<string> _parameter = new("--parameter") { Description = "The parameter to vary: a JSON pointer into the model, as in a change file, such as /pricing/bands/3/amount.", HelpName = "POINTER", Required = true };
    private readonly Option<string[]?> _values = OptionValues.List("--values", "The values to try, comma-separated, such as 15000,15600,16200 (numbers as JSON writes them, true/false, or text).", "V1,V2,…");
    private readonly Option<string?> _summary = new("--summary") { Description = "Also write the runs as JSON.", HelpName = "SWEEP.json" };
    private readonly Option<string?> _format = CommonOptions.InputFormat();
    private readonly Option<DateOnly?> _asOf = CommonOptions.AsOf();
    private readonly Option<int> _threads = OptionValues.Threads();

    public SweepCommand() : base("sweep", "Rerun a caseload for each value of one model parameter; report the total cost and the winners and losers for each.")
    {
        _input = FileArgument("CASELOAD", "The caseload, .csv or .jsonl.", "ras sweep --parameter /pricing/bands/3/amount --values 15000,16000 samples/caseload.csv");
        _values.Required = true;
        Add(_baseline);
        Add(_parameter);
        Add(_values);
        AddOutputs(_summary);
        Add(_format);
        Add(_asOf);
        Add(_threads);
        CheckFormat(r => r.GetValue(_input), _format);
    }

    public override IReadOnlyList<string> Examples { get; } =
    [
        "ras sweep --parameter /adjustments/1/percent --values -20,-30,-40,-50 samples/caseload.csv",
        "ras sweep --parameter /pricing/bands/3/amount --values 15000,15600,16200 samples/caseload.csv --summary sweep.json",
    ];

    protected override int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        var input = Existing(args.GetValue(_input)!, "caseload file");
        var baselinePath = args.GetValue(_baseline);
        var parameter = args.GetValue(_parameter)!;
        var values = args.GetValue(_values)!;
        var summaryPath = args.GetValue(_summary);
        var threads = args.GetValue(_threads);
        var asOf = args.GetValue(_asOf);
        OutputFile.CheckDistinct(new[] { ("the caseload", (string?)input), ("--baseline", baselinePath) }, new[] { ("--summary", summaryPath) });
        var baseline = ModelSource.Load(baselinePath, stderr);
        if (baseline is null)
        {
            return Cli.InvalidInput;
        }

        // Every value's proposal is built and validated before any caseload row is read.
        var proposals = new List<(string Value, RasModel Model)>();
        var problems = new List<string>();
        foreach (var value in values)
        {
            var change = $"{{ \"title\": {JsonSerializer.Serialize($"{parameter} = {value}")}, \"changes\": [ {{ \"path\": {JsonSerializer.Serialize(parameter)}, \"value\": {JsonValue(value)} }} ] }}";
            try
            {
                proposals.Add((value, baseline.ApplyChange(new MemoryStream(Encoding.UTF8.GetBytes(change)), $"--values {value}")));
            }
            catch (ModelValidationException ex)
            {
                problems.AddRange(ex.Errors.Select(e => $"{parameter} = {value}: {e.Problem}{(e.Expected is null ? "" : $" (expected {e.Expected}{(e.Actual is null ? "" : $"; found {e.Actual}")})")}"));
            }
        }

        if (problems.Count > 0)
        {
            stderr.WriteLine($"the sweep cannot run ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}); nothing was run:");
            foreach (var p in problems)
            {
                stderr.WriteLine("  " + p);
            }

            return Cli.InvalidInput;
        }

        var c = CultureInfo.InvariantCulture;
        var names = new ComparisonOptions().Buckets;
        stdout.WriteLine($"baseline {baseline.Id} {baseline.Version} ({baseline.ContentHash}); parameter {parameter}");
        stdout.WriteLine(string.Create(c, $"{"value",14} {"total indicative",20} {"change",18} {"lose >5%",10} {"lose ≤5%",10} {"same",10} {"gain ≤5%",10} {"gain >5%",10} {"rejected",9}"));
        var json = new StringBuilder("{\n  \"baseline\": ").Append(JsonSerializer.Serialize($"{baseline.Id} {baseline.Version} ({baseline.ContentHash})"))
            .Append(",\n  \"parameter\": ").Append(JsonSerializer.Serialize(parameter)).Append(",\n  \"runs\": [\n");
        ImpactSummary? last = null;
        foreach (var (value, proposal) in proposals)
        {
            ImpactSummary s;
            try
            {
                using var reader = new StreamReader(input, Encoding.UTF8, true, 1 << 16);
                s = new CaseloadComparison(baseline, proposal).Run(reader, FormatOf(args.GetValue(_format), input), null, new CaseloadOptions(threads, asOf));
            }
            catch (CaseloadFormatException ex)
            {
                stderr.WriteLine($"{input}: the caseload cannot be used: {ex.Message}");
                return Cli.InvalidInput;
            }

            stdout.WriteLine(string.Create(c, $"{value,14} {s.ProposalTotal,20:N2} {s.TotalChange,18:N2} {s.Buckets[0],10:N0} {s.Buckets[1],10:N0} {s.Buckets[2],10:N0} {s.Buckets[3],10:N0} {s.Buckets[4],10:N0} {s.Rejected,9:N0}"));
            json.Append(last is null ? "" : ",\n").Append(c, $"    {{ \"value\": {JsonValue(value)}, \"proposal\": {JsonSerializer.Serialize(s.Proposal)}, \"proposalTotal\": {s.ProposalTotal}, \"totalChange\": {s.TotalChange}, \"rejected\": {s.Rejected}, \"buckets\": {{ {string.Join(", ", names.Select((n, i) => $"{JsonSerializer.Serialize(n)}: {s.Buckets[i]}"))} }} }}");
            last = s;
        }

        stdout.WriteLine($"baseline total indicative {Ras.Rendering.PeopleText.Money(last!.BaselineTotal, baseline.Currency)} over {Ras.Rendering.PeopleText.Count(last.Compared, "compared row")}");
        if (summaryPath is not null)
        {
            OutputFile.WriteAllText(summaryPath, json.Append("\n  ]\n}\n").ToString());
        }

        return last.Rejected > 0 ? Cli.SomeRowsRejected : Cli.Ok;
    }

    /// <summary>A value as JSON: a number (JSON's syntax, so <c>1e3</c> is 1000) or true/false as written, anything else as a string.</summary>
    private static string JsonValue(string value) =>
        value is "true" or "false" ? value
        : IsJsonNumber(value) && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number.ToString(CultureInfo.InvariantCulture)
        : JsonSerializer.Serialize(value);

    private static bool IsJsonNumber(string value)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(value));
            return reader.Read() && reader.TokenType == JsonTokenType.Number && reader.BytesConsumed == Encoding.UTF8.GetByteCount(value);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
