namespace Ras.Service.Tests;

/// <summary>
/// A test that needs headless Chromium (Debian's <c>chromium</c>; set RAS_CHROMIUM to use another). Without a
/// browser it is skipped with the reason, unless CI=true: CI installs Chromium, so there it runs (and fails
/// when the browser is missing).
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.Path is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "headless Chromium is not installed (apt-get install -y chromium, or set RAS_CHROMIUM); CI installs it and runs this test";
        }
    }
}

/// <summary>Where Chromium is.</summary>
public static class Chromium
{
    public static string? Path { get; } =
        new[] { Environment.GetEnvironmentVariable("RAS_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));
}
