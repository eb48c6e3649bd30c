using Ras.Engine.Assessments;
using Ras.Engine.Models;

namespace Ras.Engine.Benchmarks;

/// <summary>A pinned, seeded workload: the same assessments on every run and machine.</summary>
internal static class Workload
{
    public const int Seed = 20261123;

    public static Assessment[] Assessments(RasModel model, int count)
    {
        var generator = new Ras.Engine.Caseloads.CaseloadGenerator(model, Seed);
        return Enumerable.Range(0, count).Select(_ => generator.Next()).ToArray();
    }

    /// <summary>Encoded rows laid out flat, as the batch reader produces them.</summary>
    public sealed class Encoded
    {
        public Encoded(RasModel model, int count)
        {
            var c = model.Compiled;
            Count = count;
            (Q, R, A) = (c.QuestionCount, c.RiskFactorCount, c.AttributeCount);
            Now = new byte[count * Q];
            Next = new byte[count * Q];
            Risk = new byte[count * R];
            Attributes = new byte[count * A];
            Day = new int[count];
            var errors = new List<AssessmentError>();
            var i = 0;
            foreach (var a in Assessments(model, count))
            {
                if (!c.TryEncode(a, Now.AsSpan(i * Q, Q), Next.AsSpan(i * Q, Q), Risk.AsSpan(i * R, R), Attributes.AsSpan(i * A, A), errors))
                {
                    throw new InvalidOperationException(string.Join("; ", errors));
                }

                Day[i++] = a.AsOf.DayNumber;
            }
        }

        public int Count { get; }

        public int Q { get; }

        public int R { get; }

        public int A { get; }

        public byte[] Now { get; }

        public byte[] Next { get; }

        public byte[] Risk { get; }

        public byte[] Attributes { get; }

        public int[] Day { get; }
    }
}
