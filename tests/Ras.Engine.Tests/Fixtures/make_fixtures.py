#!/usr/bin/env python3
"""Writes the model fixtures: one minimal valid model, and one invalid model per validation error.

Run from this folder after changing the minimal model; the files are committed and reviewed like code.
"""
import copy, json, os

minimal = {
  "id": "minimal", "version": "1.0.0", "title": "Minimal test model",
  "effectiveFrom": "2026-04-01", "effectiveTo": "2027-03-31",
  "policyReferences": [{"id": "regs", "citation": "Eligibility Regulations 2015"}],
  "attributes": [{"id": "living", "label": "Living setting", "values": [{"code": "alone", "label": "Alone"}, {"code": "with_others", "label": "With others"}]}],
  "domains": [
    {"id": "eating", "title": "Eating", "outcome": "nutrition", "questions": [
      {"id": "q_eating", "text": "Eating?", "answers": [
        {"code": "own", "text": "On my own", "points": 0},
        {"code": "some", "text": "Some help", "points": 5},
        {"code": "lot", "text": "A lot of help", "points": 10, "unableToAchieve": True}]}]},
    {"id": "washing", "title": "Washing", "outcome": "personal_hygiene", "questions": [
      {"id": "q_washing", "text": "Washing?", "answers": [
        {"code": "own", "text": "On my own", "points": 0},
        {"code": "some", "text": "Some help", "points": 5},
        {"code": "lot", "text": "A lot of help", "points": 10, "unableToAchieve": True}]}]},
    {"id": "carers", "title": "Unpaid carers", "questions": [
      {"id": "q_carer", "text": "Help from family?", "required": False, "answers": [
        {"code": "none", "text": "None", "points": 0},
        {"code": "some", "text": "Some", "points": 0}]}]}],
  "adjustments": [
    {"id": "carer-some", "title": "Some unpaid care", "kind": "carerDeduction", "reason": "Unpaid care meets part of the need.",
     "when": {"question": "q_carer", "anyOf": ["some"]}, "percent": -50, "domains": ["eating"]}],
  "eligibility": {"minimumOutcomes": 2, "policyReference": "regs"},
  "directionOfTravel": {
    "intercept": -1, "riskFactors": [{"id": "falls", "text": "Falls", "levels": [{"code": "no", "text": "No", "weight": 0}, {"code": "yes", "text": "Yes", "weight": 2}]}],
    "maxUpliftPoints": 10, "eligibilityProbability": 0.5,
    "preventative": {"lower": 100, "indicative": 200, "upper": 300}},
  "pricing": {"method": "bands", "bands": [
    {"id": "A", "minPoints": 0, "maxPoints": 9, "amount": 1000},
    {"id": "B", "minPoints": 10, "pricePerPoint": 100}]},
  "addOns": [{"id": "alone", "title": "Living alone", "when": {"attribute": "living", "anyOf": ["alone"]}, "annualAmount": 520}],
  "range": {"method": "tolerance", "belowPercent": 10, "abovePercent": 10},
  "rounding": {"annualUnit": 1, "weeklyUnit": 0.01, "midpoint": "awayFromZero"}
}

def write(path, doc):
    with open(path, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")

write("models/minimal.json", minimal)

def variant(name, change):
    doc = copy.deepcopy(minimal)
    change(doc)
    write(f"invalid/{name}.json", doc)

def setp(path, value):
    def f(d):
        *parents, last = path
        for p in parents:
            d = d[p]
        d[last] = value
    return f

def delp(path):
    def f(d):
        *parents, last = path
        for p in parents:
            d = d[p]
        del d[last]
    return f

def nest(d):
    deep = {"a": 1}
    for _ in range(40):
        deep = {"a": deep}
    d["description"] = deep

variant("unknown-member", setp(["domains", 0, "questions", 0, "answers", 1, "pionts"], 5))
variant("missing-member", delp(["title"]))
variant("wrong-type", setp(["version"], 1))
variant("duplicate-id", setp(["domains", 1, "id"], "eating"))
variant("band-gap", setp(["pricing", "bands", 1, "minPoints"], 12))
variant("band-overlap", setp(["pricing", "bands", 1, "minPoints"], 8))
variant("band-coverage", setp(["pricing", "bands", 1, "maxPoints"], 20))
variant("non-monotone-bands", setp(["pricing", "bands", 0, "amount"], 5000))
variant("negative-amount", setp(["pricing", "bands", 1, "pricePerPoint"], -100))
variant("dates-out-of-order", setp(["effectiveTo"], "2026-01-01"))
variant("dated-values-out-of-order", setp(["addOns", 0, "annualAmount"], [{"from": "2026-04-01", "value": 520}, {"from": "2026-04-01", "value": 540}]))
variant("unknown-reference", setp(["adjustments", 0, "when", "question"], "q_carers"))
variant("unknown-outcome", setp(["domains", 0, "outcome"], "eating"))
variant("invalid-version", setp(["version"], "1.0"))
variant("invalid-id", setp(["id"], "Minimal Model"))
variant("too-deep", nest)
variant("unused-member", setp(["pricing", "pricePerPoint"], 50))
variant("invalid-value", setp(["directionOfTravel", "eligibilityProbability"], 1.5))
variant("missing-reason", setp(["pricing", "allowNonMonotoneBands"], {"reason": " "}))
variant("range-out-of-order", setp(["directionOfTravel", "preventative", "lower"], 250))
variant("invalid-condition", setp(["addOns", 0, "when", "question"], "q_carer"))
variant("invalid-band", setp(["pricing", "bands", 0, "pricePerPoint"], 10))
variant("invalid-add-on", setp(["addOns", 0, "hoursPerWeek"], 5))
variant("invalid-range", lambda d: (d["pricing"].update({"method": "pricePerPoint", "pricePerPoint": 100}), d["pricing"].pop("bands"), d.update({"range": {"method": "bandEdges"}})))
variant("invalid-term", lambda d: d.update({"pricing": {"method": "curve", "curve": {"intercept": 1, "transform": "identity", "terms": [{"coefficient": 1, "totalPoints": True, "domain": "eating"}]}}}))
variant("empty", setp(["domains", 2, "questions"], []))
variant("out-of-range", setp(["pricing", "bands", 0, "amount"], 1e30))
variant("invalid-enum", setp(["rounding", "midpoint"], "halfUp"))
variant("missing-eligibility", delp(["eligibility"]))
variant("format-version", setp(["inputs"], [{"id": "age", "label": "Age in years", "unit": "years", "min": 18, "max": 120}]))
variant("derived-cycle", lambda d: d.update({"formatVersion": 2, "derived": [
    {"id": "a", "label": "A", "terms": [{"question": "q_eating"}, {"derived": "b"}]},
    {"id": "b", "label": "B", "terms": [{"coefficient": 0.5, "derived": "a"}]}]}))
with open("invalid/invalid-json.json", "w") as f:
    f.write('{ "id": "minimal", "version": "1.0.0",\n  "title": "Broken"\n')

# Extreme models (issue 11): each once validated and then crashed or priced wrong; each must now be refused.
os.makedirs("extreme", exist_ok=True)

def extreme(name, change, base=minimal):
    doc = copy.deepcopy(base)
    change(doc)
    write(f"extreme/{name}.json", doc)

def huge_points(pricing):
    def f(d):
        d["domains"] = [{"id": f"d{i}", "title": f"Domain {i}", "weight": 100, "questions": [
            {"id": f"q{i}_{j}", "text": "Q?", "answers": [
                {"code": "none", "text": "None", "points": 0},
                {"code": "max", "text": "Most", "points": 100000}]} for j in range(10)]} for i in range(25)]
        d.pop("adjustments"); d.pop("eligibility"); d.pop("directionOfTravel")
        d["pricing"] = pricing
    return f

extreme("points-overflow-price-per-point", huge_points({"method": "pricePerPoint", "pricePerPoint": 100}))
extreme("points-overflow-bands", huge_points({"method": "bands", "bands": [{"id": "A", "minPoints": 0, "pricePerPoint": 100}]}))
extreme("add-on-amount", setp(["addOns", 0, "annualAmount"], 7.9e28))
extreme("hourly-rate", lambda d: d["addOns"][0].update({"annualAmount": None, "hoursPerWeek": 10, "hourlyRate": 1e26}) or d["addOns"][0].pop("annualAmount"))
extreme("preventative-upper", setp(["directionOfTravel", "preventative", "upper"], 7.9e28))
extreme("weekly-unit", setp(["rounding", "weeklyUnit"], 1e-28))
extreme("weeks-per-year", setp(["weeksPerYear"], 1e-27))
extreme("band-price", setp(["pricing", "bands", 1, "pricePerPoint"], 7.9e28))
extreme("band-amount", setp(["pricing", "bands", 0, "amount"], 7.9e28))
extreme("hourly-add-on", lambda d: d["addOns"][0].update({"hoursPerWeek": 168, "hourlyRate": 1e10}) or d["addOns"][0].pop("annualAmount"))
extreme("price-per-point", lambda d: d.update({"pricing": {"method": "pricePerPoint", "pricePerPoint": 1e11}}))
with open("models/format-v2-curve.json") as f:
    curve = json.load(f)
extreme("input-range", setp(["inputs", 0, "max"], 1e20), curve)
extreme("derived-coefficient", setp(["derived", 0, "terms", 0, "coefficient"], 7.9e28), curve)
extreme("curve-coefficient", setp(["pricing", "curve", "terms", 1, "coefficient"], 1e14), curve)
extreme("uplift-amount-cap", lambda d: d.update({"formatVersion": 2}) or d["directionOfTravel"].update({"maxUpliftAmount": 7.9e28}))
extreme("adjustment-points", setp(["adjustments", 0, "points"], 2147483647))

# Strict JSON (issue 11): each document is refused with the JSON pointer of its problem, except the byte-order mark.
os.makedirs("strict", exist_ok=True)
model_text = json.dumps(minimal, indent=2)
def raw(name, text):
    with open(f"strict/{name}", "wb") as f:
        f.write(text if isinstance(text, bytes) else text.encode("utf-8"))

raw("model-duplicate-member.json", model_text.replace('"pricePerPoint": 100', '"pricePerPoint": 100, "pricePerPoint": 100000'))
raw("model-lone-surrogate.json", model_text.replace('"title": "Minimal test model"', '"title": "Minimal \\ud800 model"'))
raw("model-invalid-utf8.json", model_text.replace('"title": "Minimal test model"', '"title": "Minimal @ model"').encode("utf-8").replace(b"@", b"\xff\xfe"))
raw("model-bom.json", b"\xef\xbb\xbf" + model_text.encode("utf-8"))
assessment = '{ "caseId": "S1", "asOf": "2026-11-01", "attributes": { "living": "alone" }, "answers": { "q_eating": "lot", "q_washing": "lot" } }'
raw("assessment-duplicate-case-id.json", assessment.replace('"caseId": "S1",', '"caseId": "S1", "caseId": "S2",'))
raw("assessment-duplicate-answer.json", assessment.replace('"q_eating": "lot",', '"q_eating": "lot", "q_eating": "own",'))
raw("assessment-duplicate-answers.json", assessment[:-2] + ', "answers": { "q_eating": "own" } }')
raw("assessment-lone-surrogate.json", assessment.replace('"S1"', '"S\\udc00"'))
raw("assessment-bom.json", b"\xef\xbb\xbf" + assessment.encode("utf-8"))
raw("assessment-too-deep.json", assessment.replace('"alone" }', '"alone", "x": ' + '{"a": ' * 8 + '1' + '}' * 8 + ' }'))
raw("change-duplicate-member.json", '{ "title": "t", "changes": [ { "path": "/adjustments/0/percent", "value": -40, "value": -30 } ] }')
raw("change-lone-surrogate.json", '{ "title": "\\ud800", "changes": [ { "path": "/adjustments/0/percent", "value": -40 } ] }')
raw("change-leading-zero.json", '{ "title": "t", "changes": [ { "path": "/adjustments/01/percent", "value": -40 } ] }')
