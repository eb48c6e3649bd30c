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
        using var generator = CaseloadGeneration.Assessments(caseModel, count, seed).GetEnumerator();
        var random = new SplitMix64((ulong)seed ^ 0x5DEECE66DUL);
        Lines(caseModel, count, seed, output, HistoryReader.CostColumn, line =>
        {
            generator.MoveNext();
            var outcome = costModel.Allocate(generator.Current);
            var cost = "";
            if (outcome.Result is { } r && r.Annual.Indicative > 0)
            {
                // Box–Muller: a standard normal from two uniforms, fully determined by the seed.
                var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                cost = decimal.Round(r.Annual.Indicative * (decimal)Math.Exp((noise * z) - (noise * noise / 2)), 0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);
            }

            return cost;
        });
    }

    /// <summary>
    /// Writes <paramref name="count"/> cases as CSV with the outcome columns of a reassessment history
    /// (<c>reassessment_points</c>, <c>crisis</c>) drawn from <paramref name="truthModel"/>'s risk weights: for
    /// each case z = the truth's intercept + the truth's weight of each level recorded, p = 1 ÷ (1 + e^−z), and
    /// the person deteriorates with probability p. Someone who deteriorates is reassessed 1 to 12 points
    /// higher (uniformly) and has a crisis event with probability 0.4 (an unplanned admission 0.3, a care-home
    /// placement 0.1); someone who does not is reassessed 0 to 2 points lower (never below 0), with no crisis.
    /// So "deterioration or a crisis" happens with exactly the truth's probability, and calibrating the
    /// outcome <see cref="RiskOutcome.Any"/> on the file should recover the truth's weights.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="truthModel"/> has no direction-of-travel rule.</exception>
    public static void WriteReassessments(RasModel caseModel, RasModel truthModel, int count, long seed, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(caseModel);
        ArgumentNullException.ThrowIfNull(truthModel);
        ArgumentNullException.ThrowIfNull(output);
        var truth = ModelShape.Of(truthModel).DirectionOfTravel ?? throw new ArgumentException($"the truth model {truthModel.Id} {truthModel.Version} has no direction-of-travel rule, so it has no risk weights to draw outcomes from", nameof(truthModel));
        using var generator = CaseloadGeneration.Assessments(caseModel, count, seed).GetEnumerator();
        var random = new SplitMix64((ulong)seed ^ 0x2545F4914F6CDD1DUL);
        Lines(caseModel, count, seed, output, ReassessmentReader.PointsColumn + "," + ReassessmentReader.CrisisColumn, line =>
        {
            generator.MoveNext();
            var a = generator.Current;
            var z = (double)truth.Intercept;
            foreach (var factor in truth.RiskFactors)
            {
                if (a.RiskFactors.TryGetValue(factor.Id, out var code) && factor.Levels.FirstOrDefault(l => l.Code == code) is { } level)
                {
                    z += (double)level.Weight;
                }
            }

            var (u, v, w) = (random.NextDouble(), random.NextDouble(), random.NextDouble());
            var outcome = ",";
            if (caseModel.Allocate(a).Result is { } r)
            {
                var deteriorates = u < 1.0 / (1.0 + Math.Exp(-z));
                var then = deteriorates ? r.CurrentPoints + 1 + (int)(v * 12) : Math.Max(0, r.CurrentPoints - (int)(v * 3));
                var crisis = !deteriorates ? ReassessmentReader.NoCrisis : w < 0.3 ? "unplanned_admission" : w < 0.4 ? "care_home_placement" : ReassessmentReader.NoCrisis;
                outcome = string.Create(CultureInfo.InvariantCulture, $"{then},{crisis}");
            }

            return outcome;
        });
    }

    /// <summary>
    /// Writes the caseload <see cref="CaseloadGeneration.Write"/> writes, line by line as it is generated, each
    /// line followed by a comma and <paramref name="extra"/> (the header) or what <paramref name="row"/> gives
    /// for the row (called once per case, in order): nothing is held but the current line.
    /// </summary>
    private static void Lines(RasModel caseModel, int count, long seed, TextWriter output, string extra, Func<string, string> row)
    {
        var header = true;
        using var lines = new LineWriter(line =>
        {
            output.Write(line);
            output.Write(',');
            output.Write(header ? extra : row(line));
            output.Write('\n');
            header = false;
        });
        CaseloadGeneration.Write(caseModel, count, seed, CaseloadFormat.Csv, lines);
        output.Flush();
    }

    /// <summary>A writer that hands on each complete line (without its line feed).</summary>
    private sealed class LineWriter(Action<string> line) : TextWriter
    {
        private readonly System.Text.StringBuilder _current = new();

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value)
        {
            if (value == '\n')
            {
                line(_current.ToString());
                _current.Clear();
            }
            else
            {
                _current.Append(value);
            }
        }

        public override void Write(string? value) => Write(value.AsSpan());

        public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

        public override void Write(ReadOnlySpan<char> buffer)
        {
            while (buffer.Length > 0)
            {
                var end = buffer.IndexOf('\n');
                if (end < 0)
                {
                    _current.Append(buffer);
                    return;
                }

                _current.Append(buffer[..end]);
                Write('\n');
                buffer = buffer[(end + 1)..];
            }
        }
    }

    /// <summary>
    /// SplitMix64 (Steele, Lea and Flood, 2014), as the engine's caseload generator uses it: fully specified, so
    /// that a seed gives the same history on every machine and .NET version.
    /// </summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        /// <summary>A uniform double in [0, 1).</summary>
        public double NextDouble()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return ((z ^ (z >> 31)) >> 11) * (1.0 / (1UL << 53));
        }
    }
}
