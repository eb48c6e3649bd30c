using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Ras.Service.Tests;

/// <summary>
/// The self-assessment page in a real browser (headless Chromium driven by Playwright) against the service on
/// Kestrel: a person fills in the sample assessment part by part, with the keyboard for moving between parts,
/// and sees the same range and explanation as <c>ras allocate samples/assessment.json --explain</c>.
/// </summary>
public sealed class PageTests : IAsyncLifetime
{
    private readonly ServiceFactory _factory = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _base = "";

    public async Task InitializeAsync()
    {
        if (Chromium.Path is null)
        {
            return;
        }

        _factory.UseKestrel(0);
        _factory.StartServer();
        _base = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium.Path, Headless = true, Args = new[] { "--no-sandbox" } });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        await _factory.DisposeAsync();
    }

    [BrowserFact]
    public async Task Page_FilledWithTheSample_ShowsTheRangeAndExplanationOfRasAllocate()
    {
        Assert.NotNull(Chromium.Path); // under CI=true a missing browser fails here
        var expected = RasAllocate("samples/assessment.json");
        var sample = JsonDocument.Parse(File.ReadAllText(ServiceFactory.Repo("samples/assessment.json"))).RootElement;
        var page = await _browser!.NewPageAsync();

        await page.GotoAsync($"{_base}/?asOf={sample.GetProperty("asOf").GetString()}");
        await page.Locator("#part-0").WaitForAsync();
        Assert.True(await page.Locator("#result-figures").IsHiddenAsync());
        Assert.StartsWith($"Answer {Ras.Engine.RasModel.Default.Questionnaire.Domains.Sum(d => d.Questions.Count(q => q.Required))} more questions", await page.Locator("#result-waiting").InnerTextAsync(), StringComparison.Ordinal);

        var parts = await page.Locator("section.part").CountAsync();
        for (var part = 0; part < parts; part++)
        {
            var section = page.Locator($"#part-{part}");
            Assert.True(await section.IsVisibleAsync(), $"part {part} is not shown");
            if (part > 0)
            {
                Assert.Equal($"part-{part}-title", await page.EvaluateAsync<string>("document.activeElement.id")); // focus follows the part
            }

            await Fill(page, section, sample);
            if (part == 1)
            {
                // The answers stay in this browser: a reload keeps them.
                await page.ReloadAsync();
                await page.Locator("#part-0").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
                Assert.True(await page.Locator("input[name='answer:eating'][value='some_help']").IsCheckedAsync());
                await page.Locator("#next").FocusAsync();
                await page.Keyboard.PressAsync("Enter");
            }

            await page.Locator("#next").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
        }

        await page.Locator("#summary").WaitForAsync();
        Assert.Equal("summary-title", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Locator("#result-body[aria-busy='false'] #result-figures").WaitForAsync();
        var annual = expected.GetProperty("annual");
        Assert.Equal(Money(annual.GetProperty("lower").GetDecimal()), await page.Locator("#range-lower").InnerTextAsync());
        Assert.Equal(Money(annual.GetProperty("indicative").GetDecimal()), await page.Locator("#range-indicative").InnerTextAsync());
        Assert.Equal(Money(annual.GetProperty("upper").GetDecimal()), await page.Locator("#range-upper").InnerTextAsync());
        Assert.StartsWith(expected.GetProperty("band").GetProperty("id").GetString() + " (", await page.Locator("#band").InnerTextAsync(), StringComparison.Ordinal);

        await page.Locator("#explanation-box summary").ClickAsync();
        var shown = await page.Locator("#explanation li").EvaluateAllAsync<string[][]>("items => items.map(li => [li.querySelector('.step-title').textContent, li.querySelector('.step-detail').textContent])");
        var steps = expected.GetProperty("explanation").EnumerateArray().Select(s => new[] { $"{s.GetProperty("title").GetString()}: {s.GetProperty("value").GetString()}", s.GetProperty("detail").GetString()! }).ToArray();
        Assert.Equal(steps.Length, shown.Length);
        for (var i = 0; i < steps.Length; i++)
        {
            Assert.Equal(steps[i], shown[i]);
        }

        Assert.Equal(0, await page.EvaluateAsync<int>("sessionStorage.length"));

        // The printed summary is one page.
        var pdf = Encoding.Latin1.GetString(await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true }));
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(pdf, @"/Type\s*/Page(?!s)"));
    }

    [BrowserFact]
    public async Task Page_EveryControlIsLabelled_AndTextMeetsAAContrast()
    {
        Assert.NotNull(Chromium.Path);
        var page = await _browser!.NewPageAsync();
        await page.GotoAsync($"{_base}/?asOf=2026-11-01");
        await page.Locator("#part-0").WaitForAsync();

        var unlabelled = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('input, select')].filter(e => e.labels.length === 0 || [...e.labels].some(l => !l.textContent.trim())).map(e => e.name)
            .concat([...document.querySelectorAll('input[type=radio]')].filter(e => !e.closest('fieldset')?.querySelector('legend')?.textContent.trim()).map(e => 'no legend: ' + e.name))
            """);
        Assert.Empty(unlabelled);

        // WCAG 2.2 AA 1.4.3: 4.5:1 for text, 3:1 for large text, for every element showing text, in every part.
        for (var part = 0; part < await page.Locator("section.part").CountAsync(); part++)
        {
            var failures = await page.EvaluateAsync<string[]>(ContrastScript);
            Assert.Empty(failures);
            await page.Locator("#next").ClickAsync();
        }

        Assert.Contains("Please answer these questions first", await page.Locator("#status").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(await page.EvaluateAsync<string[]>(ContrastScript));
    }

    private const string ContrastScript = """
        (() => {
          const rgb = s => (s.match(/[\d.]+/g) || []).map(Number);
          const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }).reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
          const background = e => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length === 3 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
          const out = [];
          for (const e of document.querySelectorAll('body *')) {
            if (!e.checkVisibility() || ![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
            const s = getComputedStyle(e);
            const a = lum(rgb(s.color).slice(0, 3)), b = lum(background(e));
            const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            const large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && Number(s.fontWeight) >= 700);
            if (ratio < (large ? 3 : 4.5)) out.push(`${e.tagName}#${e.id} "${e.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
          }
          return out;
        })()
        """;

    private static async Task Fill(IPage page, ILocator section, JsonElement sample)
    {
        foreach (var (member, prefix) in new[] { ("answers", "answer"), ("anticipated", "next"), ("anticipatedWithinMonths", "within"), ("riskFactors", "risk"), ("attributes", "attr"), ("determinations", "det") })
        {
            foreach (var answer in sample.TryGetProperty(member, out var values) ? values.EnumerateObject() : default)
            {
                var radio = section.Locator($"input[name='{prefix}:{answer.Name}'][value='{(answer.Value.ValueKind == JsonValueKind.String ? answer.Value.GetString() : answer.Value.GetRawText())}']");
                if (await radio.CountAsync() > 0)
                {
                    await radio.CheckAsync();
                }
            }
        }

        var group = section.Locator("#clientGroup");
        if (await group.CountAsync() > 0)
        {
            await group.SelectOptionAsync(sample.GetProperty("clientGroup").GetString()!);
        }

        await page.WaitForTimeoutAsync(0);
    }

    private static string Money(decimal amount) => "£" + amount.ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>What <c>ras allocate FILE --explain --format json</c> prints.</summary>
    private static JsonElement RasAllocate(string sample)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = ServiceFactory.Repo("") };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "ras.dll"), "allocate", sample, "--explain", "--format", "json" })
        {
            start.ArgumentList.Add(a);
        }

        using var ras = Process.Start(start)!;
        var output = ras.StandardOutput.ReadToEnd();
        var error = ras.StandardError.ReadToEnd();
        ras.WaitForExit();
        Assert.True(ras.ExitCode == 0, $"ras allocate failed ({ras.ExitCode}): {error}");
        return JsonDocument.Parse(output).RootElement;
    }
}
