using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ras.Engine.Caseloads;
using Ras.Engine.Impact;
using Ras.Engine.Models;
using Ras.Rendering;

namespace Ras.Engine.Tests.Impact;

public class CaseloadComparisonTests
{
    private static string Caseload(int seed, int count = 800)
    {
        var w = new StringWriter();
        CaseloadGeneration.Write(TestModels.Default, count, seed, CaseloadFormat.Csv, w);
        return w.ToString();
    }

    private static RasModel Change(string json) =>
        TestModels.Default.ApplyChange(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "change.json");

    private static (ImpactSummary Summary, string[][] Cases) Compare(RasModel proposal, string csv, ComparisonOptions? options = null)
    {
        var cases = new StringWriter();
        var summary = new CaseloadComparison(TestModels.Default, proposal, options).Run(new StringReader(csv), CaseloadFormat.Csv, cases);
        var rows = cases.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToArray();
        return (summary, rows);
    }

    [Property(MaxTest = 10)]
    public Property Compare_WithItselfOrAnEmptyChange_IsTheIdentity(int seed)
    {
        var csv = Caseload(seed);
        var (self, selfRows) = Compare(TestModels.Default, csv);
        var (empty, _) = Compare(Change("""{ "changes": [] }"""), csv);

        return (self.TotalChange == 0 && empty.TotalChange == 0
                && self.Buckets[2] == self.Compared && empty.Buckets[2] == empty.Compared
                && self.Transitions.All(t => t.Key.From == t.Key.To)
                && selfRows.All(r => r[9] == "0.00")).ToProperty();
    }

    [Property(MaxTest = 10)]
    public Property Compare_TotalChange_IsTheSumOfTheCases(int seed)
    {
        var (summary, rows) = Compare(Change("""{ "changes": [ { "path": "/pricing/bands/2/amount", "value": 11000 }, { "path": "/adjustments/1/percent", "value": -40 } ] }"""), Caseload(seed));

        var sum = rows.Where(r => r[2] == "ok").Sum(r => decimal.Parse(r[9], CultureInfo.InvariantCulture));
        return (summary.TotalChange == sum && summary.TotalChange == summary.ProposalTotal - summary.BaselineTotal
                && summary.Buckets.Sum() == summary.Compared && summary.RowsRead == summary.Compared + summary.Rejected).ToProperty();
    }

    [Property(MaxTest = 10)]
    public Property Protection_NeverLetsALossExceedTheCap(int seed, byte capPercent)
    {
        var cap = capPercent % 20;
        var (summary, rows) = Compare(
            Change("""{ "changes": [ { "path": "/adjustments/1/percent", "value": -60 }, { "path": "/pricing/bands/4/amount", "value": 15600 }, { "path": "/pricing/bands/4/lower", "value": 13000 } ] }"""),
            Caseload(seed),
            new ComparisonOptions(protectLossPercent: cap));

        var ok = rows.Where(r => r[2] == "ok").All(r =>
        {
            var baseline = decimal.Parse(r[5], CultureInfo.InvariantCulture);
            var protectedAmount = decimal.Parse(r[12], CultureInfo.InvariantCulture);
            return baseline - protectedAmount <= baseline * cap / 100m;
        });
        return (ok && summary.ProtectionCost >= 0).Label($"cap {cap}%");
    }

    [Fact]
    public void Compare_CarerDeductionChange_ShowsLosersAndTheCostOfProtection()
    {
        var (summary, _) = Compare(Change("""{ "changes": [ { "path": "/adjustments/1/percent", "value": -40 } ] }"""), Caseload(42, 2000), new ComparisonOptions(protectLossAmount: 1000));

        Assert.True(summary.Buckets[0] > 0);
        Assert.Equal(0, summary.Buckets[3] + summary.Buckets[4]);
        Assert.True(summary.TotalChange < 0);
        Assert.True(summary.Protected > 0 && summary.ProtectionCost > 0);
        Assert.Contains("transitional protection (losses capped at £1,000.00 a year)", ImpactSummaryText.Render(summary), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_CliWithABadChangeFile_RunsNothing()
    {
        var change = Path.GetTempFileName();
        File.WriteAllText(change, """{ "changes": [ { "path": "/pricing/bands/99/amount", "value": 1 } ] }""");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = Ras.Cli.Cli.Run(new[] { "compare", "--proposal", change, TestModels.Repo("samples/caseload.csv") }, stdout, stderr);

        Assert.Equal(1, code);
        Assert.Equal("", stdout.ToString());
        Assert.Contains("the baseline model has no such parameter", stderr.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>Comparisons of format version 2 models: a case decoded once is re-used only when both models read it alike.</summary>
public class CaseloadComparisonInputsTests
{
    [Fact]
    public void Compare_ProposalNarrowsAnInputRange_RejectsTheRowUnderTheProposalOnly()
    {
        var baseline = RasModel.LoadFile(TestModels.Repo("samples/models/format-v2-bands.json"));
        var proposal = baseline.ApplyChange(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("""{ "changes": [ { "path": "/inputs/0/min", "value": 65 } ] }""")), "change.json");
        var csv = "case_id,as_of,age,eating,washing\nA1,2026-06-01,40,lot_of_help,lot_of_help\nA2,2026-06-01,70,lot_of_help,lot_of_help\n";

        Assert.False(CaseloadComparison.SameQuestionnaire(baseline, proposal));
        var cases = new StringWriter();
        var summary = new CaseloadComparison(baseline, proposal).Run(new StringReader(csv), CaseloadFormat.Csv, cases);

        Assert.Equal(1, summary.Compared);
        Assert.Contains("proposal: line 2, column age: numeric input 'age' (Age in years) is outside its allowed range (expected a number from 65 to 120 (years); found 40)", cases.ToString(), StringComparison.Ordinal);
    }
}
