using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace Ras.Engine.Caseloads;

/// <summary>
/// Reads a caseload's bytes as blocks of non-blank lines, with their line numbers, into reused buffers (no
/// string per line); used by one task at a time. Blocks come from a pool: a caller that is done with a block gives
/// it back with <see cref="Return"/>, so a run holds only as many blocks as it has in flight. A line ends at LF, CR LF or a lone CR (old Mac files). Each line is decoded on its own
/// (UTF-8, or Windows-1252 when asked): a line that is not valid UTF-8 or longer than
/// <see cref="MaxLineBytes"/> is marked as such, never dropped and never allowed to exhaust memory.
/// </summary>
internal sealed class BlockReader
{
    /// <summary>The longest line read, in bytes (documented in docs/caseload-format.md).</summary>
    public const int MaxLineBytes = 1 << 20;

    private const int Chunk = 1 << 16;
    private readonly Stream _input;
    private readonly CaseloadEncoding _encoding;
    private readonly Stack<Block> _free = new();
    private byte[] _carry = new byte[Chunk];
    private int _carryLength;
    private bool _eof;
    private bool _started;
    private bool _skipping;
    private long _line;
    private readonly bool _header;

    /// <param name="input">The bytes.</param>
    /// <param name="encoding">How they are read as text.</param>
    /// <param name="header">True when line 1 is a header: the first block holds it as well as a full block of rows.</param>
    public BlockReader(Stream input, CaseloadEncoding encoding, bool header)
    {
        _header = header;
        _input = input;
        _encoding = encoding;
    }

    /// <summary>Blank lines skipped so far.</summary>
    public long Blank { get; private set; }

    /// <summary>The next block of at most <see cref="CaseloadRunner.BlockSize"/> non-blank lines; empty at the end.</summary>
    /// <exception cref="CaseloadFormatException">The file starts with a UTF-16 byte-order mark.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Block Read()
    {
        if (!_started)
        {
            Start();
        }

        var block = _free.Count > 0 ? _free.Pop() : new Block();
        block.Lines.Clear();
        block.IsUtf8 = _encoding == CaseloadEncoding.Utf8;
        if (block.Bytes.Length < _carryLength + Chunk)
        {
            block.Bytes = new byte[_carryLength + (1 << 22)];
        }

        _carry.AsSpan(0, _carryLength).CopyTo(block.Bytes);
        var length = _carryLength;
        var lineStart = 0;
        var scanned = 0;
        // The first block holds one more line for a header, so that every block holds BlockSize rows.
        var size = CaseloadRunner.BlockSize + (_header && _line == 0 ? 1 : 0);
        while (block.Lines.Count < size)
        {
            var bytes = block.Bytes;
            var end = bytes.AsSpan(scanned, length - scanned).IndexOfAny((byte)'\n', (byte)'\r');
            if (end >= 0)
            {
                end += scanned;
                var next = end + 1;
                if (bytes[end] == '\r')
                {
                    if (next == length && !_eof)
                    {
                        scanned = end; // is it CR LF? read on before deciding
                        length = Fill(block, length);
                        continue;
                    }

                    if (next < length && bytes[next] == '\n')
                    {
                        next++;
                    }
                }

                if (_skipping)
                {
                    _skipping = false; // the end of a line too long to read (already reported)
                }
                else
                {
                    Add(block, lineStart, end - lineStart, end - lineStart > MaxLineBytes ? LineProblem.TooLong : LineProblem.None);
                }

                lineStart = scanned = next;
                continue;
            }

            if (_eof)
            {
                if (lineStart < length && !_skipping)
                {
                    Add(block, lineStart, length - lineStart, LineProblem.None);
                }

                lineStart = length;
                break;
            }

            if (!_skipping && length - lineStart > MaxLineBytes)
            {
                _line++;
                block.Lines.Add(new LineRef(lineStart, 0, _line, LineProblem.TooLong));
                _skipping = true;
            }

            if (_skipping)
            {
                length = lineStart; // forget what is read of the long line; keep looking for its end
            }

            scanned = length;
            length = Fill(block, length);
        }

        _carryLength = length - lineStart;
        if (_carry.Length < _carryLength)
        {
            _carry = new byte[_carryLength * 2];
        }

        block.Bytes.AsSpan(lineStart, _carryLength).CopyTo(_carry);
        Decode(block);
        return block;
    }

    /// <summary>Gives back a block the caller is done with, to be filled again by a later <see cref="Read"/>.</summary>
    public void Return(Block block) => _free.Push(block);

    /// <summary>Reads more bytes after <paramref name="length"/>, growing the buffer (lines already taken point into it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Fill(Block block, int length)
    {
        if (block.Bytes.Length - length < Chunk)
        {
            Array.Resize(ref block.Bytes, block.Bytes.Length * 2);
        }

        var read = _input.Read(block.Bytes, length, Chunk);
        _eof = read == 0;
        return length + read;
    }

    /// <summary>Reads the first bytes into the carry, dropping a UTF-8 byte-order mark and refusing UTF-16.</summary>
    private void Start()
    {
        _started = true;
        while (_carryLength < 3)
        {
            var read = _input.Read(_carry, _carryLength, 3 - _carryLength);
            if (read == 0)
            {
                break;
            }

            _carryLength += read;
        }

        var first = _carry.AsSpan(0, _carryLength);
        if (_encoding == CaseloadEncoding.Utf8 && (first.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || first.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])))
        {
            throw new CaseloadFormatException("the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8 (in Excel: CSV UTF-8)");
        }

        if (first.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            _carryLength = 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Add(Block block, int start, int length, LineProblem problem)
    {
        _line++;
        var bytes = block.Bytes.AsSpan(start, length);
        if (bytes.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0)
        {
            Blank++;
            return;
        }

        block.Lines.Add(new LineRef(start, length, _line, problem));
    }

    /// <summary>
    /// Checks that every line of the block is UTF-8 (the whole block at once when it is, the usual case; else line
    /// by line, marking where a line stops being valid), or transcodes Windows-1252 lines to UTF-8: the rows are
    /// read from UTF-8 bytes whatever the file's encoding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Decode(Block block)
    {
        var lines = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(block.Lines);
        if (lines.Length == 0)
        {
            return;
        }

        if (_encoding == CaseloadEncoding.Windows1252)
        {
            Transcode(block, lines);
            return;
        }

        // Line ends are ASCII, so the lines are all valid exactly when the bytes from the first to the last are.
        var from = lines[0].Start;
        var to = lines[^1].Start + lines[^1].Length;
        if (Utf8.IsValid(block.Bytes.AsSpan(from, to - from)))
        {
            return;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            ref var l = ref lines[i];
            var source = block.Bytes.AsSpan(l.Start, l.Length);
            if (l.Problem == LineProblem.None && !Utf8.IsValid(source))
            {
                l = l with { Problem = LineProblem.InvalidUtf8, BadByte = FirstInvalid(source) };
            }
        }
    }

    /// <summary>The offset of the first byte that does not begin a valid UTF-8 sequence.</summary>
    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[1024];
        var at = 0;
        while (true)
        {
            var status = Utf8.ToUtf16(bytes[at..], chars, out var read, out _, replaceInvalidSequences: false);
            at += read;
            if (status != System.Buffers.OperationStatus.DestinationTooSmall)
            {
                return at;
            }
        }
    }

    private static void Transcode(Block block, Span<LineRef> lines)
    {
        var total = 0;
        foreach (var l in lines)
        {
            total += l.Length;
        }

        // At most three UTF-8 bytes for each Windows-1252 byte (the typographic characters are U+20xx).
        if (block.Transcoded.Length < total * 3)
        {
            block.Transcoded = new byte[total * 3];
        }

        var chars = new char[1024];
        var at = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            ref var l = ref lines[i];
            if (l.Problem == LineProblem.TooLong)
            {
                l = l with { TextStart = at, TextLength = 0 };
                continue;
            }

            if (chars.Length < l.Length)
            {
                chars = new char[l.Length];
            }

            Windows1252.Decode(block.Bytes.AsSpan(l.Start, l.Length), chars);
            var written = System.Text.Encoding.UTF8.GetBytes(chars.AsSpan(0, l.Length), block.Transcoded.AsSpan(at));
            l = l with { TextStart = at, TextLength = written };
            at += written;
        }
    }
}

/// <summary>Why a line could not be read as it stands.</summary>
internal enum LineProblem
{
    None,
    InvalidUtf8,
    TooLong,
}

/// <summary>A block of lines: the bytes as read, their UTF-8 text and where each line is.</summary>
internal sealed class Block
{
    public byte[] Bytes = new byte[1 << 22];

    /// <summary>True when <see cref="Bytes"/> are UTF-8 (else they are Windows-1252, transcoded to <see cref="Transcoded"/>).</summary>
    public bool IsUtf8;

    /// <summary>The lines of a Windows-1252 file as UTF-8.</summary>
    public byte[] Transcoded = Array.Empty<byte>();

    public List<LineRef> Lines { get; } = new(CaseloadRunner.BlockSize + 1);

    public int Count => Lines.Count;

    /// <summary>The line as text (invalid bytes shown as U+FFFD); a new string, for the header and other rare readers.</summary>
    public string Text(int i) => System.Text.Encoding.UTF8.GetString(Utf8(i));

    /// <summary>The line's UTF-8 bytes: as read (they may be invalid: see <see cref="LineRef.Problem"/>), or transcoded from Windows-1252.</summary>
    public ReadOnlySpan<byte> Utf8(int i) => IsUtf8 ? Bytes.AsSpan(Lines[i].Start, Lines[i].Length) : Transcoded.AsSpan(Lines[i].TextStart, Lines[i].TextLength);

    /// <summary>
    /// The line's UTF-8 bytes as <see cref="Utf8"/> gives them, followed by whatever the buffer holds after them:
    /// a reader of a few bytes at a time (<see cref="Evaluation.Utf8CodeLookup.Find(ReadOnlySpan{byte}, int)"/>)
    /// may read past the line's end, never past the buffer's.
    /// </summary>
    public ReadOnlySpan<byte> Utf8Onward(int i) => IsUtf8 ? Bytes.AsSpan(Lines[i].Start) : Transcoded.AsSpan(Lines[i].TextStart);

    public LineRef this[int i] => Lines[i];
}

/// <summary>Where a line is: its bytes, its number, and what is wrong with it, if anything.</summary>
internal readonly record struct LineRef(int Start, int Length, long Line, LineProblem Problem)
{
    /// <summary>Where a Windows-1252 line's UTF-8 text is in <see cref="Block.Transcoded"/>.</summary>
    public int TextStart { get; init; }

    /// <summary>The length of a Windows-1252 line's UTF-8 text.</summary>
    public int TextLength { get; init; }

    /// <summary>For an invalid line, the byte offset (from 0) of the first invalid sequence.</summary>
    public int BadByte { get; init; }
}
