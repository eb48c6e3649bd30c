using System.CommandLine;
using Ras.Cli.Parsing;

namespace Ras.Cli.Commands;

/// <summary>
/// <c>ras completion bash|zsh|pwsh</c>: prints a script that makes the shell complete ras's commands, options and
/// option values. The script asks ras itself (System.CommandLine's <c>[suggest:N]</c> directive), so it never
/// goes out of date.
/// </summary>
internal sealed class CompletionCommand : RasCommand
{
    private readonly Argument<string> _shell = new("SHELL") { Description = "The shell: bash, zsh or pwsh." };

    public CompletionCommand() : base("completion", "Print a shell completion script for bash, zsh or pwsh.")
    {
        _shell.AcceptOnlyFromAmong("bash", "zsh", "pwsh");
        Add(_shell);
    }

    public override IReadOnlyList<string> Examples { get; } =
    [
        "ras completion bash >> ~/.bashrc",
        "ras completion zsh >> ~/.zshrc",
        "ras completion pwsh >> $PROFILE",
    ];

    protected override int Run(ParseResult result, TextWriter stdout, TextWriter stderr)
    {
        stdout.Write(result.GetValue(_shell) switch
        {
            "bash" => """
                # ras completion for bash: asks ras for the words that fit (its [suggest:N] directive).
                _ras_complete() {
                  local line="${COMP_LINE:0:COMP_POINT}"
                  local IFS=$'\n'
                  COMPREPLY=($(ras "[suggest:${#line}]" "$line" 2>/dev/null))
                }
                complete -o default -F _ras_complete ras

                """,
            "zsh" => """
                # ras completion for zsh: asks ras for the words that fit (its [suggest:N] directive).
                _ras_complete() {
                  local line="${BUFFER[1,CURSOR]}"
                  local -a words
                  words=("${(@f)$(ras "[suggest:${#line}]" "$line" 2>/dev/null)}")
                  compadd -a words
                }
                compdef _ras_complete ras

                """,
            _ => """
                # ras completion for PowerShell: asks ras for the words that fit (its [suggest:N] directive).
                Register-ArgumentCompleter -Native -CommandName ras -ScriptBlock {
                    param($wordToComplete, $commandAst, $cursorPosition)
                    $line = $commandAst.ToString().Substring(0, $cursorPosition - $commandAst.Extent.StartOffset)
                    ras "[suggest:$($line.Length)]" "$line" | ForEach-Object { [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_) }
                }

                """,
        });
        return Cli.Ok;
    }
}
