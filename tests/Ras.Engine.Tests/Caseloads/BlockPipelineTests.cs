using System.Collections.Concurrent;
using System.Text;
using Ras.Engine.Caseloads;

namespace Ras.Engine.Tests.Caseloads;

public class BlockPipelineTests
{
    private static (BlockReader Reader, Block First) Lines(int count)
    {
        var text = string.Concat(Enumerable.Range(1, count).Select(i => $"row {i}\n"));
        var reader = new BlockReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), CaseloadEncoding.Utf8, header: false);
        return (reader, reader.Read());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Run_InOrderStages_SeeBlocksInInputOrder_WhateverTheWorkers(int workers)
    {
        var (reader, first) = Lines((CaseloadRunner.BlockSize * 5) + 17);
        var checkedLines = new List<long>();
        var committedLines = new List<long>();
        var evaluated = new ConcurrentBag<long>();
        var pipeline = new BlockPipeline<List<long>>(reader, first, CancellationToken.None)
        {
            NewWork = () => new List<long>(),
            Evaluate = (w, b) =>
            {
                w.Clear();
                for (var i = 0; i < b.Count; i++)
                {
                    w.Add(b[i].Line);
                    evaluated.Add(b[i].Line);
                }
            },
            Check = (w, _) => checkedLines.AddRange(w),
            Format = (w, b) => Assert.Equal(b.Count, w.Count),
            Commit = (w, _) => committedLines.AddRange(w),
        };

        pipeline.Run(workers);

        var all = Enumerable.Range(1, (CaseloadRunner.BlockSize * 5) + 17).Select(i => (long)i).ToList();
        Assert.Equal(all, checkedLines);
        Assert.Equal(all, committedLines);
        Assert.Equal(all, evaluated.Order().ToList());
        Assert.Null(pipeline.CancelledBefore);
    }

    [Fact]
    public void Run_AStageThrows_TheExceptionItselfIsThrown_AndNoLaterBlockIsCommitted()
    {
        var (reader, first) = Lines(CaseloadRunner.BlockSize * 6);
        var committed = new List<long>();
        var pipeline = new BlockPipeline<long[]>(reader, first, CancellationToken.None)
        {
            NewWork = () => new long[1],
            Evaluate = (w, b) =>
            {
                w[0] = b[0].Line;
                if (b[0].Line == (CaseloadRunner.BlockSize * 2) + 1)
                {
                    throw new IOException("disk full");
                }
            },
            Check = (_, _) => { },
            Format = (_, _) => { },
            Commit = (w, _) => committed.Add(w[0]),
        };

        var thrown = Assert.Throws<IOException>(() => pipeline.Run(3));

        Assert.Equal("disk full", thrown.Message);
        Assert.Equal(new long[] { 1, CaseloadRunner.BlockSize + 1 }, committed);
    }

    [Fact]
    public void Run_Cancelled_NoBlockIsBegunAfterIt_AndItSaysWhereTheOutputEnds()
    {
        var (reader, first) = Lines(CaseloadRunner.BlockSize * 4);
        using var cts = new CancellationTokenSource();
        var committed = new List<long>();
        var pipeline = new BlockPipeline<long[]>(reader, first, cts.Token)
        {
            NewWork = () => new long[1],
            Evaluate = (w, b) => w[0] = b[0].Line,
            Check = (_, _) => { },
            Format = (_, _) => { },
            Commit = (w, _) =>
            {
                committed.Add(w[0]);
                cts.Cancel();
            },
        };

        pipeline.Run(1);

        Assert.Equal(new long[] { 1 }, committed);
        Assert.Equal(CaseloadRunner.BlockSize + 1, pipeline.CancelledBefore);
    }
}
