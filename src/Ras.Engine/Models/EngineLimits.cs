namespace Ras.Engine.Models;

/// <summary>Limits of the engine's exact arithmetic that callers outside the engine check their own inputs against.</summary>
public static class EngineLimits
{
    /// <summary>
    /// The largest amount of money a year (10¹²) the engine computes with: a model whose amounts could pass it
    /// does not validate, and a caseload row whose amount would is an error row.
    /// </summary>
    public const decimal MaxAmount = ModelLimits.MaxAmount;
}
