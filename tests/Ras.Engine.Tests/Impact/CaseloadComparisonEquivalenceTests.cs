using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ras.Engine.Caseloads;
using Ras.Engine.Impact;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Impact;

public class CaseloadComparisonEquivalenceTests
{
    [Property(MaxTest = 5)]
    public Property Compare_PerCaseFigures_EqualEachModelRunOnItsOwn(int seed)
    {
        // The comparison reads each row once and evaluates it under both models; running each model through
        // the caseload runner separately must give the same amounts.
        var caseload = new StringWriter();
        CaseloadGeneration.Write(TestModels.Default, 600, seed, CaseloadFormat.Csv, caseload);
        var csv = caseload.ToString();
        var change = """{ "changes": [ { "path": "/adjustments/0/percent", "value": -25 }, { "path": "/directionOfTravel/intercept", "value": -1.5 } ] }""";
        var proposal = TestModels.Default.ApplyChange(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(change)), "change.json");
        var cases = new StringWriter();
        new CaseloadComparison(TestModels.Default, proposal).Run(new StringReader(csv), CaseloadFormat.Csv, cases);
        var rows = cases.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToArray();

        string[] Indicative(RasModel model)
        {
            var output = new StringWriter();
            new CaseloadRunner(model).Run(new StringReader(csv), CaseloadFormat.Csv, output, CaseloadFormat.Csv);
            return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[11]).ToArray();
        }

        return (rows.Select(r => r[5]).SequenceEqual(Indicative(TestModels.Default))
                && rows.Select(r => r[8]).SequenceEqual(Indicative(proposal))
                && rows.Any(r => r[5] != r[8])).ToProperty();
    }
}
