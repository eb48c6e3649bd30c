using System.Text.Unicode;

namespace Ras.Engine.Caseloads;

/// <summary>
/// The UTF-8 bytes of a <see cref="TextReader"/>'s text, so that text given as characters goes through the same
/// byte reader as a file. A lone surrogate (text that is not Unicode) is written as its three-byte form, which
/// is not valid UTF-8: its row is then reported as invalid text, like any undecodable line of a file.
/// </summary>
internal sealed class TextReaderStream(TextReader reader) : Stream
{
    private readonly char[] _chars = new char[4096];
    private byte[] _bytes = new byte[4096 * 3];
    private int _held;
    private int _start;
    private int _end;
    private bool _eof;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_start == _end && !_eof)
        {
            Encode();
        }

        var n = Math.Min(buffer.Length, _end - _start);
        _bytes.AsSpan(_start, n).CopyTo(buffer);
        _start += n;
        return n;
    }

    private void Encode()
    {
        var n = _held + reader.Read(_chars, _held, _chars.Length - _held);
        _eof = n == _held;
        var count = n;
        _held = 0;
        if (!_eof && count > 0 && char.IsHighSurrogate(_chars[count - 1]))
        {
            count--; // its low half may be in the next read
            _held = 1;
        }

        var source = _chars.AsSpan(0, count);
        var target = _bytes.AsSpan();
        var total = 0;
        while (!source.IsEmpty)
        {
            var status = Utf8.FromUtf16(source, target[total..], out var read, out var written, replaceInvalidSequences: false);
            total += written;
            source = source[read..];
            if (status == System.Buffers.OperationStatus.InvalidData)
            {
                var c = source[0];
                _bytes[total++] = (byte)(0xE0 | (c >> 12));
                _bytes[total++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                _bytes[total++] = (byte)(0x80 | (c & 0x3F));
                source = source[1..];
            }
        }

        if (_held == 1)
        {
            _chars[0] = _chars[count];
        }

        (_start, _end) = (0, total);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
