namespace Ras.Engine.Impact;

/// <summary>
/// A multiset of amounts that stands in for the list of every one of them: for each distinct value, how many
/// were added and the sum of an amount carried with each (a baseline's change), with the stored forms of the
/// value (<c>6240</c> and <c>6240.00</c> are equal but print differently) as runs in the order they were added.
/// Its sorted positions are those of a stable sort of the list, each with its stored form, so figures read
/// from it (deciles, nearest-rank percentiles) are the list's to the digit; its size is the number of distinct
/// values, not the number of rows (a million generated cases priced to the pound: 2,595 baselines, 8 changes).
/// Adding is not thread-safe; reading a tally no longer added to is.
/// </summary>
internal sealed class ValueTally
{
    private readonly Dictionary<decimal, int> _index = new();
    private Entry[] _entries = new Entry[64];
    private SortedView? _view;

    /// <summary>The values added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds a value and the amount carried with it.</summary>
    public void Add(decimal value, decimal amount)
    {
        ref var e = ref Find(value);
        e.Count++;
        e.Sum += amount;
        e.Forms.Add(value, 1);
        Count++;
    }

    /// <summary>Adds every value of <paramref name="other"/>, as if added after this tally's in its order.</summary>
    public void Add(ValueTally other)
    {
        for (var i = 0; i < other._index.Count; i++)
        {
            ref readonly var theirs = ref other._entries[i];
            ref var e = ref Find(theirs.Forms.First);
            e.Count += theirs.Count;
            e.Sum += theirs.Sum;
            e.Forms.Add(theirs.Forms);
        }

        Count += other.Count;
    }

    /// <summary>The number of distinct values; read them in ascending order with <see cref="Value"/>, <see cref="People"/> and <see cref="Sum"/>.</summary>
    public int Length => _index.Count;

    /// <summary>The <paramref name="rank"/>-th smallest distinct value, in the form it was first added.</summary>
    public decimal Value(int rank) => _entries[Sorted().Order[rank]].Forms.First;

    /// <summary>How many of the <paramref name="rank"/>-th smallest distinct value were added.</summary>
    public long People(int rank) => _entries[Sorted().Order[rank]].Count;

    /// <summary>The sum of the amounts carried with the <paramref name="rank"/>-th smallest distinct value.</summary>
    public decimal Sum(int rank) => _entries[Sorted().Order[rank]].Sum;

    /// <summary>The position in the sorted list of the first of the <paramref name="rank"/>-th smallest distinct value.</summary>
    public long Start(int rank) => Sorted().Starts[rank];

    /// <summary>The rank of the distinct value at sorted position <paramref name="position"/> (0 ≤ position &lt; <see cref="Count"/>).</summary>
    public int RankAt(long position)
    {
        var i = Array.BinarySearch(Sorted().Starts, position);
        return i >= 0 ? i : ~i - 1;
    }

    /// <summary>The value at sorted position <paramref name="position"/> in its stored form: a stable sort's element there.</summary>
    public decimal At(long position)
    {
        var view = Sorted();
        var rank = RankAt(position);
        return _entries[view.Order[rank]].Forms.At(position - view.Starts[rank]);
    }

    private ref Entry Find(decimal value)
    {
        _view = null;
        if (!_index.TryGetValue(value, out var i))
        {
            i = _index.Count;
            if (i == _entries.Length)
            {
                Array.Resize(ref _entries, i * 2);
            }

            _index.Add(value, i);
            _entries[i] = new Entry { Forms = new Forms(value) };
        }

        return ref _entries[i];
    }

    /// <summary>The distinct values in ascending order, built once after the last add (one object, so readers on several threads see all of it or none).</summary>
    private SortedView Sorted()
    {
        if (_view is not { } view)
        {
            var n = _index.Count;
            var sorted = new int[n];
            var keys = new decimal[n];
            for (var i = 0; i < n; i++)
            {
                sorted[i] = i;
                keys[i] = _entries[i].Forms.First;
            }

            // Distinct values: no ties, so any sort gives the one order.
            Array.Sort(keys, sorted);
            var starts = new long[n];
            long at = 0;
            for (var r = 0; r < n; r++)
            {
                starts[r] = at;
                at += _entries[sorted[r]].Count;
            }

            _view = view = new SortedView(sorted, starts);
        }

        return view;
    }

    /// <summary>Entry indexes by ascending value, and the sorted position where each value's rows start.</summary>
    private sealed record SortedView(int[] Order, long[] Starts);

    private struct Entry
    {
        public long Count;
        public decimal Sum;
        public Forms Forms;
    }

    /// <summary>The stored forms of one value, as runs in the order added: one run unless forms were mixed.</summary>
    private struct Forms
    {
        private long _firstRun;
        private List<(decimal Form, long Count)>? _more;

        public Forms(decimal first) => First = first;

        public decimal First { get; }

        public void Add(decimal form, long count)
        {
            if (_more is null && SameForm(form, First))
            {
                _firstRun += count;
                return;
            }

            _more ??= new();
            if (_more.Count > 0 && SameForm(_more[^1].Form, form))
            {
                _more[^1] = (form, _more[^1].Count + count);
            }
            else
            {
                _more.Add((form, count));
            }
        }

        public void Add(in Forms other)
        {
            Add(other.First, other._firstRun);
            foreach (var (form, count) in other._more ?? [])
            {
                Add(form, count);
            }
        }

        /// <summary>The form of the value's <paramref name="k"/>-th occurrence (from 0) in the order added.</summary>
        public readonly decimal At(long k)
        {
            if (k < _firstRun)
            {
                return First;
            }

            k -= _firstRun;
            foreach (var (form, count) in _more!)
            {
                if (k < count)
                {
                    return form;
                }

                k -= count;
            }

            throw new ArgumentOutOfRangeException(nameof(k));
        }

        /// <summary>Equal values in the same form: the same scale and sign, so the same bits.</summary>
        private static bool SameForm(decimal a, decimal b) => a.Scale == b.Scale && decimal.IsNegative(a) == decimal.IsNegative(b);
    }
}
