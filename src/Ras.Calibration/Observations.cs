namespace Ras.Calibration;

/// <summary>
/// A usable history row in compact form (32 bytes): its row number in the file, points to price, core cost
/// (actual cost less add-ons), weight, held-out fold, and its band and client group as indexes into
/// <see cref="Observations.Names"/>.
/// </summary>
internal readonly record struct Observation(int Index, int Points, double Cost, double Weight, short Band, short Group, byte Fold);

/// <summary>
/// The usable rows of a history, in file order, in segments of 65,536 (no array larger than 2 MB, no copy as it
/// grows): what the fit, the held-out validation and the accuracy measures read, several times, instead of the
/// history's text. Bands and client groups are kept once, by index.
/// </summary>
internal sealed class Observations
{
    private const int Shift = 16;
    private const int SegmentSize = 1 << Shift;
    private readonly List<Observation[]> _segments = new();
    private readonly Dictionary<string, short> _index = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    /// <summary>The band ids and client groups the rows refer to, by index.</summary>
    public List<string> Names { get; } = new();

    public ref Observation this[int i] => ref _segments[i >> Shift][i & (SegmentSize - 1)];

    public void Add(in Observation o)
    {
        if ((Count >> Shift) == _segments.Count)
        {
            _segments.Add(new Observation[SegmentSize]);
        }

        this[Count++] = o;
    }

    /// <summary>Keeps the first <paramref name="count"/> rows.</summary>
    public void Truncate(int count)
    {
        Count = count;
        _segments.RemoveRange((count + SegmentSize - 1) >> Shift, _segments.Count - ((count + SegmentSize - 1) >> Shift));
    }

    /// <summary>The index of a band id or client group, added when new.</summary>
    public short Name(string name)
    {
        if (!_index.TryGetValue(name, out var i))
        {
            i = checked((short)Names.Count);
            Names.Add(name);
            _index.Add(name, i);
        }

        return i;
    }
}
