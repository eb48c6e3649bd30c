using Ras.Cli;

namespace Ras.Engine.Tests.Cli;

public class ProgressLineTests
{
    /// <summary>A clock that moves on by <paramref name="step"/> each time it is read.</summary>
    private static Func<TimeSpan> Clock(TimeSpan step)
    {
        var now = TimeSpan.Zero;
        return () => now += step;
    }

    [Fact]
    public void Report_SizeKnown_ShowsPercentageAndTimeLeft()
    {
        var error = new StringWriter();
        long done = 0;
        var line = new ProgressLine(error, Clock(TimeSpan.FromSeconds(10)), 1000, () => done, "allocated");

        done = 250;
        line.Report(new CaseloadProgress(500, 490, 10));
        line.Finish();

        // A quarter read after 10 s: three quarters left take 30 s.
        Assert.Equal("\r 25% 500 rows (490 allocated, 10 rejected), about 30 s left\n", error.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_SizeUnknown_ShowsRowsAndRate()
    {
        var error = new StringWriter();
        var line = new ProgressLine(error, Clock(TimeSpan.FromSeconds(0.5)), null, () => 0, "compared");

        line.Report(new CaseloadProgress(1, 1, 0));

        Assert.Equal("\r1 row (1 compared, 0 rejected), 2 rows/s", error.ToString());
    }

    [Fact]
    public void Report_CalibrationReads_NameEachReadWithItsShareAndTimeLeft()
    {
        var error = new StringWriter();
        var line = new ProgressLine(error, Clock(TimeSpan.FromSeconds(10)), null, () => 0, "read");

        line.Report(new Ras.Calibration.CalibrationProgress(1, "checking the history's hash", 0, 1000)); // at 10 s: the read starts
        line.Report(new Ras.Calibration.CalibrationProgress(1, "checking the history's hash", 500, 1000)); // at 20 s: half in 10 s
        line.Report(new Ras.Calibration.CalibrationProgress(2, "reading the history", 0, 1000)); // a new read: drawn at once
        line.Finish();

        Assert.Equal(
            "\rread 1 of the history (checking the history's hash):   0%"
            + "\rread 1 of the history (checking the history's hash):  50%, about 10 s left"
            + "\rread 2 of the history (reading the history):   0%                         \n",
            error.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_Often_RedrawsAtMostEveryQuarterSecond()
    {
        var error = new StringWriter();
        var line = new ProgressLine(error, Clock(TimeSpan.FromMilliseconds(100)), 100, () => 50, "allocated");

        for (var i = 0; i < 10; i++)
        {
            line.Report(new CaseloadProgress(i, i, 0));
        }

        Assert.Equal(4, error.ToString().Count(c => c == '\r')); // at 0.1 s, 0.4 s, 0.7 s and 1.0 s
    }

    [Theory]
    [InlineData(4.2, "about 5 s left")]
    [InlineData(130, "about 2 min 10 s left")]
    [InlineData(3900, "about 1 h 5 min left")]
    public void Left_InWords(double seconds, string expected) => Assert.Equal(expected, ProgressLine.Left(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(true, false, true)]
    [InlineData(true, true, false)]
    [InlineData(false, false, false)]
    public void For_OnlyOnATerminal_AndNeverWhenQuiet(bool terminal, bool quiet, bool shown)
    {
        var console = new ConsoleInfo(terminal, () => Clock(TimeSpan.FromSeconds(1)));

        Assert.Equal(shown, ProgressLine.For(console, quiet, TextWriter.Null, 10, () => 0, "allocated") is not null);
    }

    [Theory]
    [InlineData("batch", true, false, true)]
    [InlineData("batch", true, true, false)]
    [InlineData("batch", false, false, false)]
    [InlineData("compare", true, false, true)]
    [InlineData("compare", true, true, false)]
    public void Commands_OnAFakeTerminal_ShowProgressOnStandardErrorOnly(string command, bool terminal, bool quiet, bool shown)
    {
        var folder = Directory.CreateTempSubdirectory("ras-progress-");
        var args = new List<string> { command };
        if (command == "compare")
        {
            args.AddRange(["--proposal", TestModels.Repo("samples/changes/carer-deduction-40pc.json")]);
        }

        args.AddRange([TestModels.Repo("samples/caseload.csv"), "--out", Path.Combine(folder.FullName, "out.csv")]);
        if (quiet)
        {
            args.Add("--quiet");
        }

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Ras.Cli.Cli.Run([.. args], stdout, stderr, new ConsoleInfo(terminal, () => Clock(TimeSpan.FromSeconds(1))));
        folder.Delete(true);

        Assert.Equal(0, code);
        Assert.Equal(shown, stderr.ToString().Contains("% ", StringComparison.Ordinal) && stderr.ToString().Contains(" left", StringComparison.Ordinal));
        Assert.Equal(shown, stderr.ToString().Contains("100% 5,000 rows", StringComparison.Ordinal));
        Assert.DoesNotContain("%", stdout.ToString().Split('\n')[0], StringComparison.Ordinal);
        Assert.DoesNotContain("\r", stdout.ToString(), StringComparison.Ordinal);
    }
}
