using Ras.Engine;
using Ras.Engine.Models;

namespace Ras.Cli.Commands;

/// <summary>Loads the model a command names, or the embedded default; prints every problem when it is invalid.</summary>
internal static class ModelSource
{
    public static RasModel? Load(string? path, TextWriter stderr)
    {
        if (path is null)
        {
            return RasModel.Default;
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException(Directory.Exists(path) ? $"'{path}' is a folder, not a model file: give the model's .json file (or --models FOLDER where a command takes one)" : $"model file '{path}' does not exist", path);
        }

        using var stream = File.OpenRead(path);
        var model = RasModel.TryLoad(stream, path, out var errors);
        if (model is null)
        {
            stderr.WriteLine($"{path}: the model is not valid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}); nothing was run:");
            foreach (var e in errors)
            {
                stderr.WriteLine("  " + e.Message);
            }
        }

        return model;
    }
}
