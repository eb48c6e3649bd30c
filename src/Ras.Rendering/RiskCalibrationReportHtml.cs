using System.Globalization;
using System.Text;
using Ras.Calibration;

namespace Ras.Rendering;

/// <summary>
/// Renders a <see cref="RiskCalibrationResult"/> as one self-contained HTML page for a reader who is not a
/// statistician (a finance officer, a panel): a plain-English summary first (what was fitted, how well it
/// predicts against published instruments, whether its percentages are right, what it does to budgets), any
/// warning in a box, then the tables (held-out figures, observed against predicted by tenth with a plot, the
/// weights with their intervals, excluded rows, provenance). Inline CSS and SVG; no scripts, fonts, images or
/// links to fetch. Every text from the model or the file is HTML-escaped. Deterministic: the same result
/// gives the same bytes.
/// </summary>
public static class RiskCalibrationReportHtml
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Renders the report.</summary>
    /// <param name="result">The outcome of <see cref="RiskCalibrator.Calibrate"/>.</param>
    /// <param name="modelFile">The file the new model was written to, named on the page; null when it was not written to a file.</param>
    /// <returns>The page, UTF-8 text ending in a newline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public static string Render(RiskCalibrationResult result, string? modelFile = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var r = result;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Risk weights from reassessment history</title>\n<style>")
            .Append("body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222;line-height:1.45}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f4f4f4}td.l,th.l{text-align:left}")
            .Append(".warn{border:2px solid #b2182b;background:#fdecea;padding:.6em 1em;margin:1em 0}.w td{white-space:nowrap}.ok{border:1px solid #67a9cf;background:#eef6fb;padding:.6em 1em;margin:1em 0}")
            .Append("</style></head><body>\n<h1>Risk weights learned from reassessment history</h1>\n");
        sb.Append("<h2>In brief</h2>\n");
        Summary(sb, r, modelFile);
        if (r.Weights.Count > 0)
        {
            HeldOut(sb, r);
            sb.Append("<h2>Are the percentages right? Observed against predicted, by tenth of predicted risk</h2>\n");
            sb.Append("<p>People are sorted by the risk the weights gave them (fitted without their own fold) and split into ten groups of equal size. Each dot is one group: across, the average predicted risk; up, the share who actually had the outcome, with its 95% interval. Dots on the dashed diagonal mean the percentages are right.</p>\n");
            Plot(sb, r.Deciles);
            Deciles(sb, r.Deciles);
            Weights(sb, r);
        }

        Excluded(sb, r);
        Provenance(sb, r);
        return sb.Append("</body></html>\n").ToString();
    }

    private static string H(string text) => PeopleText.Html(text);

    private static string Percent(double share) => RiskCalibrationResultText.Percent(share);

    private static void Summary(StringBuilder sb, RiskCalibrationResult r, string? modelFile)
    {
        var horizon = r.HorizonMonths;
        var factors = r.RiskFactors.Count;
        sb.Append(C, $"<p><strong>What was done.</strong> The model's direction-of-travel rule estimates the chance that a person's need will increase within {horizon} months, from {factors} risk factors recorded at the assessment ({H(string.Join(", ", r.RiskFactors.Select(f => f.Replace('_', ' '))))}); that chance adds points, and so money, to the budget. This report sets each factor's weight from what actually happened to {r.RowsUsed:N0} people assessed before (in {H(r.HistoryFile)}), of whom {r.Events:N0} ({Share(r.Events, r.RowsUsed)}) had the outcome: {H(r.OutcomeDescription)}.</p>\n");
        if (r.Errors.Count > 0)
        {
            sb.Append("<div class=\"warn\"><strong>No new model was made.</strong> The weights could not be fitted from this history:<ul>");
            foreach (var e in r.Errors)
            {
                sb.Append("<li>").Append(H(e)).Append("</li>");
            }

            sb.Append("</ul></div>\n");
        }

        if (r.Weights.Count > 0)
        {
            var judgement = r.AucIncludesChance ? "that is not reliably better than a coin toss"
                : r.Auc < RiskCalibrationResult.PublishedAucLow ? "that is below the level published tools reach"
                : r.Auc <= RiskCalibrationResult.PublishedAucHigh ? "that is within the range published tools reach"
                : "that is above the range published tools reach (check that the history is not unusually easy, for example that the outcome was not recorded from the same assessment)";
            sb.Append(C, $"<p><strong>How well it predicts.</strong> Tested on people the fit did not see (the history split into {r.Options.Folds} parts; each part predicted by weights fitted without it): given one person who went on to have the outcome and one who did not, the new weights give the first the higher risk {r.Auc * 100:0}% of the time (AUC {r.Auc:0.000}; 95% interval {r.AucLow:0.000} to {r.AucHigh:0.000}). Published tools for predicting need a year ahead manage about {RiskCalibrationResult.PublishedAucLow * 100:0}% to {RiskCalibrationResult.PublishedAucHigh * 100:0}%; 50% is a coin toss. So {judgement}.</p>\n");
            sb.Append(C, $"<p><strong>Are the percentages right?</strong> On average the weights predicted a {Percent(r.MeanPredicted)} chance, and {Share(r.Events, r.RowsUsed)} of people had the outcome. The chart below compares prediction and outcome for each tenth of people.</p>\n");
        }

        foreach (var w in r.Warnings)
        {
            sb.Append("<div class=\"warn\"><strong>Warning:</strong> ").Append(H(w)).Append("</div>\n");
        }

        if (r.Impact is { } impact)
        {
            var gain = impact.Buckets[3] + impact.Buckets[4];
            var lose = impact.Buckets[0] + impact.Buckets[1];
            var percent = impact.BaselineTotal == 0 ? "" : string.Create(C, $", {impact.TotalChange / impact.BaselineTotal * 100m:+0.0;−0.0;0.0}%");
            sb.Append(C, $"<p><strong>What it does to budgets.</strong> Across the {impact.Compared:N0} people in the history, indicative budgets total {H(PeopleText.Money(impact.BaselineTotal, r.BaseModel.Currency))} a year with the current weights and {H(PeopleText.Money(impact.ProposalTotal, r.BaseModel.Currency))} with the new ones (a change of {H(PeopleText.Money(impact.TotalChange, r.BaseModel.Currency))}{percent}). {gain:N0} people would be offered more, {lose:N0} less; {impact.NewlyEligible:N0} would newly receive an offer and {impact.LosingEligibility:N0} would lose one. Run <code>ras compare</code> on the whole caseload before adopting the new weights.</p>\n");
        }

        if (r.Model is { } model)
        {
            sb.Append("<div class=\"ok\">New model ").Append(modelFile is null ? "made (not written to a file)" : "written to <code>" + H(modelFile) + "</code>").Append(": <code>").Append(H($"{model.Id} {model.Version}")).Append("</code> (content hash <code>").Append(H(model.ContentHash)).Append("</code>). It differs from the base model only in its risk weights, version, title and description.</div>\n");
        }
    }

    private static void HeldOut(StringBuilder sb, RiskCalibrationResult r)
    {
        sb.Append("<h2>Held-out figures</h2>\n<table><tr><th class=\"l\">Measure</th><th>This history</th><th class=\"l\">Compare with</th><th class=\"l\">What it means</th></tr>\n");
        Row(sb, "Discrimination: area under the ROC curve (AUC)", string.Create(C, $"{r.Auc:0.000} (95% interval {r.AucLow:0.000} to {r.AucHigh:0.000})"), string.Create(C, $"published instruments about {RiskCalibrationResult.PublishedAucLow:0.0} to {RiskCalibrationResult.PublishedAucHigh:0.0}; chance 0.5"), "How often someone who had the outcome was given a higher risk than someone who did not. Interval by DeLong's method.");
        Row(sb, "Brier score", r.Brier.ToString("0.0000", C), string.Create(C, $"{r.NoSkillBrier:0.0000} for predicting the observed rate for everyone"), "The average squared gap between the predicted chance and what happened (0 to 1); lower is better.");
        Row(sb, "Calibration in the large", string.Create(C, $"{Percent(r.MeanPredicted)} predicted"), $"{Share(r.Events, r.RowsUsed)} observed", "The average predicted chance against the share who had the outcome.");
        sb.Append("</table>\n");
    }

    private static void Row(StringBuilder sb, params string[] cells)
    {
        sb.Append("<tr><td class=\"l\">").Append(H(cells[0])).Append("</td><td>").Append(H(cells[1])).Append("</td>");
        foreach (var cell in cells.Skip(2))
        {
            sb.Append("<td class=\"l\">").Append(H(cell)).Append("</td>");
        }

        sb.Append("</tr>\n");
    }

    private static void Plot(StringBuilder sb, IReadOnlyList<CalibrationDecile> deciles)
    {
        const int Size = 360, L = 50, B = 40, T = 10;
        var max = Math.Min(1, Math.Ceiling(Math.Max(deciles.Max(d => d.MeanPredicted), deciles.Max(d => d.ObservedHigh)) * 10) / 10);
        string X(double v) => (L + (v / max * (Size - L - T))).ToString("0.#", C);
        string Y(double v) => (Size - B - (v / max * (Size - B - T))).ToString("0.#", C);
        sb.Append(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Size}\" height=\"{Size}\" role=\"img\" aria-label=\"Observed against predicted risk by tenth\">\n");
        sb.Append(C, $"<line x1=\"{L}\" y1=\"{Size - B}\" x2=\"{Size - T}\" y2=\"{Size - B}\" stroke=\"#444\"/><line x1=\"{L}\" y1=\"{T}\" x2=\"{L}\" y2=\"{Size - B}\" stroke=\"#444\"/>\n");
        sb.Append(C, $"<line x1=\"{X(0)}\" y1=\"{Y(0)}\" x2=\"{X(max)}\" y2=\"{Y(max)}\" stroke=\"#999\" stroke-dasharray=\"5 4\"/>\n");
        for (var tick = 0.0; tick <= max + 1e-9; tick += 0.1)
        {
            sb.Append(C, $"<text x=\"{X(tick)}\" y=\"{Size - B + 15}\" text-anchor=\"middle\" font-size=\"11\">{tick * 100:0}%</text><text x=\"{L - 5}\" y=\"{Y(tick)}\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"11\">{tick * 100:0}%</text>\n");
        }

        sb.Append(C, $"<text x=\"{(L + Size) / 2}\" y=\"{Size - 5}\" text-anchor=\"middle\" font-size=\"12\">predicted (held out)</text><text x=\"12\" y=\"{(Size - B) / 2}\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 12 {(Size - B) / 2})\">observed</text>\n");
        foreach (var d in deciles)
        {
            sb.Append(C, $"<line x1=\"{X(d.MeanPredicted)}\" y1=\"{Y(d.ObservedLow)}\" x2=\"{X(d.MeanPredicted)}\" y2=\"{Y(d.ObservedHigh)}\" stroke=\"#2166ac\"/>");
            sb.Append(C, $"<circle cx=\"{X(d.MeanPredicted)}\" cy=\"{Y(d.Observed)}\" r=\"4\" fill=\"#2166ac\"><title>group {d.Group}: predicted {Percent(d.MeanPredicted)}, observed {Percent(d.Observed)} of {d.Rows}</title></circle>\n");
        }

        sb.Append("</svg>\n");
    }

    private static void Deciles(StringBuilder sb, IReadOnlyList<CalibrationDecile> deciles)
    {
        sb.Append("<table><tr><th>Tenth</th><th>People</th><th>Predicted</th><th>Observed</th><th>Observed, 95% interval</th></tr>\n");
        foreach (var d in deciles)
        {
            sb.Append(C, $"<tr><td>{d.Group}</td><td>{d.Rows:N0}</td><td>{Percent(d.MeanPredicted)}</td><td>{Percent(d.Observed)}</td><td>{Percent(d.ObservedLow)} to {Percent(d.ObservedHigh)}</td></tr>\n");
        }

        sb.Append("</table>\n");
    }

    private static void Weights(StringBuilder sb, RiskCalibrationResult r)
    {
        sb.Append("<h2>The weights</h2>\n<p>On the log-odds scale the model uses: risk score = intercept + the weight of each factor's level; chance = 1 ÷ (1 + e<sup>−score</sup>). Each factor's first level is the reference, weight 0. A weight's 95% interval is the estimate ± 1.96 standard errors; a current weight outside it is not supported by this history.</p>\n");
        sb.Append("<table class=\"w\"><tr><th class=\"l\">Factor</th><th class=\"l\">Level</th><th>People</th><th>With the outcome</th><th>Current weight</th><th>Fitted weight</th><th>Standard error</th><th>95% interval</th><th class=\"l\">Current weight inside?</th></tr>\n");
        foreach (var w in r.Weights)
        {
            var inside = w.IsReference ? "reference" : (double)w.BaseWeight >= w.Low && (double)w.BaseWeight <= w.High ? "yes" : "no";
            sb.Append("<tr><td class=\"l\">").Append(H(w.Factor)).Append("</td><td class=\"l\">").Append(H(w.Level)).Append("</td>");
            sb.Append(C, $"<td>{w.Rows:N0}</td><td>{w.Events:N0}</td><td>{w.BaseWeight:0.0000}</td>");
            sb.Append(w.IsReference ? "<td>0 (reference)</td><td></td><td></td>" : string.Create(C, $"<td>{w.Estimate:0.0000}</td><td>{w.StandardError:0.0000}</td><td>{H(RiskCalibrationResultText.Interval(w))}</td>"));
            sb.Append("<td class=\"l\">").Append(inside).Append("</td></tr>\n");
        }

        sb.Append("</table>\n");
    }

    private static void Excluded(StringBuilder sb, RiskCalibrationResult r)
    {
        sb.Append(C, $"<h2>Rows not used ({r.Excluded.Count:N0} of {r.RowsRead:N0})</h2>\n");
        if (r.Excluded.Count == 0)
        {
            sb.Append("<p>Every row was used.</p>\n");
            return;
        }

        sb.Append("<table><tr><th class=\"l\">Reason</th><th>Rows</th></tr>\n");
        foreach (var (reason, count) in RiskCalibrationResultText.ExcludedByReason(r))
        {
            sb.Append("<tr><td class=\"l\">").Append(H(reason)).Append(C, $"</td><td>{count:N0}</td></tr>\n");
        }

        sb.Append("</table>\n<p>The first rows not used, with the full reason:</p>\n<table><tr><th>Line</th><th class=\"l\">Case</th><th class=\"l\">Reason</th></tr>\n");
        foreach (var (line, caseId, reason) in r.Excluded.Take(20))
        {
            sb.Append(C, $"<tr><td>{line}</td><td class=\"l\">").Append(H(caseId)).Append("</td><td class=\"l\">").Append(H(reason)).Append("</td></tr>\n");
        }

        sb.Append("</table>\n");
    }

    private static void Provenance(StringBuilder sb, RiskCalibrationResult r)
    {
        sb.Append("<h2>Provenance and method</h2>\n<ul>\n");
        sb.Append("<li>Base model: <code>").Append(H($"{r.BaseModel.Id} {r.BaseModel.Version} ({r.BaseModel.ContentHash})")).Append("</code></li>\n");
        sb.Append("<li>History: <code>").Append(H($"{r.HistoryFile} ({r.HistoryHash})")).Append("</code></li>\n");
        sb.Append(C, $"<li>Calibrated on {r.Options.AsOf:yyyy-MM-dd}; outcome <code>{H(r.OutcomeDescription)}</code>; {r.Options.Folds} folds by a hash of the case id.</li>\n");
        sb.Append(C, $"<li>Fit: maximum-likelihood logistic regression by iteratively reweighted least squares ({r.Iterations} iterations); standard errors from the inverse information matrix; weights written to {RiskCalibrator.WeightDecimals} decimal places. AUC interval by DeLong's method; observed share intervals by Wilson's method. See docs/calibration.md.</li>\n");
        sb.Append("</ul>\n");
    }

    private static string Share(int part, int whole) => whole == 0 ? "0%" : Percent((double)part / whole);
}
