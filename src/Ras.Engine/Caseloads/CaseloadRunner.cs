using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
public sealed partial class CaseloadRunner
{
    /// <summary>The output columns, in order (see docs/caseload-format.md).</summary>
    public static readonly IReadOnlyList<string> OutputColumns = new[]
    {
        "case_id", "client_group", "status", "model_id", "model_version", "eligibility", "offer", "points", "adjusted_points",
        "band", "lower", "indicative", "upper", "weekly_indicative", "message",
    };

    internal const int BlockSize = 8192;

    /// <summary>
    /// Compiles the caseload hot path (every method of this library marked to be compiled optimised at once) now,
    /// on the calling thread, rather than when the first rows reach it. A tool calls it on a background thread as
    /// it starts (<c>Task.Run(CaseloadRunner.Prepare)</c>), so that the compiler works on another core while the
    /// model is read and compiled; an embedder may call it at start-up. Optional: results are the same either way,
    /// and it is safe to call more than once or from several threads.
    /// </summary>
    /// <returns>How many methods were compiled (or found compiled already).</returns>
    public static int Prepare()
    {
        var prepared = 0;
        foreach (var type in typeof(CaseloadRunner).Assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(System.Reflection.BindingFlags.DeclaredOnly | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Instance))
            {
                if ((method.MethodImplementationFlags & System.Reflection.MethodImplAttributes.AggressiveOptimization) == 0 || method.IsAbstract || type.ContainsGenericParameters)
                {
                    continue;
                }

                if (!method.IsGenericMethodDefinition)
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    prepared++;
                    continue;
                }

                // Generic hot methods are instantiated over the batch's trace (none) or over bytes and characters.
                foreach (var argument in new[] { typeof(NoTrace), typeof(byte), typeof(char) })
                {
                    try
                    {
                        RuntimeHelpers.PrepareMethod(method.MakeGenericMethod(argument).MethodHandle);
                        prepared++;
                    }
                    catch (ArgumentException)
                    {
                        // The argument does not meet the method's constraints.
                    }
                }
            }
        }

        return prepared;
    }
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
    /// <exception cref="ArgumentException">The registry has no model with that id, or its versions price in different currencies (the summary adds their amounts).</exception>
    public CaseloadRunner(ModelRegistry registry, string modelId)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (!registry.Ids.Contains(modelId))
        {
            throw new ArgumentException($"the model folder has no model '{modelId}'; it has {string.Join(", ", registry.Ids.Select(i => $"'{i}'"))}", nameof(modelId));
        }

        var currencies = registry.Models.Where(m => m.Id == modelId).Select(m => m.Currency).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (currencies.Count > 1)
        {
            // The summary adds the rows' amounts: amounts in two currencies cannot be added.
            throw new ArgumentException($"the versions of model '{modelId}' price in {string.Join(" and ", currencies)}; a caseload's totals need one currency");
        }

        _registry = registry;
        _modelId = modelId;
    }

    /// <summary>
    /// Reads a caseload from text, allocates every row and writes one result row per input row, in order. The
    /// text goes through the same reader as a file's bytes (see <see cref="Run(Stream, CaseloadFormat, TextWriter, CaseloadFormat, CaseloadOptions?)"/>).
    /// </summary>
    /// <exception cref="CaseloadFormatException">The file cannot be used at all (no header, no case_id column, a column named twice).</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0027", Justification = "The text and byte overloads take the same arguments; the options stay optional on the text one, used by most callers.")]
    public CaseloadSummary Run(TextReader input, CaseloadFormat inputFormat, TextWriter output, CaseloadFormat outputFormat, CaseloadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Run(new TextReaderStream(input), inputFormat, output, outputFormat, options);
    }

    /// <summary>
    /// Reads a caseload file, allocates every row and writes one result row per input row, in order. The file is
    /// read once, from start to end (rows appended while it runs are read too, and checked like any other).
    /// </summary>
    /// <exception cref="CaseloadFormatException">The file cannot be used at all (no header, no case_id column, a column named twice).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public CaseloadSummary RunFile(string path, CaseloadFormat inputFormat, TextWriter output, CaseloadFormat outputFormat, CaseloadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var input = OpenRead(path);
        return Run(input, inputFormat, output, outputFormat, options);
    }

    /// <summary>Opens a caseload file for one sequential read, letting others go on writing to it.</summary>
    internal static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);

    /// <summary>
    /// Reads a caseload's bytes (UTF-8, or <see cref="CaseloadOptions.Encoding"/>), allocates every row and writes
    /// one result row per input row, in order, in one pass. Whatever the bytes, every non-blank line yields one
    /// output row: a line that cannot be decoded or is longer than the limit is an error row naming the line.
    /// Repeated case ids are found exactly (see docs/caseload-format.md); memory grows by about 10 to 16 bytes a row.
    /// </summary>
    /// <exception cref="CaseloadFormatException">The file cannot be used at all (no header, no case_id column, a column named twice).</exception>
    public CaseloadSummary Run(Stream input, CaseloadFormat inputFormat, TextWriter output, CaseloadFormat outputFormat, CaseloadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        options ??= new CaseloadOptions();
        var summary = new CaseloadSummary();
        var models = Versions;
        var source = new BlockReader(input, options.Encoding, inputFormat == CaseloadFormat.Csv);
        var block = source.Read();
        Dictionary<RasModel, ColumnMap>? maps = null;
        string[] header = Array.Empty<string>();
        if (inputFormat == CaseloadFormat.Csv)
        {
            header = ReadHeader(block);
            maps = MapsFor(header);
            foreach (var warning in HeaderWarnings(header, maps))
            {
                summary.AddWarning(warning);
            }
        }

        if (outputFormat == CaseloadFormat.Csv)
        {
            output.Write(string.Join(',', OutputColumns));
            output.Write('\n');
        }

        using var seen = new CaseIdSet();
        seen.Expect(ExpectedRows(input, block));
        var writer = new RowWriter(outputFormat, options.NeutraliseFormulas, models);
        var sink = new Utf8Sink(output);
        var pipeline = new BlockPipeline<BatchWork>(source, block, options.CancellationToken)
        {
            NewWork = () => new BatchWork(new Scratch(header, models)),
            Evaluate = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (w, b) =>
            {
                for (var i = 0; i < b.Count; i++)
                {
                    ref var r = ref w.Rows[i];
                    r = EvaluateLine(b, i, inputFormat, header, maps, options.DefaultAsOf, w.Scratch);
                    r.IdHash = r.CaseId.Length > 0 ? seen.HashOf(r.CaseId) : 0;
                }
            },
            Check = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (w, b) =>
            {
                for (var i = 0; i < b.Count; i++)
                {
                    ref var r = ref w.Rows[i];
                    if (r.CaseId.Length > 0 && !seen.Add(r.CaseId, r.IdHash))
                    {
                        MarkDuplicate(ref r);
                    }
                }
            },
            Format = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (w, b) =>
            {
                var o = w.Text.Clear();
                var count = w.Counts;
                count.Clear();
                for (var i = 0; i < b.Count; i++)
                {
                    ref var r = ref w.Rows[i];
                    writer.Format(ref r, o);
                    count.Add(r.ClientGroup, r.Ok, r.Eligibility, r.Offer, r.Band, r.Annual, r.ErrorCode);
                    r = default;
                }
            },
            Commit = (w, _) =>
            {
                summary.Merge(w.Counts);
                sink.Write(w.Text.Written);
                options.Progress?.Report(new CaseloadProgress(summary.RowsRead, summary.Allocated, summary.Rejected));
            },
        };
        pipeline.Run(options.MaxDegreeOfParallelism);
        if (pipeline.CancelledBefore is { } before)
        {
            summary.AddWarning($"cancelled: the output ends before line {before}; later rows were not read");
        }

        if (source.Blank > 0)
        {
            summary.AddWarning(BlankLinesWarning(source.Blank));
        }

        sink.Flush();
        return summary;
    }

    /// <summary>
    /// About how many rows a caseload holds, from its first block's bytes a row and what is left to read (a file;
    /// 0 for a stream of unknown length): a hint for sizing the duplicate check, never a limit.
    /// </summary>
    internal static long ExpectedRows(Stream input, Block first)
    {
        if (first.Count == 0 || !input.CanSeek)
        {
            return 0;
        }

        var bytes = first[first.Count - 1].Start + first[first.Count - 1].Length - first[0].Start;
        var left = Math.Max(0, input.Length - input.Position);
        return first.Count + (left * first.Count / Math.Max(1, bytes));
    }

    /// <summary>A batch worker's state, reused block after block.</summary>
    private sealed class BatchWork(Scratch scratch)
    {
        public Row[] Rows { get; } = new Row[BlockSize];

        public Scratch Scratch { get; } = scratch;

        public Utf8Buffer Text { get; } = new();

        public CaseloadSummary Counts { get; } = new();
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

    /// <summary>Takes the header (line 1) off the first block of a CSV caseload and reads the column names.</summary>
    /// <exception cref="CaseloadFormatException">No header, a header that cannot be read, no case_id column, a column named twice.</exception>
    internal static string[] ReadHeader(Block first)
    {
        if (first.Count == 0 || first[0].Line != 1)
        {
            throw new CaseloadFormatException(first.Count == 0
                ? "the file is empty: expected a header row naming the columns (case_id, …)"
                : "line 1 (the header) is blank: expected the column names (case_id, …)");
        }

        var line = first[0];
        if (line.Problem == LineProblem.TooLong)
        {
            throw new CaseloadFormatException($"line 1 (the header) is longer than {BlockReader.MaxLineBytes:N0} bytes: is this a caseload file?");
        }

        if (line.Problem == LineProblem.InvalidUtf8)
        {
            throw new CaseloadFormatException($"line 1 (the header), byte {line.BadByte + 1}: {InvalidBytes(first.Utf8(0), line.BadByte)}");
        }

        var header = ParseHeader(first.Text(0).ToString());
        first.Lines.RemoveAt(0);
        return header;
    }

    internal Dictionary<RasModel, ColumnMap> MapsFor(string[] header) => Versions.ToDictionary(m => m, m => new ColumnMap(header, m));

    internal IEnumerable<string> UnknownColumns(string[] header, Dictionary<RasModel, ColumnMap> maps) =>
        header.Where(h => maps.Values.All(map => map.Unknown.Contains(h)))
            .Select(name => $"column '{name}' is not case_id, as_of, client_group, an attribute, a question id, next.<question> or risk.<factor> of model {_modelId}: its values were not used");

    /// <summary>The header's warnings: unknown columns, and timing columns a model does not use (a row cannot carry a warning).</summary>
    internal IEnumerable<string> HeaderWarnings(string[] header, Dictionary<RasModel, ColumnMap> maps)
    {
        foreach (var warning in UnknownColumns(header, maps))
        {
            yield return warning;
        }

        if (header.Any(h => h.StartsWith(ColumnMap.WithinPrefix, StringComparison.Ordinal)) && maps.Keys.All(m => m.Definition.DirectionOfTravel is not { ProRataTiming: true }))
        {
            yield return $"the within.<question> columns say when changes are expected, but model {_modelId} does not weight changes by timing: their values were not used";
        }
    }

    /// <summary>The warning for blank lines skipped.</summary>
    internal static string BlankLinesWarning(long blank) => $"{blank} blank line{(blank == 1 ? " was" : "s were")} skipped (a blank line is not a row)";

    internal Scratch NewScratch(string[] header) => new(header, Versions);

    /// <summary>Reads, encodes and allocates line <paramref name="i"/> of a block of a caseload file.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal Row EvaluateLine(Block block, int i, CaseloadFormat format, string[] header, Dictionary<RasModel, ColumnMap>? maps, DateOnly? defaultAsOf, Scratch scratch)
    {
        var line = block[i];
        if (line.Problem == LineProblem.TooLong)
        {
            var r = new Row { CaseId = "", Line = line.Line };
            return Fail(ref r, "line-too-long", string.Create(CultureInfo.InvariantCulture, $"line {line.Line}: the line is longer than {BlockReader.MaxLineBytes:N0} bytes, the longest row read; it was skipped up to its end (is a line ending missing?)"));
        }

        return format == CaseloadFormat.Csv
            ? CsvRow(block, i, header, maps!, defaultAsOf, scratch)
            : JsonRow(block, i, defaultAsOf, scratch);
    }

    /// <summary>Describes the invalid UTF-8 sequence at <paramref name="at"/>.</summary>
    internal static string InvalidBytes(ReadOnlySpan<byte> bytes, int at)
    {
        System.Text.Rune.DecodeFromUtf8(bytes[at..], out _, out var length);
        var shown = string.Join(' ', bytes.Slice(at, Math.Max(1, length)).ToArray().Select(b => "0x" + b.ToString("X2", CultureInfo.InvariantCulture)));
        return $"{(length > 1 ? "the bytes " : "the byte ")}{shown} {(length > 1 ? "are" : "is")} not valid UTF-8 (save the file as UTF-8, or read a Windows-1252 export with --encoding windows-1252)";
    }

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

    /// <summary>
    /// Reads a CSV row from its UTF-8 bytes. A cell is matched as bytes when it is plain (no doubled quotes, no
    /// non-ASCII character at either end after trimming); anything else, and every code the bytes do not match,
    /// is decoded and given to the decoder as text, so that what is accepted and every message are the text
    /// route's. The columns are visited by the model's row plan (<see cref="ColumnMap.Cells"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Row CsvRow(Block block, int i, string[] header, Dictionary<RasModel, ColumnMap> maps, DateOnly? defaultAsOf, Scratch s)
    {
        var lineRef = block[i];
        var line = lineRef.Line;
        var r = new Row { CaseId = "", Line = line };
        var bytes = block.Utf8(i);
        var fields = s.Fields;
        var quoted = s.Quoted;
        var n = CsvLine.Split(bytes, fields, quoted, out var error);
        var caseColumn = s.CaseIdColumn;
        if (n >= 0 && caseColumn < Math.Min(n, fields.Length))
        {
            r.CaseId = lineRef.Problem == LineProblem.None && TryPlain(bytes, fields[caseColumn], quoted[caseColumn], out var id)
                ? (id.IsEmpty ? "" : Encoding.UTF8.GetString(id))
                : s.Text(bytes, fields[caseColumn], quoted[caseColumn]).Trim().ToString();
        }

        if (lineRef.Problem == LineProblem.InvalidUtf8)
        {
            // The case id is kept when it was read intact, so that the error row can be matched to its case.
            r.CaseId = r.CaseId.Contains('\uFFFD', StringComparison.Ordinal) || !Assessment.IsWritable(r.CaseId) ? "" : r.CaseId;
            var column = -1;
            for (var k = 0; k < Math.Min(n, Math.Min(header.Length, fields.Length)) && column < 0; k++)
            {
                column = fields[k].End.Value >= lineRef.BadByte ? k : -1;
            }

            var where = column >= 0 ? $", column {header[column]}" : "";
            return Fail(ref r, "invalid-text", $"line {line}{where} (byte {lineRef.BadByte + 1}): {InvalidBytes(bytes, lineRef.BadByte)}");
        }

        if (n < 0)
        {
            return Fail(ref r, "malformed-row", $"line {line}: {error}");
        }

        if (n != header.Length)
        {
            return Fail(ref r, "wrong-field-count", $"line {line}: the row has {n} fields but the header has {header.Length} columns");
        }

        if (r.CaseId.Length == 0)
        {
            return Fail(ref r, "missing-case-id", $"line {line}, column case_id: the case id is empty");
        }

        if (Assessment.CaseIdError(r.CaseId, "column " + ColumnMap.CaseId) is { } invalid)
        {
            // Not written back: the id is what is wrong, and its control character would break the output's rows.
            r.CaseId = "";
            return Fail(ref r, invalid.Code, CaseDecoder.RowMessage(line, new[] { invalid }));
        }

        var asOf = default(DateOnly);
        var dated = false;
        var asOfColumn = s.AsOfColumn;
        if (asOfColumn >= 0)
        {
            if (TryPlain(bytes, fields[asOfColumn], quoted[asOfColumn], out var date) && IsoDate.TryParse(date, out asOf))
            {
                dated = true;
            }
            else
            {
                // Anything but a plain ISO date (empty, quoted, white space of any kind, not a date) is read as text.
                var asOfText = s.Text(bytes, fields[asOfColumn], quoted[asOfColumn]).Trim();
                if (asOfText.Length > 0)
                {
                    if (!IsoDate.TryParse(asOfText, out asOf))
                    {
                        return Fail(ref r, "invalid-date", $"line {line}, column as_of: '{asOfText}' is not a date (expected yyyy-MM-dd, such as 2026-11-01)");
                    }

                    dated = true;
                }
            }
        }

        if (!dated)
        {
            if (defaultAsOf is not { } fallback)
            {
                return Fail(ref r, "missing-date", $"line {line}, column as_of: no as-of date (give one in the row, or --as-of for the whole file)");
            }

            asOf = fallback;
        }

        r.AsOf = asOf;
        var model = ModelFor(asOf);
        if (model is null)
        {
            return Fail(ref r, "model-not-in-force", $"line {line}, column as_of: no version of model {_modelId} is in force on {Format.Date(asOf)}");
        }

        r.Model = model;
        var plan = s.Plan(maps, model);
        var decoder = model.Decoder;
        var b = plan.Buffers;
        b.Clear();
        var errors = s.Errors;
        errors.Clear();
        var cells = plan.Cells;
        var targets = plan.Targets;
        var onward = block.Utf8Onward(i);
        ref var lineStart = ref MemoryMarshal.GetReference(bytes);
        var required = 0;
        for (var k = 0; k < cells.Length; k++)
        {
            ref readonly var cell = ref cells[k];
            var field = fields[cell.Column];
            if (TryPlain(bytes, field, quoted[cell.Column], out var utf8))
            {
                if (utf8.IsEmpty)
                {
                    continue;
                }

                required += cell.Required ? 1 : 0;
                // The lookup reads the cell where it lies in the line (and the bytes after it, ignored).
                if (cell.Lookup is { } lookup && lookup.Find(onward[(int)Unsafe.ByteOffset(ref lineStart, ref MemoryMarshal.GetReference(utf8))..], utf8.Length) is var found and >= 0)
                {
                    targets[k]![cell.Index] = (byte)found;
                    continue;
                }

                ReadCell(in cell, utf8, default, decoder, b, errors, s, ref r);
            }
            else
            {
                // Doubled quotes, or a non-ASCII character at an edge (possibly Unicode white space): read as text.
                var text = s.Text(bytes, field, quoted[cell.Column]).Trim();
                if (text.IsEmpty)
                {
                    continue;
                }

                required += cell.Required ? 1 : 0;
                ReadCell(in cell, default, text, decoder, b, errors, s, ref r);
            }
        }

        foreach (var (q, cell) in s.Within)
        {
            decoder.WithinText(q, cell, b.Next[q] != CaseInput.None, Where.Column, b, errors);
        }

        s.Within.Clear();
        if (required != decoder.RequiredCount)
        {
            decoder.CheckRequired(b, Where.Column, errors);
        }

        if (errors.Count > 0)
        {
            return Fail(ref r, errors[0].Code, CaseDecoder.RowMessage(line, errors));
        }

        b.CompleteAnticipated();
        return Evaluate(ref r, model, b, line);
    }

    /// <summary>
    /// Reads a non-empty cell that the plan's lookup did not settle: a plain cell as its UTF-8 bytes
    /// (<paramref name="text"/> empty), any other as its decoded, trimmed text.
    /// </summary>
    private static void ReadCell(in ColumnMap.Cell cell, ReadOnlySpan<byte> utf8, ReadOnlySpan<char> text, CaseDecoder decoder, CaseBuffers b, List<AssessmentError> errors, Scratch s, ref Row r)
    {
        var plain = text.IsEmpty;
        var index = cell.Index;
        switch (cell.Role)
        {
            case ColumnMap.Role.ClientGroup:
                r.ClientGroup = plain ? decoder.ClientGroup(utf8, Where.Column, errors) : decoder.ClientGroup(text, Where.Column, errors);
                break;
            case ColumnMap.Role.Answer:
            case ColumnMap.Role.Anticipated:
                var anticipated = cell.Role == ColumnMap.Role.Anticipated;
                if (plain)
                {
                    decoder.Answer(index, utf8, anticipated, Where.Column, b, errors);
                }
                else
                {
                    decoder.Answer(index, text, anticipated, Where.Column, b, errors);
                }

                break;
            case ColumnMap.Role.Risk:
                if (plain)
                {
                    decoder.Risk(index, utf8, Where.Column, b, errors);
                }
                else
                {
                    decoder.Risk(index, text, Where.Column, b, errors);
                }

                break;
            case ColumnMap.Role.Attribute:
                if (plain)
                {
                    decoder.Attribute(index, utf8, Where.Column, b, errors);
                }
                else
                {
                    decoder.Attribute(index, text, Where.Column, b, errors);
                }

                break;
            case ColumnMap.Role.Input:
                decoder.InputText(index, plain ? s.Text(utf8) : text, Where.Column, b, errors);
                break;
            case ColumnMap.Role.Within:
                s.Within.Add((index, (plain ? s.Text(utf8) : text).ToString()));
                break;
            default:
                decoder.DeterminationText(index, plain ? s.Text(utf8) : text, Where.Column, b, errors);
                break;
        }
    }

    /// <summary>
    /// The cell's bytes, trimmed, when it can be read as bytes: no doubled quotes to undo and no non-ASCII byte at
    /// either end once ASCII white space is trimmed (a non-ASCII character there may be Unicode white space, which
    /// only the text route trims). Otherwise false: the caller reads the cell as text.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static bool TryPlain(ReadOnlySpan<byte> line, Range field, bool escaped, out ReadOnlySpan<byte> cell)
    {
        var start = field.Start.Value;
        cell = TrimAscii(line.Slice(start, field.End.Value - start));
        return !escaped && (cell.IsEmpty || (cell[0] < 0x80 && cell[^1] < 0x80));
    }

    /// <summary>Trims the ASCII characters that <see cref="MemoryExtensions.Trim(ReadOnlySpan{char})"/> trims (white space below U+0080).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static ReadOnlySpan<byte> TrimAscii(ReadOnlySpan<byte> s) =>
        s.Length == 0 || (s[0] > ' ' && s[^1] > ' ') ? s : TrimAsciiWhiteSpace(s);

    private static ReadOnlySpan<byte> TrimAsciiWhiteSpace(ReadOnlySpan<byte> s)
    {
        var from = 0;
        while (from < s.Length && s[from] < 0x80 && char.IsWhiteSpace((char)s[from]))
        {
            from++;
        }

        var to = s.Length;
        while (to > from && s[to - 1] < 0x80 && char.IsWhiteSpace((char)s[to - 1]))
        {
            to--;
        }

        return s[from..to];
    }

    private Row JsonRow(Block block, int i, DateOnly? defaultAsOf, Scratch s)
    {
        var lineRef = block[i];
        var line = lineRef.Line;
        var r = new Row { CaseId = "", Line = line };
        if (lineRef.Problem == LineProblem.InvalidUtf8)
        {
            r.CaseId = CaseIdOf(block.Utf8(i));
            return Fail(ref r, "invalid-text", $"line {line} (byte {lineRef.BadByte + 1}): {InvalidBytes(block.Utf8(i), lineRef.BadByte)}");
        }

        // UTF-8 lines are parsed as read; a Windows-1252 line was transcoded to UTF-8 by the reader.
        var utf8 = block.Utf8(i);
        if (!Assessment.TryParseJson(utf8, defaultAsOf, out var a, out var parseErrors))
        {
            r.CaseId = CaseIdOf(utf8);
            return Fail(ref r, parseErrors[0].Code, CaseDecoder.RowMessage(line, parseErrors));
        }

        r.CaseId = a!.CaseId;
        r.ClientGroup = a.ClientGroup;
        r.AsOf = a.AsOf;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Row EvaluateAgain(Row encoded, RasModel encodedFor, RasModel other, Scratch scratch)
    {
        var r = encoded;
        r.Model = other;
        r.Ok = false;
        r.ErrorCode = null;
        r.Message = null;
        return Evaluate(ref r, other, scratch.Buffers(encodedFor), r.Line);
    }

    /// <summary>The top-level <c>caseId</c> string of a JSON object that may be broken further on, or "" when it cannot be read.</summary>
    internal static string CaseIdOf(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "";
            }

            while (reader.Read() && reader.CurrentDepth >= 1)
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("caseId"u8))
                {
                    var id = reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() ?? "" : "";
                    return Assessment.IsWritable(id) ? id : ""; // an id with a line break is not written back
                }
            }
        }
        catch (JsonException)
        {
        }
        catch (InvalidOperationException)
        {
            // An invalid string (a lone surrogate, invalid UTF-8) where the id would be.
        }

        return "";
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        public uint IdHash;
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

        private char[] _chars = new char[256];
        private readonly Dictionary<RasModel, RowPlan> _plans = new();
        private RowPlan? _plan;

        /// <summary>The row plan of the row's model, bound to this thread's buffers (the same model row after row, so looked up once).</summary>
        public RowPlan Plan(Dictionary<RasModel, ColumnMap> maps, RasModel model)
        {
            if (_plan is { } plan && ReferenceEquals(plan.Model, model))
            {
                return plan;
            }

            if (!_plans.TryGetValue(model, out plan))
            {
                plan = _plans[model] = new RowPlan(model, maps[model], _buffers[model]);
            }

            return _plan = plan;
        }

        /// <summary>A field of a UTF-8 line as text (invalid bytes as U+FFFD, doubled quotes undone), in a buffer reused by the next call.</summary>
        public ReadOnlySpan<char> Text(ReadOnlySpan<byte> line, Range field, bool escaped)
        {
            var text = Text(line[field]);
            return escaped ? Unescape(text) : text;
        }

        /// <summary>UTF-8 bytes as text (invalid bytes as U+FFFD), in a buffer reused by the next call.</summary>
        public ReadOnlySpan<char> Text(ReadOnlySpan<byte> utf8)
        {
            if (_chars.Length < utf8.Length)
            {
                _chars = new char[utf8.Length * 2];
            }

            return _chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, _chars));
        }

        private ReadOnlySpan<char> Unescape(ReadOnlySpan<char> text)
        {
            var chars = _chars.AsSpan();
            var to = 0;
            for (var from = 0; from < text.Length; from++, to++)
            {
                chars[to] = text[from];
                if (text[from] == '"' && from + 1 < text.Length && text[from + 1] == '"')
                {
                    from++;
                }
            }

            return chars[..to];
        }
    }

    /// <summary>A model's row plan (<see cref="ColumnMap.Cells"/>) with, for each cell a code lookup settles, the buffer its code index goes to.</summary>
    internal sealed class RowPlan
    {
        public RowPlan(RasModel model, ColumnMap map, CaseBuffers buffers)
        {
            Model = model;
            Buffers = buffers;
            Cells = map.Cells;
            Targets = Array.ConvertAll(Cells, c => c.Role switch
            {
                ColumnMap.Role.Answer => buffers.Now,
                ColumnMap.Role.Anticipated => buffers.Next,
                ColumnMap.Role.Attribute => buffers.Attributes,
                ColumnMap.Role.Risk => buffers.Risk,
                _ => null,
            });
        }

        public RasModel Model { get; }

        public CaseBuffers Buffers { get; }

        public ColumnMap.Cell[] Cells { get; }

        /// <summary>Per cell, the buffer that a code found by its lookup is written to (at the cell's index).</summary>
        public byte[]?[] Targets { get; }
    }

    /// <summary>Formats result rows straight into UTF-8; the models' repeated texts come encoded from <see cref="ModelTexts"/>.</summary>
    private sealed class RowWriter(CaseloadFormat format, bool neutralise, IEnumerable<RasModel> models)
    {
        private static readonly System.Text.Encodings.Web.JavaScriptEncoder Relaxed = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        private readonly ModelTexts _texts = new(models, (o, text) =>
        {
            if (format == CaseloadFormat.Csv)
            {
                CsvLine.Append(o, text, neutralise);
            }
            else
            {
                Json(o, text);
            }
        });

        /// <summary>Appends one of the models' texts (or any other) as a CSV field, or as a JSON string or null.</summary>
        private void AppendRepeated(Utf8Buffer o, string? text)
        {
            if (text is null)
            {
                if (format != CaseloadFormat.Csv)
                {
                    o.Append("null"u8);
                }

                return;
            }

            _texts.Append(o, text);
        }

        /// <summary>Appends the row's output line to <paramref name="o"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Format(ref Row r, Utf8Buffer o)
        {
            if (format == CaseloadFormat.Csv)
            {
                CsvLine.Append(o, r.CaseId, neutralise);
                o.Append((byte)',');
                AppendRepeated(o, r.ClientGroup);
                o.Append(r.Ok ? ",ok,"u8 : ",error,"u8);
                AppendRepeated(o, r.Model?.Id);
                o.Append((byte)',');
                AppendRepeated(o, r.Model?.Version);
                o.Append((byte)',');
                if (r.Ok)
                {
                    AppendRepeated(o, ResultJson.EligibilityCode(r.Eligibility));
                    o.Append((byte)',');
                    AppendRepeated(o, ResultJson.OfferCode(r.Offer));
                    o.Append((byte)',').Append(r.Points).Append((byte)',').Append(r.AdjustedPoints).Append((byte)',');
                    AppendRepeated(o, r.Band);
                    o.Append((byte)',');
                    MoneyText.Append(o, r.Annual.Lower).Append((byte)',');
                    MoneyText.Append(o, r.Annual.Indicative).Append((byte)',');
                    MoneyText.Append(o, r.Annual.Upper).Append((byte)',');
                    MoneyText.Append(o, r.WeeklyIndicative).Append((byte)',');
                }
                else
                {
                    // Empty result columns: all but the five before them and the message after them.
                    o.Append((byte)',', OutputColumns.Count - 6);
                    CsvLine.Append(o, r.Message, neutralise);
                }

                o.Append((byte)'\n');
                return;
            }

            o.Append("{\"case_id\":"u8);
            Json(o, r.CaseId);
            o.Append(",\"client_group\":"u8);
            AppendRepeated(o, r.ClientGroup);
            o.Append(r.Ok ? ",\"status\":\"ok\""u8 : ",\"status\":\"error\""u8).Append(",\"model_id\":"u8);
            AppendRepeated(o, r.Model?.Id);
            o.Append(",\"model_version\":"u8);
            AppendRepeated(o, r.Model?.Version);
            if (r.Ok)
            {
                o.Append(",\"eligibility\":\""u8).Append(ResultJson.EligibilityCode(r.Eligibility).AsSpan())
                    .Append("\",\"offer\":\""u8).Append(ResultJson.OfferCode(r.Offer).AsSpan())
                    .Append("\",\"points\":"u8).Append(r.Points)
                    .Append(",\"adjusted_points\":"u8).Append(r.AdjustedPoints)
                    .Append(",\"band\":"u8);
                AppendRepeated(o, r.Band);
                o.Append(",\"lower\":"u8);
                MoneyText.Append(o, r.Annual.Lower).Append(",\"indicative\":"u8);
                MoneyText.Append(o, r.Annual.Indicative).Append(",\"upper\":"u8);
                MoneyText.Append(o, r.Annual.Upper).Append(",\"weekly_indicative\":"u8);
                MoneyText.Append(o, r.WeeklyIndicative).Append(",\"message\":null}"u8);
            }
            else
            {
                o.Append(",\"message\":"u8);
                Json(o, r.Message);
                o.Append((byte)'}');
            }

            o.Append((byte)'\n');
        }

        private static void Json(Utf8Buffer o, string? s)
        {
            if (s is null)
            {
                o.Append("null"u8);
                return;
            }

            o.Append((byte)'"').Append(JsonEncodedText.Encode(s, Relaxed).EncodedUtf8Bytes).Append((byte)'"');
        }
    }
}
