using Ras.Engine.Allocation;
using Ras.Engine.Assessments;
using Ras.Engine.Compilation;
using Ras.Engine.Models;
using Ras.Engine.Rules;

namespace Ras.Engine.Evaluation;

/// <summary>
/// One explained allocation: decodes the assessment with the one decoder, runs the one evaluator with a trace
/// that records each domain, add-on and derived quantity (and, when asked, each explanation step), and builds
/// the result from the figures and that record.
/// </summary>
internal static class Allocator
{
    public static AllocationOutcome Allocate(CompiledModel c, CaseDecoder decoder, Assessment a, bool explain)
    {
        var errors = new List<AssessmentError>();
        var warnings = new List<string>();
        var buffers = decoder.NewBuffers();
        if (!decoder.TryDecode(a, buffers, errors, warnings))
        {
            return AllocationOutcome.Failure(errors);
        }

        var recorder = new Recorder(c, explain, warnings);
        var trace = new ResultTrace(recorder);
        var r = default(Figures);
        Evaluator.Evaluate(c, buffers.Input(a.AsOf), ref trace, ref r);
        if (r.Status != PriceStatus.Ok)
        {
            return AllocationOutcome.Failure(new[] { ErrorFor(c, decoder, r, a.AsOf, Where.Json) });
        }

        var m = c.Definition;
        var domains = new DomainResult[c.DomainCount];
        for (var d = 0; d < domains.Length; d++)
        {
            var record = recorder.Domains[d];
            domains[d] = new DomainResult
            {
                DomainId = m.Domains[d].Id,
                Title = m.Domains[d].Title,
                Outcome = m.Domains[d].Outcome,
                RawPoints = record.Raw,
                Points = record.Points,
                AnticipatedPoints = record.Anticipated,
                UnableToAchieve = record.Unable,
                AnticipatedUnableToAchieve = record.AnticipatedUnable,
                ExpectedDeterioration = r.Probability * Math.Max(0, record.Anticipated - record.Points),
            };
        }

        return AllocationOutcome.Success(new AllocationResult
        {
            CaseId = a.CaseId,
            AsOf = a.AsOf,
            ClientGroup = a.ClientGroup,
            ModelId = m.Id,
            ModelVersion = m.Version,
            ModelHash = c.ContentHash,
            Currency = m.Currency,
            Eligibility = r.Eligibility,
            Offer = r.Offer,
            Outcomes = m.Eligibility is null
                ? Array.Empty<OutcomeResult>()
                : Evaluator.GroundsByOutcome(c, buffers.Now).Select(o => new OutcomeResult
                {
                    Outcome = o.Outcome,
                    Description = CareActOutcomes.Wording(o.Outcome) ?? o.Outcome,
                    Grounds = o.Grounds.Select(Grounds.Code).ToList().AsReadOnly(),
                    GroundsText = o.Grounds.Select(Grounds.Text).ToList().AsReadOnly(),
                }).ToList().AsReadOnly(),
            NeedsFromImpairment = (r.Determinations & CaseInput.ImpairmentRecorded) == 0 ? null : (r.Determinations & CaseInput.ImpairmentMet) != 0,
            SignificantImpactOnWellbeing = (r.Determinations & CaseInput.WellbeingRecorded) == 0 ? null : (r.Determinations & CaseInput.WellbeingMet) != 0,
            Deterioration = r.Deterioration,
            BandWithoutUplift = c.BandId(r.BandWithoutUplift),
            AnnualWithoutUplift = new BudgetRange(r.AnnualLowerWithoutUplift, r.AnnualIndicativeWithoutUplift, r.AnnualUpperWithoutUplift),
            UpliftAmountCapped = r.UpliftCapped,
            OutcomesUnableToAchieve = Evaluator.OutcomeCodes(c, r.UnableNow).AsReadOnly(),
            AnticipatedOutcomesUnableToAchieve = Evaluator.OutcomeCodes(c, r.UnableNext).AsReadOnly(),
            Domains = Array.AsReadOnly(domains),
            RawPoints = r.RawPoints,
            CurrentPoints = r.CurrentPoints,
            AnticipatedPoints = r.AnticipatedPoints,
            RiskProbability = r.Probability,
            DirectionOfTravelUplift = r.Uplift,
            AdjustedPoints = r.AdjustedPoints,
            DerivedQuantities = recorder.DerivedQuantities(),
            PricingBasis = m.Pricing.Basis,
            PricedPoints = r.PricedPoints,
            Band = c.BandId(r.Band),
            BandLabel = c.BandLabel(r.Band),
            AddOns = recorder.AddOns.Select(x => new AddOnResult { AddOnId = m.AddOns[x.AddOn].Id, Title = m.AddOns[x.AddOn].Title, Annual = x.Annual }).ToList().AsReadOnly(),
            Annual = new BudgetRange(r.AnnualLower, r.AnnualIndicative, r.AnnualUpper),
            Weekly = new BudgetRange(r.WeeklyLower, r.WeeklyIndicative, r.WeeklyUpper),
            Warnings = warnings.AsReadOnly(),
            Explanation = recorder.Steps.AsReadOnly(),
        });
    }

    /// <summary>The codes <see cref="ErrorFor"/> gives: problems found by evaluating a decoded case, not by reading it.</summary>
    public static readonly IReadOnlySet<string> EvaluationErrorCodes = new HashSet<string>(StringComparer.Ordinal) { "model-not-in-force", "points-above-bands", "curve-overflow", "arithmetic-overflow" };

    /// <summary>The error for an evaluation that could not be priced (date outside the model, points above the bands, a curve too large).</summary>
    public static AssessmentError ErrorFor(CompiledModel c, CaseDecoder decoder, in Figures r, DateOnly asOf, Where where)
    {
        var m = c.Definition;
        var location = where == Where.Json ? "/answers" : "answers";
        return r.Status switch
        {
            PriceStatus.NotInForce => decoder.NotInForce(asOf, where),
            PriceStatus.PointsAboveBands => new AssessmentError("points-above-bands", location, $"{r.PricedPoints} points are above the highest band of the model", $"at most {m.Pricing.Bands[^1].MaxPoints} points (band '{m.Pricing.Bands[^1].Id}')", r.PricedPoints.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            PriceStatus.Overflow => new AssessmentError("arithmetic-overflow", location, "a derived quantity, the quantity priced or the pricing curve's predictor is too large for the engine to work out exactly", "inputs and answers within what the model was built for (at most 2,147,483,647 points priced; amounts below about 7.9 × 10²⁸)", "a larger value"),
            _ => new AssessmentError("curve-overflow", location, "the pricing curve gives an amount too large to represent", "a linear predictor the curve was fitted for", Text.Format.Number(r.CurveEta)),
        };
    }

    /// <summary>What the explained path's trace keeps.</summary>
    private sealed class Recorder(CompiledModel c, bool explain, List<string> warnings)
    {
        public bool Explain { get; } = explain;

        public List<ExplanationStep> Steps { get; } = new();

        public DomainRecord[] Domains { get; } = new DomainRecord[c.DomainCount];

        public List<(int AddOn, decimal Annual)> AddOns { get; } = new();

        public decimal[] Derived { get; } = new decimal[c.DerivedCount];

        public List<string> Warnings { get; } = warnings;

        public IReadOnlyDictionary<string, decimal> DerivedQuantities()
        {
            var map = new Dictionary<string, decimal>(StringComparer.Ordinal);
            for (var k = 0; k < Derived.Length; k++)
            {
                map[c.Definition.Derived[k].Id] = Derived[k];
            }

            return new System.Collections.ObjectModel.ReadOnlyDictionary<string, decimal>(map);
        }
    }

    private readonly record struct DomainRecord(int Raw, int Points, int Anticipated, bool Unable, bool AnticipatedUnable);

    /// <summary>The explained path's trace: records each domain, add-on, derived quantity and warning, and the steps when asked.</summary>
    private readonly struct ResultTrace(Recorder recorder) : ITrace
    {
        public bool Explains => recorder.Explain;

        public bool Records => true;

        public void Step(string code, string title, string detail, string value, string modelPath, string? policy, params (string Name, string Value)[] inputs) =>
            recorder.Steps.Add(new ExplanationStep
            {
                Number = recorder.Steps.Count + 1,
                Code = code,
                Title = title,
                Detail = detail,
                Value = value,
                ModelPath = modelPath,
                PolicyReference = policy,
                Inputs = Array.AsReadOnly(inputs.Select(i => new KeyValuePair<string, string>(i.Name, i.Value)).ToArray()),
            });

        public void Domain(int domain, int raw, int points, int anticipated, bool unable, bool anticipatedUnable) =>
            recorder.Domains[domain] = new DomainRecord(raw, points, anticipated, unable, anticipatedUnable);

        public void Derived(int derived, decimal value) => recorder.Derived[derived] = value;

        public void AddOn(int addOn, decimal annual) => recorder.AddOns.Add((addOn, annual));

        public void Warning(string text) => recorder.Warnings.Add(text);
    }
}
