using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Ras.Calibration;
using Ras.Engine.Models;

namespace Ras.Engine.Tests.Rendering;

/// <summary>
/// The engine and calibration assemblies render no HTML: that is the rendering layer's job (Ras.Rendering).
/// Checked on the compiled assemblies, so that it holds whatever the source looks like.
/// </summary>
public class EngineRendersNoHtmlTests
{
    private static readonly string[] HtmlMarkers = { "<html", "<!DOCTYPE", "<svg", "<table", "<div" };

    public static TheoryData<string> Assemblies => new() { typeof(RasModel).Assembly.GetName().Name!, typeof(CalibrationResult).Assembly.GetName().Name! };

    private static Assembly Load(string name) => name == typeof(RasModel).Assembly.GetName().Name ? typeof(RasModel).Assembly : typeof(CalibrationResult).Assembly;

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void StringLiterals_ContainNoHtml(string assembly)
    {
        var literals = UserStrings(Load(assembly).Location);

        Assert.NotEmpty(literals); // the #US heap was read
        var html = literals.Where(s => HtmlMarkers.Any(m => s.Contains(m, StringComparison.OrdinalIgnoreCase)));
        Assert.Empty(html);
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void TypesAndMethods_AreNotNamedHtml(string assembly)
    {
        var types = Load(assembly).GetTypes();
        var methods = types.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).Select(m => $"{t.FullName}.{m.Name}"));

        var named = types.Select(t => t.FullName!).Concat(methods).Where(n => n.EndsWith("Html", StringComparison.OrdinalIgnoreCase));

        Assert.Empty(named);
    }

    /// <summary>Every string literal (<c>ldstr</c> operand) in the assembly: the #US heap of its metadata.</summary>
    private static List<string> UserStrings(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var reader = pe.GetMetadataReader();
        var strings = new List<string>();
        if (reader.GetHeapSize(HeapIndex.UserString) <= 1)
        {
            return strings;
        }

        for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil; handle = reader.GetNextHandle(handle))
        {
            strings.Add(reader.GetUserString(handle));
        }

        return strings;
    }
}
