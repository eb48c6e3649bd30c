using Ras.Engine.Allocation;
using Ras.Engine.Compilation;
using Ras.Engine.Evaluation;
using Ras.Engine.Rules;
using Ras.Engine.Tests.Batch;

namespace Ras.Engine.Tests.Compilation;

/// <summary>
/// A money table is a cache of what the pricing rules give: for every model shipped or used as a fixture, every
/// as-of day that has a table of its own (its twelve months cross a price change) and the first day of every
/// price period, every add-on set and every number of points, the table's figures are the rules' figures to
/// the last digit and scale.
/// </summary>
public class MoneyTableTests
{
    public static TheoryData<string> ModelFiles()
    {
        var files = new[] { "models/default/default-adult-2.0.0.json", "models/norfolk-children/norfolk-children-primary-1.0.0.json", "samples/models/format-v2-bands.json", "samples/history-truth-model.json", "samples/reassessments-truth-model.json" }
            .Select(TestModels.Repo)
            .Concat(new[] { "models", "extreme" }.SelectMany(folder => Directory.GetFiles(TestModels.Fixture(folder), "*.json")))
            .Where(IsValidModel)
            .Order(StringComparer.Ordinal);
        var data = new TheoryData<string>();
        foreach (var f in files)
        {
            data.Add(f);
        }

        return data;
    }

    private static bool IsValidModel(string file)
    {
        using var stream = File.OpenRead(file);
        return RasModel.Validate(stream, file).Count == 0;
    }

    [Theory]
    [MemberData(nameof(ModelFiles))]
    public void Tables_EqualTheRules_ForEveryDayClassSetAndPoints(string file) => AssertTablesEqualRules(RasModel.LoadFile(file));

    [Fact]
    public void Tables_EqualTheRules_ForEveryPricingFormOfTheFastPathTests()
    {
        foreach (var model in CompiledModelTests.Models)
        {
            AssertTablesEqualRules(model);
        }
    }

    [Fact]
    public void DefaultModel_CrossingDaysHaveTablesOfTheirOwn()
    {
        // Model 2.0.0's prices change on 1 October 2026: every as-of day before it crosses the change.
        var c = TestModels.Default.Compiled;
        Assert.Equal(new DateOnly(2026, 10, 1).DayNumber - c.FromDay, c.DayMoney.Length);
        var april = Evaluator.Money(c, new DateOnly(2026, 4, 1).DayNumber, new DateOnly(2026, 4, 1));
        var may = Evaluator.Money(c, new DateOnly(2026, 5, 7).DayNumber, new DateOnly(2026, 5, 7));
        var november = Evaluator.Money(c, new DateOnly(2026, 11, 16).DayNumber, new DateOnly(2026, 11, 16));
        Assert.NotNull(april?.Eligible);
        Assert.NotNull(may?.Eligible);
        Assert.NotSame(april, may);
        Assert.Same(c.PeriodMoney[1], november);
        Assert.Equal(36, new DateOnly(2026, 5, 7).DayNumber - c.FromDay);
        Assert.Same(may, c.DayMoney[36]);
    }

    [Fact]
    public void PriceClasses_AreFewerThanPointsForFixedBandAmounts()
    {
        // Seven bands with fixed amounts: one class per band (the preventative floor is below band A).
        var c = TestModels.Default.Compiled;
        Assert.Equal(7, c.ClassBand.Length);
        Assert.Equal(Enumerable.Range(0, 7).Select(b => (short)b), c.ClassBand);
        Assert.Equal(c.PriceClass![24], c.PriceClass[0]);
        Assert.NotEqual(c.PriceClass[25], c.PriceClass[24]);
    }

    /// <summary>Every table entry against the rules at each points value (not only the class's first), on real as-of days.</summary>
    private static void AssertTablesEqualRules(RasModel model)
    {
        var c = model.Compiled;
        var days = new SortedSet<int>(Enumerable.Range(c.FromDay, c.DayMoney.Length));
        foreach (var start in c.PeriodStartDay)
        {
            days.Add(start);
            if (start + 366 <= c.ToDay)
            {
                days.Add(start + 366); // a day of the period that crosses nothing, when the period is long enough
            }
        }

        var sets = 1 << c.AddOnCount;
        var maxUplift = c.Definition.DirectionOfTravel?.MaxUpliftPoints ?? 0;
        var tabulated = 0;
        foreach (var day in days.Where(d => d <= c.ToDay))
        {
            var asOf = DateOnly.FromDayNumber(day);
            var checkUplift = maxUplift > 0 && c.DerivedCount == 0 && (day - c.FromDay) % 29 == 0;
            tabulated += Check(c, asOf, Offer.None, 0, 0, 0);
            for (var set = 0; set < sets; set++)
            {
                if (c.Definition.DirectionOfTravel is not null)
                {
                    tabulated += Check(c, asOf, Offer.PreventativeSupport, set, 0, 0);
                }

                if (c.PriceClass is null)
                {
                    continue;
                }

                for (var points = 0; points <= c.MaxPoints; points++)
                {
                    tabulated += Check(c, asOf, Offer.PersonalBudget, set, points, points);
                    if (checkUplift)
                    {
                        foreach (var uplift in new[] { 1, Math.Max(1, maxUplift / 2), maxUplift })
                        {
                            if (points + uplift <= c.MaxPoints)
                            {
                                Check(c, asOf, Offer.PersonalBudget, set, points, points + uplift);
                            }
                        }
                    }
                }
            }
        }

        Assert.True(tabulated > 0, $"{model.Id} {model.Version}: no figure came from a table");
    }

    /// <summary>1 when the table held the figures (and they are the rules'), 0 when it left them to the rules.</summary>
    private static int Check(CompiledModel c, DateOnly asOf, Offer offer, int set, int current, int priced)
    {
        if (Evaluator.Money(c, asOf.DayNumber, asOf) is null)
        {
            return 0; // a crossing day beyond the tables' cap
        }

        var rules = Evaluator.PricedByRules(c, asOf, offer, set, current, priced);
        if (Evaluator.PricedByTable(c, asOf, offer, set, current, priced) is not { } table)
        {
            // The table leaves out only what it cannot hold: an error, an uplift whose money cap could bind, derived quantities.
            Assert.True(rules.Status != PriceStatus.Ok || current != priced || c.PriceClass is null || c.DerivedCount > 0 || offer != Offer.PersonalBudget, $"{c.Definition.Id} {asOf:yyyy-MM-dd} {offer} set {set} points {current}: not in the table");
            return 0;
        }

        var what = $"{c.Definition.Id} {c.Definition.Version} {asOf:yyyy-MM-dd} {offer} set {set} points {current}→{priced}";
        Assert.Equal(rules.Status, table.Status);
        Assert.True(rules.Band == table.Band && rules.BandWithoutUplift == table.BandWithoutUplift && rules.UpliftCapped == table.UpliftCapped, what + ": bands");
        Assert.True(
            Same(rules.AnnualLower, table.AnnualLower) && Same(rules.AnnualIndicative, table.AnnualIndicative) && Same(rules.AnnualUpper, table.AnnualUpper)
            && Same(rules.WeeklyLower, table.WeeklyLower) && Same(rules.WeeklyIndicative, table.WeeklyIndicative) && Same(rules.WeeklyUpper, table.WeeklyUpper)
            && Same(rules.AnnualLowerWithoutUplift, table.AnnualLowerWithoutUplift) && Same(rules.AnnualIndicativeWithoutUplift, table.AnnualIndicativeWithoutUplift) && Same(rules.AnnualUpperWithoutUplift, table.AnnualUpperWithoutUplift),
            $"{what}: rules {rules.AnnualLower}/{rules.AnnualIndicative}/{rules.AnnualUpper} {rules.WeeklyLower}/{rules.WeeklyIndicative}/{rules.WeeklyUpper}, table {table.AnnualLower}/{table.AnnualIndicative}/{table.AnnualUpper} {table.WeeklyLower}/{table.WeeklyIndicative}/{table.WeeklyUpper}");
        return 1;
    }

    /// <summary>The same decimal to the last bit (1.0 and 1.00 are equal but print differently).</summary>
    private static bool Same(decimal a, decimal b) => decimal.GetBits(a).SequenceEqual(decimal.GetBits(b));
}
