using Ras.Engine.Models;

namespace Ras.Engine;

/// <summary>
/// A folder of model files kept loaded as a <see cref="ModelRegistry"/>, and loaded again when a file in it is
/// created, changed, renamed or deleted. Each reload builds a new registry and swaps it in whole, so an
/// allocation that already holds a model (or the registry) finishes with it undisturbed, and a folder that
/// fails to load (an invalid file, a file half written) keeps the last good registry in force and records
/// every problem in <see cref="LastErrors"/>. Thread-safe; dispose it to stop watching.
/// </summary>
public sealed class ModelFolder : IDisposable
{
    private readonly object _gate = new();
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer _debounce;
    private readonly TimeSpan _delay;
    private volatile ModelRegistry _registry;
    private volatile IReadOnlyList<ModelError> _lastErrors = Array.Empty<ModelError>();
    private long _generation;
    private bool _disposed;

    private ModelFolder(string path, ModelRegistry registry, bool watch, TimeSpan delay)
    {
        Path = path;
        _registry = registry;
        _delay = delay;
        _debounce = new Timer(_ => TryReload(), null, Timeout.Infinite, Timeout.Infinite);
        if (watch)
        {
            _watcher = new FileSystemWatcher(path, "*.json") { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size };
            _watcher.Created += OnChange;
            _watcher.Changed += OnChange;
            _watcher.Deleted += OnChange;
            _watcher.Renamed += OnChange;
            _watcher.EnableRaisingEvents = true;
        }
    }

    /// <summary>Raised after each reload attempt triggered by a file change, on a thread-pool thread.</summary>
    public event EventHandler<ModelFolderReloadedEventArgs>? Reloaded;

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>The registry in force: the last one that loaded without a problem.</summary>
    public ModelRegistry Registry => _registry;

    /// <summary>Every problem of the last reload, or empty when it succeeded (the registry in force is then its result).</summary>
    public IReadOnlyList<ModelError> LastErrors => _lastErrors;

    /// <summary>How many times a registry has been swapped in since the folder was opened (0 at first).</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>
    /// Loads every model under <paramref name="path"/> (as <see cref="ModelRegistry.LoadDirectory"/>) and, when
    /// <paramref name="watch"/> is true, reloads after files change (changes within <paramref name="delay"/>,
    /// 250 ms by default, are taken together, so that a file being written is read once it is complete).
    /// </summary>
    /// <exception cref="ModelValidationException">The folder's models do not load now; lists every problem.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static ModelFolder Open(string path, bool watch = true, TimeSpan? delay = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = System.IO.Path.GetFullPath(path);
        return new ModelFolder(full, ModelRegistry.LoadDirectory(full), watch, delay ?? TimeSpan.FromMilliseconds(250));
    }

    /// <summary>
    /// Loads the folder again now. On success the new registry is in force and true is returned; otherwise the
    /// registry in force is kept, <see cref="LastErrors"/> lists every problem and false is returned.
    /// </summary>
    public bool Reload()
    {
        lock (_gate)
        {
            try
            {
                var registry = ModelRegistry.LoadDirectory(Path);
                _registry = registry;
                _lastErrors = Array.Empty<ModelError>();
                Interlocked.Increment(ref _generation);
                return true;
            }
            catch (ModelValidationException ex)
            {
                _lastErrors = ex.Errors;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _lastErrors = new[] { new ModelError(ModelErrorCodes.InvalidJson, "", "the folder could not be read: " + ex.Message, "readable model files", null, Path) };
            }

            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _watcher?.Dispose();
        _debounce.Dispose();
    }

    private void OnChange(object sender, FileSystemEventArgs e)
    {
        if (e.FullPath.EndsWith(".schema.json", StringComparison.Ordinal))
        {
            return;
        }

        lock (_gate)
        {
            if (!_disposed)
            {
                _debounce.Change(_delay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void TryReload()
    {
        var ok = Reload();
        Reloaded?.Invoke(this, new ModelFolderReloadedEventArgs(ok, ok ? Array.Empty<ModelError>() : LastErrors));
    }
}
