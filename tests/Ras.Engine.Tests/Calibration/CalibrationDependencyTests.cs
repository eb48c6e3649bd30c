using System.Runtime.CompilerServices;
using Mono.Cecil;

namespace Ras.Engine.Tests.Calibration;

/// <summary>
/// Ras.Calibration ships as its own package and uses only the engine's public API (issue 12): the engine grants
/// it no access to internals, and no member it uses, read from every signature and instruction of the
/// compiled assembly, is anything but public.
/// </summary>
public class CalibrationDependencyTests
{
    private static readonly string CalibrationPath = typeof(Ras.Calibration.Calibrator).Assembly.Location;

    [Fact]
    public void Engine_GrantsCalibrationNoInternals()
    {
        var friends = typeof(RasModel).Assembly.GetCustomAttributes(typeof(InternalsVisibleToAttribute), false)
            .Cast<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToList();

        Assert.DoesNotContain("Ras.Calibration", friends);
        Assert.Contains("Ras.Engine.Tests", friends); // the check reads the attributes it means to
    }

    [Fact]
    public void Calibration_UsesOnlyPublicEngineMembers()
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(CalibrationPath)!);
        using var module = ModuleDefinition.ReadModule(CalibrationPath, new ReaderParameters { AssemblyResolver = resolver });
        var used = EngineReferences(module).ToList();

        var notPublic = used.Where(r => !IsPublic(r)).Select(r => r.FullName).Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.True(notPublic.Count == 0, "Ras.Calibration uses members of Ras.Engine that are not public:\n" + string.Join("\n", notPublic));
        Assert.Contains(used, r => r.FullName.Contains("CaseloadRunner::ReadRows", StringComparison.Ordinal)); // the check sees method bodies
    }

    private static bool IsPublic(MemberReference reference)
    {
        switch (reference.Resolve())
        {
            case TypeDefinition t:
                return IsPublicType(t);
            case MethodDefinition m:
                return (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && IsPublicType(m.DeclaringType);
            case FieldDefinition f:
                return (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) && IsPublicType(f.DeclaringType);
            default:
                return false;
        }
    }

    private static bool IsPublicType(TypeDefinition t) => t.IsNested ? (t.IsNestedPublic || t.IsNestedFamily) && IsPublicType(t.DeclaringType) : t.IsPublic;

    private static bool IsEngine(TypeReference? t)
    {
        while (t is TypeSpecification s)
        {
            t = s.ElementType;
        }

        return t is not null and not GenericParameter && (t.Scope.Name == "Ras.Engine" || t.Scope.Name == "Ras.Engine.dll");
    }

    private static IEnumerable<MemberReference> EngineReferences(ModuleDefinition module)
    {
        foreach (var t in module.GetTypeReferences().Where(IsEngine))
        {
            yield return t;
        }

        foreach (var m in module.GetMemberReferences().Where(m => IsEngine(m.DeclaringType)))
        {
            yield return m is MethodReference { IsGenericInstance: true } g ? ((GenericInstanceMethod)g).ElementMethod : m;
        }

        foreach (var type in module.GetTypes())
        {
            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                foreach (var instruction in method.Body.Instructions)
                {
                    if (instruction.Operand is MemberReference r && (r is TypeReference tr ? IsEngine(tr) : IsEngine(r.DeclaringType)))
                    {
                        yield return r;
                    }
                }
            }
        }
    }
}
