using System.Diagnostics;
using Ras.Cli;

namespace Ras.Engine.Tests.Cli;

/// <summary>Outputs never destroy inputs, and a failed or interrupted run leaves the previous output untouched (issue 10).</summary>
public sealed class SafeOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ras-safe-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Ras.Cli.Cli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Caseload(string name = "caseload.csv")
    {
        var path = Path.Combine(_dir, name);
        File.Copy(TestModels.Repo("samples/caseload.csv"), path);
        return path;
    }

    [Fact]
    public void Batch_OutputIsTheInput_IsRefusedAndTheInputKept()
    {
        var input = Caseload();
        var before = File.ReadAllBytes(input);

        var (code, _, err) = Run("batch", input, "--out", input);

        Assert.Equal(2, code);
        Assert.Contains($"--out '{input}' is the same file as the input the caseload '{input}'; writing it would destroy the input", err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public void Batch_OutputIsASymlinkToTheInput_IsRefused()
    {
        var input = Caseload();
        var link = Path.Combine(_dir, "link.csv");
        File.CreateSymbolicLink(link, input);
        var folderLink = Path.Combine(_dir, "folder");
        Directory.CreateSymbolicLink(folderLink, _dir);
        var before = File.ReadAllBytes(input);

        var (code, _, err) = Run("batch", input, "--out", link);
        var (code2, _, _) = Run("batch", input, "--out", Path.Combine(folderLink, "caseload.csv"));

        Assert.Equal((2, 2), (code, code2));
        Assert.Contains("is the same file as the input", err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public void Batch_SummaryIsTheResultsFile_IsRefused()
    {
        var out1 = Path.Combine(_dir, "r.csv");

        var (code, _, err) = Run("batch", Caseload(), "--out", out1, "--summary", Path.Combine(_dir, ".", "r.csv"));

        Assert.Equal(2, code);
        Assert.Contains("is the same file as --out", err, StringComparison.Ordinal);
        Assert.False(File.Exists(out1));
    }

    [Fact]
    public void Compare_ReportOverTheProposal_IsRefused()
    {
        var proposal = Path.Combine(_dir, "change.json");
        File.Copy(TestModels.Repo("samples/changes/carer-deduction-40pc.json"), proposal);

        var (code, _, err) = Run("compare", "--proposal", proposal, Caseload(), "--report", proposal);

        Assert.Equal(2, code);
        Assert.Contains("is the same file as the input --proposal", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_FailedRun_LeavesThePreviousOutputAndNoTemporaryFile()
    {
        var bad = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(bad, "id,as_of\nA,2026-06-01\n");
        var results = Path.Combine(_dir, "results.csv");
        File.WriteAllText(results, "previous results\n");

        var (code, _, _) = Run("batch", bad, "--out", results);

        Assert.Equal(1, code);
        Assert.Equal("previous results\n", File.ReadAllText(results));
        Assert.Equal(new[] { "bad.csv", "results.csv" }, Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Batch_Success_ReplacesTheOutputAndLeavesNoTemporaryFile()
    {
        var results = Path.Combine(_dir, "results.csv");
        File.WriteAllText(results, "previous results\n");

        var (code, _, _) = Run("batch", Caseload(), "--out", results, "--summary", Path.Combine(_dir, "s.json"));

        Assert.Equal(0, code);
        Assert.StartsWith("case_id,", File.ReadAllText(results), StringComparison.Ordinal);
        Assert.Equal(new[] { "caseload.csv", "results.csv", "s.json" }, Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RealPath_ResolvesLinksInAnyPartOfThePath()
    {
        var target = Directory.CreateDirectory(Path.Combine(_dir, "real")).FullName;
        var link = Path.Combine(_dir, "alias");
        Directory.CreateSymbolicLink(link, "real"); // relative target

        Assert.Equal(Path.Combine(OutputFile.RealPath(target), "x.csv"), OutputFile.RealPath(Path.Combine(link, "x.csv")));
    }

    [Fact]
    public void Batch_KilledProcess_LeavesThePreviousOutputIntact()
    {
        var big = Path.Combine(_dir, "big.csv");
        Assert.Equal(0, Run("generate", "--count", "400000", "--seed", "5", "--out", big, "--quiet").Code);
        var results = Path.Combine(_dir, "results.csv");
        File.WriteAllText(results, "previous results\n");

        using var process = StartRas("batch", big, "--out", results, "--threads", "1", "--quiet");
        var temp = WaitFor(() => Directory.GetFiles(_dir, ".results.csv.ras-*.tmp").FirstOrDefault(f => new FileInfo(f).Length > 0), process);
        process.Kill();
        process.WaitForExit();

        Assert.NotNull(temp);
        Assert.Equal("previous results\n", File.ReadAllText(results));
    }

    [Fact]
    public void Batch_TerminatedProcess_RemovesItsTemporaryFile()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // SIGTERM is a POSIX signal; Ctrl-C on Windows goes through the same handler
        }

        var big = Path.Combine(_dir, "big.csv");
        Assert.Equal(0, Run("generate", "--count", "400000", "--seed", "5", "--out", big, "--quiet").Code);
        var results = Path.Combine(_dir, "results.csv");
        File.WriteAllText(results, "previous results\n");

        using var process = StartRas("batch", big, "--out", results, "--threads", "1", "--quiet");
        Assert.NotNull(WaitFor(() => Directory.GetFiles(_dir, ".results.csv.ras-*.tmp").FirstOrDefault(f => new FileInfo(f).Length > 0), process));
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        process.WaitForExit();

        Assert.Equal("previous results\n", File.ReadAllText(results));
        Assert.Empty(Directory.GetFiles(_dir, ".results.csv.ras-*.tmp"));
    }

    [Fact]
    public void Batch_StandardStreams_ReadAndWriteThroughPipes()
    {
        var csv = "case_id,as_of,eating\nA,2026-06-01,own\n";
        using var process = StartRas("batch", "-", "--format", "csv", "--out", "-", "--out-format", "jsonl", "--quiet");
        process.StandardInput.Write(csv);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(4, process.ExitCode);
        Assert.StartsWith("{\"case_id\":\"A\",\"client_group\":null,\"status\":\"error\"", output, StringComparison.Ordinal);
        Assert.Contains("results written to standard output", errors, StringComparison.Ordinal);
    }

    private static Process StartRas(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ras.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }

    private static string? WaitFor(Func<string?> probe, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
        {
            if (probe() is { } found)
            {
                return found;
            }

            Thread.Sleep(20);
        }

        return null;
    }
}
