using Ras.Engine.Models;

namespace Ras.Engine.Tests.Models;

public class ModelRegistryTests
{
    private static RasModel Version(string version, string from, string? to)
    {
        var json = File.ReadAllText(TestModels.Fixture("models/minimal.json"))
            .Replace("\"version\": \"1.0.0\"", $"\"version\": \"{version}\"", StringComparison.Ordinal)
            .Replace("\"effectiveFrom\": \"2026-04-01\"", $"\"effectiveFrom\": \"{from}\"", StringComparison.Ordinal)
            .Replace("\"effectiveTo\": \"2027-03-31\"", to is null ? "\"effectiveTo\": null" : $"\"effectiveTo\": \"{to}\"", StringComparison.Ordinal);
        return TestModels.FromJson(json);
    }

    [Theory]
    [InlineData("2026-04-01", "1.0.0")]
    [InlineData("2027-03-31", "1.0.0")]
    [InlineData("2027-04-01", "1.1.0")]
    [InlineData("2030-01-01", "1.1.0")]
    public void Find_AsOfDate_PicksTheVersionInForce(string asOf, string version)
    {
        var registry = new ModelRegistry(new[] { Version("1.1.0", "2027-04-01", null), Version("1.0.0", "2026-04-01", "2027-03-31") });

        Assert.Equal(version, registry.Find("minimal", DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture))?.Version);
    }

    [Fact]
    public void Find_BeforeAnyVersion_IsNull()
    {
        var registry = new ModelRegistry(new[] { Version("1.0.0", "2026-04-01", "2027-03-31") });

        Assert.Null(registry.Find("minimal", new DateOnly(2026, 3, 31)));
        Assert.Null(registry.Find("other", new DateOnly(2026, 6, 1)));
    }

    [Fact]
    public void New_OverlappingVersions_AreRejected()
    {
        var ex = Assert.Throws<ModelValidationException>(() => new ModelRegistry(new[] { Version("1.0.0", "2026-04-01", "2027-03-31"), Version("1.1.0", "2027-01-01", null) }));

        Assert.Equal("overlapping-versions", Assert.Single(ex.Errors).Code);
    }

    [Fact]
    public void LoadDirectory_ShippedModels_LoadsBoth()
    {
        var registry = ModelRegistry.LoadDirectory(TestModels.Repo("models"));

        Assert.Equal(new[] { "default-adult", "norfolk-children-primary" }, registry.Ids.Order());
        Assert.Equal(TestModels.Default.ContentHash, registry.Find("default-adult", new DateOnly(2026, 11, 1))!.ContentHash);
    }
}
