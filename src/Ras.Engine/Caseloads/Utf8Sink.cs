using System.Text;

namespace Ras.Engine.Caseloads;

/// <summary>
/// Writes UTF-8 output to a <see cref="TextWriter"/>: straight to the stream under a UTF-8
/// <see cref="StreamWriter"/> (after flushing what was written through the writer, so the order holds), else
/// decoded to text for any other writer (a <see cref="StringWriter"/>, a console).
/// </summary>
internal sealed class Utf8Sink
{
    private readonly TextWriter _output;
    private readonly Stream? _stream;
    private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
    private char[] _chars = Array.Empty<char>();
    private bool _flushed;

    public Utf8Sink(TextWriter output)
    {
        _output = output;
        if (output is StreamWriter { Encoding.CodePage: 65001 } writer)
        {
            _stream = writer.BaseStream;
        }
    }

    public void Write(ReadOnlySpan<byte> utf8)
    {
        if (_stream is not null)
        {
            if (!_flushed)
            {
                _output.Flush();
                _flushed = true;
            }

            _stream.Write(utf8);
            return;
        }

        if (_chars.Length < utf8.Length)
        {
            _chars = new char[utf8.Length];
        }

        var n = _decoder.GetChars(utf8, _chars, flush: false);
        _output.Write(_chars, 0, n);
    }

    public void Flush()
    {
        if (_stream is not null)
        {
            _stream.Flush();
        }

        _output.Flush();
    }
}
