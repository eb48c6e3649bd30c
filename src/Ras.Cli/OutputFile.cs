using System.Runtime.InteropServices;
using Ras.Cli.Parsing;

namespace Ras.Cli;

/// <summary>
/// An output file written safely: to a temporary file in the same folder, renamed over the final name only by
/// <see cref="Commit"/> (or, for a command's several outputs together, <see cref="CommitAll"/>). Until then the
/// previous file (if any) is untouched and nothing partial carries the final name; disposing without committing,
/// an exception, Ctrl-C or a termination signal removes the temporary file. (A process killed outright cannot
/// clean up: its temporary file, named <c>.NAME.ras-PID-N.tmp</c>, stays beside the untouched final file.) A
/// symbolic link is followed (the file it points to is replaced, the link kept); the replacement keeps the
/// previous file's permissions. A path that is not a regular file (a device such as <c>/dev/null</c>, a named
/// pipe) is written in place, never replaced by a file. The path <c>-</c> means standard output, written
/// directly; a reader that closes it early makes the write fail (broken pipe) instead of being ignored.
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
    private readonly string? _target;
    private bool _committed;

    private OutputFile(string path, string? temp, string? target, Stream stream)
    {
        Path = path;
        _temp = temp;
        _target = target;
        Stream = stream;
    }

    /// <summary>The final path (or <c>-</c>).</summary>
    public string Path { get; }

    /// <summary>Where to write.</summary>
    public Stream Stream { get; }

    /// <summary>True when this output is standard output.</summary>
    public bool IsStandardOutput => Path == StandardStream;

    /// <summary>
    /// Creates the temporary file beside the file <paramref name="path"/> names (or opens standard output for
    /// <c>-</c>, or a device or named pipe in place).
    /// </summary>
    public static OutputFile Create(string path)
    {
        if (path == StandardStream)
        {
            return new OutputFile(path, null, null, OpenStandardOutput());
        }

        if (FileType(path) is { } type && type != RegularFile && type != Folder)
        {
            // /dev/null, a named pipe, a socket, /dev/fd/N of a shell's process substitution: what the user asked to
            // write to, not a file to replace. (Asked of the path as given: a link to a pipe resolves to no path.)
            return new OutputFile(path, null, null, new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16));
        }

        var full = RealPath(path);

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

            FileStream stream;
            try
            {
                stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            }
            catch (IOException) when (File.Exists(temp))
            {
                Forget(temp); // a leftover of a killed run with the same process id: take the next name
                continue;
            }
            catch
            {
                Forget(temp);
                throw;
            }

            KeepMode(stream, full);
            return new OutputFile(path, temp, full, stream);
        }
    }

    /// <summary>
    /// Gives the new file the previous file's permissions (results are personal data: a file the user made private
    /// stays private when replaced). Best effort: a file system that cannot say or set them leaves the default.
    /// </summary>
    private static void KeepMode(FileStream stream, string previous)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(previous))
        {
            return;
        }

        try
        {
            File.SetUnixFileMode(stream.SafeFileHandle, File.GetUnixFileMode(previous));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // The replacement gets the default permissions; the previous file's are not knowable or settable here.
        }
    }

    /// <summary>Writes all of <paramref name="text"/> to <paramref name="path"/> safely (UTF-8, no byte-order mark).</summary>
    public static void WriteAllText(string path, string text)
    {
        using var file = Create(path);
        file.Write(text);
        file.Commit();
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8, no byte-order mark); nothing carries the final name until committed.</summary>
    public void Write(string text) => Stream.Write(new System.Text.UTF8Encoding(false).GetBytes(text));

    /// <summary>Flushes the data to disk and renames the temporary file over the final name.</summary>
    public void Commit() => CommitAll(this);

    /// <summary>
    /// Commits a command's outputs together: every one is flushed to disk first (where a full disk or a closed
    /// pipe shows), and only then is each renamed over its final name, so that a failure while writing leaves
    /// every previous file as it was rather than new results beside an old summary. (A rename itself that fails,
    /// say over a file made immutable, can still leave the outputs renamed before it replaced.)
    /// </summary>
    public static void CommitAll(params OutputFile?[] files)
    {
        foreach (var file in files)
        {
            if (file?._temp is null)
            {
                file?.Stream.Flush();
            }
            else
            {
                ((FileStream)file.Stream).Flush(flushToDisk: true);
            }
        }

        foreach (var file in files)
        {
            if (file is null || file._committed)
            {
                continue;
            }

            if (file._temp is not null)
            {
                file.Stream.Dispose();
                File.Move(file._temp, file._target!, overwrite: true);
                Forget(file._temp);
            }

            file._committed = true;
        }
    }

    /// <summary>Removes the temporary file unless the output was committed.</summary>
    public void Dispose()
    {
        try
        {
            if (_temp is null)
            {
                Stream.Flush();
                if (!IsStandardOutput)
                {
                    Stream.Dispose();
                }
            }
            else
            {
                Stream.Dispose();
            }
        }
        catch (IOException) when (!_committed)
        {
            // The write already failed (a full disk, a closed pipe): that failure is the one reported.
        }
        finally
        {
            if (_temp is not null && !_committed)
            {
                File.Delete(_temp);
                Forget(_temp);
            }
        }
    }

    /// <summary>
    /// Standard output as a stream whose writes fail when the reader has gone (the console stream ignores a broken
    /// pipe, which would report success for output nobody received).
    /// </summary>
    private static Stream OpenStandardOutput() => FileType("/dev/stdout") is Pipe or Socket
        ? new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(1, ownsHandle: false), FileAccess.Write, 1)
        : Console.OpenStandardOutput();

    /// <summary>
    /// Where standard output goes when it is a file (Linux: <c>/proc/self/fd/1</c>); null for a terminal, a pipe,
    /// or where the system does not say.
    /// </summary>
    internal static string? StandardOutputFile()
    {
        try
        {
            return OperatingSystem.IsLinux() && File.ResolveLinkTarget("/proc/self/fd/1", returnFinalTarget: false) is { } target
                && System.IO.Path.IsPathFullyQualified(target.FullName) && FileType(target.FullName) == RegularFile
                ? target.FullName
                : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// What the path names (links followed): a regular file, a folder, a device, a named pipe or a socket, as the
    /// type bits of its mode; null when it does not exist or the system cannot say (Windows), so that the caller
    /// treats it as a file, as before. .NET has no public way to ask, so this uses the runtime's own native helper
    /// (<c>SystemNative_Stat</c>, shipped with every .NET runtime on Unix).
    /// </summary>
    private static int? FileType(string path) => Mode(path) & FileTypeMask;

    /// <summary>The file's mode (type and permissions) as Unix's stat gives it; null on Windows or when it cannot be read.</summary>
    private static int? Mode(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            var status = new byte[512];
            return Stat(path, status) == 0 ? BitConverter.ToInt32(status, 4) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private const int FileTypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int Folder = 0x4000;
    private const int Pipe = 0x1000;
    private const int Socket = 0xC000;

    // The runtime's stat: its FileStatus starts with two 32-bit fields, Flags then Mode (the type in Mode & 0xF000).
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);

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
        var standardOutput = false;
        foreach (var (option, given) in outputs)
        {
            // Standard output redirected to a file (ras batch x.csv --out - >> x.csv) is checked like any output,
            // once: two outputs may both go to standard output (--out - --summary -), one after the other.
            if (given == StandardStream && standardOutput)
            {
                continue;
            }

            standardOutput |= given == StandardStream;
            var path = given == StandardStream ? StandardOutputFile() : given;
            if (path is null || path == StandardStream)
            {
                continue;
            }

            var real = RealPath(path);
            var clash = seen.FindIndex(s => string.Equals(s.Real, real, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));
            if (clash >= 0)
            {
                var (otherOption, otherPath, _) = seen[clash];
                var what = given == StandardStream ? $"{option} - (standard output, redirected to '{path}')" : $"{option} '{path}'";
                throw new UsageException(clash < inputCount
                    ? $"{what} is the same file as the input {otherOption} '{otherPath}'; writing it would destroy the input. Choose another output file"
                    : $"{what} is the same file as {otherOption} '{otherPath}'; choose different output files");
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
