using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;
using Ras.Engine.Caseloads;

namespace Ras.Cli.ParquetFiles;

/// <summary>
/// A Parquet caseload read as the CSV caseload it stands for (docs/caseload-format.md): line 1 names the
/// columns, then one line per Parquet row, in order, so the engine reads it exactly as it reads the CSV form
/// (the same checks, the same error rows, the same summary; row N of the Parquet file is line N + 1 in
/// messages). Values are written as text faithfully: strings as they are, integers and decimals in invariant
/// form (a decimal keeps its scale), booleans <c>true</c>/<c>false</c>, dates <c>yyyy-MM-dd</c>, a timestamp
/// at midnight as its date and any other timestamp in full (so it is not taken for a date), null as an empty
/// cell. One row group is held in memory at a time.
/// </summary>
/// <remarks>
/// The engine reads the stream on a worker thread, where an exception would end the run as an internal error;
/// so a problem met after the file was opened (a column chunk that cannot be decoded, a value holding a line
/// break) ends the stream early and is kept in <see cref="Failure"/>, which the caller checks after the run.
/// </remarks>
internal sealed class ParquetCaseloadStream : Stream
{
    /// <summary>The most unused buffer memory Parquet.Net's stream pools may keep, for reading and writing.</summary>
    internal const int PoolBytes = 16 << 20;

    private static readonly ParquetOptions Options = new()
    {
        UseDateOnlyTypeForDates = true,

        // Parquet.Net's stream pool otherwise keeps every buffer it ever used (memory grows with the file).
        MaximumSmallPoolFreeBytes = PoolBytes,
        MaximumLargePoolFreeBytes = PoolBytes,
    };

    private readonly Stream _file;
    private readonly ParquetReader _reader;
    private readonly DataField[] _fields;
    private readonly StringBuilder _text = new();
    private byte[] _bytes = new byte[1 << 16];
    private int _start;
    private int _length;
    private int _group = -1;
    private string?[][] _columns = [];
    private int _rows;
    private int _row;
    private long _rowsBefore;
    private bool _headerWritten;

    private ParquetCaseloadStream(Stream file, ParquetReader reader, DataField[] fields)
    {
        _file = file;
        _reader = reader;
        _fields = fields;
    }

    /// <summary>The problem that ended the stream early, or null when every row was read.</summary>
    public CaseloadFormatException? Failure { get; private set; }

    /// <summary>Opens a Parquet caseload and checks that every column holds one readable value per row.</summary>
    /// <exception cref="CaseloadFormatException">The file is not a readable Parquet file, or a column's type cannot be read as caseload text.</exception>
    public static ParquetCaseloadStream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        try
        {
            ParquetReader reader;
            try
            {
                reader = ParquetReader.CreateAsync(file, Options, leaveStreamOpen: true).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new CaseloadFormatException($"not a readable Parquet file ({ex.Message.TrimEnd('.')}); is it complete, and is it Parquet?", ex);
            }

            var fields = new List<DataField>();
            foreach (var field in reader.Schema.Fields)
            {
                if (field is not DataField data || data.IsArray)
                {
                    reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    throw new CaseloadFormatException($"column '{field.Name}' is a nested Parquet field (a {field.SchemaType.ToString().ToLowerInvariant()}); a caseload column holds one value per row: text, a number, a boolean or a date");
                }

                if (field.Name.AsSpan().IndexOfAny('\r', '\n') >= 0)
                {
                    reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    throw new CaseloadFormatException($"column {fields.Count + 1}: its name holds a line break, which no column name can hold");
                }

                if (!IsReadable(data.ClrType))
                {
                    reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    throw new CaseloadFormatException($"column '{field.Name}' holds {Describe(data.ClrType)}, which a caseload cannot read; a caseload column holds text, a number, a boolean or a date");
                }

                fields.Add(data);
            }

            return new ParquetCaseloadStream(file, reader, fields.ToArray());
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_length == 0 && !Fill())
        {
            return 0;
        }

        var n = Math.Min(buffer.Length, _length);
        _bytes.AsSpan(_start, n).CopyTo(buffer);
        _start += n;
        _length -= n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Turns the next lines (about 64 KB of them) into bytes; false at the end.</summary>
    private bool Fill()
    {
        var sb = _text.Clear();
        if (!_headerWritten)
        {
            _headerWritten = true;
            for (var c = 0; c < _fields.Length; c++)
            {
                Append(sb, c, _fields[c].Name); // a name with a line break was refused by Open
            }

            sb.Append('\n');
        }

        while (sb.Length < 1 << 15 && Failure is null)
        {
            if (_row == _rows && !NextGroup())
            {
                break;
            }

            var lineStart = sb.Length;
            for (var c = 0; c < _fields.Length; c++)
            {
                var value = _columns[c][_row];
                if (_fields.Length == 1 && string.IsNullOrWhiteSpace(value))
                {
                    // A lone empty cell would be a blank line, which is not a row: quoted, it is a row with no case id.
                    sb.Append('"').Append(value).Append('"');
                }
                else if (!Append(sb, c, value))
                {
                    Failure = new CaseloadFormatException(string.Create(CultureInfo.InvariantCulture, $"row {_rowsBefore + _row + 1:N0}, column '{_fields[c].Name}': the value holds a line break, which no caseload value can hold (in the CSV form it would end the row)"));
                    sb.Length = lineStart; // the lines before the failure are still read, so the run ends where the data does
                    break;
                }
            }

            if (Failure is null)
            {
                sb.Append('\n');
                _row++;
            }
        }

        if (sb.Length == 0)
        {
            return false;
        }

        var max = Encoding.UTF8.GetMaxByteCount(sb.Length);
        if (_bytes.Length < max)
        {
            _bytes = new byte[max];
        }

        _start = 0;
        _length = 0;
        foreach (var chunk in sb.GetChunks())
        {
            _length += Encoding.UTF8.GetBytes(chunk.Span, _bytes.AsSpan(_length));
        }

        return true;
    }

    /// <summary>Appends one CSV field (quoted when it holds a comma or a quote); false for a value holding a line break.</summary>
    private static bool Append(StringBuilder sb, int column, string? value)
    {
        if (column > 0)
        {
            sb.Append(',');
        }

        if (value is null)
        {
            return true;
        }

        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            return false;
        }

        if (value.AsSpan().IndexOfAny(',', '"') >= 0)
        {
            sb.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            sb.Append(value);
        }

        return true;
    }

    /// <summary>Reads the next row group's columns as text; false at the end or on a failure.</summary>
    private bool NextGroup()
    {
        while (Failure is null && _group + 1 < _reader.RowGroupCount)
        {
            _group++;
            _rowsBefore += _rows;
            _row = 0;
            _rows = 0;
            var column = 0;
            try
            {
                using var group = _reader.OpenRowGroupReader(_group);
                var rows = checked((int)group.RowCount);
                var columns = new string?[_fields.Length][];
                for (column = 0; column < _fields.Length; column++)
                {
                    columns[column] = ReadColumn(group, _fields[column], rows).GetAwaiter().GetResult();
                }

                _columns = columns;
                _rows = rows;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var first = _rowsBefore + 1;
                Failure = new CaseloadFormatException(string.Create(CultureInfo.InvariantCulture, $"row group {_group + 1} (from row {first:N0}), column '{(column < _fields.Length ? _fields[column].Name : "?")}': the data cannot be read ({ex.Message.TrimEnd('.')}); is the file complete?"), ex);
                return false;
            }

            if (_rows > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsReadable(Type clr)
    {
        var t = Nullable.GetUnderlyingType(clr) ?? clr;
        return t == typeof(string) || t == typeof(ReadOnlyMemory<char>) || t == typeof(bool)
            || t == typeof(sbyte) || t == typeof(byte) || t == typeof(short) || t == typeof(ushort)
            || t == typeof(int) || t == typeof(uint) || t == typeof(long) || t == typeof(ulong)
            || t == typeof(decimal) || t == typeof(float) || t == typeof(double)
            || t == typeof(DateOnly) || t == typeof(DateTime) || t == typeof(TimeOnly) || t == typeof(TimeSpan) || t == typeof(Guid);
    }

    private static string Describe(Type clr)
    {
        var t = Nullable.GetUnderlyingType(clr) ?? clr;
        return t == typeof(byte[]) || t == typeof(ReadOnlyMemory<byte>) ? "binary data (bytes without a string type)" : $"values of type {t.Name}";
    }

    private static Task<string?[]> ReadColumn(ParquetRowGroupReader group, DataField field, int rows)
    {
        var t = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        var c = CultureInfo.InvariantCulture;
        return t switch
        {
            _ when t == typeof(string) || t == typeof(ReadOnlyMemory<char>) => Strings(group, field, rows),
            _ when t == typeof(bool) => Values<bool>(group, field, rows, v => v ? "true" : "false"),
            _ when t == typeof(sbyte) => Values<sbyte>(group, field, rows, v => v.ToString(c)),
            _ when t == typeof(byte) => Values<byte>(group, field, rows, v => v.ToString(c)),
            _ when t == typeof(short) => Values<short>(group, field, rows, v => v.ToString(c)),
            _ when t == typeof(ushort) => Values<ushort>(group, field, rows, v => v.ToString(c)),
            _ when t == typeof(int) => Values<int>(group, field, rows, v => v.ToString(c)),
            _ when t == typeof(uint) => Values<uint>(group, field, rows, v => v.ToString(c)),
            _ when t == typeof(long) => Values<long>(group, field, rows, v => v.ToString(c)),
            _ when t == typeof(ulong) => Values<ulong>(group, field, rows, v => v.ToString(c)),
            _ when t == typeof(decimal) => Values<decimal>(group, field, rows, v => v.ToString(c)),
            _ when t == typeof(float) => Values<float>(group, field, rows, v => v.ToString(c)),
            _ when t == typeof(double) => Values<double>(group, field, rows, v => v.ToString(c)),
            _ when t == typeof(DateOnly) => Values<DateOnly>(group, field, rows, v => v.ToString("yyyy-MM-dd", c)),
            _ when t == typeof(DateTime) => Values<DateTime>(group, field, rows, v => v.TimeOfDay == TimeSpan.Zero ? v.ToString("yyyy-MM-dd", c) : v.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", c)),
            _ when t == typeof(TimeOnly) => Values<TimeOnly>(group, field, rows, v => v.ToString("HH:mm:ss.FFFFFFF", c)),
            _ when t == typeof(TimeSpan) => Values<TimeSpan>(group, field, rows, v => v.ToString("c", c)),
            _ when t == typeof(Guid) => Values<Guid>(group, field, rows, v => v.ToString("D")),
            _ => throw new InvalidOperationException($"the type {t.Name} was accepted when the file was opened"),
        };
    }

    private static async Task<string?[]> Strings(ParquetRowGroupReader group, DataField field, int rows)
    {
        var values = new string?[rows];
        await group.ReadAsync(field, values.AsMemory()).ConfigureAwait(false);
        return values;
    }

    private static async Task<string?[]> Values<T>(ParquetRowGroupReader group, DataField field, int rows, Func<T, string> text)
        where T : struct
    {
        var result = new string?[rows];
        if (field.IsNullable)
        {
            var values = new T?[rows];
            await group.ReadAsync<T>(field, values.AsMemory()).ConfigureAwait(false);
            for (var i = 0; i < rows; i++)
            {
                result[i] = values[i] is { } v ? text(v) : null;
            }
        }
        else
        {
            var values = new T[rows];
            await group.ReadAsync<T>(field, values.AsMemory()).ConfigureAwait(false);
            for (var i = 0; i < rows; i++)
            {
                result[i] = text(values[i]);
            }
        }

        return result;
    }
}
