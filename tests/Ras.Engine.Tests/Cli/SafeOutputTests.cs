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

    [Fact]
    public async Task Batch_StandardOutputRedirectedOntoTheInput_IsRefused()
    {
        // ras batch x.csv --out - >> x.csv read its own output for ever.
        if (!OperatingSystem.IsLinux())
        {
            return; // where standard output goes is read from /proc
        }

        var input = Caseload();
        var before = File.ReadAllBytes(input);
        var ras = Path.Combine(AppContext.BaseDirectory, "ras.dll");
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec dotnet '{ras}' batch '{input}' --out - --out-format csv --quiet >> '{input}'");
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("ras did not stop: it was reading its own output");
        }


        Assert.Equal(2, process.ExitCode);
        Assert.Contains($"--out - (standard output, redirected to '{input}') is the same file as the input the caseload '{input}'", await errors, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public async Task Batch_ResultsAndSummaryBothToStandardOutputRedirectedToAFile_AreWrittenOneAfterTheOther()
    {
        // --out - --summary - was refused as "the same file" when standard output was a file (and not when a pipe).
        if (!OperatingSystem.IsLinux())
        {
            return; // where standard output goes is read from /proc
        }

        var input = Caseload();
        var output = Path.Combine(_dir, "both.txt");
        var ras = Path.Combine(AppContext.BaseDirectory, "ras.dll");
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec dotnet '{ras}' batch '{input}' --out - --out-format csv --summary - --quiet > '{output}'");
        using var process = Process.Start(info)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, errors);
        var written = File.ReadAllText(output);
        Assert.StartsWith("case_id,client_group,status", written, StringComparison.Ordinal);
        Assert.Contains("\"rowsRead\": 5000", written, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_OutputIsDevStdoutOnAPipe_IsWrittenThroughThePipe()
    {
        // /dev/stdout (or a shell's /dev/fd/N) resolves to "pipe:[…]", a name no file can be renamed to.
        if (!OperatingSystem.IsLinux())
        {
            return; // /dev/stdout
        }

        var input = Caseload();
        using var process = StartRas("batch", input, "--out", "/dev/stdout", "--out-format", "csv", "--quiet");
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, errors);
        Assert.Equal(5001, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains(",ok,", StringComparison.Ordinal) || l.StartsWith("case_id,", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Compare_CasesOnStandardOutputWithAReport_KeepsStandardOutputForTheCases()
    {
        // "report written to …" was printed on standard output, in among the per-case CSV.
        var input = Caseload();
        var report = Path.Combine(_dir, "impact.html");
        using var process = StartRas("compare", "--proposal", TestModels.Repo("samples/changes/carer-deduction-40pc.json"), input, "--out", "-", "--report", report, "--quiet");
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, errors);
        Assert.DoesNotContain("report written", output, StringComparison.Ordinal);
        Assert.Contains($"report written to {report}", errors, StringComparison.Ordinal);
        Assert.Equal(5001, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Generate_ReaderClosesStandardOutputEarly_ReportsABrokenPipe()
    {
        // generate ... --out - | head -1 exited 0 and said it wrote every case.
        if (OperatingSystem.IsWindows())
        {
            return; // a broken pipe is a Unix error
        }

        using var process = StartRas("generate", "--count", "2000000", "--seed", "1", "--out", "-", "--format", "csv", "--quiet");
        var errors = process.StandardError.ReadToEndAsync();
        Assert.NotNull(process.StandardOutput.ReadLine());
        process.StandardOutput.Close();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("ras did not stop after its reader went");
        }

        var stderr = await errors;

        Assert.Equal(3, process.ExitCode);
        Assert.Contains("closed it before everything was written (broken pipe)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("wrote", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_SummaryCannotBeWritten_LeavesThePreviousResultsAndNoTemporaryFile()
    {
        // The results were renamed into place before the summary failed: new results beside an old summary.
        if (!(File.Exists("/dev/full")))
        {
            return; // /dev/full gives a full disk on every write
        }

        var input = Caseload();
        var results = Previous("results.csv");

        var (code, _, err) = Run("batch", input, "--out", results, "--summary", "/dev/full", "--quiet");
        if (!IsCharacterDevice("/dev/full"))
        {
            // A regression renamed a file over the device (possible as root): put it back before failing.
            using var mknod = Process.Start("sh", new[] { "-c", "rm -f /dev/full && mknod -m 666 /dev/full c 1 7" });
            mknod.WaitForExit();
            Assert.Fail("/dev/full was replaced by a regular file");
        }

        Assert.Equal(3, code);
        Assert.Contains("No space left on device", err, StringComparison.Ordinal);
        Assert.Equal("previous\n", File.ReadAllText(results));
        Assert.Equal(new[] { "caseload.csv", "results.csv" }, Files());
    }

    [Fact]
    public async Task Batch_OutputIsANamedPipe_IsWrittenThroughItNotReplaced()
    {
        // Renaming over a named pipe (or /dev/null, as root) replaced it with a regular file.
        if (OperatingSystem.IsWindows())
        {
            return; // named pipes in the file system are Unix's
        }

        var input = Caseload();
        var fifo = Path.Combine(_dir, "results.pipe");
        using (var mkfifo = Process.Start("mkfifo", new[] { fifo }))
        {
            mkfifo.WaitForExit();
        }

        var reader = Task.Run(() => File.ReadAllLines(fifo));
        var (code, _, err) = Run("batch", input, "--out", fifo, "--out-format", "csv", "--quiet");

        Assert.True(code == 0, err);
        Assert.Equal(5001, (await reader.WaitAsync(TimeSpan.FromSeconds(60))).Length);
        using var isPipe = Process.Start("test", new[] { "-p", fifo });
        isPipe.WaitForExit();
        Assert.Equal(0, isPipe.ExitCode); // still a named pipe
        Assert.Empty(Directory.GetFiles(_dir, ".results.pipe.ras-*.tmp"));
    }

    [Fact]
    public void Batch_OutputIsASymlink_ReplacesTheFileItPointsToAndKeepsTheLinkAndPermissions()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions
        }

        var input = Caseload();
        var real = Previous("real.csv");
        File.SetUnixFileMode(real, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var link = Path.Combine(_dir, "results.csv");
        File.CreateSymbolicLink(link, real);

        var (code, _, err) = Run("batch", input, "--out", link, "--quiet");

        Assert.True(code == 0, err);
        Assert.Equal(real, new FileInfo(link).LinkTarget);
        Assert.Equal(5001, File.ReadAllLines(real).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(real));
    }

    private static bool IsCharacterDevice(string path)
    {
        using var test = Process.Start("test", new[] { "-c", path });
        test.WaitForExit();
        return test.ExitCode == 0;
    }

    private string Copy(string repoPath, string name)
    {
        var path = Path.Combine(_dir, name);
        File.Copy(TestModels.Repo(repoPath), path);
        return path;
    }

    private string Previous(string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "previous\n");
        return path;
    }

    private string[] Files() => Directory.GetFiles(_dir).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Describe_OutputIsTheModel_IsRefusedAndTheModelKept()
    {
        var model = Copy("models/norfolk-children/norfolk-children-primary-1.0.0.json", "model.json");
        var before = File.ReadAllBytes(model);
        var link = Path.Combine(_dir, "link.md");
        File.CreateSymbolicLink(link, model);

        var (code, _, err) = Run("describe", model, "--out", link);

        Assert.Equal(2, code);
        Assert.Contains($"--out '{link}' is the same file as the input the model '{model}'", err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(model));
    }

    [Fact]
    public void Describe_Success_ReplacesTheOutputAndLeavesNoTemporaryFile()
    {
        var output = Previous("model.md");

        var (code, _, _) = Run("describe", "--out", output);

        Assert.Equal(0, code);
        Assert.Equal(TestModels.Default.Describe(), File.ReadAllText(output));
        Assert.Equal(new[] { "model.md" }, Files());
    }

    [Fact]
    public void Describe_InvalidModel_LeavesThePreviousOutput()
    {
        var output = Previous("model.md");

        var (code, _, _) = Run("describe", TestModels.Fixture("invalid/band-overlap.json"), "--out", output);

        Assert.Equal(1, code);
        Assert.Equal("previous\n", File.ReadAllText(output));
        Assert.Equal(new[] { "model.md" }, Files());
    }

    [Theory]
    [InlineData("--out", "--history")]
    [InlineData("--report", "--history")]
    [InlineData("--summary", "--model")]
    public void Calibrate_OutputIsAnInput_IsRefusedAndTheInputKept(string output, string input)
    {
        var history = Copy("samples/history.csv", "history.csv");
        var model = Copy("samples/history-truth-model.json", "base.json");
        var before = File.ReadAllBytes(history).Concat(File.ReadAllBytes(model)).ToArray();
        var args = new List<string> { "calibrate", "--history", history, "--model", model, "--as-of", "2026-11-23", "--out", Path.Combine(_dir, "new.json") };
        args.AddRange(new[] { output, input == "--history" ? history : model });
        if (output == "--out")
        {
            args.RemoveRange(7, 2); // the --out given by the test only
        }

        var (code, _, err) = Run(args.ToArray());

        Assert.Equal(2, code);
        Assert.Contains($"is the same file as the input {input}", err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(history).Concat(File.ReadAllBytes(model)).ToArray());
    }

    [Fact]
    public void Calibrate_ReportOverTheModelOutput_IsRefused()
    {
        var output = Path.Combine(_dir, "new.json");

        var (code, _, err) = Run("calibrate", "--history", TestModels.Repo("samples/history.csv"), "--as-of", "2026-11-23", "--out", output, "--report", output);

        Assert.Equal(2, code);
        Assert.Contains($"--report '{output}' is the same file as --out '{output}'", err, StringComparison.Ordinal);
        Assert.Empty(Files());
    }

    [Fact]
    public void Calibrate_Success_ReplacesEveryOutputAndLeavesNoTemporaryFile()
    {
        var model = Previous("new.json");
        var report = Previous("report.html");
        var summary = Previous("summary.json");

        var (code, _, _) = Run("calibrate", "--history", TestModels.Repo("samples/history.csv"), "--as-of", "2026-11-23", "--out", model, "--report", report, "--summary", summary);

        Assert.Equal(0, code);
        Assert.StartsWith("{", File.ReadAllText(model), StringComparison.Ordinal);
        Assert.Contains("<html", File.ReadAllText(report), StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("{", File.ReadAllText(summary), StringComparison.Ordinal);
        Assert.Equal(new[] { "new.json", "report.html", "summary.json" }, Files());
    }

    [Fact]
    public void Calibrate_UnusableHistory_LeavesThePreviousModel()
    {
        var history = Path.Combine(_dir, "history.csv");
        File.WriteAllText(history, "id,as_of\nA,2026-06-01\n");
        var model = Previous("new.json");

        var (code, _, _) = Run("calibrate", "--history", history, "--as-of", "2026-11-23", "--out", model);

        Assert.Equal(1, code);
        Assert.Equal("previous\n", File.ReadAllText(model));
        Assert.Equal(new[] { "history.csv", "new.json" }, Files());
    }

    [Fact]
    public void CalibrateRisk_OutputIsTheHistory_IsRefusedAndTheHistoryKept()
    {
        var history = Copy("samples/reassessments.csv", "reassessments.csv");
        var before = File.ReadAllBytes(history);

        var (code, _, err) = Run("calibrate-risk", "--history", history, "--as-of", "2026-11-23", "--out", Path.Combine(_dir, "new.json"), "--report", history);

        Assert.Equal(2, code);
        Assert.Contains($"--report '{history}' is the same file as the input --history '{history}'", err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(history));
    }

    [Fact]
    public void CalibrateRisk_Success_ReplacesTheOutputsAndLeavesNoTemporaryFile()
    {
        var history = Copy("samples/reassessments.csv", "reassessments.csv");
        var model = Previous("new.json");
        var report = Previous("risk.html");

        var (code, _, _) = Run("calibrate-risk", "--history", history, "--as-of", "2026-11-23", "--out", model, "--report", report, "--folds", "4");

        Assert.Equal(0, code);
        Assert.StartsWith("{", File.ReadAllText(model), StringComparison.Ordinal);
        Assert.NotEqual("previous\n", File.ReadAllText(report));
        Assert.Equal(new[] { "new.json", "reassessments.csv", "risk.html" }, Files());
    }

    [Fact]
    public void Sweep_SummaryIsTheCaseload_IsRefusedAndTheCaseloadKept()
    {
        var input = Caseload();
        var before = File.ReadAllBytes(input);

        var (code, _, err) = Run("sweep", "--parameter", "/pricing/bands/3/amount", "--values", "15000,16000", input, "--summary", input);

        Assert.Equal(2, code);
        Assert.Contains($"--summary '{input}' is the same file as the input the caseload '{input}'", err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public void Sweep_Success_ReplacesTheSummaryAndLeavesNoTemporaryFile()
    {
        var summary = Previous("sweep.json");

        var (code, _, _) = Run("sweep", "--parameter", "/pricing/bands/3/amount", "--values", "15000,16000", Caseload(), "--summary", summary);

        Assert.True(code is 0 or 4, $"exit {code}");
        Assert.StartsWith("{", File.ReadAllText(summary), StringComparison.Ordinal);
        Assert.Equal(new[] { "caseload.csv", "sweep.json" }, Files());
    }

    [Theory]
    [InlineData("--model")]
    [InlineData("--costs-from")]
    [InlineData("--reassessments-from")]
    public void Generate_OutputIsAModel_IsRefusedAndTheModelKept(string option)
    {
        var model = Copy(option == "--reassessments-from" ? "samples/reassessments-truth-model.json" : "samples/history-truth-model.json", "model.json");
        var before = File.ReadAllBytes(model);
        var link = Path.Combine(_dir, "out.csv");
        File.CreateSymbolicLink(link, model);

        var (code, _, err) = Run("generate", "--count", "10", "--seed", "1", option, model, "--out", link);

        Assert.Equal(2, code);
        Assert.Contains($"is the same file as the input {option}", err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(model));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("--costs-from")]
    [InlineData("--reassessments-from")]
    public void Generate_Success_ReplacesTheOutputAndLeavesNoTemporaryFile(string? history)
    {
        var output = Previous("out.csv");
        var args = new List<string> { "generate", "--count", "20", "--seed", "1", "--out", output, "--quiet" };
        if (history is not null)
        {
            args.AddRange(new[] { history, TestModels.Repo(history == "--costs-from" ? "samples/history-truth-model.json" : "samples/reassessments-truth-model.json") });
        }

        var (code, _, _) = Run(args.ToArray());

        Assert.Equal(0, code);
        Assert.StartsWith("case_id,", File.ReadAllText(output), StringComparison.Ordinal);
        Assert.Equal(new[] { "out.csv" }, Files());
    }

    [Fact]
    public void Generate_InvalidTruthModel_LeavesThePreviousOutput()
    {
        var output = Previous("out.csv");

        var (code, _, _) = Run("generate", "--count", "20", "--seed", "1", "--out", output, "--reassessments-from", TestModels.Fixture("invalid/band-overlap.json"));

        Assert.Equal(1, code);
        Assert.Equal("previous\n", File.ReadAllText(output));
        Assert.Equal(new[] { "out.csv" }, Files());
    }

    [Fact]
    public void Generate_KilledProcess_LeavesThePreviousOutputIntact()
    {
        var output = Previous("big.csv");

        using var process = StartRas("generate", "--count", "5000000", "--seed", "5", "--out", output, "--quiet");
        var temp = WaitFor(() => Directory.GetFiles(_dir, ".big.csv.ras-*.tmp").FirstOrDefault(f => new FileInfo(f).Length > 0), process);
        process.Kill();
        process.WaitForExit();

        Assert.NotNull(temp);
        Assert.Equal("previous\n", File.ReadAllText(output));
    }

    [Fact]
    public void Compare_KilledProcess_LeavesThePreviousCasesIntact()
    {
        var big = Path.Combine(_dir, "big.csv");
        Assert.Equal(0, Run("generate", "--count", "400000", "--seed", "5", "--out", big, "--quiet").Code);
        var cases = Previous("cases.csv");

        using var process = StartRas("compare", "--proposal", TestModels.Repo("samples/changes/carer-deduction-40pc.json"), big, "--out", cases, "--threads", "1", "--quiet");
        var temp = WaitFor(() => Directory.GetFiles(_dir, ".cases.csv.ras-*.tmp").FirstOrDefault(f => new FileInfo(f).Length > 0), process);
        process.Kill();
        process.WaitForExit();

        Assert.NotNull(temp);
        Assert.Equal("previous\n", File.ReadAllText(cases));
    }

    [Fact]
    public void Commands_WriteFilesOnlyThroughOutputFile()
    {
        // Every file a command writes goes through OutputFile (temporary file, rename on success); a direct write
        // would truncate the previous file before the new one is complete.
        var direct = new System.Text.RegularExpressions.Regex(@"\bFile\.(WriteAll|AppendAll|Create\b|Open\b|OpenWrite)|new StreamWriter\((?![^,]*\.Stream\b)|new FileStream\(");
        var offenders = Directory.GetFiles(TestModels.Repo("src/Ras.Cli/Commands"), "*.cs")
            .SelectMany(f => File.ReadAllLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => direct.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToArray();

        Assert.Empty(offenders);
    }

    internal static Process StartRas(params string[] args)
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
