using System.Security.Cryptography;
using System.Text;

namespace Ras.Engine.Tests.Fuzzing;

/// <summary>
/// A seeded mutational fuzzer of the readers, through the <c>ras</c> command line in process: it mutates the
/// repository's own samples, models and fixtures (bit flips, interesting bytes and tokens, deleted, repeated and
/// spliced spans, repeated lines, numbers swapped for extreme ones, stacked one to four deep) and runs the
/// command that reads each kind of file. A crash is an exit code 70 (internal error) or an exception escaping the
/// command line; each distinct crash (by exception and first engine frame) is kept with its input. Deterministic
/// for a seed and a number of executions.
/// </summary>
public sealed class ReaderFuzzer
{
    private static readonly string[] Tokens =
    [
        "\\ud800", "\\udc00", "1e30", "7.9e28", "79228162514264337593543950336", "-1", "0", "2147483648", "4294967306", "1e-28",
        "0.0000000000000000000000000001", "\"\"", "null", ",", "\"x\": 1,", "\uFEFF", "NaN", "\"", ",,", "1E400", "-0", "[]", "{}",
        "\"pricePerPoint\": 1e12,", "\"caseId\": \"D\",", "true", "\n", "\r\n", "\"\"\"", "\\u0000", "1e12", "100000", "-2147483649",
    ];

    private static readonly byte[] Bytes = [0x00, 0xFF, (byte)'"', (byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)',', (byte)':', (byte)'\\', (byte)'\n', (byte)'\r', 0xEF, 0xC0, 0x80, (byte)'0', (byte)'9', (byte)'-', (byte)'e'];

    private static readonly string[] Numbers = ["0", "-1", "1e30", "7.9e28", "1e-28", "2147483647", "2147483648", "100000", "10000000", "1e12", "1000000000001", "53", "0.0001", "-7.9e28", "1e26", "99"];

    private readonly Target _target;
    private readonly List<byte[]> _corpus;
    private readonly Random _random;
    private readonly string _work;

    public ReaderFuzzer(Target target, int seed, string work)
    {
        _target = target;
        _random = new Random(seed);
        _work = work;
        Directory.CreateDirectory(work);
        _corpus = Corpus(target, work);
    }

    /// <summary>The readers fuzzed, each through the command that reads its kind of file.</summary>
    public enum Target
    {
        Model,
        Assessment,
        Change,
        History,
        Csv,
        JsonLines,
    }

    /// <summary>Executions so far.</summary>
    public long Executions { get; private set; }

    /// <summary>Distinct crashes: key (exception and first engine frame) → the input and what the command printed.</summary>
    public Dictionary<string, (byte[] Input, string Output)> Crashes { get; } = new(StringComparer.Ordinal);

    /// <summary>The corpus size.</summary>
    public int CorpusSize => _corpus.Count;

    /// <summary>Runs until <paramref name="executions"/> inputs have run or <paramref name="until"/> has passed.</summary>
    public void Run(long executions, TimeSpan until)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0L; i < executions && clock.Elapsed < until; i++)
        {
            var input = Mutate(_corpus[_random.Next(_corpus.Count)]);
            var (crashed, output) = Execute(input);
            Executions++;
            if (crashed)
            {
                Crashes.TryAdd(Key(output), (input, output));
            }
        }
    }

    /// <summary>Runs one input through the target's command: (true, what it printed) when it crashed.</summary>
    public (bool Crashed, string Output) Execute(byte[] input)
    {
        var file = Path.Combine(_work, "input" + Extension(_target));
        File.WriteAllBytes(file, input);
        var outFile = Path.Combine(_work, "out" + (_target == Target.JsonLines ? ".jsonl" : _target == Target.History ? ".json" : ".csv"));
        string[] args = _target switch
        {
            Target.Model => ["validate", file],
            Target.Assessment => ["allocate", file, "--explain"],
            Target.Change => ["compare", "--proposal", file, Path.Combine(_work, "seed-caseload.csv"), "--quiet"],
            Target.History => ["calibrate", "--history", file, "--out", outFile, "--as-of", "2026-11-23", "--folds", "2"],
            Target.Csv => ["batch", file, "--out", outFile, "--quiet", "--threads", "1"],
            _ => ["batch", file, "--out", outFile, "--quiet", "--threads", "1"],
        };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code;
        try
        {
            code = Ras.Cli.Cli.Run(args, stdout, stderr);
            if (code == 0 && _target == Target.Model)
            {
                code = Ras.Cli.Cli.Run(["describe", file, "--out", Path.Combine(_work, "described.md")], stdout, stderr);
            }
        }
        catch (Exception e)
        {
            return (true, "escaped the command line: " + e);
        }

        return (code == Ras.Cli.Cli.InternalError, stderr.ToString());
    }

    private static string Extension(Target t) => t switch
    {
        Target.History or Target.Csv => ".csv",
        Target.JsonLines => ".jsonl",
        _ => ".json",
    };

    private static string Key(string output)
    {
        var lines = output.Split('\n');
        var kind = lines.FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal))?.Trim() ?? lines[0];
        kind = kind.Split(':').Skip(1).FirstOrDefault()?.Trim() ?? kind;
        var frame = lines.FirstOrDefault(l => l.TrimStart().StartsWith("at Ras.", StringComparison.Ordinal))?.Trim() ?? "";
        var cut = frame.IndexOf(" in ", StringComparison.Ordinal);
        return kind + " " + (cut > 0 ? frame[..cut] : frame);
    }

    private byte[] Mutate(byte[] seed)
    {
        var data = new List<byte>(seed);
        var rounds = 1 + _random.Next(4);
        for (var r = 0; r < rounds; r++)
        {
            var at = data.Count == 0 ? 0 : _random.Next(data.Count);
            switch (_random.Next(9))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[at] = Bytes[_random.Next(Bytes.Length)];
                    break;
                case 2 when data.Count > 0:
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + _random.Next(16)));
                    break;
                case 3 when data.Count > 0:
                    data.InsertRange(at, data.GetRange(at, Math.Min(data.Count - at, 1 + _random.Next(64))).ToArray());
                    break;
                case 4:
                    data.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[_random.Next(Tokens.Length)]));
                    break;
                case 5:
                    ReplaceNumber(data);
                    break;
                case 6:
                    var other = _corpus[_random.Next(_corpus.Count)];
                    var from = other.Length == 0 ? 0 : _random.Next(other.Length);
                    data.RemoveRange(at, data.Count - at);
                    data.AddRange(other.AsSpan(from).ToArray());
                    break;
                case 7:
                    RepeatLine(data);
                    break;
                default:
                    if (data.Count > 0)
                    {
                        data.InsertRange(at, data.GetRange(_random.Next(data.Count), 1));
                    }

                    break;
            }
        }

        return data.ToArray();
    }

    private void ReplaceNumber(List<byte> data)
    {
        var starts = new List<int>();
        for (var i = 0; i < data.Count; i++)
        {
            if (char.IsAsciiDigit((char)data[i]) && (i == 0 || !char.IsAsciiDigit((char)data[i - 1])))
            {
                starts.Add(i);
            }
        }

        if (starts.Count == 0)
        {
            return;
        }

        var start = starts[_random.Next(starts.Count)];
        var end = start;
        while (end < data.Count && (char.IsAsciiDigit((char)data[end]) || data[end] is (byte)'.' or (byte)'e' or (byte)'E'))
        {
            end++;
        }

        data.RemoveRange(start, end - start);
        data.InsertRange(start, Encoding.ASCII.GetBytes(Numbers[_random.Next(Numbers.Length)]));
    }

    private void RepeatLine(List<byte> data)
    {
        var lines = new List<int> { 0 };
        for (var i = 0; i < data.Count; i++)
        {
            if (data[i] == (byte)'\n')
            {
                lines.Add(i + 1);
            }
        }

        var k = _random.Next(lines.Count);
        var end = k + 1 < lines.Count ? lines[k + 1] : data.Count;
        var line = data.GetRange(lines[k], end - lines[k]).ToArray();
        data.InsertRange(lines[_random.Next(lines.Count)], line);
    }

    /// <summary>The seed inputs: the repository's samples, models and test fixtures of the target's kind, cut to a size that runs quickly.</summary>
    private static List<byte[]> Corpus(Target target, string work)
    {
        var repo = TestModels.Repo("");
        var fixtures = TestModels.Fixture("");
        IEnumerable<string> Files(string dir, string pattern) => Directory.Exists(dir) ? Directory.GetFiles(dir, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal) : [];
        static byte[] Head(string path, int lines) => Encoding.UTF8.GetBytes(string.Join('\n', File.ReadLines(path).Take(lines)) + "\n");

        File.WriteAllBytes(Path.Combine(work, "seed-caseload.csv"), Head(Path.Combine(repo, "samples/caseload.csv"), 41));
        var corpus = target switch
        {
            Target.Model => Files(Path.Combine(repo, "models"), "*.json").Where(f => !f.Contains("schema", StringComparison.Ordinal))
                .Concat(Files(Path.Combine(repo, "samples/models"), "*.json"))
                .Concat(new[] { "models", "invalid", "extreme", "strict" }.SelectMany(d => Files(Path.Combine(fixtures, d), "model*.json").Concat(d == "strict" ? [] : Files(Path.Combine(fixtures, d), "*.json"))))
                .Select(File.ReadAllBytes),
            Target.Assessment => Files(Path.Combine(repo, "samples"), "assessment*.json").Concat(Files(Path.Combine(fixtures, "strict"), "assessment*.json")).Select(File.ReadAllBytes),
            Target.Change => Files(Path.Combine(repo, "samples/changes"), "*.json").Concat(Files(Path.Combine(fixtures, "strict"), "change*.json")).Select(File.ReadAllBytes),
            Target.History => [Head(Path.Combine(repo, "samples/history.csv"), 61)],
            Target.Csv => [Head(Path.Combine(repo, "samples/caseload.csv"), 21), Head(Path.Combine(repo, "samples/caseload-messy.csv"), 40)],
            _ => [JsonLinesSeed(repo)],
        };
        return corpus.Select(b => b).ToList();
    }

    private static byte[] JsonLinesSeed(string repo)
    {
        var lines = Directory.GetFiles(Path.Combine(repo, "samples"), "assessment*.json").Order(StringComparer.Ordinal)
            .Select(f => System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(f))!.ToJsonString());
        return Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
    }

    /// <summary>A short, stable name for a crash input.</summary>
    public static string Name(byte[] input) => Convert.ToHexStringLower(SHA256.HashData(input))[..12];
}
