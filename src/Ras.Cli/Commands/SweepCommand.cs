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
internal static class SweepCommand
{
    public static int Run(Arguments args, TextWriter stdout, TextWriter stderr)
    {
        var baselinePath = args.Option("baseline");
        var parameter = args.Option("parameter") ?? throw new UsageException("give --parameter, a JSON pointer into the model such as /pricing/bands/3/amount");
        var valuesText = args.Option("values") ?? throw new UsageException("give --values, a comma-separated list such as 15000,15600,16200");
        var summaryPath = args.Option("summary");
        var inFlag = args.Option("format");
        var asOf = args.Date("as-of");
        var threads = args.Threads();
        args.Done(maxPositional: 1);
        var input = args.ExistingFile("caseload file", "ras sweep --parameter /pricing/bands/3/amount --values 15000,16000 samples/caseload.csv");

        var values = valuesText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (values.Length == 0)
        {
            throw new UsageException("--values is empty");
        }


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
                s = new CaseloadComparison(baseline, proposal).Run(reader, Formats.Choose(inFlag, input, "--format"), null, new CaseloadOptions(threads, asOf));
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

        stdout.WriteLine(string.Create(c, $"baseline total indicative £{last!.BaselineTotal:N2} over {last.Compared:N0} compared rows"));
        if (summaryPath is not null)
        {
            File.WriteAllText(summaryPath, json.Append("\n  ]\n}\n").ToString());
        }

        return last.Rejected > 0 ? Cli.SomeRowsRejected : Cli.Ok;
    }

    /// <summary>A value as JSON: a number or true/false as written, anything else as a string.</summary>
    private static string JsonValue(string value) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _) || value is "true" or "false"
            ? value
            : JsonSerializer.Serialize(value);
}
