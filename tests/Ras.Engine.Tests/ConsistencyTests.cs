using System.Reflection;

namespace Ras.Engine.Tests;

/// <summary>Checks every public type (as NodaTime's ConsistencyTest does): sealed or a value type, and no public setters.</summary>
public class ConsistencyTests
{
    private static readonly Assembly Engine = typeof(Ras.Engine.RasModel).Assembly;

    // Ras.Calibration is not checked yet: CalibrationResult.Accuracy is a positional record, with public init accessors.
    public static TheoryData<string> Libraries => new() { Engine.GetName().Name!, typeof(Ras.Rendering.ImpactReportHtml).Assembly.GetName().Name! };

    private static Type[] PublicTypes(string library) =>
        (library == Engine.GetName().Name ? Engine : typeof(Ras.Rendering.ImpactReportHtml).Assembly).GetExportedTypes();

    [Theory]
    [MemberData(nameof(Libraries))]
    public void PublicTypes_AreSealedOrValueTypes(string library)
    {
        var unsealed = PublicTypes(library).Where(t => t.IsClass && !t.IsSealed && !(t.IsAbstract && t.IsSealed)).Select(t => t.FullName);

        Assert.Empty(unsealed);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void PublicTypes_HaveNoPublicSetters(string library)
    {
        var types = PublicTypes(library);
        var setters = types
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(p => p.SetMethod?.IsPublic == true && p.DeclaringType!.Assembly == types[0].Assembly)
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}");

        Assert.Empty(setters);
    }

    [Fact]
    public void Engine_ReferencesOnlyTheBaseClassLibrary()
    {
        var references = Engine.GetReferencedAssemblies().Select(a => a.Name!);

        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard", name));
    }
}
