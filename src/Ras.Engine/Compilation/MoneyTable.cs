namespace Ras.Engine.Compilation;

/// <summary>
/// The rounded figures the pricing rules give on one date class (a price period, or one as-of day whose twelve
/// months cross a price change), each entry six decimals: annual lower, indicative and upper, then weekly
/// lower, indicative and upper. Built by <c>Evaluation.Evaluator</c> from its own pricing rules, entry by
/// entry, so an entry is the rules' result memoised. Immutable once published.
/// </summary>
internal sealed class MoneyTable
{
    /// <summary>The decimals of one entry.</summary>
    public const int Entry = 6;

    public MoneyTable(decimal[]? zero, decimal[]? preventative, decimal[]? eligible)
    {
        Zero = zero;
        Preventative = preventative;
        Eligible = eligible;
    }

    /// <summary>No offer: one entry; null when not tabulated.</summary>
    public decimal[]? Zero { get; }

    /// <summary>Preventative support, by add-on set; null when not tabulated or the model has no direction of travel.</summary>
    public decimal[]? Preventative { get; }

    /// <summary>A personal budget, by [add-on set][price class]; null when not tabulated.</summary>
    public decimal[]? Eligible { get; }
}
