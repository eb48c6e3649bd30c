using Ras.Engine.Assessments;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Evaluation;

/// <summary>A generated model document, the model it loads as (null with the errors when it does not), an assessment, and an order for the CSV columns.</summary>
public sealed record ModelCase(string ModelJson, RasModel? Model, Assessment Assessment, int[] ColumnKeys, IReadOnlyList<ModelError> LoadErrors)
{
    /// <summary>What FsCheck prints for a counterexample: the model document and the assessment as JSON.</summary>
    public override string ToString() =>
        $"model: {ModelJson}{Environment.NewLine}assessment: {Assessment.ToJson(indented: false)}{(ColumnKeys.Length > 0 ? $"{Environment.NewLine}columns shuffled by keys {string.Join(' ', ColumnKeys.Take(16))} …" : "")}";
}
