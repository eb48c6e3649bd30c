using System.Globalization;
using System.Text;
using Ras.Engine.Allocation;
using Ras.Engine.Caseloads;
using Ras.Engine.Models;

namespace Ras.Engine.Impact;

/// <summary>
/// Runs a caseload under a baseline model and a proposal in one pass through the compiled hot path and
/// reports who gains, who loses, by how much, in which client group and band, and what it costs. Each input
/// row yields one output row, in input order.
/// </summary>
public sealed class CaseloadComparison
{
    /// <summary>The per-case output columns, in order.</summary>
    public static readonly IReadOnlyList<string> OutputColumns = new[]
    {
        "case_id", "client_group", "status", "baseline_eligibility", "baseline_band", "baseline_indicative",
        "proposal_eligibility", "proposal_band", "proposal_indicative", "change", "change_percent", "bucket",
        "protected_indicative", "message",
    };

    private readonly RasModel _baseline;
    private readonly RasModel _proposal;
    private readonly ComparisonOptions _options;

    /// <summary>Creates a comparison.</summary>
    public CaseloadComparison(RasModel baseline, RasModel proposal, ComparisonOptions? options = null)
    {
        _baseline = baseline ?? throw new ArgumentNullException(nameof(baseline));
        _proposal = proposal ?? throw new ArgumentNullException(nameof(proposal));
        _options = options ?? new ComparisonOptions();
    }

    /// <summary>Compares the two models over a caseload; writes one row per input row to <paramref name="cases"/> when given.</summary>
    /// <exception cref="CaseloadFormatException">The caseload cannot be used at all.</exception>
    public ImpactSummary Run(TextReader input, CaseloadFormat inputFormat, TextWriter? cases, CaseloadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new CaseloadOptions();
        var summary = new ImpactSummary(_options, Identity(_baseline), Identity(_proposal));
        var runners = new[] { new CaseloadRunner(_baseline), new CaseloadRunner(_proposal) };
        var header = Array.Empty<string>();
        var maps = new Dictionary<RasModel, ColumnMap>?[2];
        if (inputFormat == CaseloadFormat.Csv)
        {
            header = CaseloadRunner.ReadHeader(input);
            for (var k = 0; k < 2; k++)
            {
                maps[k] = runners[k].MapsFor(header);
            }

            foreach (var warning in runners[0].UnknownColumns(header, maps[0]!).Intersect(runners[1].UnknownColumns(header, maps[1]!).Select(w => w.Replace(_proposal.Id, _baseline.Id, StringComparison.Ordinal))))
            {
                summary.AddWarning(warning);
            }
        }

        cases?.Write(string.Join(',', OutputColumns) + "\n");
        var seen = new CaseIdSet();
        var reader = new BlockReader(input, inputFormat == CaseloadFormat.Csv ? 1 : 0);
        var pending = Task.Run(reader.Read);
        var rows = new (CaseloadRunner.Row Baseline, CaseloadRunner.Row Proposal)[CaseloadRunner.BlockSize];
        var scratches = new CaseloadRunner.Scratch?[options.MaxDegreeOfParallelism, 2];
        var unit = _proposal.Definition.Rounding.AnnualUnit;
        var sb = new StringBuilder();
        while (true)
        {
            var block = pending.Result;
            if (block.Count == 0)
            {
                break;
            }

            options.CancellationToken.ThrowIfCancellationRequested();
            pending = Task.Run(reader.Read);
            var parts = Math.Min(options.MaxDegreeOfParallelism, Math.Max(1, block.Count / 512));
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, part =>
            {
                var b = scratches[part, 0] ??= runners[0].NewScratch(header);
                var p = scratches[part, 1] ??= runners[1].NewScratch(header);
                for (var i = block.Count * part / parts; i < block.Count * (part + 1) / parts; i++)
                {
                    rows[i] = (
                        runners[0].EvaluateLine(block.Text(i), block[i].Line, inputFormat, header, maps[0], options.DefaultAsOf, b),
                        runners[1].EvaluateLine(block.Text(i), block[i].Line, inputFormat, header, maps[1], options.DefaultAsOf, p));
                }
            });

            sb.Clear();
            for (var i = 0; i < block.Count; i++)
            {
                var (b, p) = rows[i];
                var message = !b.Ok ? $"baseline: {b.Message}" : !p.Ok ? $"proposal: {p.Message}" : null;
                if (message is null && b.CaseId.Length > 0 && !seen.Add(CaseIdSet.Hash(b.CaseId)))
                {
                    message = $"line {block[i].Line}, column case_id: case id '{b.CaseId}' is used on an earlier row; each case appears once";
                }

                if (message is not null)
                {
                    summary.AddRejected();
                    Write(sb, b, p, null, message);
                    continue;
                }

                var protectedAmount = _options.Protect(b.Annual.Indicative, p.Annual.Indicative, unit);
                var bucket = _options.Bucket(b.Annual.Indicative, p.Annual.Indicative);
                summary.Add(b.ClientGroup, b.Band ?? "none", p.Band ?? "none", b.Annual.Indicative, p.Annual.Indicative, protectedAmount, b.Eligibility != EligibilityStatus.NotEligible, p.Eligibility != EligibilityStatus.NotEligible, bucket);
                Write(sb, b, p, (protectedAmount, bucket), null);
            }

            cases?.Write(sb);
            options.Progress?.Report(new CaseloadProgress(summary.RowsRead, summary.Compared, summary.Rejected));
        }

        pending.Wait();
        cases?.Flush();
        return summary;
    }

    private void Write(StringBuilder sb, CaseloadRunner.Row b, CaseloadRunner.Row p, (decimal Protected, int Bucket)? compared, string? message)
    {
        var c = CultureInfo.InvariantCulture;
        CsvLine.Append(sb, b.CaseId.Length > 0 ? b.CaseId : p.CaseId);
        sb.Append(',');
        CsvLine.Append(sb, b.ClientGroup ?? p.ClientGroup);
        if (compared is not { } x)
        {
            sb.Append(",error,,,,,,,,,,,");
            CsvLine.Append(sb, message);
            sb.Append('\n');
            return;
        }

        var change = p.Annual.Indicative - b.Annual.Indicative;
        var percent = b.Annual.Indicative == 0 ? "" : (change / b.Annual.Indicative * 100m).ToString("0.00", c);
        sb.Append(c, $",ok,{ResultJson.EligibilityCode(b.Eligibility)},{b.Band},{b.Annual.Indicative:0.00},{ResultJson.EligibilityCode(p.Eligibility)},{p.Band},{p.Annual.Indicative:0.00},{change:0.00},{percent},");
        CsvLine.Append(sb, _options.Buckets[x.Bucket]);
        sb.Append(c, $",{x.Protected:0.00},\n");
    }

    private static string Identity(RasModel m) => $"{m.Id} {m.Version} ({m.ContentHash})";
}
