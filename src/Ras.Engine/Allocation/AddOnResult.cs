namespace Ras.Engine.Allocation;

/// <summary>A costed add-on included in an allocation, with its exact (unrounded) annual amount.</summary>
public sealed class AddOnResult
{
    internal AddOnResult()
    {
    }

    /// <summary>The add-on id.</summary>
    public string AddOnId { get; internal init; } = "";

    /// <summary>The add-on title.</summary>
    public string Title { get; internal init; } = "";

    /// <summary>The exact annual amount; the model's rounding applies to the totals, not to each add-on.</summary>
    public decimal Annual { get; internal init; }
}
