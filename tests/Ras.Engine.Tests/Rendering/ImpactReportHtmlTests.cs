using System.Text.RegularExpressions;
using Ras.Engine.Caseloads;
using Ras.Engine.Impact;
using Ras.Rendering;

namespace Ras.Engine.Tests.Rendering;

public class ImpactReportHtmlTests
{
    [Fact]
    public void Render_IsSelfContainedWithItsCharts_AndDeterministic()
    {
        var caseload = new StringWriter();
        CaseloadGeneration.Write(TestModels.Default, 1500, 3, CaseloadFormat.Csv, caseload);
        var proposal = TestModels.Default.ApplyChange(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("""{ "changes": [ { "path": "/adjustments/1/percent", "value": -40 }, { "path": "/pricing/bands/2/amount", "value": 11000 } ] }""")), "change.json");
        ImpactSummary Run() => new CaseloadComparison(TestModels.Default, proposal, new ComparisonOptions(protectLossPercent: 5)).Run(new StringReader(caseload.ToString()), CaseloadFormat.Csv, null);

        var html = ImpactReportHtml.Render(Run());

        Assert.Equal(html, ImpactReportHtml.Render(Run()));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Equal(4, Regex.Matches(html, "<svg ").Count); // by client group, by baseline band, distribution, deciles of baseline budget
        Assert.Contains("<h2>Band transitions</h2>", html, StringComparison.Ordinal);
        Assert.Contains("Cost of transitional protection", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("(src|href)=|<script|@import|url\\(", html); // nothing to fetch: opens offline
        Assert.Contains("http://www.w3.org/2000/svg", html, StringComparison.Ordinal); // the SVG namespace, not a fetch
    }

    [Fact]
    public void Render_SaysWhatTheProposalIs_OnWhichCaseload_AndWhatItCostsNet()
    {
        var proposal = TestModels.Default.ApplyChange(File.OpenRead(TestModels.Repo("samples/changes/carer-deduction-40pc.json")), "carer-deduction-40pc.json");
        using var caseload = new StreamReader(TestModels.Repo("samples/caseload.csv"));
        var summary = new CaseloadComparison(TestModels.Default, proposal, new ComparisonOptions(protectLossPercent: 5)).Run(caseload, CaseloadFormat.Csv, null);

        var html = ImpactReportHtml.Render(summary, "caseload.csv");

        Assert.Contains("Deduct 40% (not 30%) where unpaid carers give most of the support", html, StringComparison.Ordinal); // the change file's title
        Assert.Contains($"<code>{proposal.Version}</code>", html, StringComparison.Ordinal);
        Assert.Contains("/adjustments/1/percent = -40.</dd>", html, StringComparison.Ordinal); // what it changes, without the baseline's description again
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "An illustrative resource allocation system for adults"));
        Assert.Contains("caseload.csv: 5,000 rows", html, StringComparison.Ordinal);
        Assert.Contains("Losses capped at 5% of the baseline", html, StringComparison.Ordinal);
        Assert.Contains($"<td class=\"l\">Gross change (before protection)</td><td>{Money(summary.TotalChange)}", html, StringComparison.Ordinal);
        Assert.Contains($"<td class=\"l\">Net change (after protection)</td><td>{Money(summary.TotalChange + summary.ProtectionCost)}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("learning_disability", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf(">G (Complex need)<", StringComparison.Ordinal) < html.IndexOf(">Preventative support<", StringComparison.Ordinal), "bands in the model's order");
        Assert.DoesNotContain("0.00</td><td>0.00</td><td>0.00", html, StringComparison.Ordinal); // not the old all-zero deciles of the change
    }

    [Fact]
    public void Render_Distribution_DrawsTheLosersAndLeavesOutNoChange()
    {
        var proposal = TestModels.Default.ApplyChange(File.OpenRead(TestModels.Repo("samples/changes/carer-deduction-40pc.json")), "carer-deduction-40pc.json");
        using var caseload = new StreamReader(TestModels.Repo("samples/caseload.csv"));
        var summary = new CaseloadComparison(TestModels.Default, proposal).Run(caseload, CaseloadFormat.Csv, null);
        var losers = summary.PeopleByChange.Where(p => p.Key < 0).Sum(p => p.Value);

        var html = ImpactReportHtml.Render(summary);

        var distribution = html[html.IndexOf("<h2>Distribution of gains and losses</h2>", StringComparison.Ordinal)..html.IndexOf("<h2>Mean change by decile", StringComparison.Ordinal)];
        var drawn = Regex.Matches(distribution, ": ([0-9,]+) losing</title>").Sum(m => long.Parse(m.Groups[1].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(losers > 100);
        Assert.Equal(losers, drawn); // every loser is in a red bar of losses
        Assert.True(Regex.Matches(distribution, " losing</title>").Count >= 3, "losses are spread over several bins, not one bar");
        Assert.DoesNotContain("with no change</title>", distribution, StringComparison.Ordinal);
        Assert.Contains($"{summary.PeopleByChange[0m]:N0} people see no change and are not drawn".Replace(",", ",", StringComparison.Ordinal), distribution, StringComparison.Ordinal);
        Assert.Contains("<td class=\"l\" colspan=\"2\">No change</td>", distribution, StringComparison.Ordinal); // the text alternative's table
    }

    [Fact]
    public void Render_MeanChangeByDecileOfBaselineBudget_TableMatchesTheSummary()
    {
        var proposal = TestModels.Default.ApplyChange(File.OpenRead(TestModels.Repo("samples/changes/carer-deduction-40pc.json")), "carer-deduction-40pc.json");
        using var caseload = new StreamReader(TestModels.Repo("samples/caseload.csv"));
        var summary = new CaseloadComparison(TestModels.Default, proposal).Run(caseload, CaseloadFormat.Csv, null);

        var html = ImpactReportHtml.Render(summary);

        Assert.Equal(10, summary.ChangeByBaselineDecile.Count);
        foreach (var d in summary.ChangeByBaselineDecile)
        {
            Assert.Contains(System.FormattableString.Invariant($"<tr><td>{d.Decile}</td><td>{Money(d.BaselineFrom)}</td><td>{Money(d.BaselineTo)}</td><td>{d.People:N0}</td><td>{Money(d.MeanBaseline)}</td><td>{Money(d.MeanChange)}</td>"), html, StringComparison.Ordinal);
        }

        Assert.Contains("mean change per person (£ a year)", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
    }

    private static string Money(decimal d) => (d < 0 ? "-£" : "£") + Math.Abs(d).ToString("N2", System.Globalization.CultureInfo.InvariantCulture);
}
