namespace Ras.Engine.Rules;

/// <summary>
/// One assessment decoded for a compiled model: an answer index per question now and anticipated (the
/// anticipated side already carries the current answer where none is anticipated), a level index per risk
/// factor, a value index per attribute (each <see cref="None"/> when not given), a value per numeric input
/// (<see cref="NoInput"/> when not given) and the as-of day. Only <c>Evaluation.CaseDecoder</c> makes one, so the
/// indexes are always in range for the model.
/// </summary>
internal readonly ref struct CaseInput
{
    /// <summary>The index meaning "not given".</summary>
    public const byte None = byte.MaxValue;

    /// <summary>The value meaning "numeric input not given" (outside every allowed range).</summary>
    public const decimal NoInput = decimal.MinValue;

    public CaseInput(ReadOnlySpan<byte> now, ReadOnlySpan<byte> next, ReadOnlySpan<byte> risk, ReadOnlySpan<byte> attributes, ReadOnlySpan<decimal> inputs, DateOnly asOf, ReadOnlySpan<byte> within = default, byte determinations = 0)
    {
        Now = now;
        Next = next;
        Risk = risk;
        Attributes = attributes;
        Inputs = inputs;
        AsOf = asOf;
        Within = within;
        Determinations = determinations;
    }

    public ReadOnlySpan<byte> Now { get; }

    public ReadOnlySpan<byte> Next { get; }

    public ReadOnlySpan<byte> Risk { get; }

    public ReadOnlySpan<byte> Attributes { get; }

    public ReadOnlySpan<decimal> Inputs { get; }

    public DateOnly AsOf { get; }

    /// <summary>Per question, the months within which its anticipated answer is expected (0: not said); empty when no case says.</summary>
    public ReadOnlySpan<byte> Within { get; }

    /// <summary>The assessor's determinations: see <see cref="ImpairmentRecorded"/> and the other flags.</summary>
    public byte Determinations { get; }

    /// <summary>Reg. 2(1)(a) recorded; <see cref="ImpairmentMet"/> says whether it is met.</summary>
    public const byte ImpairmentRecorded = 1;

    public const byte ImpairmentMet = 2;

    /// <summary>Reg. 2(1)(c) recorded; <see cref="WellbeingMet"/> says whether it is met.</summary>
    public const byte WellbeingRecorded = 4;

    public const byte WellbeingMet = 8;

    /// <summary>True unless a determination is recorded as not met.</summary>
    public static bool DeterminationsAllow(byte d) =>
        ((d & ImpairmentRecorded) == 0 || (d & ImpairmentMet) != 0) && ((d & WellbeingRecorded) == 0 || (d & WellbeingMet) != 0);
}
