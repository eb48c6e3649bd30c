using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Ras.Calibration;
using Ras.Rendering;

namespace Ras.Engine.Tests.Rendering;

public class RiskCalibrationReportHtmlTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 23);
    private static Lazy<RiskCalibrationResult> Sample => Calibration.RiskCalibratorTests.Sample;

    private static string Write(string csv)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ras-reassessments-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv);
        return path;
    }

    [Fact]
    public void Render_SampleHistory_LeadsWithThePlainSummaryAndShowsTheKeyFigures()
    {
        var r = Sample.Value;

        var html = RiskCalibrationReportHtml.Render(r);

        var brief = html.IndexOf("<h2>In brief</h2>", StringComparison.Ordinal);
        Assert.True(brief > 0 && brief < html.IndexOf("<table", StringComparison.Ordinal), "the plain-English summary comes before any table");
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"(AUC {r.Auc:0.000}; 95% interval {r.AucLow:0.000} to {r.AucHigh:0.000})"), html, StringComparison.Ordinal);
        Assert.Contains("Published tools for predicting need a year ahead manage about 60% to 70%; 50% is a coin toss.", html, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"<td>{r.Brier:0.0000}</td><td class=\"l\">{r.NoSkillBrier:0.0000} for predicting the observed rate for everyone</td>"), html, StringComparison.Ordinal);
        var dementia = r.Weights.Single(w => w.Factor == "memory" && w.Level == "dementia");
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"<td>{dementia.Estimate:0.0000}</td><td>{dementia.StandardError:0.0000}</td><td>{dementia.Low:0.0000} to {dementia.High:0.0000}</td>"), html, StringComparison.Ordinal);
        Assert.Equal(r.Deciles.Count, Regex.Matches(html, "<circle ").Count); // one dot per tenth in the calibration plot
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"indicative budgets total £{r.Impact!.BaselineTotal:N2} a year with the current weights"), html, StringComparison.Ordinal);
        Assert.Contains("New model made (not written to a file): <code>default-adult 2.1.0</code>", html, StringComparison.Ordinal);
        Assert.Contains("New model written to <code>risk.json</code>: <code>default-adult 2.1.0</code>", RiskCalibrationReportHtml.Render(r, "risk.json"), StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"warn\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("(src|href)=|<script|@import|url\\(", html);
    }

    [Fact]
    public void Render_IsDeterministicAndTheSameInAnyCulture()
    {
        var html = RiskCalibrationReportHtml.Render(Sample.Value);
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal(html, RiskCalibrationReportHtml.Render(Sample.Value));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Render_RefusedFit_SaysSoInAWarningAndEscapesWhatTheFileSays()
    {
        var header = "case_id,as_of,eating,washing,toileting,dressing,moving_at_home,housework,relationships,work,getting_out,caring_for_child,safety,nights,unpaid_care,risk.falls,risk.hospital_admissions,risk.carer_strain,risk.lives_alone,risk.progressive_condition,risk.memory,reassessment_points,crisis\n";
        var rows = "<b>1</b>,2026-10-01,own,own,own,own,own,own,own,own,own,not_applicable,none,none,none,none,none,no_carer,no,no,none,3,<script>\n";

        var result = RiskCalibrator.Calibrate(TestModels.Default, Write(header + rows), new RiskCalibrationOptions(AsOf));
        var html = RiskCalibrationReportHtml.Render(result);

        Assert.Null(result.Model);
        Assert.Contains("<div class=\"warn\"><strong>No new model was made.</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"l\">&lt;b&gt;1&lt;/b&gt;</td><td class=\"l\">crisis not a known event: crisis &#39;&lt;script&gt;&#39;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>1</b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AucIntervalIncludingChance_IsWarnedPlainly()
    {
        var result = Calibration.RiskCalibratorTests.FlatHistory();

        var html = RiskCalibrationReportHtml.Render(result);
        var console = RiskCalibrationResultText.Render(result);

        Assert.Contains("So that is not reliably better than a coin toss.", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"warn\"><strong>Warning:</strong> the held-out AUC&#39;s 95% interval (", html, StringComparison.Ordinal);
        Assert.Contains("WARNING: the held-out AUC's 95% interval (", console, StringComparison.Ordinal);
    }
}
