using System.Reflection;

namespace Ras.Engine.Tests;

/// <summary>Checks every public type (as NodaTime's ConsistencyTest does): sealed or a value type, and no public setters.</summary>
public class ConsistencyTests
{
    private static readonly Type[] PublicTypes = typeof(Ras.Engine.Models.RasModel).Assembly.GetExportedTypes();

    [Fact]
    public void PublicTypes_AreSealedOrValueTypes()
    {
        var unsealed = PublicTypes.Where(t => t.IsClass && !t.IsSealed && !(t.IsAbstract && t.IsSealed)).Select(t => t.FullName);

        Assert.Empty(unsealed);
    }

    [Fact]
    public void PublicTypes_HaveNoPublicSetters()
    {
        var setters = PublicTypes
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(p => p.SetMethod?.IsPublic == true && p.DeclaringType!.Assembly == typeof(Ras.Engine.Models.RasModel).Assembly)
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}");

        Assert.Empty(setters);
    }

    [Fact]
    public void Engine_ReferencesOnlyTheBaseClassLibrary()
    {
        var references = typeof(Ras.Engine.Models.RasModel).Assembly.GetReferencedAssemblies().Select(a => a.Name!);

        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard", name));
    }
}
