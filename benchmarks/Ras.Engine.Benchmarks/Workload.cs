using Ras.Engine;
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
            (Q, R, A, I) = (c.QuestionCount, c.RiskFactorCount, c.AttributeCount, c.InputCount);
            Now = new byte[count * Q];
            Next = new byte[count * Q];
            Risk = new byte[count * R];
            Attributes = new byte[count * A];
            Inputs = new decimal[count * I];
            AsOf = new DateOnly[count];
            var errors = new List<AssessmentError>();
            var b = model.Decoder.NewBuffers();
            var i = 0;
            foreach (var a in Assessments(model, count))
            {
                if (!model.Decoder.TryDecode(a, b, errors, null))
                {
                    throw new InvalidOperationException(string.Join("; ", errors));
                }

                b.Now.CopyTo(Now.AsSpan(i * Q, Q));
                b.Next.CopyTo(Next.AsSpan(i * Q, Q));
                b.Risk.CopyTo(Risk.AsSpan(i * R, R));
                b.Attributes.CopyTo(Attributes.AsSpan(i * A, A));
                b.Inputs.CopyTo(Inputs.AsSpan(i * I, I));
                AsOf[i++] = a.AsOf;
            }
        }

        /// <summary>Row <paramref name="i"/> as the evaluator's input.</summary>
        public Ras.Engine.Rules.CaseInput Row(int i) =>
            new(Now.AsSpan(i * Q, Q), Next.AsSpan(i * Q, Q), Risk.AsSpan(i * R, R), Attributes.AsSpan(i * A, A), Inputs.AsSpan(i * I, I), AsOf[i]);

        public int Count { get; }

        public int Q { get; }

        public int R { get; }

        public int A { get; }

        public int I { get; }

        public byte[] Now { get; }

        public byte[] Next { get; }

        public byte[] Risk { get; }

        public byte[] Attributes { get; }

        public decimal[] Inputs { get; }

        public DateOnly[] AsOf { get; }
    }
}
