using System.Diagnostics;

namespace Ras.Engine.Tests.Rendering;

/// <summary>
/// Debian's headless Chromium (<c>apt-get install chromium</c>; .ci/run installs it before the tests). A test
/// that needs it is skipped, with the reason, when no browser is installed and CI is unset; under CI=true it
/// runs and fails without a browser.
/// </summary>
internal static class HeadlessChromium
{
    public static readonly string? Path = new[] { "chromium", "chromium-browser", "google-chrome" }
        .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator).Select(dir => System.IO.Path.Combine(dir, name)))
        .FirstOrDefault(File.Exists);

    /// <summary>The page's DOM after loading and its screenshot's size in bytes.</summary>
    public static (string Dom, long ScreenshotBytes) Render(string htmlFile)
    {
        var browser = Path ?? throw new InvalidOperationException("headless Chromium is not installed (apt-get install chromium); CI=true requires it");
        var profile = Directory.CreateTempSubdirectory("ras-chromium-");
        try
        {
            var screenshot = System.IO.Path.Combine(profile.FullName, "page.png");
            var url = new Uri(htmlFile).AbsoluteUri;
            var dom = Run(browser, profile.FullName, "--dump-dom", url);
            Run(browser, profile.FullName, $"--screenshot={screenshot}", "--window-size=1000,1800", url);
            return (dom, File.Exists(screenshot) ? new FileInfo(screenshot).Length : 0);
        }
        finally
        {
            profile.Delete(true);
        }
    }

    private static string Run(string browser, string profile, params string[] args)
    {
        var start = new ProcessStartInfo(browser) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}" }.Concat(args))
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(true);
            throw new TimeoutException("headless Chromium did not finish within 120 s");
        }

        return output.Result;
    }
}

/// <summary>A fact that needs headless Chromium: skipped when none is installed and CI is unset.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Path is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "headless Chromium is not installed (apt-get install chromium); under CI=true this test runs and fails without it";
        }
    }
}
