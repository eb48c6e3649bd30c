using System.Runtime.CompilerServices;
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

    /// <summary>Each eligibility's code in UTF-8, by the enum's value.</summary>

    private readonly RasModel _baseline;
    private readonly RasModel _proposal;
    private readonly ComparisonOptions _options;

    /// <summary>Each bucket's name as a CSV field in UTF-8, without and with formulas neutralised.</summary>
    private readonly byte[][][] _bucketText;

    /// <summary>Creates a comparison.</summary>
    /// <exception cref="ArgumentException">The two models price in different currencies (their amounts cannot be subtracted).</exception>
    public CaseloadComparison(RasModel baseline, RasModel proposal, ComparisonOptions? options = null)
    {
        _baseline = baseline ?? throw new ArgumentNullException(nameof(baseline));
        _proposal = proposal ?? throw new ArgumentNullException(nameof(proposal));
        if (proposal.Currency != baseline.Currency)
        {
            // Gains and losses are differences of amounts: amounts in two currencies cannot be subtracted.
            throw new ArgumentException($"the proposal prices in {proposal.Currency} and the baseline in {baseline.Currency}; a comparison needs both in one currency");
        }

        _options = options ?? new ComparisonOptions();
        _bucketText = new byte[2][][];
        for (var neutralise = 0; neutralise < 2; neutralise++)
        {
            _bucketText[neutralise] = _options.Buckets.Select(name =>
            {
                var text = new Utf8Buffer(64);
                CsvLine.Append(text, name, neutralise == 1);
                return text.Written.ToArray();
            }).ToArray();
        }
    }

    /// <summary>Compares the two models over a caseload given as text; writes one row per input row to <paramref name="cases"/> when given.</summary>
    /// <exception cref="CaseloadFormatException">The caseload cannot be used at all.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0027", Justification = "The text and byte overloads take the same arguments; the options stay optional on the text one, used by most callers.")]
    public ImpactSummary Run(TextReader input, CaseloadFormat inputFormat, TextWriter? cases, CaseloadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Run(new TextReaderStream(input), inputFormat, cases, options);
    }

    /// <summary>
    /// Compares the two models over a caseload's bytes, read once as <see cref="CaseloadRunner"/> reads them; writes
    /// one row per input row to <paramref name="cases"/> when given.
    /// </summary>
    /// <exception cref="CaseloadFormatException">The caseload cannot be used at all.</exception>
    public ImpactSummary Run(Stream input, CaseloadFormat inputFormat, TextWriter? cases, CaseloadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new CaseloadOptions();
        var reader = new BlockReader(input, options.Encoding, inputFormat == CaseloadFormat.Csv);
        var block = reader.Read();
        var summary = new ImpactSummary(_options, _baseline, _proposal);
        var runners = new[] { new CaseloadRunner(_baseline), new CaseloadRunner(_proposal) };
        var header = Array.Empty<string>();
        var maps = new Dictionary<RasModel, ColumnMap>?[2];
        if (inputFormat == CaseloadFormat.Csv)
        {
            header = CaseloadRunner.ReadHeader(block);
            for (var k = 0; k < 2; k++)
            {
                maps[k] = runners[k].MapsFor(header);
            }

            foreach (var warning in runners[0].UnknownColumns(header, maps[0]!).Intersect(runners[1].UnknownColumns(header, maps[1]!).Select(w => w.Replace(_proposal.Id, _baseline.Id, StringComparison.Ordinal))))
            {
                summary.AddWarning(warning);
            }
        }

        var sameQuestionnaire = SameQuestionnaire(_baseline, _proposal);
        cases?.Write(string.Join(',', OutputColumns) + "\n");
        using var seen = new CaseIdSet();
        seen.Expect(CaseloadRunner.ExpectedRows(input, block));
        var unit = _proposal.Definition.Rounding.AnnualUnit;
        var sink = cases is null ? null : new Utf8Sink(cases);
        var texts = new ModelTexts(new[] { _baseline, _proposal }, (o, text) => CsvLine.Append(o, text, options.NeutraliseFormulas));
        var pipeline = new BlockPipeline<CompareWork>(reader, block, options.CancellationToken)
        {
            NewWork = () => new CompareWork(runners[0].NewScratch(header), runners[1].NewScratch(header)),
            Evaluate = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (w, current) =>
            {
                for (var i = 0; i < current.Count; i++)
                {
                    var baselineRow = runners[0].EvaluateLine(current, i, inputFormat, header, maps[0], options.DefaultAsOf, w.Baseline);

                    // With the same questionnaire, the row is read and encoded once and evaluated under both models.
                    var proposalRow = sameQuestionnaire && (baselineRow.Ok || CaseloadRunner.IsEvaluationError(baselineRow.ErrorCode))
                        ? CaseloadRunner.EvaluateAgain(baselineRow, _baseline, _proposal, w.Baseline)
                        : sameQuestionnaire
                            ? baselineRow with { Model = _proposal }
                            : runners[1].EvaluateLine(current, i, inputFormat, header, maps[1], options.DefaultAsOf, w.Proposal);
                    baselineRow.IdHash = baselineRow.Ok && proposalRow.Ok && baselineRow.CaseId.Length > 0 ? seen.HashOf(baselineRow.CaseId) : 0;
                    w.Rows[i] = (baselineRow, proposalRow);
                }
            },

            // Repeated case ids in input order.
            Check = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (w, current) =>
            {
                for (var i = 0; i < current.Count; i++)
                {
                    ref var b = ref w.Rows[i].Baseline;
                    if (b.Ok && w.Rows[i].Proposal.Ok && b.CaseId.Length > 0 && !seen.Add(b.CaseId, b.IdHash))
                    {
                        CaseloadRunner.MarkDuplicate(ref b);
                    }
                }
            },
            Format = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (w, current) =>
            {
                var text = w.Text.Clear();
                var partial = w.Counts = new ImpactSummary(_options, _baseline, _proposal);
                for (var i = 0; i < current.Count; i++)
                {
                    var (b, p) = w.Rows[i];
                    w.Rows[i] = default;
                    if (!b.Ok || !p.Ok)
                    {
                        partial.AddRejected();
                        if (cases is not null)
                        {
                            Write(text, b, p, null, !b.Ok ? (b.ErrorCode == CaseloadRunner.DuplicateCaseId ? b.Message : $"baseline: {b.Message}") : $"proposal: {p.Message}", options.NeutraliseFormulas, texts);
                        }

                        continue;
                    }

                    var protectedAmount = _options.Protect(b.Annual.Indicative, p.Annual.Indicative, unit);
                    var bucket = _options.Bucket(b.Annual.Indicative, p.Annual.Indicative);
                    partial.Add(b.ClientGroup, b.Band ?? "none", p.Band ?? "none", b.Annual.Indicative, p.Annual.Indicative, protectedAmount, b.Eligibility == EligibilityStatus.Eligible, p.Eligibility == EligibilityStatus.Eligible, bucket);
                    if (cases is not null)
                    {
                        Write(text, b, p, (protectedAmount, bucket), null, options.NeutraliseFormulas, texts);
                    }
                }
            },
            Commit = (w, _) =>
            {
                summary.Merge(w.Counts!);
                sink?.Write(w.Text.Written);
                options.Progress?.Report(new CaseloadProgress(summary.RowsRead, summary.Compared, summary.Rejected));
            },
        };
        pipeline.Run(options.MaxDegreeOfParallelism);
        if (pipeline.CancelledBefore is not null)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
        }

        sink?.Flush();
        return summary;
    }

    /// <summary>A comparison worker's state, reused block after block.</summary>
    private sealed class CompareWork(CaseloadRunner.Scratch baseline, CaseloadRunner.Scratch proposal)
    {
        public (CaseloadRunner.Row Baseline, CaseloadRunner.Row Proposal)[] Rows { get; } = new (CaseloadRunner.Row, CaseloadRunner.Row)[CaseloadRunner.BlockSize];

        public CaseloadRunner.Scratch Baseline { get; } = baseline;

        public CaseloadRunner.Scratch Proposal { get; } = proposal;

        public Utf8Buffer Text { get; } = new();

        public ImpactSummary? Counts { get; set; }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Write(Utf8Buffer o, in CaseloadRunner.Row b, in CaseloadRunner.Row p, (decimal Protected, int Bucket)? compared, string? message, bool neutralise, ModelTexts texts)
    {
        CsvLine.Append(o, b.CaseId.Length > 0 ? b.CaseId : p.CaseId, neutralise);
        o.Append((byte)',');
        texts.Append(o, b.ClientGroup ?? p.ClientGroup);
        if (compared is not { } x)
        {
            o.Append(",error,,,,,,,,,,,"u8);
            CsvLine.Append(o, message, neutralise);
            o.Append((byte)'\n');
            return;
        }

        var change = p.Annual.Indicative - b.Annual.Indicative;
        o.Append(",ok,"u8);
        texts.Append(o, ResultJson.EligibilityCode(b.Eligibility));
        o.Append((byte)',');
        texts.Append(o, b.Band);
        o.Append((byte)',');
        MoneyText.Append(o, b.Annual.Indicative).Append((byte)',');
        texts.Append(o, ResultJson.EligibilityCode(p.Eligibility));
        o.Append((byte)',');
        texts.Append(o, p.Band);
        o.Append((byte)',');
        MoneyText.Append(o, p.Annual.Indicative).Append((byte)',');
        MoneyText.Append(o, change).Append((byte)',');
        if (b.Annual.Indicative != 0)
        {
            ChangePercent.Append(o, change, b.Annual.Indicative);
        }

        o.Append((byte)',').Append(_bucketText[neutralise ? 1 : 0][x.Bucket]).Append((byte)',');
        MoneyText.Append(o, x.Protected).Append(",\n"u8);
    }

    /// <summary>
    /// True when the two models read a caseload row identically: the same questions in the same order with the
    /// same answer codes and required flags, the same attributes, risk factors and client groups.
    /// </summary>
    internal static bool SameQuestionnaire(RasModel a, RasModel b)
    {
        static string Shape(RasModel m)
        {
            var d = m.Definition;
            return string.Join("|", d.Domains.SelectMany(x => x.Questions).Select(q => $"{q.Id}:{q.Required}:{string.Join(",", q.Answers.Select(x => x.Code))}"))
                + "#" + string.Join("|", d.Attributes.Select(x => $"{x.Id}:{x.Required}:{string.Join(",", x.Values.Select(v => v.Code))}"))
                + "#" + string.Join("|", d.DirectionOfTravel?.RiskFactors.Select(f => $"{f.Id}:{string.Join(",", f.Levels.Select(l => l.Code))}") ?? Array.Empty<string>())
                + "#" + string.Join("|", d.ClientGroups)
                + "#" + string.Join("|", d.Inputs.Select(x => $"{x.Id}:{x.Required}:{x.Min.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{x.Max.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        }

        return Shape(a) == Shape(b);
    }
}
