using System.Diagnostics;
using System.Globalization;
using Ras.Engine;

namespace Ras.Cli;

/// <summary>
/// What a command needs to know about where it runs: whether standard error is a terminal (progress is drawn
/// only there) and a clock for the time a run has taken. Injected so that tests can give a fake terminal and clock.
/// </summary>
/// <param name="ErrorIsTerminal">True when standard error is a terminal, not a file or a pipe.</param>
/// <param name="StartClock">Starts a clock and returns the time since it started.</param>
internal sealed record ConsoleInfo(bool ErrorIsTerminal, Func<Func<TimeSpan>> StartClock)
{
    /// <summary>The process's own console and a <see cref="Stopwatch"/>.</summary>
    public static ConsoleInfo Real => new(!Console.IsErrorRedirected, () =>
    {
        var watch = Stopwatch.StartNew();
        return () => watch.Elapsed;
    });
}

/// <summary>
/// One progress line on standard error, redrawn in place (<c>\r</c>): the share of the input read and the time
/// left when the input's size is known (a file), otherwise the rows done and the rate. Redrawn at most every
/// quarter second; <see cref="Finish"/> ends the line. Progress is never part of a command's output.
/// </summary>
internal sealed class ProgressLine
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private readonly TextWriter _error;
    private readonly Func<TimeSpan> _elapsed;
    private readonly long? _total;
    private readonly Func<long> _done;
    private readonly string _doneName;
    private TimeSpan? _drawn;
    private int _width;
    private int _pass;
    private TimeSpan _passStarted;

    /// <param name="error">Standard error.</param>
    /// <param name="elapsed">The time since the run started.</param>
    /// <param name="total">The input's size in bytes, or null when it is not known (standard input).</param>
    /// <param name="done">The bytes of the input read so far.</param>
    /// <param name="doneName">What the second count of <see cref="CaseloadProgress.Allocated"/> is called ("allocated", "compared").</param>
    public ProgressLine(TextWriter error, Func<TimeSpan> elapsed, long? total, Func<long> done, string doneName)
    {
        _error = error;
        _elapsed = elapsed;
        _total = total is > 0 ? total : null;
        _done = done;
        _doneName = doneName;
    }

    /// <summary>A progress line when one should be drawn (standard error is a terminal and --quiet was not given), otherwise null.</summary>
    public static ProgressLine? For(ConsoleInfo console, bool quiet, TextWriter error, long? total, Func<long> done, string doneName) =>
        quiet || !console.ErrorIsTerminal ? null : new ProgressLine(error, console.StartClock(), total, done, doneName);

    /// <summary>Redraws the line for the rows done so far (at most every quarter second).</summary>
    public void Report(CaseloadProgress p)
    {
        var now = _elapsed();
        if (_drawn is { } drawn && now - drawn < TimeSpan.FromSeconds(0.25))
        {
            return;
        }

        _drawn = now;
        var rows = string.Create(C, $"{p.RowsRead:N0} {(p.RowsRead == 1 ? "row" : "rows")} ({p.Allocated:N0} {_doneName}, {p.Rejected:N0} rejected)");
        string text;
        if (_total is { } total)
        {
            var share = Math.Clamp((double)_done() / total, 0, 1);
            text = string.Create(C, $"{share * 100,3:0}% {rows}") + (share > 0 && now > TimeSpan.Zero ? ", " + Left(TimeSpan.FromSeconds(now.TotalSeconds * (1 - share) / share)) : "");
        }
        else
        {
            text = rows + string.Create(C, $", {p.RowsRead / Math.Max(0.001, now.TotalSeconds):N0} rows/s");
        }

        // Pad over the end of a longer line drawn before.
        _error.Write("\r" + text.PadRight(_width));
        _width = text.Length;
    }

    /// <summary>
    /// Redraws the line for a calibration's read of its history (at most every quarter second, and at the start
    /// of each read): the read's number and purpose, the share of the file read and the time left for this read.
    /// </summary>
    public void Report(Ras.Calibration.CalibrationProgress p)
    {
        var now = _elapsed();
        var newPass = p.Pass != _pass;
        if (!newPass && _drawn is { } drawn && now - drawn < TimeSpan.FromSeconds(0.25))
        {
            return;
        }

        if (newPass)
        {
            _pass = p.Pass;
            _passStarted = now;
        }

        _drawn = now;
        var share = p.Length > 0 ? Math.Clamp((double)p.BytesRead / p.Length, 0, 1) : 0;
        var spent = now - _passStarted;
        var text = string.Create(C, $"read {p.Pass} of the history ({p.Stage}): {share * 100,3:0}%")
            + (share > 0 && spent > TimeSpan.Zero && share < 1 ? ", " + Left(TimeSpan.FromSeconds(spent.TotalSeconds * (1 - share) / share)) : "");
        _error.Write("\r" + text.PadRight(_width));
        _width = text.Length;
    }

    /// <summary>Ends the line, so that what follows starts on a line of its own.</summary>
    public void Finish()
    {
        if (_width > 0)
        {
            _error.WriteLine();
        }
    }

    /// <summary>The time left, rounded up and in words: "about 5 s left", "about 2 min 10 s left", "about 1 h 5 min left".</summary>
    internal static string Left(TimeSpan left)
    {
        var s = (long)Math.Ceiling(left.TotalSeconds);
        return "about " + (s < 60 ? string.Create(C, $"{s} s")
            : s < 3600 ? string.Create(C, $"{s / 60} min {s % 60} s")
            : string.Create(C, $"{s / 3600} h {s % 3600 / 60} min")) + " left";
    }
}
