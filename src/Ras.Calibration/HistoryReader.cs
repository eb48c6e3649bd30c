using Ras.Engine;
using System.Globalization;
using System.Text.Json;
using Ras.Engine.Allocation;
using Ras.Engine.Caseloads;
using Ras.Engine.Models;

namespace Ras.Calibration;

/// <summary>One row of a history file: the base model's allocation of it, and its actual cost and weight as written.</summary>
internal sealed record HistoryRow(
    long Line,
    string CaseId,
    string? ClientGroup,
    string? Error,
    Offer Offer,
    string? Band,
    int Points,
    decimal AddOns,
    string CostText,
    string WeightText);

/// <summary>
/// Reads a history file (a caseload CSV plus <c>actual_annual_cost</c> and an optional <c>weight</c>) and
/// allocates it under the base model, twice: with and without its add-ons, so that each row's add-on amount
/// is known and the prices are fitted to the cost the add-ons do not already meet.
/// </summary>
internal static class HistoryReader
{
    public const string CostColumn = "actual_annual_cost";
    public const string WeightColumn = "weight";

    public static (List<HistoryRow> Rows, List<string> Warnings) Read(RasModel model, string path)
    {
        var header = Header(path);
        var costColumn = Array.IndexOf(header, CostColumn);
        if (costColumn < 0)
        {
            throw new CaseloadFormatException($"line 1 (the header): there is no '{CostColumn}' column: a history file is a caseload file plus the actual annual cost of each case");
        }

        var weightColumn = Array.IndexOf(header, WeightColumn);
        var withAddOns = Allocate(model, path, out var summary);
        var withoutModel = model.Definition.AddOns.Count == 0
            ? model
            : model.ApplyChange(new MemoryStream("""{ "title": "without add-ons", "changes": [ { "path": "/addOns", "value": [] } ] }"""u8.ToArray()), "without-add-ons.json");
        var withoutAddOns = ReferenceEquals(withoutModel, model) ? withAddOns : Allocate(withoutModel, path, out _);
        var warnings = summary.Warnings.Where(w => !w.StartsWith($"column '{CostColumn}'", StringComparison.Ordinal) && !w.StartsWith($"column '{WeightColumn}'", StringComparison.Ordinal)).ToList();

        var rows = new List<HistoryRow>(withAddOns.Count);
        Walk(path, header.Length, withAddOns, (i, line, ra, field) =>
        {
            using var b = JsonDocument.Parse(withoutAddOns[i]);
            var ok = ra.GetProperty("status").GetString() == "ok";
            rows.Add(new HistoryRow(
                line,
                ra.GetProperty("case_id").GetString() ?? "",
                ra.GetProperty("client_group").GetString(),
                ok ? null : ra.GetProperty("message").GetString(),
                ok ? OfferOf(ra.GetProperty("offer").GetString()) : Offer.None,
                ok ? ra.GetProperty("band").GetString() : null,
                ok ? ra.GetProperty("adjusted_points").GetInt32() : 0,
                ok && b.RootElement.GetProperty("status").GetString() == "ok" ? ra.GetProperty("indicative").GetDecimal() - b.RootElement.GetProperty("indicative").GetDecimal() : 0m,
                field(costColumn),
                field(weightColumn)));
        });

        return (rows, warnings);
    }

    /// <summary>The history file's SHA-256, as the provenance of a calibrated model records it: <c>sha256:</c> and lower-case hex.</summary>
    public static string Hash(string path) => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>The history file's header (its column names, as a caseload's).</summary>
    public static string[] Header(string path)
    {
        using var input = CaseloadRunner.OpenRead(path);
        var blocks = new BlockReader(input, CaseloadEncoding.Utf8, header: true);
        return CaseloadRunner.ReadHeader(blocks.Read());
    }

    /// <summary>
    /// Walks the file's records beside their allocations (<paramref name="allocated"/>: one JSON Lines result
    /// per record, in order), giving each record's index, line, result and a reader of its trimmed cells by
    /// column index (empty for a column that is absent or beyond the record).
    /// </summary>
    public static void Walk(string path, int columns, IReadOnlyList<string> allocated, Action<int, long, JsonElement, Func<int, string>> row)
    {
        using var input = CaseloadRunner.OpenRead(path);
        var blocks = new BlockReader(input, CaseloadEncoding.Utf8, header: true);
        var block = blocks.Read();
        CaseloadRunner.ReadHeader(block);
        var fields = new Range[columns + 1];
        var quoted = new bool[columns + 1];
        var i = 0;
        for (; block.Count > 0; block = blocks.Read())
        {
            for (var k = 0; k < block.Count; k++, i++)
            {
                var text = block.Text(k).ToString();
                var n = CsvLine.Split(text, fields, quoted, out _);
                string Field(int column) => column >= 0 && n > column && column < fields.Length ? CsvLine.Text(text, fields[column], quoted[column]).Trim() : "";
                using var result = JsonDocument.Parse(allocated[i]);
                row(i, block[k].Line, result.RootElement, Field);
            }
        }
    }

    /// <summary>Allocates every record of the file under <paramref name="model"/>: one JSON Lines result per record, in order.</summary>
    public static List<string> Allocate(RasModel model, string path, out CaseloadSummary summary)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        summary = new CaseloadRunner(model).RunFile(path, CaseloadFormat.Csv, output, CaseloadFormat.JsonLines);
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static Offer OfferOf(string? code) => code switch
    {
        "personalBudget" => Offer.PersonalBudget,
        "preventativeSupport" => Offer.PreventativeSupport,
        _ => Offer.None,
    };
}
