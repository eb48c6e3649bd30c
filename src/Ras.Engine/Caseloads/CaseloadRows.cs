using System.Collections;
using Ras.Engine.Models;

namespace Ras.Engine.Caseloads;

/// <summary>
/// A caseload read row by row (from <see cref="CaseloadRunner.ReadRows"/>): the header and file-level warnings,
/// then one <see cref="CaseloadRowResult"/> per row, in input order, with exactly the checks, duplicate-id rule
/// and figures of <see cref="CaseloadRunner.Run(Stream, CaseloadFormat, TextWriter, CaseloadFormat, CaseloadOptions?)"/>.
/// Rows are allocated a block at a time, in parallel; memory stays flat apart from the duplicate-id check
/// (about 10 to 16 bytes a row). The input is read once, so the rows can be enumerated once.
/// </summary>
public sealed class CaseloadRows : IEnumerable<CaseloadRowResult>
{
    private readonly CaseloadRunner _runner;
    private readonly CaseloadRunner? _second;
    private readonly Dictionary<RasModel, ColumnMap>? _secondMaps;
    private readonly BlockReader _source;
    private readonly Block _first;
    private readonly CaseloadFormat _format;
    private readonly CaseloadOptions _options;
    private readonly string[] _header;
    private readonly Dictionary<RasModel, ColumnMap>? _maps;
    private readonly List<string> _warnings;
    private bool _started;

    internal CaseloadRows(CaseloadRunner runner, Stream input, CaseloadFormat format, CaseloadOptions options, RasModel? secondModel)
    {
        _runner = runner;
        _second = secondModel is null ? null : new CaseloadRunner(secondModel);
        _format = format;
        _options = options;
        _source = new BlockReader(input, options.Encoding, format == CaseloadFormat.Csv);
        _first = _source.Read();
        _header = Array.Empty<string>();
        _warnings = new List<string>();
        if (format == CaseloadFormat.Csv)
        {
            _header = CaseloadRunner.ReadHeader(_first);
            _maps = runner.MapsFor(_header);
            _warnings.AddRange(runner.HeaderWarnings(_header, _maps));
            _secondMaps = _second?.MapsFor(_header);
        }
    }

    /// <summary>A CSV caseload's column names, in order; empty for JSON Lines.</summary>
    public IReadOnlyList<string> Header => _header.AsReadOnly();

    /// <summary>
    /// File-level warnings, as <see cref="CaseloadSummary.Warnings"/> gives them: those of the header at once,
    /// and any about the whole file (blank lines skipped) once every row has been read.
    /// </summary>
    public IReadOnlyList<string> Warnings => _warnings.AsReadOnly();

    /// <summary>The rows, in input order.</summary>
    /// <exception cref="InvalidOperationException">The rows were enumerated before (the input is read once).</exception>
    public IEnumerator<CaseloadRowResult> GetEnumerator()
    {
        if (_started)
        {
            throw new InvalidOperationException("the caseload's rows can be read once: its input is read once, from start to end");
        }

        _started = true;
        return Rows();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerator<CaseloadRowResult> Rows()
    {
        using var seen = new CaseIdSet();
        var degree = _options.MaxDegreeOfParallelism;
        var scratches = new CaseloadRunner.Scratch?[degree];
        var secondScratches = new CaseloadRunner.Scratch?[degree];
        var seconds = _second is null ? null : new CaseloadRunner.Row[CaseloadRunner.BlockSize];
        var rows = new CaseloadRunner.Row[CaseloadRunner.BlockSize];
        var csv = _format == CaseloadFormat.Csv;
        for (var block = _first; block.Count > 0; block = _source.Read())
        {
            _options.CancellationToken.ThrowIfCancellationRequested();
            var current = block;
            var parts = Math.Min(degree, Math.Max(1, block.Count / 512));
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = degree }, part =>
            {
                var scratch = scratches[part] ??= _runner.NewScratch(_header);
                for (var i = current.Count * part / parts; i < current.Count * (part + 1) / parts; i++)
                {
                    rows[i] = _runner.EvaluateLine(current, i, _format, _header, _maps, _options.DefaultAsOf, scratch);
                    if (seconds is not null)
                    {
                        seconds[i] = _second!.EvaluateLine(current, i, _format, _header, _secondMaps, _options.DefaultAsOf, secondScratches[part] ??= _second.NewScratch(_header));
                    }
                }
            });

            // Repeated case ids in input order, as the runner marks them.
            for (var i = 0; i < block.Count; i++)
            {
                if (rows[i].CaseId.Length > 0 && !seen.Add(rows[i].CaseId))
                {
                    CaseloadRunner.MarkDuplicate(ref rows[i]);
                    if (seconds is not null)
                    {
                        CaseloadRunner.MarkDuplicate(ref seconds[i]);
                    }
                }
            }

            // Each result is made as it is asked for, so that one the caller drops at once dies young (results
            // made a block ahead would outlive collections and fill the older generations).
            for (var i = 0; i < block.Count; i++)
            {
                var text = csv ? block.Text(i).ToString() : null;
                var second = seconds is null ? null : new CaseloadRowResult(seconds[i], text, _header.Length, null);
                yield return new CaseloadRowResult(rows[i], text, _header.Length, second);
                rows[i] = default;
                if (seconds is not null)
                {
                    seconds[i] = default;
                }
            }

            _source.Return(block);
        }

        if (_source.Blank > 0)
        {
            _warnings.Add(CaseloadRunner.BlankLinesWarning(_source.Blank));
        }
    }
}
