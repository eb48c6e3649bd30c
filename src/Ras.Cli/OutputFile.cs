using System.Runtime.InteropServices;
using Ras.Cli.Parsing;

namespace Ras.Cli;

/// <summary>
/// An output file written safely: to a temporary file in the same folder, renamed over the final name only by
/// <see cref="Commit"/>. Until then the previous file (if any) is untouched and nothing partial carries the final
/// name; disposing without committing, an exception, Ctrl-C or a termination signal removes the temporary
/// file. (A process killed outright cannot clean up: its temporary file, named <c>.NAME.ras-PID-N.tmp</c>,
/// stays beside the untouched final file.) The path <c>-</c> means standard output, written directly.
/// </summary>
internal sealed class OutputFile : IDisposable
{
    /// <summary>The path that means standard input (for an input) or standard output (for an output).</summary>
    public const string StandardStream = "-";

    private static readonly object Gate = new();
    private static readonly HashSet<string> Pending = new(StringComparer.Ordinal);
    private static readonly List<PosixSignalRegistration> Signals = new();
    private static int _counter;

    private readonly string? _temp;
    private bool _committed;

    private OutputFile(string path, string? temp, Stream stream)
    {
        Path = path;
        _temp = temp;
        Stream = stream;
    }

    /// <summary>The final path (or <c>-</c>).</summary>
    public string Path { get; }

    /// <summary>Where to write.</summary>
    public Stream Stream { get; }

    /// <summary>True when this output is standard output.</summary>
    public bool IsStandardOutput => _temp is null;

    /// <summary>Creates the temporary file beside <paramref name="path"/> (or opens standard output for <c>-</c>).</summary>
    public static OutputFile Create(string path)
    {
        if (path == StandardStream)
        {
            return new OutputFile(path, null, Console.OpenStandardOutput());
        }

        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        var name = System.IO.Path.GetFileName(full);
        EnsureSignalsHandled();
        while (true)
        {
            var temp = System.IO.Path.Combine(folder, $".{name}.ras-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}.tmp");
            lock (Gate)
            {
                Pending.Add(temp);
            }

            try
            {
                var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                return new OutputFile(path, temp, stream);
            }
            catch (IOException) when (File.Exists(temp))
            {
                Forget(temp); // a leftover of a killed run with the same process id: take the next name
            }
            catch
            {
                Forget(temp);
                throw;
            }
        }
    }

    /// <summary>Writes all of <paramref name="text"/> to <paramref name="path"/> safely (UTF-8, no byte-order mark).</summary>
    public static void WriteAllText(string path, string text)
    {
        using var file = Create(path);
        var bytes = new System.Text.UTF8Encoding(false).GetBytes(text);
        file.Stream.Write(bytes);
        file.Commit();
    }

    /// <summary>Flushes the data to disk and renames the temporary file over the final name.</summary>
    public void Commit()
    {
        if (_temp is null)
        {
            Stream.Flush();
            _committed = true;
            return;
        }

        if (Stream is FileStream fs)
        {
            fs.Flush(flushToDisk: true);
        }

        Stream.Dispose();
        File.Move(_temp, Path, overwrite: true);
        _committed = true;
        Forget(_temp);
    }

    /// <summary>Removes the temporary file unless the output was committed.</summary>
    public void Dispose()
    {
        if (_temp is null)
        {
            Stream.Flush();
            return;
        }

        Stream.Dispose();
        if (!_committed)
        {
            File.Delete(_temp);
            Forget(_temp);
        }
    }

    /// <summary>
    /// Refuses, before anything is opened, an output that is the same file as an input or as another output
    /// (real paths are compared, so a symbolic link to an input counts as that input).
    /// </summary>
    /// <exception cref="UsageException">Two of the paths name the same file.</exception>
    public static void CheckDistinct(IEnumerable<(string Option, string? Path)> inputs, IEnumerable<(string Option, string? Path)> outputs)
    {
        var seen = new List<(string Option, string Path, string Real)>();
        foreach (var (option, path) in inputs)
        {
            if (path is not null && path != StandardStream)
            {
                seen.Add((option, path, RealPath(path)));
            }
        }

        var inputCount = seen.Count;
        foreach (var (option, path) in outputs)
        {
            if (path is null || path == StandardStream)
            {
                continue;
            }

            var real = RealPath(path);
            var clash = seen.FindIndex(s => string.Equals(s.Real, real, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));
            if (clash >= 0)
            {
                var (otherOption, otherPath, _) = seen[clash];
                throw new UsageException(clash < inputCount
                    ? $"{option} '{path}' is the same file as the input {otherOption} '{otherPath}'; writing it would destroy the input. Choose another output file"
                    : $"{option} '{path}' is the same file as {otherOption} '{otherPath}'; choose different output files");
            }

            seen.Add((option, path, real));
        }
    }

    /// <summary>The path with every symbolic link resolved, whether or not its last part exists yet.</summary>
    internal static string RealPath(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        for (var depth = 0; depth < 40; depth++)
        {
            var root = System.IO.Path.GetPathRoot(full)!;
            var parts = full[root.Length..].Split(System.IO.Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            var current = root;
            var changed = false;
            for (var i = 0; i < parts.Length && !changed; i++)
            {
                var next = System.IO.Path.Combine(current, parts[i]);
                FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
                if (info.LinkTarget is { } target)
                {
                    // Resolve the link, then start again: its target may itself go through links.
                    var resolved = System.IO.Path.GetFullPath(target, current);
                    full = System.IO.Path.Combine(new[] { resolved }.Concat(parts.Skip(i + 1)).ToArray());
                    changed = true;
                }
                else
                {
                    current = next;
                }
            }

            if (!changed)
            {
                return current;
            }
        }

        throw new IOException($"'{path}' goes through more than 40 symbolic links (a loop?)");
    }

    private static void Forget(string temp)
    {
        lock (Gate)
        {
            Pending.Remove(temp);
        }
    }

    /// <summary>On Ctrl-C or a termination signal, removes every temporary file, then lets the signal end the process.</summary>
    private static void EnsureSignalsHandled()
    {
        lock (Gate)
        {
            if (Signals.Count > 0)
            {
                return;
            }

            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
            {
                try
                {
                    Signals.Add(PosixSignalRegistration.Create(signal, RemovePending));
                }
                catch (PlatformNotSupportedException)
                {
                    // SIGHUP and SIGQUIT do not exist on Windows; Ctrl-C (SIGINT) and SIGTERM do.
                }
            }
        }
    }

    private static void RemovePending(PosixSignalContext context)
    {
        lock (Gate)
        {
            foreach (var temp in Pending)
            {
                try
                {
                    File.Delete(temp);
                }
                catch (IOException)
                {
                    // Best effort while the process ends; the final file is untouched either way.
                }
                catch (UnauthorizedAccessException)
                {
                }
            }

            Pending.Clear();
        }

        context.Cancel = false; // the default action follows: the process ends as the signal asked
    }
}
