namespace Ras.Engine.Caseloads;

/// <summary>
/// Reads blocks of non-blank lines into a reused character buffer (no string per line), with their line
/// numbers; used by one task at a time. It alternates between two blocks: one being filled while the caller
/// works on the other. A line longer than the buffer grows it.
/// </summary>
internal sealed class BlockReader(TextReader input, long line)
{
    private readonly Block[] _blocks = { new(), new() };
    private int _next;
    private char[] _carry = new char[1 << 16];
    private int _carryLength;
    private bool _eof;

    public long Blank { get; private set; }

    public Block Read()
    {
        var block = _blocks[_next];
        _next ^= 1;
        block.Lines.Clear();
        if (block.Chars.Length < _carryLength + (1 << 16))
        {
            block.Chars = new char[_carryLength + (1 << 22)];
        }

        _carry.AsSpan(0, _carryLength).CopyTo(block.Chars);
        var length = _carryLength;
        var scanned = 0;
        var lineStart = 0;
        while (block.Lines.Count < CaseloadRunner.BlockSize)
        {
            var newline = block.Chars.AsSpan(scanned, length - scanned).IndexOf('\n');
            if (newline < 0)
            {
                if (_eof)
                {
                    if (lineStart < length)
                    {
                        Add(block, lineStart, length - lineStart);
                        lineStart = length;
                    }

                    break;
                }

                // Lines already taken point into the buffer, so it only ever grows (and is kept for reuse).
                if (length == block.Chars.Length)
                {
                    Array.Resize(ref block.Chars, block.Chars.Length * 2);
                }

                scanned = length;
                var read = input.Read(block.Chars, length, Math.Min(1 << 16, block.Chars.Length - length));
                if (read == 0)
                {
                    _eof = true;
                }

                length += read;
                continue;
            }

            var end = scanned + newline;
            Add(block, lineStart, end - lineStart);
            lineStart = scanned = end + 1;
        }

        _carryLength = length - lineStart;
        if (_carry.Length < _carryLength)
        {
            _carry = new char[_carryLength * 2];
        }

        block.Chars.AsSpan(lineStart, _carryLength).CopyTo(_carry);
        return block;
    }

    private void Add(Block block, int start, int length)
    {
        line++;
        if (length > 0 && block.Chars[start + length - 1] == '\r')
        {
            length--;
        }

        if (block.Chars.AsSpan(start, length).IsWhiteSpace())
        {
            Blank++;
            return;
        }

        block.Lines.Add(new LineRef(start, length, line));
    }
}

/// <summary>A block of lines: a character buffer and where each line is in it.</summary>
internal sealed class Block
{
    public char[] Chars = new char[1 << 22];

    public List<LineRef> Lines { get; } = new(CaseloadRunner.BlockSize);

    public int Count => Lines.Count;

    public ReadOnlySpan<char> Text(int i) => Chars.AsSpan(Lines[i].Start, Lines[i].Length);

    public LineRef this[int i] => Lines[i];
}

internal readonly record struct LineRef(int Start, int Length, long Line);
