using Ras.Engine;
using System.Globalization;
using Ras.Engine.Assessments;
using Ras.Engine.Caseloads;
using Ras.Engine.Models;

namespace Ras.Calibration;

/// <summary>
/// Writes a synthetic history file with known underlying prices: a seeded caseload for one model, and for each
/// case an <c>actual_annual_cost</c> equal to another model's indicative amount times log-normal noise
/// (rounded to £1; empty for people that model does not price). Calibrating on it should recover that
/// model's prices within the noise.
/// </summary>
public static class HistoryGeneration
{
    /// <summary>Writes <paramref name="count"/> cases as CSV with an <c>actual_annual_cost</c> column.</summary>
    public static void Write(RasModel caseModel, RasModel costModel, int count, long seed, double noise, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(caseModel);
        ArgumentNullException.ThrowIfNull(costModel);
        ArgumentNullException.ThrowIfNull(output);
        var cases = new StringWriter(CultureInfo.InvariantCulture);
        CaseloadGeneration.Write(caseModel, count, seed, CaseloadFormat.Csv, cases);
        var generator = new CaseloadGenerator(caseModel, seed);
        var random = new SplitMix64((ulong)seed ^ 0x5DEECE66DUL);
        var lines = cases.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        output.Write(lines[0] + "," + HistoryReader.CostColumn + "\n");
        for (var i = 1; i < lines.Length; i++)
        {
            Assessment a = generator.Next();
            var outcome = costModel.Allocate(a);
            var cost = "";
            if (outcome.Result is { } r && r.Annual.Indicative > 0)
            {
                // Box–Muller: a standard normal from two uniforms, fully determined by the seed.
                var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                cost = decimal.Round(r.Annual.Indicative * (decimal)Math.Exp((noise * z) - (noise * noise / 2)), 0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);
            }

            output.Write(lines[i] + "," + cost + "\n");
        }

        output.Flush();
    }
}
