using System.Globalization;
using System.Text.RegularExpressions;
using Ras.Calibration;
using Ras.Engine.Models;
using Ras.Rendering;

namespace Ras.Engine.Tests.Rendering;

public class CalibrationReportHtmlTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 23);

    /// <summary>The default questionnaire without add-ons, so that costs are the priced amount alone.</summary>
    private static readonly RasModel Base = TestModels.Default.ApplyChange(new MemoryStream("""{ "changes": [ { "path": "/addOns", "value": [] } ] }"""u8.ToArray()), "no-add-ons.json");

    private static string History(int count)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ras-history-{Guid.NewGuid():N}.csv");
        using var w = new StreamWriter(path);
        HistoryGeneration.Write(Base, Base, count, 5, 0.05, w);
        return path;
    }

    [Fact]
    public void Render_IsSelfContainedWithItsCharts_AndDeterministic()
    {
        var history = History(800);
        CalibrationResult Run() => Calibrator.Calibrate(Base, history, new CalibrationOptions(CalibrationMethod.PricePerPoint, AsOf));

        var html = CalibrationReportHtml.Render(Run());

        Assert.Equal(html, CalibrationReportHtml.Render(Run()));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Matches(html, "<svg ").Count); // points against cost, fairness by group, coverage by band
        Assert.Contains("<path d=\"M", html, StringComparison.Ordinal); // the fitted curve
        Assert.DoesNotMatch("(src|href)=|<script|@import|url\\(", html); // nothing to fetch: opens offline
    }

    [Fact]
    public void Render_WithoutAFit_ShowsTheErrorsAndNoCharts()
    {
        var result = Calibrator.Calibrate(Base, History(60), new CalibrationOptions(CalibrationMethod.BandAmounts, AsOf, minimumRowsPerBand: 1000));

        var html = CalibrationReportHtml.Render(result);

        Assert.Null(result.FitDescription);
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<pre", html, StringComparison.Ordinal); // tables, not a console dump
        Assert.Contains("<strong>Error:</strong> band ", html, StringComparison.Ordinal);
        Assert.Contains("No model was made", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("ar-SA")]
    public void Render_IsTheSameInAnyCulture(string culture)
    {
        var result = Calibrator.Calibrate(Base, History(800), new CalibrationOptions(CalibrationMethod.BandAmounts, AsOf, minimumRowsPerBand: 20, suggestBands: 4, envelope: 5_000_000m, contingencyPercent: 2.5m));
        var invariant = InCulture(CultureInfo.InvariantCulture, () => CalibrationReportHtml.Render(result));

        var rendered = InCulture(CultureInfo.GetCultureInfo(culture), () => CalibrationReportHtml.Render(result));

        Assert.Contains("<h2>Affordability</h2>", invariant, StringComparison.Ordinal);
        Assert.Contains("Suggested bands", invariant, StringComparison.Ordinal);
        Assert.Equal(invariant, rendered);
    }

    [Fact]
    public void Render_StartsWithAPlainSummary_NamingTheModelFileWritten()
    {
        var result = Calibrator.Calibrate(Base, History(800), new CalibrationOptions(CalibrationMethod.PricePerPoint, AsOf));

        var html = CalibrationReportHtml.Render(result, "out/calibrated.json");

        var summary = html.IndexOf("<h2>Summary</h2>", StringComparison.Ordinal);
        Assert.True(summary > 0 && summary < html.IndexOf("<svg", StringComparison.Ordinal), "the summary comes before the charts");
        Assert.Contains($"The calibrated model is {result.Model!.Id} {result.Model.Version} ({result.Model.ContentHash}), written to <code>out/calibrated.json</code>.", html, StringComparison.Ordinal);
        Assert.Contains("Fitted the prices (price per point) of", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<pre", html, StringComparison.Ordinal);
        Assert.Contains("<th>RMSE (a year)</th>", html, StringComparison.Ordinal); // the accuracy table
        Assert.Contains("<dt>RMSE (root mean square error)</dt>", html, StringComparison.Ordinal); // the glossary
        Assert.DoesNotContain("PricePerPoint", html, StringComparison.Ordinal);
        Assert.DoesNotContain("learning_disability", html, StringComparison.Ordinal); // groups by their readable names
    }

    [Fact]
    public void Render_Summary_CountsTheExcludedRowsByTheirReasons()
    {
        var result = Calibrator.Calibrate(TestModels.Default, TestModels.Repo("samples/history.csv"), new CalibrationOptions(CalibrationMethod.PricePerPoint, AsOf));
        var byReason = result.Excluded.GroupBy(e => e.Reason.Split(':')[0]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count():N0}");

        var html = CalibrationReportHtml.Render(result);

        Assert.Contains($"({result.Excluded.Count:N0} excluded: {string.Join(", ", byReason)}).", html, StringComparison.Ordinal);
        Assert.Contains("excluded: no cost ", html, StringComparison.Ordinal); // the sample's largest reason, once left out
    }

    [Fact]
    public void Render_WithoutAModelFile_SaysTheModelWasNotWritten()
    {
        var html = CalibrationReportHtml.Render(Calibrator.Calibrate(Base, History(400), new CalibrationOptions(CalibrationMethod.PricePerPoint, AsOf)));

        Assert.Contains("; it was not written to a file.", html, StringComparison.Ordinal);
    }

    private static T InCulture<T>(CultureInfo culture, Func<T> action)
    {
        var (current, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
            return action();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (current, ui);
        }
    }
}
