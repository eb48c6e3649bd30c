using System.Collections;
using System.Reflection;
using Ras.Engine.Assessments;
using Ras.Engine.Caseloads;
using Ras.Engine.Impact;
using Ras.Engine.Models;

namespace Ras.Engine.Tests;

/// <summary>
/// Public collections handed out are read-only: not merely typed as IReadOnlyList or IReadOnlyDictionary, but
/// objects that cannot be cast back to an array, a List or a Dictionary and changed (which would change a
/// result, a summary or a model shared between threads). Walks every public property of real results.
/// </summary>
public class ReadOnlyCollectionsTests
{
    public static TheoryData<string> Roots() => new(RootObjects().Keys);

    [Theory]
    [MemberData(nameof(Roots))]
    public void PublicCollections_CannotBeCastBackAndChanged(string root)
    {
        var mutable = new List<string>();
        Walk(RootObjects()[root], root, mutable, new HashSet<object>(ReferenceEqualityComparer.Instance));

        Assert.Empty(mutable);
    }

    private static Dictionary<string, object> RootObjects()
    {
        var model = TestModels.Default;
        var assessment = Assessment.ParseJson(File.ReadAllText(TestModels.Repo("samples/assessment.json")));
        var csv = File.ReadAllText(TestModels.Repo("samples/caseload-messy.csv"));
        var summary = new CaseloadRunner(model).Run(new StringReader(csv), CaseloadFormat.Csv, TextWriter.Null, CaseloadFormat.Csv, new CaseloadOptions(defaultAsOf: new DateOnly(2026, 6, 1)));
        var proposal = model.ApplyChange(File.OpenRead(TestModels.Repo("samples/changes/carer-deduction-40pc.json")), "carer-deduction-40pc.json");
        var impact = new CaseloadComparison(model, proposal, new ComparisonOptions()).Run(new StringReader(File.ReadAllText(TestModels.Repo("samples/caseload.csv"))), CaseloadFormat.Csv, TextWriter.Null);
        var invalid = Assert.Throws<ModelValidationException>(() => TestModels.FromJson("{}"));
        return new Dictionary<string, object>
        {
            ["explained allocation"] = model.Allocate(assessment, explain: true),
            ["failed allocation"] = model.AllocateJson("""{"caseId":"x","asOf":"2026-06-01","answers":{"eating":"never"}}"""),
            ["many allocations"] = model.AllocateMany(new[] { assessment }),
            ["assessment"] = assessment,
            ["caseload summary"] = summary,
            ["impact summary"] = impact,
            ["registry"] = new ModelRegistry(new[] { model, TestModels.Norfolk }),
            ["invalid model"] = invalid,
        };
    }

    private static void Walk(object? value, string path, List<string> mutable, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value is decimal || value is DateOnly || value is Type || !seen.Add(value))
        {
            return;
        }

        if (value is IEnumerable items)
        {
            var type = value.GetType();
            if (type.IsArray || (type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(List<>) || d == typeof(Dictionary<,>) || d == typeof(SortedDictionary<,>) || d == typeof(HashSet<>))))
            {
                mutable.Add($"{path} is a {type.Name}");
            }

            var i = 0;
            foreach (var item in items)
            {
                Walk(item is DictionaryEntry e ? e.Value : item, $"{path}[{i++}]", mutable, seen);
            }

            return;
        }

        var t = value.GetType();
        if (t.Assembly != typeof(RasModel).Assembly && !(t.IsGenericType && t.GetGenericTypeDefinition() == typeof(KeyValuePair<,>)))
        {
            return;
        }

        foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length == 0)
            {
                Walk(p.GetValue(value), $"{path}.{p.Name}", mutable, seen);
            }
        }
    }
}
