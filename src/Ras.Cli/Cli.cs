using Ras.Cli.Commands;

namespace Ras.Cli;

/// <summary>The <c>ras</c> command line: dispatches to one command per verb. Exit codes are in docs/cli.md.</summary>
internal static class Cli
{
    public const int Ok = 0;
    public const int InvalidInput = 1;
    public const int Usage = 2;
    public const int IoError = 3;
    public const int SomeRowsRejected = 4;
    public const int InternalError = 70;

    public const string Help = """
        ras: resource allocation for adult social care personal budgets

        Usage:
          ras allocate ASSESSMENT.json [--model MODEL.json] [--explain] [--format text|json]
          ras validate [MODEL.json]
          ras describe [MODEL.json] [--out FILE.md]
          ras batch CASELOAD.csv|.jsonl|- --out RESULTS.csv|.jsonl|- [--model MODEL.json | --models DIR [--model-id ID]]
                    [--summary SUMMARY.json] [--format csv|jsonl] [--out-format csv|jsonl] [--as-of DATE] [--threads N] [--quiet]
                    [--encoding utf-8|windows-1252] [--exact-text]
          ras generate [--model MODEL.json] --count N --seed S --out FILE.csv|.jsonl [--format csv|jsonl] [--quiet]
          ras compare [--baseline MODEL.json] --proposal MODEL.json|CHANGE.json CASELOAD [--out CASES.csv] [--summary IMPACT.json] [--report IMPACT.html]
                      [--no-change PCT] [--small-change PCT] [--protect-loss PCT%|AMOUNT] [--format csv|jsonl] [--as-of DATE] [--threads N] [--quiet]
                      [--encoding utf-8|windows-1252] [--exact-text]
          ras calibrate [--model BASE.json] --history HISTORY.csv --out CALIBRATED.json --as-of DATE [--method price-per-point|price-per-point-intercept|bands|band-prices|sqrt-curve|log-curve]
                        [--report FILE.html] [--summary FILE.json] [--folds N] [--coverage PCT] [--outlier-factor F] [--min-rows-per-band N]
                        [--suggest-bands N] [--envelope AMOUNT [--contingency PCT]] [--version V] [--effective-from DATE]
          ras sweep [--baseline MODEL.json] --parameter JSON-POINTER --values V1,V2,… CASELOAD [--summary SWEEP.json]
          ras --help | --version

        Without --model (or MODEL), commands use the embedded default model (models/default).
        Exit codes: 0 success; 1 invalid input (model, assessment or unusable caseload); 2 usage error;
        3 file cannot be read or written; 4 finished, but some rows were rejected (see their error rows); 70 internal error.
        Documentation: docs/cli.md
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Help);
            return args.Length == 0 ? Usage : Ok;
        }

        if (args[0] == "--version")
        {
            stdout.WriteLine(typeof(Cli).Assembly.GetName().Version?.ToString(3));
            return Ok;
        }

        Arguments parsed;
        try
        {
            parsed = Arguments.Parse(args[1..]);
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"ras {args[0]}: {ex.Message}");
            stderr.WriteLine("Run 'ras --help' for usage.");
            return Usage;
        }

        try
        {
            return args[0] switch
            {
                "allocate" => AllocateCommand.Run(parsed, stdout, stderr),
                "validate" => ValidateCommand.Run(parsed, stdout, stderr),
                "describe" => DescribeCommand.Run(parsed, stdout, stderr),
                "batch" => BatchCommand.Run(parsed, stdout, stderr),
                "generate" => GenerateCommand.Run(parsed, stdout, stderr),
                "compare" => CompareCommand.Run(parsed, stdout, stderr),
                "sweep" => SweepCommand.Run(parsed, stdout, stderr),
                "calibrate" => CalibrateCommand.Run(parsed, stdout, stderr),
                _ => throw new UsageException($"unknown command '{args[0]}'; commands are allocate, validate, describe, batch, generate, compare, sweep, calibrate"),
            };
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"ras {args[0]}: {ex.Message}");
            stderr.WriteLine("Run 'ras --help' for usage.");
            return Usage;
        }
        catch (IOException ex)
        {
            stderr.WriteLine($"ras {args[0]}: {ex.Message}");
            return IoError;
        }
        catch (UnauthorizedAccessException ex)
        {
            stderr.WriteLine($"ras {args[0]}: {ex.Message}");
            return IoError;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Expected problems (bad models, bad rows, bad options) never get here: this is a bug in ras.
            stderr.WriteLine($"ras {args[0]}: internal error, please report it with the command line and input: {ex}");
            return InternalError;
        }
    }
}
