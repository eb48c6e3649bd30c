using System.Runtime.ExceptionServices;

namespace Ras.Engine.Caseloads;

/// <summary>
/// Runs a caseload's blocks of lines through five stages, shared by <c>ras batch</c> and <c>ras compare</c>:
/// read (in input order), evaluate (any order, in parallel), check (in input order: repeated case ids), format
/// (any order, in parallel) and commit (in input order: counts merged, bytes written, progress). Each worker takes
/// a whole block through every stage, so while one worker checks or commits block <c>k</c> the others evaluate
/// and format later blocks: the in-order stages overlap the parallel ones instead of stopping every core. The
/// output is the same whatever the number of workers: each block's rows are committed in order.
/// </summary>
/// <typeparam name="TWork">Per-worker state: the block's rows, buffers and partial counts, reused block after block.</typeparam>
internal sealed class BlockPipeline<TWork>
{
    private readonly object _gate = new();
    private readonly object _readGate = new();
    private readonly BlockReader _reader;
    private readonly CancellationToken _token;
    private Block? _first;
    private long _nextBlock;
    private long _checkTurn;
    private long _commitTurn;
    private bool _stop;
    private Exception? _failure;

    public BlockPipeline(BlockReader reader, Block first, CancellationToken token)
    {
        _reader = reader;
        _first = first;
        _token = token;
    }

    /// <summary>Makes a worker's state (called once per worker, on its thread).</summary>
    public required Func<TWork> NewWork { get; init; }

    /// <summary>Reads and evaluates the block's rows (in parallel with other blocks).</summary>
    public required Action<TWork, Block> Evaluate { get; init; }

    /// <summary>Checks the block's rows against every earlier row (blocks in input order).</summary>
    public required Action<TWork, Block> Check { get; init; }

    /// <summary>Formats and counts the block's rows (in parallel with other blocks).</summary>
    public required Action<TWork, Block> Format { get; init; }

    /// <summary>Merges the counts and writes the block's output (blocks in input order).</summary>
    public required Action<TWork, Block> Commit { get; init; }

    /// <summary>The line the output stops before when the run was cancelled; null when it was not.</summary>
    public long? CancelledBefore { get; private set; }

    /// <summary>Runs every block through the stages with <paramref name="workers"/> workers (this thread is one of them).</summary>
    /// <exception cref="Exception">The first exception a stage threw, as thrown (no aggregate).</exception>
    public void Run(int workers)
    {
        var others = Enumerable.Range(1, Math.Max(0, workers - 1)).Select(_ => Task.Run(Work)).ToArray();
        Work();
        Task.WaitAll(others);
        if (_failure is not null)
        {
            ExceptionDispatchInfo.Capture(_failure).Throw();
        }
    }

    private void Work()
    {
        try
        {
            var work = NewWork();
            while (Next() is { } next)
            {
                var (block, number) = next;
                Evaluate(work, block);
                Wait(ref _checkTurn, number);
                Check(work, block);
                Pass(ref _checkTurn);
                Format(work, block);
                Wait(ref _commitTurn, number);
                Commit(work, block);
                lock (_readGate)
                {
                    _reader.Return(block);
                }

                Pass(ref _commitTurn);
            }
        }
        catch (OperationCanceledException) when (_failure is not null)
        {
            // Another worker failed first; its exception is the one thrown.
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _failure ??= e;
                Volatile.Write(ref _stop, true);
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>The next block and its number, or null at the end (or after a failure or cancellation).</summary>
    private (Block, long)? Next()
    {
        lock (_readGate)
        {
            if (Volatile.Read(ref _stop))
            {
                return null;
            }

            var block = _first ?? _reader.Read();
            _first = null;
            if (block.Count == 0)
            {
                Volatile.Write(ref _stop, true);
                return null;
            }

            if (_token.IsCancellationRequested)
            {
                CancelledBefore = block[0].Line;
                Volatile.Write(ref _stop, true);
                return null;
            }

            return (block, _nextBlock++);
        }
    }

    private void Wait(ref long turn, long number)
    {
        lock (_gate)
        {
            while (Volatile.Read(ref turn) != number)
            {
                if (_failure is not null)
                {
                    throw new OperationCanceledException();
                }

                Monitor.Wait(_gate);
            }
        }
    }

    private void Pass(ref long turn)
    {
        lock (_gate)
        {
            turn++;
            Monitor.PulseAll(_gate);
        }
    }
}
