using System.Globalization;
using System.Text.Json;
using Ras.Engine.Allocation;
using Ras.Engine.Assessments;
using Ras.Engine.Models;
using Ras.Engine.Questionnaires;

namespace Ras.Engine;

/// <summary>
/// A validated, immutable allocation model: questionnaire, adjustments, eligibility rule, direction-of-travel
/// rule, pricing, add-ons, range and rounding, identified by id, version and content hash.
/// </summary>
/// <remarks>
/// Loading validates the whole file and compiles it once; an instance is immutable and safe to share between
/// threads, and is meant to be cached and used for any number of allocations (load once, evaluate many).
/// </remarks>
public sealed class RasModel
{
    private static readonly Lazy<RasModel> DefaultModel = new(LoadDefault, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lazy<string> _document;
    private readonly Lazy<Compilation.CompiledModel> _compiled;
    private readonly Lazy<Evaluation.CaseDecoder> _decoder;
    private readonly Lazy<Questionnaire> _questionnaire;

    private RasModel(ModelDefinition definition, string contentHash, string? source)
    {
        Definition = definition;
        ContentHash = contentHash;
        Source = source;
        Index = new ModelIndex(definition);
        _compiled = new Lazy<Compilation.CompiledModel>(() => new Compilation.CompiledModel(Definition, Index, ContentHash), LazyThreadSafetyMode.ExecutionAndPublication);
        _decoder = new Lazy<Evaluation.CaseDecoder>(() => new Evaluation.CaseDecoder(Compiled), LazyThreadSafetyMode.ExecutionAndPublication);
        _questionnaire = new Lazy<Questionnaire>(() => Questionnaire.From(Definition, ContentHash), LazyThreadSafetyMode.ExecutionAndPublication);
        _document = new Lazy<string>(() => Models.ModelDocument.Render(Definition, ContentHash), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The model id, for example <c>default-adult</c>. Versions of one model share it.</summary>
    public string Id => Definition.Id;

    /// <summary>The semantic version, for example <c>1.0.0</c>.</summary>
    public string Version => Definition.Version;

    /// <summary>The human title.</summary>
    public string Title => Definition.Title;

    /// <summary>Who publishes the model (a council, or the project for illustrative models).</summary>
    public string? Publisher => Definition.Publisher;

    /// <summary>True for an illustrative model that must be calibrated locally before real use.</summary>
    public bool IsIllustrative => Definition.Illustrative;

    /// <summary>True when the model has a direction-of-travel rule (risk factors and anticipated need).</summary>
    public bool HasDirectionOfTravel => Definition.DirectionOfTravel is not null;

    /// <summary>The first day the model is in force (inclusive).</summary>
    public DateOnly EffectiveFrom => Definition.EffectiveFrom;

    /// <summary>The last day the model is in force (inclusive), or null when it has no end date.</summary>
    public DateOnly? EffectiveTo => Definition.EffectiveTo;

    /// <summary>
    /// <c>sha256:</c> and the SHA-256 of the model's canonical JSON form: the model as <see cref="ToJson"/> writes
    /// it (every default explicit), members sorted, no whitespace, numbers without trailing zeros. Formatting,
    /// member order and omitted defaults do not change it; two models with the same hash allocate identically.
    /// </summary>
    public string ContentHash { get; }

    /// <summary>The file or stream name the model was loaded from, or null.</summary>
    public string? Source { get; }

    /// <summary>
    /// The illustrative default adult model embedded in the library (<c>models/default</c>): the ten Care Act
    /// outcomes plus safety and risk, with direction of travel, bands and a range. Not calibrated to any council.
    /// </summary>
    public static RasModel Default => DefaultModel.Value;

    /// <summary>
    /// The questionnaire, read-only and in the model's order (domains, questions, answers, attributes, numeric
    /// inputs, risk factors and their levels), for rendering a form without reading the model's JSON.
    /// </summary>
    public Questionnaire Questionnaire => _questionnaire.Value;

    /// <summary>The ISO 4217 code of the currency of every amount this model gives, for example <c>GBP</c>.</summary>
    public string Currency => Definition.Currency;

    /// <summary>
    /// What the engine's text writes before an amount in this model's <see cref="Currency"/>: <c>£</c>, <c>€</c>,
    /// <c>$</c> for GBP, EUR and USD, otherwise the ISO code and a space (<c>CHF </c>). A minus sign goes before it.
    /// </summary>
    public string CurrencySymbol => Ras.Engine.Text.Format.Symbol(Definition.Currency);

    /// <summary>The model's description in plain text (for a proposal made by a change file: what it changes and from what), or null.</summary>
    public string? Description => Definition.Description;

    /// <summary>
    /// The bands an allocation can report, in the model's order with their labels: the points bands (an empty
    /// label when the model gives none), then <c>preventative</c> with the preventative offer's label when the
    /// model has one. Empty for a model priced without bands. For people's text, not for the hot path.
    /// </summary>
    public IReadOnlyList<(string Id, string Label)> BandLabels =>
        Array.AsReadOnly(Definition.Pricing.Bands.Select(b => (b.Id, b.Label))
            .Concat(Definition.DirectionOfTravel?.Preventative is { } p ? [("preventative", p.Label)] : Array.Empty<(string, string)>())
            .ToArray());

    /// <summary>The client groups the model accepts, in the model's order (codes; models give them no labels).</summary>
    public IReadOnlyList<string> ClientGroups => Array.AsReadOnly(Definition.ClientGroups.ToArray());

    internal ModelDefinition Definition { get; }

    internal ModelIndex Index { get; }

    /// <summary>The one compiled form, built on first use and cached with the model.</summary>
    internal Compilation.CompiledModel Compiled => _compiled.Value;

    /// <summary>The one decoder of assessments and caseload rows for this model.</summary>
    internal Evaluation.CaseDecoder Decoder => _decoder.Value;

    /// <summary>True when <paramref name="date"/> is between the effective-from and effective-to dates (inclusive).</summary>
    public bool IsInForceOn(DateOnly date) => date >= EffectiveFrom && (EffectiveTo is null || date <= EffectiveTo);

    /// <summary>Loads and validates a model from a stream of UTF-8 JSON.</summary>
    /// <param name="stream">The model document; read to the end, at most 4 MiB.</param>
    /// <param name="sourceName">A name for error messages, usually the file path.</param>
    /// <exception cref="ModelValidationException">The document is not a valid model; lists every problem.</exception>
    public static RasModel Load(Stream stream, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var model = TryLoad(stream, sourceName, out var errors);
        return model ?? throw new ModelValidationException(errors);
    }

    /// <summary>Loads and validates a model file.</summary>
    /// <exception cref="ModelValidationException">The file is not a valid model; lists every problem.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static RasModel LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    /// <summary>Checks a model document and returns every problem found; an empty list means it is valid.</summary>
    public static IReadOnlyList<ModelError> Validate(Stream stream, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        TryLoad(stream, sourceName, out var errors);
        return errors;
    }

    /// <summary>Loads a model from a stream, or returns null and every problem.</summary>
    public static RasModel? TryLoad(Stream stream, string? sourceName, out IReadOnlyList<ModelError> errors)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = ReadLimited(stream, out var tooLarge);
        if (tooLarge)
        {
            errors = new[] { new ModelError("too-large", "", "model file is too large", $"at most {ModelLimits.MaxBytes} bytes", "more", sourceName) };
            return null;
        }

        return TryParse(bytes, sourceName, out errors);
    }

    internal static RasModel? TryParse(ReadOnlySpan<byte> utf8, string? sourceName, out IReadOnlyList<ModelError> errors)
    {
        var list = new List<ModelError>();
        JsonDocument document;
        utf8 = StrictJson.WithoutBom(utf8);
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = ModelLimits.MaxDepth });
        }
        catch (JsonException ex)
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}");
            errors = ex.Message.Contains("maximum configured depth", StringComparison.Ordinal)
                ? new[] { new ModelError("too-deep", "", "the file nests JSON too deeply", $"at most {ModelLimits.MaxDepth} levels", "deeper nesting at " + where, sourceName) }
                : new[] { new ModelError("invalid-json", "", "the file is not well-formed JSON: " + FirstSentence(ex.Message), "valid JSON", where, sourceName) };
            return null;
        }

        using (document)
        {
            var strict = StrictJson.Problems(utf8, ModelLimits.MaxDepth);
            if (strict.Count > 0)
            {
                // A duplicated member or broken text makes the document ambiguous: nothing else is read from it.
                errors = strict.Select(p => new ModelError(p.Code, p.Path, p.Text, p.Expected, p.Found, sourceName)).ToList();
                return null;
            }

            var definition = ModelReader.Read(document.RootElement, list);
            if (definition is not null)
            {
                // Semantic checks run even when the structure has problems, so that every problem is listed at
                // once; a semantic complaint about a member already reported as malformed would only repeat it.
                var structural = list.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
                var semantic = new List<ModelError>();
                ModelValidator.Validate(definition, semantic);
                list.AddRange(semantic.Where(e => !structural.Contains(e.Path)));
            }

            if (list.Count > 0 || definition is null)
            {
                errors = list.Select(e => e.WithSource(sourceName)).ToList();
                return null;
            }

            errors = Array.Empty<ModelError>();
            return new RasModel(definition, Models.ContentHash.Of(definition), sourceName);
        }
    }

    /// <summary>
    /// Works out the allocation for one assessment. Expected failures (unknown questions, invalid answers, a date
    /// outside the model's effective period) are returned as errors in the outcome, never thrown.
    /// </summary>
    /// <param name="assessment">The person's assessment.</param>
    /// <param name="explain">
    /// When true the result carries the step-by-step explanation; when false no explanation is built at all.
    /// </param>
    public AllocationOutcome Allocate(Assessment assessment, bool explain = false)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        return Evaluation.Allocator.Allocate(Compiled, Decoder, assessment, explain);
    }

    /// <summary>
    /// Allocates many assessments in parallel across cores. The outcomes are in the same order as the
    /// assessments whatever the number of threads, and each is exactly what <see cref="Allocate"/> gives.
    /// For caseload files, <see cref="Caseloads.CaseloadRunner"/> is faster (it uses the compiled hot path).
    /// </summary>
    /// <param name="assessments">The assessments.</param>
    /// <param name="options">Threads, progress (reported every 1,024 assessments) and cancellation; null for defaults.</param>
    /// <exception cref="OperationCanceledException">The options' cancellation token was cancelled.</exception>
    public IReadOnlyList<AllocationOutcome> AllocateMany(IReadOnlyList<Assessment> assessments, CaseloadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(assessments);
        options ??= new CaseloadOptions();
        var outcomes = new AllocationOutcome[assessments.Count];
        const int Chunk = 1024;
        long done = 0, allocated = 0;
        Parallel.For(
            0,
            (assessments.Count + Chunk - 1) / Chunk,
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = options.CancellationToken },
            chunk =>
            {
                var ok = 0;
                var end = Math.Min(assessments.Count, (chunk + 1) * Chunk);
                for (var i = chunk * Chunk; i < end; i++)
                {
                    outcomes[i] = Allocate(assessments[i] ?? throw new ArgumentException($"assessment {i} is null", nameof(assessments)));
                    ok += outcomes[i].IsSuccess ? 1 : 0;
                }

                var read = Interlocked.Add(ref done, end - (chunk * Chunk));
                var good = Interlocked.Add(ref allocated, ok);
                options.Progress?.Report(new CaseloadProgress(read, good, read - good));
            });
        return Array.AsReadOnly(outcomes);
    }

    /// <summary>
    /// Allocates assessments as they arrive from an asynchronous source (a network stream, a queue), yielding one
    /// outcome per assessment in input order. What has arrived is allocated in parallel whenever the source would
    /// wait, at most 256 ahead, so memory stays flat however long the source is, and each outcome is exactly
    /// what <see cref="Allocate"/> gives.
    /// </summary>
    /// <param name="assessments">The assessments; none may be null.</param>
    /// <param name="explain">True to add each result's explanation.</param>
    /// <param name="cancellationToken">Stops reading and allocating; the enumeration then throws <see cref="OperationCanceledException"/>.</param>
    public IAsyncEnumerable<AllocationOutcome> AllocateManyAsync(IAsyncEnumerable<Assessment> assessments, bool explain = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assessments);
        return AsyncBatch.Run(assessments, (a, n) => Allocate(a ?? throw new ArgumentException($"assessment {n} is null", nameof(assessments)), explain), cancellationToken);
    }

    /// <summary>
    /// Reads an assessment from JSON and allocates it: JSON in, <see cref="AllocationOutcome.ToJson"/> out. A
    /// malformed assessment gives an outcome with errors, not an exception.
    /// </summary>
    public AllocationOutcome AllocateJson(string assessmentJson, bool explain = false) =>
        Assessment.TryParseJson(assessmentJson, out var assessment, out var errors)
            ? Allocate(assessment!, explain)
            : AllocationOutcome.Failure(errors);

    /// <summary>
    /// The model as a Markdown document ("how your budget is worked out"): every domain, question, answer and its
    /// points, adjustments, the eligibility and direction-of-travel rules, pricing, add-ons, range, rounding and
    /// effective dates. This is what a council publishes so that its RAS is transparent.
    /// </summary>
    public string Describe() => _document.Value;

    /// <summary>
    /// Applies a change file (the parameters to change, as JSON pointers into <see cref="ToJson"/>, and their
    /// new values) and returns the proposal: the same id, a version naming the change's hash, and a description
    /// recording the baseline and the change. Every problem is reported before anything is applied.
    /// </summary>
    /// <exception cref="ModelValidationException">The change names a parameter that does not exist, gives a value of the wrong type, or makes the model invalid; lists every problem.</exception>
    public RasModel ApplyChange(Stream changeFile, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(changeFile);
        return ModelChange.Apply(this, changeFile, sourceName);
    }

    /// <summary>The model written back as indented JSON; loading it again gives the same <see cref="ContentHash"/>.</summary>
    public string ToJson() => ModelWriter.Write(Definition);

    /// <inheritdoc />
    public override string ToString() => $"{Id} {Version} ({ContentHash[..15]}…)";

    private static byte[] ReadLimited(Stream stream, out bool tooLarge)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > ModelLimits.MaxBytes)
            {
                tooLarge = true;
                return Array.Empty<byte>();
            }
        }

        tooLarge = false;
        return buffer.ToArray();
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? message.TrimEnd('.') : message[..cut];
    }

    private static RasModel LoadDefault()
    {
        using var stream = typeof(RasModel).Assembly.GetManifestResourceStream("Ras.Engine.DefaultModel.json")
            ?? throw new InvalidOperationException("The embedded default model is missing from the assembly.");
        return Load(stream, "embedded:models/default/default-adult-2.0.0.json");
    }
}
