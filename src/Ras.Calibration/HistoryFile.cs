using Ras.Engine.Caseloads;

namespace Ras.Calibration;

/// <summary>
/// Opens the history file for each read, numbering the reads and reporting the bytes read of each to the
/// caller's progress (when one was given). Reports are made on the reading thread, after each read call.
/// </summary>
internal sealed class HistoryFile(string path, IProgress<CalibrationProgress>? progress)
{
    private int _pass;

    public string Path => path;

    /// <summary>Opens the file for one more read, for <paramref name="stage"/>.</summary>
    public Stream Open(string stage)
    {
        var file = CaseloadRunner.OpenFile(path);
        if (progress is null)
        {
            return file;
        }

        var pass = ++_pass;
        var length = file.CanSeek ? file.Length : 0;
        progress.Report(new CalibrationProgress(pass, stage, 0, length));
        return new Reporting(file, read => progress.Report(new CalibrationProgress(pass, stage, read, length)));
    }

    private sealed class Reporting(Stream inner, Action<long> report) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

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
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Counted(int n)
        {
            if (n > 0)
            {
                _read += n;
                report(_read);
            }

            return n;
        }
    }
}
