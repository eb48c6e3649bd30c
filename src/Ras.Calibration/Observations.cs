namespace Ras.Calibration;

/// <summary>
/// A usable history row in compact form (24 bytes): its row number in the file, points to price, core cost
/// (actual cost less add-ons), held-out fold, and its band and client group as indexes into
/// <see cref="Observations.Names"/>. Its weight is kept beside it (<see cref="Observations.Weight"/>).
/// </summary>
internal readonly record struct Observation(int Index, int Points, double Cost, short Band, short Group, byte Fold);

/// <summary>
/// The usable rows of a history, in file order, in segments of 65,536 (no array larger than 2 MB, no copy as it
/// grows): what the fit, the held-out validation and the accuracy measures read, several times, instead of the
/// history's text. Bands and client groups are kept once, by index; weights only once a row has one other
/// than 1 (a history without a weight column keeps none).
/// </summary>
internal sealed class Observations
{
    private const int Shift = 16;
    private const int SegmentSize = 1 << Shift;
    private readonly List<Observation[]> _segments = new();
    private readonly List<double[]> _weights = new();
    private readonly Dictionary<string, short> _index = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    /// <summary>The band ids and client groups the rows refer to, by index.</summary>
    public List<string> Names { get; } = new();

    public ref Observation this[int i] => ref _segments[i >> Shift][i & (SegmentSize - 1)];

    /// <summary>The weight of row <paramref name="i"/>.</summary>
    public double Weight(int i) => _weights.Count == 0 ? 1.0 : _weights[i >> Shift][i & (SegmentSize - 1)];

    public void Add(in Observation o, double weight)
    {
        if ((Count >> Shift) == _segments.Count)
        {
            _segments.Add(new Observation[SegmentSize]);
            if (_weights.Count > 0)
            {
                _weights.Add(new double[SegmentSize]);
            }
        }

        if (weight != 1.0 && _weights.Count == 0)
        {
            // The first weight other than 1: every row so far weighed 1.
            foreach (var _ in _segments)
            {
                var segment = new double[SegmentSize];
                Array.Fill(segment, 1.0);
                _weights.Add(segment);
            }
        }

        this[Count] = o;
        if (_weights.Count > 0)
        {
            _weights[Count >> Shift][Count & (SegmentSize - 1)] = weight;
        }

        Count++;
    }

    /// <summary>Moves row <paramref name="from"/> to <paramref name="to"/> (an earlier row), with its weight.</summary>
    public void Move(int from, int to)
    {
        this[to] = this[from];
        if (_weights.Count > 0)
        {
            _weights[to >> Shift][to & (SegmentSize - 1)] = Weight(from);
        }
    }

    /// <summary>Keeps the first <paramref name="count"/> rows.</summary>
    public void Truncate(int count)
    {
        Count = count;
        var segments = (count + SegmentSize - 1) >> Shift;
        _segments.RemoveRange(segments, _segments.Count - segments);
        if (_weights.Count > 0)
        {
            _weights.RemoveRange(segments, _weights.Count - segments);
        }
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
