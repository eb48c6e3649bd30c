using Ras.Engine.Models;

namespace Ras.Engine;

/// <summary>What a reload of a <see cref="ModelFolder"/> gave.</summary>
public sealed class ModelFolderReloadedEventArgs : EventArgs
{
    internal ModelFolderReloadedEventArgs(bool succeeded, IReadOnlyList<ModelError> errors)
    {
        Succeeded = succeeded;
        Errors = errors;
    }

    /// <summary>True when the new registry is in force; false when the previous one was kept.</summary>
    public bool Succeeded { get; }

    /// <summary>Every problem that kept the previous registry in force; empty on success.</summary>
    public IReadOnlyList<ModelError> Errors { get; }
}
