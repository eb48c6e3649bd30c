using Ras.Engine.Models;

namespace Ras.Engine.Tests;

/// <summary>Shared fixtures: the shipped models and the small test model, loaded once.</summary>
internal static class TestModels
{
    private static readonly Lazy<RasModel> MinimalModel = new(() => RasModel.LoadFile(Fixture("models/minimal.json")));
    private static readonly Lazy<RasModel> NorfolkModel = new(() => RasModel.LoadFile(Repo("models/norfolk-children/norfolk-children-primary-1.0.0.json")));

    public static RasModel Default => RasModel.Default;

    public static RasModel Minimal => MinimalModel.Value;

    public static RasModel Norfolk => NorfolkModel.Value;

    public static IEnumerable<RasModel> Shipped => new[] { Default, Norfolk };

    public static string Fixture(string relative) => Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);

    /// <summary>A path from the repository root (found by walking up to Ras.Engine.sln).</summary>
    public static string Repo(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ras.Engine.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Ras.Engine.sln not found above the test folder."), relative);
    }

    public static RasModel FromJson(string json) => RasModel.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "test.json");

    public static IReadOnlyList<ModelError> ErrorsOf(string json) => RasModel.Validate(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "test.json");
}
