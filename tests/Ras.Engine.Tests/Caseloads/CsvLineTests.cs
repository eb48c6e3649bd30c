using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ras.Engine.Caseloads;

namespace Ras.Engine.Tests.Caseloads;

public class CsvLineTests
{
    private static readonly char[] Alphabet = { ',', '"', 'a', 'b', ' ', 'é', '€', '\t' };

    private static Gen<string> Lines(int maxLength) =>
        Gen.Choose(0, maxLength).SelectMany(n => Gen.ArrayOf(Gen.Elements(Alphabet), n)).Select(cs => new string(cs));

    [Fact]
    public void Split_LongLineWithoutQuotes_FindsEveryCommaAcrossThe32ByteSteps()
    {
        var line = string.Join(',', Enumerable.Range(0, 70).Select(i => new string('x', i % 5)));
        var bytes = Encoding.UTF8.GetBytes(line);
        var fields = new Range[100];
        var quoted = new bool[100];

        var n = CsvLine.Split(bytes, fields, quoted, out var error);

        Assert.Null(error);
        Assert.Equal(70, n);
        Assert.Equal(line.Split(','), fields.Take(n).Select(f => Encoding.UTF8.GetString(bytes[f])));
    }

    [Fact]
    public void Split_MoreFieldsThanRoomFor_CountsThemAll()
    {
        var fields = new Range[3];
        var quoted = new bool[3];

        Assert.Equal(40, CsvLine.Split(Encoding.UTF8.GetBytes(new string(',', 39)), fields, quoted, out _));
        Assert.Equal(40, CsvLine.Split(new string(',', 39), fields, quoted, out _));
    }

    /// <summary>The bytes of a line split into the same fields (the same text) with the same errors as its characters, quoted or not.</summary>
    [Property(MaxTest = 1000)]
    public Property Split_Bytes_EqualsSplitText()
    {
        return Prop.ForAll(Lines(90).ToArbitrary(), Gen.Choose(1, 12).ToArbitrary(), (line, room) =>
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            var (charFields, charQuoted) = (new Range[room], new bool[room]);
            var (byteFields, byteQuoted) = (new Range[room], new bool[room]);
            var n = CsvLine.Split(line, charFields, charQuoted, out var charError);
            var m = CsvLine.Split(bytes, byteFields, byteQuoted, out var byteError);
            var k = Math.Max(0, Math.Min(n, room));
            var same = n == m && charError == byteError
                && charFields.Take(k).Select(f => line[f]).SequenceEqual(byteFields.Take(k).Select(f => Encoding.UTF8.GetString(bytes[f])))
                && charQuoted.Take(k).SequenceEqual(byteQuoted.Take(k));
            return same.Label($"'{line}': text {n} ({charError}), bytes {m} ({byteError})");
        });
    }
}
