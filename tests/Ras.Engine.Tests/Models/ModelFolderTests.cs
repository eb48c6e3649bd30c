using Ras.Engine.Assessments;

namespace Ras.Engine.Tests.Models;

public sealed class ModelFolderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ras-models-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Minimal(string version, string from, string? to) =>
        File.ReadAllText(TestModels.Fixture("models/minimal.json"))
            .Replace("\"version\": \"1.0.0\"", $"\"version\": \"{version}\"", StringComparison.Ordinal)
            .Replace("\"effectiveFrom\": \"2026-04-01\"", $"\"effectiveFrom\": \"{from}\"", StringComparison.Ordinal)
            .Replace("\"effectiveTo\": \"2027-03-31\"", to is null ? "\"effectiveTo\": null" : $"\"effectiveTo\": \"{to}\"", StringComparison.Ordinal);

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the folder was not reloaded within 10 seconds");
    }

    [Fact]
    public async Task Open_FileAddedChangedOrBroken_ReloadsAndKeepsTheLastGoodRegistry()
    {
        File.WriteAllText(Path.Combine(_folder, "v1.json"), Minimal("1.0.0", "2026-04-01", "2027-03-31"));
        using var folder = ModelFolder.Open(_folder, delay: TimeSpan.FromMilliseconds(50));
        var before = folder.Registry;
        var held = before.Find("minimal", new DateOnly(2026, 6, 1))!;
        Assert.Null(before.Find("minimal", new DateOnly(2027, 6, 1)));

        File.WriteAllText(Path.Combine(_folder, "v2.json"), Minimal("1.1.0", "2027-04-01", null));
        await Until(() => folder.Generation == 1);

        Assert.Equal("1.1.0", folder.Registry.Find("minimal", new DateOnly(2027, 6, 1))!.Version);
        Assert.Null(before.Find("minimal", new DateOnly(2027, 6, 1))); // a registry already handed out never changes
        Assert.Empty(folder.LastErrors);

        File.WriteAllText(Path.Combine(_folder, "v3.json"), "{ \"id\": ");
        await Until(() => folder.LastErrors.Count > 0);

        Assert.Equal(1, folder.Generation);
        Assert.Equal("1.1.0", folder.Registry.Find("minimal", new DateOnly(2027, 6, 1))!.Version);
        Assert.Equal("invalid-json", folder.LastErrors[0].Code);
        Assert.EndsWith("v3.json", folder.LastErrors[0].Source, StringComparison.Ordinal);
        Assert.Equal(held.ContentHash, before.Find("minimal", new DateOnly(2026, 6, 1))!.ContentHash);

        File.Delete(Path.Combine(_folder, "v3.json"));
        await Until(() => folder.Generation == 2);
        Assert.Empty(folder.LastErrors);
    }

    [Fact]
    public void Reload_WithoutWatching_IsExplicit()
    {
        File.WriteAllText(Path.Combine(_folder, "v1.json"), Minimal("1.0.0", "2026-04-01", "2027-03-31"));
        using var folder = ModelFolder.Open(_folder, watch: false);
        File.WriteAllText(Path.Combine(_folder, "v2.json"), Minimal("1.0.1", "2027-01-01", null));

        Assert.False(folder.Reload());

        Assert.Equal("overlapping-versions", Assert.Single(folder.LastErrors).Code);
        Assert.Single(folder.Registry.Models);
    }

    [Fact]
    public void Open_MissingFolder_Throws() =>
        Assert.Throws<DirectoryNotFoundException>(() => ModelFolder.Open(Path.Combine(_folder, "nope")));
}
