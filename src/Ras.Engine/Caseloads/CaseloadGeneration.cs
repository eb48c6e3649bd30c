using Ras.Engine.Models;

namespace Ras.Engine.Caseloads;

/// <summary>Writes a synthetic caseload for a model: realistic, seeded, the same file for the same seed.</summary>
public static class CaseloadGeneration
{
    /// <summary>Writes <paramref name="count"/> synthetic assessments for <paramref name="model"/> to <paramref name="output"/>.</summary>
    /// <param name="model">The model whose questions, attributes and risk factors the caseload answers.</param>
    /// <param name="count">How many cases.</param>
    /// <param name="seed">The seed; the same seed gives the same file.</param>
    /// <param name="format">CSV (with a header) or JSON Lines.</param>
    /// <param name="output">Where to write.</param>
    /// <param name="progress">Receives the number of cases written, every 100,000, or null.</param>
    public static void Write(RasModel model, long count, long seed, CaseloadFormat format, TextWriter output, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var generator = new CaseloadGenerator(model, seed);
        var writer = new CaseloadWriter(model, format, output);
        for (var i = 1L; i <= count; i++)
        {
            writer.Write(generator.Next());
            if (i % 100_000 == 0)
            {
                progress?.Report(i);
            }
        }

        output.Flush();
    }

    /// <summary>
    /// The same synthetic assessments <see cref="Write"/> writes for the same model, count and seed, in the same
    /// order, as values (for callers that derive more columns from each case, such as a calibration history).
    /// </summary>
    /// <param name="model">The model whose questions, attributes and risk factors the caseload answers.</param>
    /// <param name="count">How many cases.</param>
    /// <param name="seed">The seed; the same seed gives the same cases.</param>
    public static IEnumerable<Ras.Engine.Assessments.Assessment> Assessments(RasModel model, long count, long seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Generate(new CaseloadGenerator(model, seed), count);

        static IEnumerable<Ras.Engine.Assessments.Assessment> Generate(CaseloadGenerator generator, long count)
        {
            for (var i = 0L; i < count; i++)
            {
                yield return generator.Next();
            }
        }
    }
}
