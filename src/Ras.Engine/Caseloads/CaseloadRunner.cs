using System.Globalization;
using System.Text;
using System.Text.Json;
using Ras.Engine.Allocation;
using Ras.Engine.Assessments;
using Ras.Engine.Evaluation;
using Ras.Engine.Rules;
using Ras.Engine.Text;
using Ras.Engine.Models;

namespace Ras.Engine.Caseloads;

/// <summary>
/// Recalculates a caseload file through the compiled hot path: streams rows in blocks, allocates each block in
/// parallel, and writes exactly one output row per input row, in input order, whatever the thread count.
/// A bad row becomes an error row naming its line, column and problem; the run never stops on a bad row.
/// Memory stays flat apart from about 10 bytes a row for duplicate case-id detection.
/// </summary>
public sealed class CaseloadRunner
{
    /// <summary>The output columns, in order (see docs/caseload-format.md).</summary>
    public static readonly IReadOnlyList<string> OutputColumns = new[]
    {
        "case_id", "client_group", "status", "model_id", "model_version", "eligibility", "offer", "points", "adjusted_points",
        "band", "lower", "indicative", "upper", "weekly_indicative", "message",
    };

    internal const int BlockSize = 8192;
    private readonly RasModel? _model;
    private readonly ModelRegistry? _registry;
    private readonly string _modelId;

    /// <summary>Runs every row under one model.</summary>
    public CaseloadRunner(RasModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _modelId = model.Id;
    }

    /// <summary>Runs each row under the version of <paramref name="modelId"/> in force on the row's as-of date.</summary>
    /// <exception cref="ArgumentException">The registry has no model with that id.</exception>
    public CaseloadRunner(ModelRegistry registry, string modelId)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (!registry.Ids.Contains(modelId))
        {
            throw new ArgumentException($"the model folder has no model '{modelId}'; it has {string.Join(", ", registry.Ids.Select(i => $"'{i}'"))}", nameof(modelId));
        }

        _registry = registry;
        _modelId = modelId;
    }

    /// <summary>
    /// Reads a caseload from a stream, allocates every row and writes one result row per input row, in order.
    /// Repeated case ids are found with an in-memory set of 64-bit hashes (about 10 to 16 bytes a row); use
    /// <see cref="RunFile"/> for files, which keeps memory flat.
    /// </summary>
    /// <exception cref="CaseloadFormatException">The file cannot be used at all (no header, no case_id column, a column named twice).</exception>
    public CaseloadSummary Run(TextReader input, CaseloadFormat inputFormat, TextWriter output, CaseloadFormat outputFormat, CaseloadOptions? options = null)
    {
        var seen = new CaseIdSet();
        return Run(input, inputFormat, output, outputFormat, options, hash => !seen.Add(hash));
    }

    /// <summary>
    /// Reads a caseload file, allocates every row and writes one result row per input row, in order. For CSV,
    /// a first pass over the file finds repeated case ids with a disk-backed sort, so memory stays flat
    /// whatever the file's size (a temporary file of 8 bytes a row is used and deleted).
    /// </summary>
    /// <exception cref="CaseloadFormatException">The file cannot be used at all (no header, no case_id column, a column named twice).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public CaseloadSummary RunFile(string path, CaseloadFormat inputFormat, TextWriter output, CaseloadFormat outputFormat, CaseloadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (inputFormat != CaseloadFormat.Csv)
        {
            using var jsonLines = new StreamReader(path, Encoding.UTF8, true, 1 << 16);
            return Run(jsonLines, inputFormat, output, outputFormat, options);
        }

        string[] header;
        using (var peek = new StreamReader(path, Encoding.UTF8, true, 1 << 16))
        {
            header = ReadHeader(peek);
        }

        var index = DuplicateIndex.Build(path, Array.IndexOf(header, ColumnMap.CaseId), options?.CancellationToken ?? default);
        using var reader = new StreamReader(path, Encoding.UTF8, true, 1 << 16);
        return Run(reader, inputFormat, output, outputFormat, options, index.IsRepeat);
    }

    private CaseloadSummary Run(TextReader input, CaseloadFormat inputFormat, TextWriter output, CaseloadFormat outputFormat, CaseloadOptions? options, Func<ulong, bool> isRepeat)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        options ??= new CaseloadOptions();
        var summary = new CaseloadSummary();
        var models = Versions;
        var line = 0L;
        Dictionary<RasModel, ColumnMap>? maps = null;
        string[] header = Array.Empty<string>();
        if (inputFormat == CaseloadFormat.Csv)
        {
            header = ReadHeader(input);
            line = 1;
            maps = MapsFor(header);
            foreach (var warning in UnknownColumns(header, maps))
            {
                summary.AddWarning(warning);
            }
        }

        var writer = new RowWriter(outputFormat);
        if (outputFormat == CaseloadFormat.Csv)
        {
            output.Write(string.Join(',', OutputColumns));
            output.Write('\n');
        }

        var rows = new Row[BlockSize];
        var texts = Enumerable.Range(0, options.MaxDegreeOfParallelism).Select(_ => new StringBuilder()).ToArray();
        var scratches = new Scratch?[options.MaxDegreeOfParallelism];
        var source = new BlockReader(input, line);
        var pending = Task.Run(source.Read);
        while (true)
        {
            var block = pending.Result;
            if (block.Count == 0)
            {
                break;
            }

            if (options.CancellationToken.IsCancellationRequested)
            {
                summary.AddWarning($"cancelled: the output ends before line {block[0].Line}; later rows were not read");
                break;
            }

            // Read the next block while this one is allocated (one reader at a time).
            pending = Task.Run(source.Read);

            // 1. Parse, encode and allocate in parallel; 2. duplicate ids in input order; 3. format and count in
            // parallel; 4. write in input order. Buffers are reused from block to block (large arrays would
            // otherwise go to the large object heap every block and force full collections).
            var parts = Math.Min(options.MaxDegreeOfParallelism, Math.Max(1, block.Count / 512));
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
            Parallel.For(0, parts, parallel, part =>
            {
                var scratch = scratches[part] ??= new Scratch(header, models);
                for (var i = block.Count * part / parts; i < block.Count * (part + 1) / parts; i++)
                {
                    rows[i] = EvaluateLine(block.Text(i), block[i].Line, inputFormat, header, maps, options.DefaultAsOf, scratch);
                }
            });

            for (var i = 0; i < block.Count; i++)
            {
                ref var r = ref rows[i];
                if (r.CaseId.Length > 0 && isRepeat(CaseIdSet.Hash(r.CaseId)))
                {
                    MarkDuplicate(ref r);
                }
            }

            var counts = new CaseloadSummary[parts];
            Parallel.For(0, parts, parallel, part =>
            {
                var sb = texts[part].Clear();
                var count = counts[part] = new CaseloadSummary();
                for (var i = block.Count * part / parts; i < block.Count * (part + 1) / parts; i++)
                {
                    ref var r = ref rows[i];
                    writer.Format(ref r, sb);
                    count.Add(r.ClientGroup, r.Ok, r.Eligibility, r.Offer, r.Band, r.Annual, r.ErrorCode);
                }
            });

            foreach (var part in Enumerable.Range(0, parts))
            {
                summary.Merge(counts[part]);
                output.Write(texts[part]);
            }

            options.Progress?.Report(new CaseloadProgress(summary.RowsRead, summary.Allocated, summary.Rejected));
        }

        pending.Wait();
        if (source.Blank > 0)
        {
            summary.AddWarning($"{source.Blank} blank line{(source.Blank == 1 ? " was" : "s were")} skipped (a blank line is not a row)");
        }

        output.Flush();
        return summary;
    }

    /// <summary>Every version of the model this runner uses, compiled.</summary>
    internal RasModel[] Versions
    {
        get
        {
            var models = _model is not null ? new[] { _model } : _registry!.Models.Where(m => m.Id == _modelId).ToArray();
            foreach (var m in models)
            {
                _ = m.Decoder; // compile every version before the first block, not inside the parallel loop
            }

            return models;
        }
    }

    internal static string[] ReadHeader(TextReader input) =>
        ParseHeader((input.ReadLine() ?? throw new CaseloadFormatException("the file is empty: expected a header row naming the columns (case_id, …)")).TrimStart('\uFEFF'));

    internal Dictionary<RasModel, ColumnMap> MapsFor(string[] header) => Versions.ToDictionary(m => m, m => new ColumnMap(header, m));

    internal IEnumerable<string> UnknownColumns(string[] header, Dictionary<RasModel, ColumnMap> maps) =>
        header.Where(h => maps.Values.All(map => map.Unknown.Contains(h)))
            .Select(name => $"column '{name}' is not case_id, as_of, client_group, an attribute, a question id, next.<question> or risk.<factor> of model {_modelId}: its values were not used");

    internal Scratch NewScratch(string[] header) => new(header, Versions);

    /// <summary>Reads, encodes and allocates one line of a caseload file.</summary>
    internal Row EvaluateLine(ReadOnlySpan<char> text, long line, CaseloadFormat format, string[] header, Dictionary<RasModel, ColumnMap>? maps, DateOnly? defaultAsOf, Scratch scratch) =>
        format == CaseloadFormat.Csv
            ? CsvRow(text, line, header, maps!, defaultAsOf, scratch)
            : JsonRow(text, line, defaultAsOf, scratch);

    private static string[] ParseHeader(string first)
    {
        var fields = new Range[4096];
        var quoted = new bool[4096];
        var n = CsvLine.Split(first, fields, quoted, out var error);
        if (n < 0)
        {
            throw new CaseloadFormatException($"line 1 (the header): {error}");
        }

        if (n > fields.Length)
        {
            throw new CaseloadFormatException($"line 1 (the header): {n} columns; at most {fields.Length} are supported");
        }

        var header = new string[n];
        for (var i = 0; i < n; i++)
        {
            header[i] = CsvLine.Text(first, fields[i], quoted[i]).Trim();
        }

        // Checked first: a file without its header row shows here, not as a data value that "appears twice".
        if (!header.Contains(ColumnMap.CaseId, StringComparer.Ordinal))
        {
            throw new CaseloadFormatException($"line 1 (the header): there is no '{ColumnMap.CaseId}' column; the first line must be the header naming the columns, and every row needs a case id (first line: {string.Join(", ", header.Take(8))}{(header.Length > 8 ? ", …" : "")}; is the header row missing?)");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            if (header[i].Length == 0)
            {
                throw new CaseloadFormatException($"line 1 (the header): column {i + 1} has no name");
            }

            if (!seen.TryAdd(header[i], i))
            {
                throw new CaseloadFormatException($"line 1 (the header): column '{header[i]}' appears twice (columns {seen[header[i]] + 1} and {i + 1}); which one holds the answer would be a guess");
            }
        }

        return header;
    }

    private RasModel? ModelFor(DateOnly asOf) => _model ?? _registry!.Find(_modelId, asOf);

    private Row CsvRow(ReadOnlySpan<char> text, long line, string[] header, Dictionary<RasModel, ColumnMap> maps, DateOnly? defaultAsOf, Scratch s)
    {
        var r = new Row { CaseId = "", Line = line };
        var span = text;
        var n = CsvLine.Split(span, s.Fields, s.Quoted, out var error);
        if (n < 0)
        {
            return Fail(ref r, "malformed-row", $"line {line}: {error}");
        }

        var caseColumn = s.CaseIdColumn;
        if (caseColumn < Math.Min(n, s.Fields.Length))
        {
            r.CaseId = CsvLine.Text(span, s.Fields[caseColumn], s.Quoted[caseColumn]).Trim();
        }

        if (n != header.Length)
        {
            return Fail(ref r, "wrong-field-count", $"line {line}: the row has {n} fields but the header has {header.Length} columns");
        }

        if (r.CaseId.Length == 0)
        {
            return Fail(ref r, "missing-case-id", $"line {line}, column case_id: the case id is empty");
        }

        DateOnly asOf;
        var asOfColumn = s.AsOfColumn;
        var asOfText = asOfColumn >= 0 ? span[s.Fields[asOfColumn]].Trim() : ReadOnlySpan<char>.Empty;
        if (asOfText.Length > 0)
        {
            if (!IsoDate.TryParse(asOfText, out asOf))
            {
                return Fail(ref r, "invalid-date", $"line {line}, column as_of: '{asOfText}' is not a date (expected yyyy-MM-dd, such as 2026-11-01)");
            }
        }
        else if (defaultAsOf is { } fallback)
        {
            asOf = fallback;
        }
        else
        {
            return Fail(ref r, "missing-date", $"line {line}, column as_of: no as-of date (give one in the row, or --as-of for the whole file)");
        }

        r.AsOf = asOf;
        var model = ModelFor(asOf);
        if (model is null)
        {
            return Fail(ref r, "model-not-in-force", $"line {line}, column as_of: no version of model {_modelId} is in force on {Format.Date(asOf)}");
        }

        r.Model = model;
        var map = maps[model];
        var decoder = model.Decoder;
        var b = s.Buffers(model);
        b.Clear();
        var errors = s.Errors;
        errors.Clear();
        for (var col = 0; col < n; col++)
        {
            var role = map.Roles[col];
            if (role is ColumnMap.Role.Unknown or ColumnMap.Role.CaseId or ColumnMap.Role.AsOf)
            {
                continue;
            }

            var value = span[s.Fields[col]];
            if (s.Quoted[col])
            {
                value = CsvLine.Text(span, s.Fields[col], true);
            }

            value = value.Trim();
            if (role == ColumnMap.Role.ClientGroup)
            {
                r.ClientGroup = value.Length == 0 ? null : decoder.ClientGroup(value, Where.Column, errors);
                continue;
            }

            if (value.Length == 0)
            {
                continue;
            }

            var index = map.Index[col];
            switch (role)
            {
                case ColumnMap.Role.Answer:
                    decoder.Answer(index, value, false, Where.Column, b, errors);
                    break;
                case ColumnMap.Role.Anticipated:
                    decoder.Answer(index, value, true, Where.Column, b, errors);
                    break;
                case ColumnMap.Role.Risk:
                    decoder.Risk(index, value, Where.Column, b, errors);
                    break;
                case ColumnMap.Role.Input:
                    decoder.InputText(index, value, Where.Column, b, errors);
                    break;
                case ColumnMap.Role.Within:
                    s.Within.Add((index, value.ToString()));
                    break;
                case ColumnMap.Role.Determination:
                    decoder.DeterminationText(index, value, Where.Column, b, errors);
                    break;
                default:
                    decoder.Attribute(index, value, Where.Column, b, errors);
                    break;
            }
        }

        foreach (var (q, cell) in s.Within)
        {
            decoder.WithinText(q, cell, b.Next[q] != CaseInput.None, Where.Column, b, errors);
        }

        s.Within.Clear();
        decoder.CheckRequired(b, Where.Column, errors);
        if (errors.Count > 0)
        {
            return Fail(ref r, errors[0].Code, CaseDecoder.RowMessage(line, errors));
        }

        b.CompleteAnticipated();
        return Evaluate(ref r, model, b, line);
    }

    private Row JsonRow(ReadOnlySpan<char> text, long line, DateOnly? defaultAsOf, Scratch s)
    {
        var r = new Row { CaseId = "", Line = line };
        if (!Assessment.TryParseJson(Encoding.UTF8.GetBytes(text.ToArray()), out var a, out var parseErrors))
        {
            return Fail(ref r, parseErrors[0].Code, CaseDecoder.RowMessage(line, parseErrors));
        }

        r.CaseId = a!.CaseId;
        r.ClientGroup = a.ClientGroup;
        r.AsOf = a.AsOf;
        _ = defaultAsOf; // JSON Lines rows carry their own required asOf
        var model = ModelFor(a.AsOf);
        if (model is null)
        {
            return Fail(ref r, "model-not-in-force", $"line {line}, /asOf: no version of model {_modelId} is in force on {Format.Date(a.AsOf)}");
        }

        r.Model = model;
        var b = s.Buffers(model);
        var errors = s.Errors;
        errors.Clear();
        if (!model.Decoder.TryDecode(a, b, errors, null))
        {
            return Fail(ref r, errors[0].Code, CaseDecoder.RowMessage(line, errors));
        }

        return Evaluate(ref r, model, b, line);
    }

    /// <summary>
    /// Evaluates the row just decoded into <paramref name="scratch"/> for <paramref name="encodedFor"/> under
    /// <paramref name="other"/>, a model with the same questionnaire (so the same encoding), without reading
    /// the line again.
    /// </summary>
    internal static Row EvaluateAgain(Row encoded, RasModel encodedFor, RasModel other, Scratch scratch)
    {
        var r = encoded;
        r.Model = other;
        r.Ok = false;
        r.ErrorCode = null;
        r.Message = null;
        return Evaluate(ref r, other, scratch.Buffers(encodedFor), r.Line);
    }

    /// <summary>Turns a row whose case id was used on an earlier row into an error row (code <c>duplicate-case-id</c>).</summary>
    internal static void MarkDuplicate(ref Row r)
    {
        r.Ok = false;
        r.ErrorCode = DuplicateCaseId;
        r.Message = $"line {r.Line}, column case_id: case id '{r.CaseId}' is used on an earlier row; each case appears once";
    }

    /// <summary>The error code of a repeated case id.</summary>
    internal const string DuplicateCaseId = "duplicate-case-id";

    /// <summary>True when an error came from evaluating an encoded row (not from reading it).</summary>
    internal static bool IsEvaluationError(string? code) => code is not null && Allocator.EvaluationErrorCodes.Contains(code);

    private static Row Evaluate(ref Row r, RasModel model, CaseBuffers b, long line)
    {
        var c = model.Compiled;
        var result = default(Figures);
        var trace = default(NoTrace);
        Evaluator.Evaluate(c, b.Input(r.AsOf), ref trace, ref result);
        if (result.Status != PriceStatus.Ok)
        {
            var error = Allocator.ErrorFor(c, model.Decoder, result, r.AsOf, Where.Column);
            return Fail(ref r, error.Code, CaseDecoder.RowMessage(line, new[] { error }));
        }

        r.Ok = true;
        r.Eligibility = result.Eligibility;
        r.Offer = result.Offer;
        r.Band = c.BandId(result.Band);
        r.Points = result.CurrentPoints;
        r.AdjustedPoints = result.AdjustedPoints;
        r.Annual = new BudgetRange(result.AnnualLower, result.AnnualIndicative, result.AnnualUpper);
        r.WeeklyIndicative = result.WeeklyIndicative;
        return r;
    }

    private static Row Fail(ref Row r, string code, string message)
    {
        r.Ok = false;
        r.ErrorCode = code;
        r.Message = message;
        return r;
    }

    /// <summary>One row's outcome in the batch (internal: the caseload runner and the impact comparison share it).</summary>
    internal struct Row
    {
        public long Line;
        public string CaseId;
        public string? ClientGroup;
        public DateOnly AsOf;
        public RasModel? Model;
        public bool Ok;
        public string? ErrorCode;
        public string? Message;
        public EligibilityStatus Eligibility;
        public Offer Offer;
        public string? Band;
        public int Points;
        public int AdjustedPoints;
        public BudgetRange Annual;
        public decimal WeeklyIndicative;
    }

    /// <summary>Per-thread buffers, reused for every row of a block.</summary>
    internal sealed class Scratch
    {
        private readonly Dictionary<RasModel, CaseBuffers> _buffers = new();

        public Scratch(string[] header, IEnumerable<RasModel> models)
        {
            var columns = header.Length;
            CaseIdColumn = Array.IndexOf(header, ColumnMap.CaseId);
            AsOfColumn = Array.IndexOf(header, ColumnMap.AsOf);
            Fields = new Range[Math.Max(columns, 1)];
            Quoted = new bool[Fields.Length];
            foreach (var m in models)
            {
                _buffers[m] = m.Decoder.NewBuffers();
            }
        }

        public int CaseIdColumn { get; }

        public int AsOfColumn { get; }

        public Range[] Fields { get; }

        public bool[] Quoted { get; }

        public List<AssessmentError> Errors { get; } = new();

        /// <summary>The row's <c>within.</c> cells, checked once every anticipated answer of the row is read.</summary>
        public List<(int Question, string Text)> Within { get; } = new();

        public CaseBuffers Buffers(RasModel m) => _buffers[m];
    }

    private sealed class RowWriter(CaseloadFormat format)
    {
        /// <summary>Appends the row's output line to <paramref name="sb"/>.</summary>
        public void Format(ref Row r, StringBuilder sb)
        {
            var c = CultureInfo.InvariantCulture;
            if (format == CaseloadFormat.Csv)
            {
                CsvLine.Append(sb, r.CaseId);
                sb.Append(',');
                CsvLine.Append(sb, r.ClientGroup);
                sb.Append(',').Append(r.Ok ? "ok" : "error").Append(',');
                CsvLine.Append(sb, r.Model?.Id);
                sb.Append(',');
                CsvLine.Append(sb, r.Model?.Version);
                sb.Append(',');
                if (r.Ok)
                {
                    sb.Append(ResultJson.EligibilityCode(r.Eligibility)).Append(',')
                        .Append(ResultJson.OfferCode(r.Offer)).Append(',')
                        .Append(c, $"{r.Points},{r.AdjustedPoints},");
                    CsvLine.Append(sb, r.Band);
                    sb.Append(',');
                    MoneyText.Append(sb, r.Annual.Lower).Append(',');
                    MoneyText.Append(sb, r.Annual.Indicative).Append(',');
                    MoneyText.Append(sb, r.Annual.Upper).Append(',');
                    MoneyText.Append(sb, r.WeeklyIndicative).Append(',');
                }
                else
                {
                    sb.Append(",,,,,,,,,");
                    CsvLine.Append(sb, r.Message);
                }

                sb.Append('\n');
                return;
            }

            sb.Append("{\"case_id\":").Append(Json(r.CaseId))
                .Append(",\"client_group\":").Append(Json(r.ClientGroup))
                .Append(",\"status\":\"").Append(r.Ok ? "ok" : "error").Append('"')
                .Append(",\"model_id\":").Append(Json(r.Model?.Id))
                .Append(",\"model_version\":").Append(Json(r.Model?.Version));
            if (r.Ok)
            {
                sb.Append(",\"eligibility\":\"").Append(ResultJson.EligibilityCode(r.Eligibility)).Append('"')
                    .Append(",\"offer\":\"").Append(ResultJson.OfferCode(r.Offer)).Append('"')
                    .Append(c, $",\"points\":{r.Points},\"adjusted_points\":{r.AdjustedPoints}")
                    .Append(",\"band\":").Append(Json(r.Band))
                    .Append(",\"lower\":");
                MoneyText.Append(sb, r.Annual.Lower).Append(",\"indicative\":");
                MoneyText.Append(sb, r.Annual.Indicative).Append(",\"upper\":");
                MoneyText.Append(sb, r.Annual.Upper).Append(",\"weekly_indicative\":");
                MoneyText.Append(sb, r.WeeklyIndicative).Append(",\"message\":null}");
            }
            else
            {
                sb.Append(",\"message\":").Append(Json(r.Message)).Append('}');
            }

            sb.Append('\n');
        }

        private static string Json(string? s) => s is null ? "null" : "\"" + JsonEncodedText.Encode(s, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";
    }
}
