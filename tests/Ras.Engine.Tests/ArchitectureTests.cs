using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ras.Engine.Tests;

/// <summary>
/// Layers point one way (style.md item 6): text formatting ← model definition, reading, validation, writing
/// and changes ← assessments ← results ← rules ← compilation ← evaluation ← the model façade ← caseloads ←
/// impact. A type may use its own layer and those before it, never a later one. Dependencies are read from the
/// compiled assembly (signatures, fields, attributes and every instruction of every method body), so a use
/// hidden inside a method counts.
/// </summary>
public class ArchitectureTests
{
    /// <summary>The engine's namespaces, first layer first.</summary>
    private static readonly string[] Layers =
    {
        "Ras.Engine.Text",
        "Ras.Engine.Models",
        "Ras.Engine.Questionnaires",
        "Ras.Engine.Assessments",
        "Ras.Engine.Allocation",
        "Ras.Engine.Rules",
        "Ras.Engine.Compilation",
        "Ras.Engine.Evaluation",
        "Ras.Engine",
        "Ras.Engine.Caseloads",
        "Ras.Engine.Impact",
    };

    [Fact]
    public void Engine_LayersPointOneWay()
    {
        var violations = Dependencies(typeof(Ras.Engine.RasModel).Assembly.Location)
            .Where(d => Layer(d.To) > Layer(d.From))
            .Select(d => $"{d.FromType} ({d.From}) uses {d.ToType} ({d.To})")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(violations.Count == 0, "Dependencies against the layering:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Engine_EveryNamespaceIsALayer()
    {
        var unknown = Dependencies(typeof(Ras.Engine.RasModel).Assembly.Location).Select(d => d.From).Distinct().Where(n => Array.IndexOf(Layers, n) < 0);

        Assert.Empty(unknown);
    }

    [Fact]
    public void Check_CatchesAUseInsideAMethodBody()
    {
        // The checker itself: Evaluation's allocator calls into Compilation only inside method bodies.
        var uses = Dependencies(typeof(Ras.Engine.RasModel).Assembly.Location).Where(d => d.FromType.EndsWith("Evaluation.Evaluator", StringComparison.Ordinal));

        Assert.Contains(uses, d => d.To == "Ras.Engine.Rules" && d.ToType.EndsWith("RiskRule", StringComparison.Ordinal));
    }

    private static int Layer(string ns) => Array.IndexOf(Layers, ns);

    private static IEnumerable<(string From, string FromType, string To, string ToType)> Dependencies(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var ours = module.Assembly.Name.Name;
        foreach (var type in module.GetTypes())
        {
            var from = NamespaceOf(type);
            if (from.Length == 0 || !from.StartsWith("Ras.Engine", StringComparison.Ordinal))
            {
                continue; // compiler-generated <Module> and friends
            }

            foreach (var used in UsedTypes(type))
            {
                if (used.Scope.Name != ours && used.Module?.Assembly?.Name.Name != ours && used.Scope is not ModuleDefinition)
                {
                    continue;
                }

                var to = NamespaceOf(used);
                if (to.StartsWith("Ras.Engine", StringComparison.Ordinal))
                {
                    yield return (from, type.FullName, to, used.FullName);
                }
            }
        }
    }

    private static string NamespaceOf(TypeReference t)
    {
        while (t.DeclaringType is not null)
        {
            t = t.DeclaringType;
        }

        return t.Namespace;
    }

    private static IEnumerable<TypeReference> UsedTypes(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? t)
        {
            switch (t)
            {
                case null:
                    return;
                case GenericInstanceType g:
                    Add(g.ElementType);
                    foreach (var a in g.GenericArguments)
                    {
                        Add(a);
                    }

                    return;
                case TypeSpecification s:
                    Add(s.ElementType);
                    return;
                case GenericParameter:
                    return;
                default:
                    found.Add(t);
                    return;
            }
        }

        void Attributes(ICustomAttributeProvider p)
        {
            foreach (var a in p.CustomAttributes)
            {
                Add(a.AttributeType);
            }
        }

        Add(type.BaseType);
        Attributes(type);
        foreach (var i in type.Interfaces)
        {
            Add(i.InterfaceType);
        }

        foreach (var f in type.Fields)
        {
            Add(f.FieldType);
            Attributes(f);
        }

        foreach (var p in type.Properties)
        {
            Add(p.PropertyType);
        }

        foreach (var m in type.Methods)
        {
            Add(m.ReturnType);
            Attributes(m);
            foreach (var p in m.Parameters)
            {
                Add(p.ParameterType);
            }

            if (!m.HasBody)
            {
                continue;
            }

            foreach (var v in m.Body.Variables)
            {
                Add(v.VariableType);
            }

            foreach (var instruction in m.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        Add(t);
                        break;
                    case MethodReference mr:
                        Add(mr.DeclaringType);
                        Add(mr.ReturnType);
                        foreach (var p in mr.Parameters)
                        {
                            Add(p.ParameterType);
                        }

                        if (mr is GenericInstanceMethod gm)
                        {
                            foreach (var a in gm.GenericArguments)
                            {
                                Add(a);
                            }
                        }

                        break;
                    case FieldReference fr:
                        Add(fr.DeclaringType);
                        Add(fr.FieldType);
                        break;
                }
            }
        }

        return found;
    }
}
