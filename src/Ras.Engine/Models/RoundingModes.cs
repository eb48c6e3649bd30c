namespace Ras.Engine.Models;

/// <summary>
/// The names of the currency rounding modes in a model's <c>rounding</c>: <c>mode</c>'s values, named for what
/// they do, and the values of its first name <c>midpoint</c> (.NET's <see cref="MidpointRounding"/> names), which
/// every model written before <c>mode</c> existed uses and which stay readable for ever. The content hash is
/// worked out from the old name and values, so renaming changes no model's hash.
/// </summary>
internal static class RoundingModes
{
    /// <summary><c>mode</c>'s values.</summary>
    public static readonly (string Text, MidpointRounding Value)[] Names =
    [
        ("nearestHalfAwayFromZero", MidpointRounding.AwayFromZero),
        ("nearestHalfToEven", MidpointRounding.ToEven),
        ("towardZero", MidpointRounding.ToZero),
        ("ceiling", MidpointRounding.ToPositiveInfinity),
        ("floor", MidpointRounding.ToNegativeInfinity),
    ];

    /// <summary><c>midpoint</c>'s values (the old name of <c>mode</c>).</summary>
    public static readonly (string Text, MidpointRounding Value)[] OldNames =
    [
        ("awayFromZero", MidpointRounding.AwayFromZero),
        ("toEven", MidpointRounding.ToEven),
        ("toZero", MidpointRounding.ToZero),
        ("toPositiveInfinity", MidpointRounding.ToPositiveInfinity),
        ("toNegativeInfinity", MidpointRounding.ToNegativeInfinity),
    ];

    /// <summary>The <c>mode</c> value for a rounding mode.</summary>
    public static string Name(MidpointRounding mode) => Find(Names, mode);

    /// <summary>
    /// What a rounding mode does to an amount, in words for people, given the unit as text:
    /// "to the nearest £1 (halves away from zero)", "up to a multiple of £1", ….
    /// </summary>
    public static string Describe(MidpointRounding mode, string unit) => mode switch
    {
        MidpointRounding.AwayFromZero => $"to the nearest {unit} (halves away from zero)",
        MidpointRounding.ToEven => $"to the nearest {unit} (halves to the even multiple)",
        MidpointRounding.ToZero => $"toward zero to a multiple of {unit}",
        MidpointRounding.ToPositiveInfinity => $"up to a multiple of {unit}",
        MidpointRounding.ToNegativeInfinity => $"down to a multiple of {unit}",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "not a rounding mode the model format names"),
    };

    /// <summary>The old <c>midpoint</c> value for a rounding mode.</summary>
    public static string OldName(MidpointRounding mode) => Find(OldNames, mode);

    private static string Find((string Text, MidpointRounding Value)[] names, MidpointRounding mode)
    {
        foreach (var (text, value) in names)
        {
            if (value == mode)
            {
                return text;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(mode), mode, "not a rounding mode a model can name");
    }
}
