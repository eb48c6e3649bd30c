using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ras.Engine.Evaluation;

namespace Ras.Engine.Tests.Evaluation;

public class Utf8CodeLookupTests
{
    private static int Find(Utf8CodeLookup lookup, string text) => lookup.Find(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Find_CodesThatSharePrefixesAndEnds_FindsEachExactly()
    {
        var codes = new[] { "some", "some_help", "some_help_more", "a", "ab", "abc", "no", "none", "none_today", "help_some" };
        var lookup = new Utf8CodeLookup(codes);

        Assert.Equal(Enumerable.Range(0, codes.Length), codes.Select(c => Find(lookup, c)));
        Assert.All(new[] { "som", "some_", "some_help_mor", "ABC", "b", "n", "nonE", "", "some help", "sOme" }, miss => Assert.Equal(-1, Find(lookup, miss)));
    }

    [Fact]
    public void Find_NonAsciiCodes_MatchTheirUtf8Bytes()
    {
        var lookup = new Utf8CodeLookup(new[] { "José", "Josè", "日本", "€" });

        Assert.Equal((0, 1, 2, 3, -1), (Find(lookup, "José"), Find(lookup, "Josè"), Find(lookup, "日本"), Find(lookup, "€"), Find(lookup, "Jose")));
    }

    [Fact]
    public void Find_ACodeGivenTwice_FindsTheFirst()
    {
        var lookup = new Utf8CodeLookup(new[] { "x", "own", "own" });

        Assert.Equal(1, Find(lookup, "own"));
    }

    [Fact]
    public void Find_CodesThatTrimmingWouldChange_AreLeftToTheTextRoute()
    {
        // A trimmed cell can never equal " own" or "own\u00A0", so the byte route must not claim them either.
        var lookup = new Utf8CodeLookup(new[] { " own", "own\u00A0", "", "ok" });

        Assert.Equal((-1, -1, 3), (Find(lookup, " own"), Find(lookup, "own\u00A0"), Find(lookup, "ok")));
    }

    [Fact]
    public void Find_LongCodesThatDifferOnlyInTheMiddle_FindsEachExactly()
    {
        // Beyond sixteen bytes the first and last eight no longer make the whole code: the middle is compared too.
        var codes = new[] { "aaaaaaaa_x_bbbbbbbb", "aaaaaaaa_y_bbbbbbbb", "aaaaaaaa__bbbbbbbb", "aaaaaaaaxbbbbbbbb", "aaaaaaaabbbbbbbb" };
        var lookup = new Utf8CodeLookup(codes);

        Assert.Equal(Enumerable.Range(0, codes.Length), codes.Select(c => Find(lookup, c)));
        Assert.All(new[] { "aaaaaaaa_z_bbbbbbbb", "aaaaaaaa_xx_bbbbbbbb", "aaaaaaaaybbbbbbbb", "aaaaaaaabbbbbbb" }, miss => Assert.Equal(-1, Find(lookup, miss)));
    }

    [Fact]
    public void Find_CodesOfEveryLength_AreFoundAndTheirOneByteNeighboursAreNot()
    {
        // Up to sixteen bytes the key is the whole code; longer codes compare the rest: every byte position counts.
        var codes = Enumerable.Range(1, 40).Select(n => string.Concat(Enumerable.Range(0, n).Select(i => (char)('a' + (i % 26))))).ToArray();
        var lookup = new Utf8CodeLookup(codes);

        Assert.Equal(Enumerable.Range(0, codes.Length), codes.Select(c => Find(lookup, c)));
        foreach (var code in codes)
        {
            for (var at = 0; at < code.Length; at++)
            {
                var neighbour = code[..at] + 'Z' + code[(at + 1)..];
                Assert.Equal(-1, Find(lookup, neighbour));
            }
        }
    }

    [Fact]
    public void Find_ACellInsideItsLine_IgnoresTheBytesAfterIt()
    {
        // A cell is matched where it lies: the sixteen bytes read from its start run on into the rest of the line.
        var codes = new[] { "own", "some_help", "lot_of_help", "a", "not_applicable_at_all" };
        var lookup = new Utf8CodeLookup(codes);
        var line = Encoding.UTF8.GetBytes("own,some_help,lot_of_help,a,not_applicable_at_all,own_extra_bytes_here");

        Assert.Equal(0, lookup.Find(line, 3));
        Assert.Equal(1, lookup.Find(line.AsSpan(4), 9));
        Assert.Equal(2, lookup.Find(line.AsSpan(14), 11));
        Assert.Equal(3, lookup.Find(line.AsSpan(26), 1));
        Assert.Equal(4, lookup.Find(line.AsSpan(28), 21));
        Assert.Equal(-1, lookup.Find(line, 4)); // "own,"
        Assert.Equal(-1, lookup.Find(line.AsSpan(50), 3 + 6)); // "own_extra"
    }

    [Property(MaxTest = 300)]
    public Property Find_WithBytesAfterTheText_EqualsFindingTheTextAlone(NonEmptyArray<NonEmptyString> codeList, string after, byte fill)
    {
        // The same answer whether the text ends its buffer (matched from a copy) or runs on (matched where it lies).
        var codes = codeList.Get.Select(c => c.Get).Where(c => !c.Any(char.IsSurrogate)).ToArray();
        var lookup = new Utf8CodeLookup(codes);
        var failures = new List<string>();
        foreach (var code in codes.Concat(codes.Select(c => c[..^1])))
        {
            var bytes = Encoding.UTF8.GetBytes(code);
            var onward = bytes.Concat(Encoding.UTF8.GetBytes(after ?? "")).Concat(Enumerable.Repeat(fill, 20)).ToArray();
            if (lookup.Find(onward, bytes.Length) != lookup.Find(bytes))
            {
                failures.Add(code);
            }
        }

        return (failures.Count == 0).Label($"differs for: {string.Join(", ", failures.Select(f => $"'{f}'"))}");
    }

    [Property(MaxTest = 300)]
    public Property Find_EqualsComparingEveryCodeInOrder(NonEmptyArray<NonEmptyString> codeList, string[] probes)
    {
        var codes = codeList.Get.Select(c => c.Get).ToArray();
        var lookup = new Utf8CodeLookup(codes);
        int Expected(string s) => Array.FindIndex(codes, c => c == s && c.Trim().Length == c.Length);
        var texts = codes.Concat((probes ?? Array.Empty<string>()).Where(p => p is not null)).Concat(codes.Select(c => c + "x")).Concat(codes.Select(c => c[..^1]));

        // Strings with lone surrogates have no UTF-8 form to look up: they are never cell text.
        var failures = texts.Where(t => !t.Any(char.IsSurrogate)).Where(t => lookup.Find(Encoding.UTF8.GetBytes(t)) != Expected(t)).ToList();
        return (failures.Count == 0).Label($"wrong for: {string.Join(", ", failures.Select(f => $"'{f}'"))}");
    }
}
