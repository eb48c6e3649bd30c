using System.Runtime.CompilerServices;
using Ras.Engine.Allocation;

namespace Ras.Engine;

/// <summary>
/// The one ordered asynchronous batch: reads items as they arrive, allocates what has arrived in parallel
/// whenever the source would have to wait (or a block is full), and yields the outcomes in input order.
/// </summary>
internal static class AsyncBatch
{
    /// <summary>The most items read ahead before their outcomes are yielded.</summary>
    internal const int BlockSize = 256;

    public static async IAsyncEnumerable<AllocationOutcome> Run<T>(
        IAsyncEnumerable<T> source,
        Func<T, long, AllocationOutcome> allocate,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var block = new List<T>(BlockSize);
        long first = 1;
        var items = source.GetAsyncEnumerator(cancellationToken);
        await using var dispose = items.ConfigureAwait(false);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = items.MoveNextAsync();
            if (!next.IsCompleted && block.Count > 0)
            {
                // The source would wait: hand out what has arrived first, so a slow or interactive producer
                // sees each outcome as soon as its item is in.
                foreach (var outcome in Allocate(block, first, allocate, cancellationToken))
                {
                    yield return outcome;
                }

                first += block.Count;
                block.Clear();
            }

            if (!await next.ConfigureAwait(false))
            {
                break;
            }

            block.Add(items.Current);
            if (block.Count == BlockSize)
            {
                foreach (var outcome in Allocate(block, first, allocate, cancellationToken))
                {
                    yield return outcome;
                }

                first += block.Count;
                block.Clear();
            }
        }

        foreach (var outcome in Allocate(block, first, allocate, cancellationToken))
        {
            yield return outcome;
        }
    }

    private static AllocationOutcome[] Allocate<T>(List<T> block, long first, Func<T, long, AllocationOutcome> allocate, CancellationToken cancellationToken)
    {
        var outcomes = new AllocationOutcome[block.Count];
        if (block.Count < 32)
        {
            for (var i = 0; i < outcomes.Length; i++)
            {
                outcomes[i] = allocate(block[i], first + i);
            }
        }
        else
        {
            Parallel.For(0, outcomes.Length, new ParallelOptions { CancellationToken = cancellationToken }, i => outcomes[i] = allocate(block[i], first + i));
        }

        return outcomes;
    }
}
