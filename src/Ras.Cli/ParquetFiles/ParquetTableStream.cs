using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace Ras.Cli.ParquetFiles;

/// <summary>The Parquet type a column of CSV text is written as.</summary>
internal enum ParquetColumnKind
{
    /// <summary>A UTF-8 string, exactly the CSV cell's text; an empty cell is null.</summary>
    Text,

    /// <summary>A 32-bit integer (INT32); an empty cell is null.</summary>
    Integer,

    /// <summary>A date (DATE) written <c>yyyy-MM-dd</c> in the CSV; an empty cell is null.</summary>
    Date,
}

/// <summary>
/// Writes the CSV that the engine produces (UTF-8, a header line, one record per row, LF line ends, quoted
/// fields as RFC 4180 writes them) as a Parquet file: the same columns in the same order, one Parquet row
/// per CSV record. Rows are buffered and written a row group at a time (at most <see cref="MaxRowGroupRows"/>
/// rows and about <see cref="RowGroupValues"/> values), so memory stays flat whatever the number of rows or columns. <see cref="Complete"/> writes the last row group and the footer;
/// without it the file is not a Parquet file (the output is then discarded by <see cref="OutputFile"/>).
/// </summary>
internal sealed class ParquetTableStream : Stream
{
    /// <summary>The most rows in a row group.</summary>
    public const int MaxRowGroupRows = 1 << 16;

    /// <summary>About how many values (rows times columns) a row group holds: a caseload of 130 columns is written 8,066 rows at a time.</summary>
    public const int RowGroupValues = 1 << 20;

    private readonly Stream _file;
    private readonly Func<string, ParquetColumnKind> _kinds;
    private readonly Decoder _decoder = new UTF8Encoding(false, true).GetDecoder();
    private readonly StringBuilder _field = new();
    private readonly List<string?> _record = new();
    private char[] _chars = new char[1 << 16];
    private bool _inQuotes;
    private bool _afterQuote;
    private bool _quoted;
    private DataField[]? _fields;
    private ParquetColumnKind[] _columnKinds = [];
    private List<string?>[] _columns = [];
    private ParquetWriter? _writer;
    private int _groupRows = MaxRowGroupRows;
    private bool _completed;

    /// <param name="file">Where the Parquet bytes go (left open).</param>
    /// <param name="kinds">The type of each column, by its name in the header.</param>
    public ParquetTableStream(Stream file, Func<string, ParquetColumnKind> kinds)
    {
        _file = file;
        _kinds = kinds;
    }

    /// <summary>The columns of <see cref="Ras.Engine.Caseloads.CaseloadRunner.OutputColumns"/>: the points as integers, everything else (money included) as its exact text.</summary>
    public static ParquetColumnKind ResultColumns(string name) =>
        name is "points" or "adjusted_points" ? ParquetColumnKind.Integer : ParquetColumnKind.Text;

    /// <summary>The columns of a caseload: <c>as_of</c> as a date, every other column as text.</summary>
    public static ParquetColumnKind CaseloadColumns(string name) =>
        name == "as_of" ? ParquetColumnKind.Date : ParquetColumnKind.Text;

    /// <summary>Every column as text.</summary>
    public static ParquetColumnKind TextColumns(string name) => ParquetColumnKind.Text;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        while (!buffer.IsEmpty)
        {
            var take = Math.Min(buffer.Length, _chars.Length / 2);
            var n = _decoder.GetChars(buffer[..take], _chars, flush: false);
            Feed(_chars.AsSpan(0, n));
            buffer = buffer[take..];
        }
    }

    /// <summary>Writes the rows still buffered and the file's footer; the Parquet file is complete.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        var n = _decoder.GetChars(ReadOnlySpan<byte>.Empty, _chars, flush: true);
        Feed(_chars.AsSpan(0, n));
        if (_field.Length > 0 || _record.Count > 0)
        {
            EndRecord();
        }

        if (_writer is null)
        {
            throw new InvalidOperationException("no header line was written");
        }

        WriteGroup();
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _completed = true;
        _file.Flush();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Feed(ReadOnlySpan<char> chars)
    {
        foreach (var ch in chars)
        {
            if (_inQuotes)
            {
                if (ch == '"')
                {
                    _inQuotes = false;
                    _afterQuote = true;
                }
                else
                {
                    _field.Append(ch);
                }

                continue;
            }

            if (_afterQuote && ch == '"')
            {
                _field.Append('"'); // a doubled quote inside a quoted field
                _inQuotes = true;
                _afterQuote = false;
                continue;
            }

            _afterQuote = false;
            switch (ch)
            {
                case ',':
                    EndField();
                    break;
                case '\n':
                    EndRecord();
                    break;
                case '\r':
                    break; // outside quotes only as part of a CR LF line end
                case '"' when _field.Length == 0 && !_quoted:
                    _inQuotes = true;
                    _quoted = true;
                    break;
                default:
                    _field.Append(ch);
                    break;
            }
        }
    }

    private void EndField()
    {
        _record.Add(_field.Length == 0 ? null : _field.ToString());
        _field.Clear();
        _quoted = false;
    }

    private void EndRecord()
    {
        EndField();
        if (_fields is null)
        {
            Start(_record.Select(name => name ?? "").ToArray());
        }
        else
        {
            if (_record.Count != _fields.Length)
            {
                throw new InvalidOperationException($"a record has {_record.Count} fields but the header {_fields.Length}");
            }

            for (var c = 0; c < _fields.Length; c++)
            {
                _columns[c].Add(_record[c]);
            }

            if (_columns[0].Count == _groupRows)
            {
                WriteGroup();
            }
        }

        _record.Clear();
    }

    private void Start(string[] header)
    {
        _columnKinds = header.Select(_kinds).ToArray();
        _fields = header.Select((name, c) => _columnKinds[c] switch
        {
            ParquetColumnKind.Integer => (DataField)new DataField<int?>(name),
            ParquetColumnKind.Date => new DataField<DateOnly?>(name),
            _ => new DataField<string>(name, nullable: true),
        }).ToArray();
        _groupRows = Math.Clamp(RowGroupValues / Math.Max(1, header.Length), 1024, MaxRowGroupRows);
        _columns = header.Select(_ => new List<string?>(_groupRows)).ToArray();
        _writer = ParquetWriter.CreateAsync(new ParquetSchema(_fields), _file, new ParquetOptions { MaximumSmallPoolFreeBytes = ParquetCaseloadStream.PoolBytes, MaximumLargePoolFreeBytes = ParquetCaseloadStream.PoolBytes }).GetAwaiter().GetResult();
    }

    private void WriteGroup()
    {
        if (_columns.Length == 0 || _columns[0].Count == 0)
        {
            return;
        }

        using (var group = _writer!.CreateRowGroup())
        {
            for (var c = 0; c < _fields!.Length; c++)
            {
                var values = _columns[c];
                var field = _fields[c];
                switch (_columnKinds[c])
                {
                    case ParquetColumnKind.Integer:
                        var numbers = values.Select(v => v is null ? (int?)null : int.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)).ToArray();
                        group.WriteAsync<int>(field, numbers.AsMemory()).GetAwaiter().GetResult();
                        break;
                    case ParquetColumnKind.Date:
                        var dates = values.Select(v => v is null ? (DateOnly?)null : DateOnly.ParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();
                        group.WriteAsync<DateOnly>(field, dates.AsMemory()).GetAwaiter().GetResult();
                        break;
                    default:
                        group.WriteAsync(field, values).GetAwaiter().GetResult();
                        break;
                }

                values.Clear();
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        // Without Complete the footer is missing on purpose: an unfinished run must not look like a Parquet file.
        base.Dispose(disposing);
    }
}
