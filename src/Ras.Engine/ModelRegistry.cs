using Ras.Engine.Allocation;
using Ras.Engine.Assessments;
using Ras.Engine.Models;
using Ras.Engine.Text;

namespace Ras.Engine;

/// <summary>
/// A set of validated models, several versions per id, that picks the version in force on an as-of date (as
/// time-zone data picks the rule in force). Versions of one id must not overlap in their effective periods.
/// Immutable and thread-safe.
/// </summary>
public sealed class ModelRegistry
{
    private readonly Dictionary<string, RasModel[]> _byId;

    /// <summary>Creates a registry from loaded models.</summary>
    /// <exception cref="ModelValidationException">Two models share an id and version, or versions of one id overlap in time; lists every clash.</exception>
    public ModelRegistry(IEnumerable<RasModel> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var errors = new List<ModelError>();
        _byId = models.GroupBy(m => m.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(m => m.EffectiveFrom).ToArray(), StringComparer.Ordinal);
        foreach (var (id, versions) in _byId)
        {
            for (var i = 1; i < versions.Length; i++)
            {
                var before = versions[i - 1];
                var after = versions[i];
                if (before.Version == after.Version)
                {
                    errors.Add(new ModelError(ModelErrorCodes.DuplicateVersion, "/version", $"model {id} version {after.Version} is loaded twice", "each version once", $"also in {before.Source}", after.Source));
                }
                else if (before.EffectiveTo is null || before.EffectiveTo >= after.EffectiveFrom)
                {
                    errors.Add(new ModelError(ModelErrorCodes.OverlappingVersions, "/effectiveFrom", $"model {id} version {after.Version} starts while version {before.Version} ({before.Source}) is still in force", $"a date after {(before.EffectiveTo is { } to ? Format.Date(to) : "its open end; give the earlier version an effectiveTo")}", Format.Date(after.EffectiveFrom), after.Source));
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ModelValidationException(errors);
        }

        Models = _byId.Values.SelectMany(v => v).OrderBy(m => m.Id, StringComparer.Ordinal).ThenBy(m => m.EffectiveFrom).ToList().AsReadOnly();
    }

    /// <summary>Every model, by id and then effective-from date.</summary>
    public IReadOnlyList<RasModel> Models { get; }

    /// <summary>The distinct model ids.</summary>
    public IReadOnlyCollection<string> Ids => _byId.Keys;

    /// <summary>
    /// Loads every <c>*.json</c> model under a folder (recursively; <c>*.schema.json</c> files are skipped).
    /// </summary>
    /// <exception cref="ModelValidationException">Any file is invalid, or versions clash; lists every problem in every file.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static ModelRegistry LoadDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"model folder '{path}' does not exist");
        }

        var errors = new List<ModelError>();
        var models = new List<RasModel>();
        foreach (var file in Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (file.EndsWith(".schema.json", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = File.OpenRead(file);
            var model = RasModel.TryLoad(stream, file, out var fileErrors);
            if (model is null)
            {
                errors.AddRange(fileErrors);
            }
            else
            {
                models.Add(model);
            }
        }

        if (errors.Count > 0)
        {
            throw new ModelValidationException(errors);
        }

        return new ModelRegistry(models);
    }

    /// <summary>The version of model <paramref name="id"/> in force on <paramref name="asOf"/>, or null when none is.</summary>
    public RasModel? Find(string id, DateOnly asOf)
    {
        if (!_byId.TryGetValue(id, out var versions))
        {
            return null;
        }

        foreach (var m in versions)
        {
            if (m.IsInForceOn(asOf))
            {
                return m;
            }
        }

        return null;
    }

    /// <summary>Model <paramref name="id"/> at exactly <paramref name="version"/>, or null.</summary>
    public RasModel? Find(string id, string version) =>
        _byId.TryGetValue(id, out var versions) ? versions.FirstOrDefault(m => m.Version == version) : null;

    /// <summary>
    /// Allocates one assessment with the version of model <paramref name="modelId"/> in force on its as-of date.
    /// A malformed assessment, or a date on which no version is in force, gives an outcome with errors.
    /// </summary>
    /// <exception cref="ArgumentException">The registry has no model <paramref name="modelId"/>.</exception>
    public AllocationOutcome Allocate(string modelId, Assessment assessment, bool explain = false)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var versions = Versions(modelId);
        var model = Find(modelId, assessment.AsOf);
        return model is null
            ? AllocationOutcome.Failure(new[] { NotInForce(modelId, versions, assessment.AsOf, "/asOf") })
            : model.Allocate(assessment, explain);
    }

    /// <summary>
    /// Reads an assessment from JSON and allocates it with the version of model <paramref name="modelId"/> in
    /// force on its as-of date: JSON in, <see cref="AllocationOutcome.ToJson"/> out, never an exception for bad input.
    /// </summary>
    /// <exception cref="ArgumentException">The registry has no model <paramref name="modelId"/>.</exception>
    public AllocationOutcome AllocateJson(string modelId, string assessmentJson, bool explain = false)
    {
        ArgumentNullException.ThrowIfNull(assessmentJson);
        Versions(modelId);
        return Assessment.TryParseJson(assessmentJson, out var assessment, out var errors)
            ? Allocate(modelId, assessment!, explain)
            : AllocationOutcome.Failure(errors);
    }

    /// <summary>
    /// Allocates JSON assessments (for example the lines of a JSON Lines stream) as they arrive, each with the
    /// version of model <paramref name="modelId"/> in force on its own as-of date, yielding one outcome per
    /// item in input order (see <see cref="RasModel.AllocateManyAsync"/>). An error's location starts with the
    /// item's line number (the first item is line 1), for example <c>line 5, /answers/eating</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The registry has no model <paramref name="modelId"/>.</exception>
    public IAsyncEnumerable<AllocationOutcome> AllocateJsonManyAsync(string modelId, IAsyncEnumerable<string> assessmentJson, bool explain = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assessmentJson);
        Versions(modelId);
        return AsyncBatch.Run(
            assessmentJson,
            (json, line) =>
            {
                var outcome = AllocateJson(modelId, json ?? "", explain);
                return outcome.IsSuccess
                    ? outcome
                    : AllocationOutcome.Failure(outcome.Errors.Select(e => e.At(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"line {line}, {(e.Location.Length == 0 ? "/" : e.Location)}"))).ToArray());
            },
            cancellationToken);
    }

    private RasModel[] Versions(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        return _byId.TryGetValue(modelId, out var versions)
            ? versions
            : throw new ArgumentException($"the registry has no model '{modelId}' (it has {string.Join(", ", _byId.Keys.Order(StringComparer.Ordinal))})", nameof(modelId));
    }

    private static AssessmentError NotInForce(string modelId, RasModel[] versions, DateOnly asOf, string location) =>
        new(
            AssessmentErrorCodes.ModelNotInForce,
            location,
            $"no version of model {modelId} is in force on {Format.Date(asOf)}",
            "a date in " + string.Join(" or ", versions.Select(v => $"{Format.Date(v.EffectiveFrom)} to {(v.EffectiveTo is { } to ? Format.Date(to) : "no end date")} (version {v.Version})")),
            Format.Date(asOf));
}
