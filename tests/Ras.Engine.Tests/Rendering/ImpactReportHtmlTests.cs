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
        Assert.Equal(3, Regex.Matches(html, "<svg ").Count); // by client group, by baseline band, distribution
        Assert.Contains("<h2>Band transitions</h2>", html, StringComparison.Ordinal);
        Assert.Contains("Cost of transitional protection", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("(src|href)=|<script|@import|url\\(", html); // nothing to fetch: opens offline
        Assert.Contains("http://www.w3.org/2000/svg", html, StringComparison.Ordinal); // the SVG namespace, not a fetch
    }
}
