using System.CommandLine;
using Ras.Cli.Parsing;
using Ras.Engine;
using System.Globalization;
using Ras.Engine.Allocation;
using Ras.Engine.Assessments;
using Ras.Engine.Models;

namespace Ras.Cli.Commands;

/// <summary><c>ras allocate ASSESSMENT [--model M] [--explain] [--format text|json]</c>.</summary>
internal sealed class AllocateCommand : RasCommand
{
    private readonly Argument<string?> _assessment;
    private readonly Option<string?> _model = CommonOptions.Model();
    private readonly Option<bool> _explain = new("--explain") { Description = "Add every step of the calculation, each naming the part of the model and the policy it came from." };
    private readonly Option<string?> _format = OptionValues.Choice("--format", "Write the result as text (default) or JSON.", "text", "json");

    public AllocateCommand() : base("allocate", "Work out one person's allocation from an assessment file.")
    {
        _assessment = FileArgument("ASSESSMENT", "The assessment, a JSON file (see samples/assessment.json).", "ras allocate samples/assessment.json");
        Add(_model);
        Add(_explain);
        Add(_format);
    }

    public override IReadOnlyList<string> Examples { get; } =
    [
        "ras allocate samples/assessment.json",
        "ras allocate samples/assessment.json --explain",
        "ras allocate samples/assessment-v2.json --model samples/models/format-v2-bands.json --format json",
    ];

    protected override int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        var path = Existing(args.GetValue(_assessment)!, "assessment file");
        var format = args.GetValue(_format) ?? "text";
        var model = ModelSource.Load(args.GetValue(_model), stderr);
        if (model is null)
        {
            return Cli.InvalidInput;
        }

        var json = File.ReadAllText(path);
        var outcome = model.AllocateJson(json, args.GetValue(_explain));
        if (format == "json")
        {
            stdout.WriteLine(outcome.ToJson());
        }
        else if (outcome.Result is { } result)
        {
            WriteText(stdout, model, result);
        }

        if (!outcome.IsSuccess)
        {
            stderr.WriteLine($"{path}: the assessment cannot be allocated ({outcome.Errors.Count} problem{(outcome.Errors.Count == 1 ? "" : "s")}):");
            foreach (var e in outcome.Errors)
            {
                stderr.WriteLine("  " + e.Message);
            }

            return Cli.InvalidInput;
        }

        return Cli.Ok;
    }

    internal static void WriteText(TextWriter o, RasModel model, AllocationResult r)
    {
        string Money(decimal d) => Ras.Rendering.PeopleText.Money(d, model.Currency);
        o.WriteLine($"Case {r.CaseId}{(r.ClientGroup is null ? "" : $" ({Ras.Rendering.PeopleText.ClientGroup(r.ClientGroup)})")}, as of {r.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        o.WriteLine($"Model {r.ModelId} {r.ModelVersion}{(model.IsIllustrative ? " (illustrative: not calibrated by a council)" : "")}");
        o.WriteLine($"      {r.ModelHash}");
        o.WriteLine();
        o.WriteLine($"Eligibility: {(r.Eligibility == EligibilityStatus.Eligible ? "Eligible" : "Not eligible")}");
        o.WriteLine($"Offer: {r.Offer switch { Offer.PersonalBudget => "a personal budget", Offer.PreventativeSupport => "preventative support (not a determination of eligibility)", _ => "none" }}");
        if (r.Domains.Any(d => d.Outcome is not null))
        {
            o.WriteLine($"  outcomes not achieved now: {(r.OutcomesUnableToAchieve.Count == 0 ? "none" : string.Join(", ", r.OutcomesUnableToAchieve))}");
            foreach (var outcome in r.Outcomes.Where(x => x.NotAchieved))
            {
                o.WriteLine($"    {outcome.Outcome}: {string.Join("; ", outcome.GroundsText)}");
            }

            o.WriteLine($"  anticipated in twelve months: {(r.AnticipatedOutcomesUnableToAchieve.Count == 0 ? "none" : string.Join(", ", r.AnticipatedOutcomesUnableToAchieve))}");
        }
        o.WriteLine();
        var width = Math.Max(6, r.Domains.Max(d => d.Title.Length));
        o.WriteLine($"  {"Domain".PadRight(width)}  {"raw",4}  {"now",4}  {"in 12 months",12}");
        foreach (var d in r.Domains)
        {
            o.WriteLine($"  {d.Title.PadRight(width)}  {d.RawPoints,4}  {d.Points,4}  {d.AnticipatedPoints,12}");
        }

        o.WriteLine($"  {"Total".PadRight(width)}  {r.RawPoints,4}  {r.CurrentPoints,4}  {r.AnticipatedPoints,12}");
        o.WriteLine();
        if (model.HasDirectionOfTravel)
        {
            o.WriteLine($"Direction of travel: probability {r.RiskProbability.ToString("0.0000##############", CultureInfo.InvariantCulture)}, uplift +{r.DirectionOfTravelUplift} points");
            o.WriteLine($"Points priced: {r.CurrentPoints} + {r.DirectionOfTravelUplift} = {r.AdjustedPoints}");
        }
        else
        {
            o.WriteLine($"Points priced: {r.AdjustedPoints} (the model has no direction-of-travel rule)");
        }
        if (r.PricingBasis is not null)
        {
            o.WriteLine($"Quantity priced: {r.PricingBasis} = {r.DerivedQuantities[r.PricingBasis].ToString(CultureInfo.InvariantCulture)}, rounded to {r.PricedPoints}");
        }

        o.WriteLine($"Band: {(r.Band is null ? "none" : $"{r.Band}{(string.IsNullOrEmpty(r.BandLabel) ? "" : $" ({r.BandLabel})")}")}");
        foreach (var a in r.AddOns)
        {
            o.WriteLine($"Add-on: {a.Title} {Money(a.Annual)} a year");
        }

        o.WriteLine();
        o.WriteLine("Indicative twelve-month budget");
        o.WriteLine($"  {"",-7} {"lower",12} {"indicative",12} {"upper",12}");
        o.WriteLine($"  {"annual",-7} {Money(r.Annual.Lower),12} {Money(r.Annual.Indicative),12} {Money(r.Annual.Upper),12}");
        o.WriteLine($"  {"weekly",-7} {Money(r.Weekly.Lower),12} {Money(r.Weekly.Indicative),12} {Money(r.Weekly.Upper),12}");
        if (model.HasDirectionOfTravel && r.Offer != Offer.None)
        {
            o.WriteLine($"  {"no uplift",-7} {Money(r.AnnualWithoutUplift.Lower),10} {Money(r.AnnualWithoutUplift.Indicative),12} {Money(r.AnnualWithoutUplift.Upper),12}{(r.BandWithoutUplift is null ? "" : $"  (band {r.BandWithoutUplift})")}");
            o.WriteLine(r.Offer == Offer.PreventativeSupport
                ? "  the preventative offer is a fixed range: the direction-of-travel uplift adds nothing to it"
                : $"  the direction-of-travel uplift is worth {Money(r.UpliftAmount)} a year{(r.UpliftAmountCapped ? " (limited by the model's cap in money)" : "")}");
        }
        if (r.Warnings.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("Warnings:");
            foreach (var w in r.Warnings)
            {
                o.WriteLine($"  - {w}");
            }
        }

        if (r.Explanation.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("How this was worked out:");
            foreach (var s in r.Explanation)
            {
                o.WriteLine($"  {s.Number}. {s.Title}: {s.Value}");
                o.WriteLine($"     {s.Detail}");
                if (s.ModelPath.Length > 0 || s.PolicyReference is not null)
                {
                    o.WriteLine($"     [model {(s.ModelPath.Length > 0 ? s.ModelPath : "/")}{(s.PolicyReference is null ? "" : $"; policy {s.PolicyReference}")}]");
                }
            }
        }
    }
}
