// The self-assessment page: renders the questionnaire from GET /v1/models/{id}/questionnaire, one part at a
// time, keeps the answers in this browser (sessionStorage) until the person finishes, and shows the
// indicative range and its explanation from POST /v1/allocations?explain=true as the answers change.
// Plain JavaScript, no build step. The page shows what the API returns; it computes no figure itself.
"use strict";

(function () {
  const params = new URLSearchParams(window.location.search);
  const el = (id) => document.getElementById(id);
  const state = { q: null, part: 0, parts: [], answers: null, modelId: null, asOf: null, timer: null, request: 0, key: null };

  function today() {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  }

  function make(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = v; else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c) node.append(c);
    return node;
  }

  async function problemText(response) {
    try {
      const p = await response.json();
      return p.detail || p.title || response.statusText;
    } catch {
      return response.statusText;
    }
  }

  async function start() {
    state.asOf = params.get("asOf") || today();
    try {
      const models = await fetch("v1/models").then((r) => r.json());
      state.modelId = params.get("model") || models.defaultModel;
      const response = await fetch(`v1/models/${encodeURIComponent(state.modelId)}/questionnaire?asOf=${encodeURIComponent(state.asOf)}`);
      if (!response.ok) throw new Error(await problemText(response));
      state.q = await response.json();
    } catch (e) {
      el("status").textContent = `Sorry, the questions could not be loaded: ${e.message}`;
      return;
    }

    state.key = `ras-self-assessment:${state.q.modelId}:${state.q.modelVersion}:${state.asOf}`;
    state.answers = load();
    buildParts();
    el("status").textContent = "";
    el("status").hidden = true;
    el("questionnaire").hidden = false;
    el("questionnaire").addEventListener("change", onChange);
    el("questionnaire").addEventListener("input", onChange);
    el("next").addEventListener("click", () => go(state.part + 1));
    el("back").addEventListener("click", () => go(state.part - 1));
    el("print").addEventListener("click", () => window.print());
    el("edit").addEventListener("click", () => { el("summary").hidden = true; el("questionnaire").hidden = false; go(0); });
    el("restart").addEventListener("click", () => {
      sessionStorage.removeItem(state.key);
      window.location.reload();
    });
    go(0, false);
    refresh();
  }

  function empty() {
    return { clientGroup: "", attributes: {}, inputs: {}, answers: {}, anticipated: {}, within: {}, riskFactors: {}, determinations: {} };
  }

  function load() {
    try {
      return Object.assign(empty(), JSON.parse(sessionStorage.getItem(state.key)) || {});
    } catch {
      return empty();
    }
  }

  function save() {
    sessionStorage.setItem(state.key, JSON.stringify(state.answers));
  }

  function radios(name, legendText, options, chosen, hint) {
    const set = make("fieldset", {});
    set.append(make("legend", { text: legendText }));
    if (hint) set.append(make("p", { class: "hint", text: hint }));
    options.forEach((o, i) => {
      const id = `${name}--${i}`;
      const input = make("input", { type: "radio", id, name, value: o.code, checked: o.code === chosen });
      set.append(make("div", { class: "choice" }, input, make("label", { for: id, text: o.label })));
    });
    return set;
  }

  function buildParts() {
    const q = state.q;
    const a = state.answers;
    const parts = [];

    const about = [];
    if (q.clientGroups.length > 0) {
      const select = make("select", { id: "clientGroup", name: "clientGroup" }, make("option", { value: "", text: "Choose one" }));
      for (const g of q.clientGroups) select.append(make("option", { value: g, text: g.replaceAll("_", " "), selected: a.clientGroup === g }));
      about.push(make("div", { class: "fieldset-like" }, make("label", { class: "field", for: "clientGroup", text: "Which best describes the main reason you need support?" }), select));
    }
    for (const at of q.attributes) {
      about.push(radios(`attr:${at.id}`, at.label + (at.required ? "" : " (optional)"), at.values.map((v) => ({ code: v.code, label: v.label })), a.attributes[at.id]));
    }
    for (const input of q.inputs) {
      const id = `input:${input.id}`;
      about.push(make("div", {},
        make("label", { class: "field", for: id, text: `${input.label} (${input.unit})${input.required ? "" : " (optional)"}` }),
        make("input", { type: "number", id, name: id, min: input.min, max: input.max, step: "any", value: a.inputs[input.id] ?? null })));
    }
    if (q.hasEligibilityRule) {
      const yesNo = [{ code: "true", label: "Yes" }, { code: "false", label: "No" }, { code: "", label: "Not sure" }];
      about.push(radios("det:needsFromImpairment", "Do your needs come from a physical or mental health condition, an illness or a disability?", yesNo, String(a.determinations.needsFromImpairment ?? ""), "Your assessor will talk this through with you."));
      about.push(radios("det:significantImpactOnWellbeing", "Do these needs have a big effect on your wellbeing?", yesNo, String(a.determinations.significantImpactOnWellbeing ?? ""), "Your assessor will talk this through with you."));
    }
    if (about.length > 0) parts.push({ title: "About you", nodes: about });

    for (const d of q.domains) {
      const nodes = [];
      for (const question of d.questions) {
        const options = question.answers.map((x) => ({ code: x.code, label: x.text }));
        nodes.push(radios(`answer:${question.id}`, question.text, options, a.answers[question.id], question.required ? null : "You can leave this out."));
        if (q.horizonMonths) {
          const later = radios(`next:${question.id}`, `In ${q.horizonMonths} months, do you expect this to be different?`,
            [{ code: "", label: "No, about the same as now" }].concat(options), a.anticipated[question.id] ?? "");
          later.classList.add("later");
          nodes.push(later);
          if (q.weightsTiming) {
            const windows = [...new Set([3, 6, q.horizonMonths])].filter((m) => m <= q.horizonMonths);
            const when = radios(`within:${question.id}`, "If so, when do you expect the change?",
              [{ code: "", label: "Not sure" }].concat(windows.map((m) => ({ code: String(m), label: `Within ${m} months` }))), String(a.within[question.id] ?? ""));
            when.classList.add("later");
            nodes.push(when);
          }
        }
      }
      parts.push({ title: d.title, nodes });
    }

    if (q.riskFactors.length > 0) {
      parts.push({
        title: "Looking ahead",
        intro: `These questions help us understand how your needs might change over the next ${q.horizonMonths} months.`,
        nodes: q.riskFactors.map((f) => radios(`risk:${f.id}`, f.text, f.levels.map((l) => ({ code: l.code, label: l.label })), a.riskFactors[f.id])),
      });
    }

    const container = el("parts");
    parts.forEach((p, i) => {
      const section = make("section", { class: "part", id: `part-${i}`, hidden: true, "aria-labelledby": `part-${i}-title` },
        make("h2", { id: `part-${i}-title`, tabindex: "-1", text: p.title }),
        p.intro ? make("p", { class: "hint", text: p.intro }) : null);
      for (const n of p.nodes) section.append(n);
      container.append(section);
    });
    state.parts = parts;
  }

  function go(part, focus = true) {
    if (part < 0) return;
    if (part >= state.parts.length) {
      finish();
      return;
    }
    state.part = part;
    state.parts.forEach((_, i) => { el(`part-${i}`).hidden = i !== part; });
    el("progress").textContent = `Part ${part + 1} of ${state.parts.length}`;
    el("back").hidden = part === 0;
    el("next").textContent = part === state.parts.length - 1 ? "Finish and see my summary" : "Next";
    if (focus) el(`part-${part}-title`).focus();
  }

  function onChange(e) {
    const t = e.target;
    const [kind, id] = t.name.includes(":") ? t.name.split(/:(.*)/s) : [t.name, null];
    const a = state.answers;
    if (kind === "clientGroup") a.clientGroup = t.value;
    else if (kind === "attr") a.attributes[id] = t.value;
    else if (kind === "answer") a.answers[id] = t.value;
    else if (kind === "next") { if (t.value) a.anticipated[id] = t.value; else delete a.anticipated[id]; }
    else if (kind === "within") { if (t.value) a.within[id] = Number(t.value); else delete a.within[id]; }
    else if (kind === "det") { if (t.value) a.determinations[id] = t.value === "true"; else delete a.determinations[id]; }
    else if (kind === "risk") a.riskFactors[id] = t.value;
    else if (kind === "input") { if (t.value === "") delete a.inputs[id]; else a.inputs[id] = Number(t.value); }
    save();
    clearTimeout(state.timer);
    el("result-body").setAttribute("aria-busy", "true");
    state.timer = setTimeout(refresh, 150);
  }

  function missing() {
    const q = state.q;
    const a = state.answers;
    const left = [];
    for (const d of q.domains) for (const question of d.questions) if (question.required && !a.answers[question.id]) left.push(question.text);
    for (const at of q.attributes) if (at.required && !a.attributes[at.id]) left.push(at.label);
    for (const input of q.inputs) if (input.required && a.inputs[input.id] === undefined) left.push(input.label);
    return left;
  }

  function assessment() {
    const a = state.answers;
    // A time is sent only with an anticipated answer (a time alone means nothing).
    const within = Object.fromEntries(Object.entries(a.within).filter(([id]) => a.anticipated[id]));
    const body = { caseId: "self-assessment", asOf: state.asOf, answers: a.answers, anticipated: a.anticipated, anticipatedWithinMonths: within, attributes: a.attributes, riskFactors: a.riskFactors, inputs: a.inputs };
    if (Object.keys(a.determinations).length > 0) body.determinations = a.determinations;
    if (a.clientGroup) body.clientGroup = a.clientGroup;
    return body;
  }

  async function refresh() {
    clearTimeout(state.timer);
    const left = missing();
    if (left.length > 0) {
      show(null, [], `Answer ${left.length} more question${left.length === 1 ? "" : "s"} to see your indicative budget.`);
      return;
    }
    const request = ++state.request;
    let response;
    try {
      response = await fetch(`v1/allocations?model=${encodeURIComponent(state.modelId)}&explain=true`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(assessment()),
      });
    } catch (e) {
      if (request === state.request) show(null, [`The budget could not be worked out: ${e.message}`]);
      return;
    }
    if (request !== state.request) return; // a later change has been sent since
    if (response.ok) {
      show(await response.json(), []);
    } else {
      let errors = [];
      try { errors = ((await response.json()).errors || []).map((x) => x.message); } catch { errors = [response.statusText]; }
      show(null, errors.length > 0 ? errors : [response.statusText]);
    }
  }

  function money(amount) {
    return new Intl.NumberFormat("en-GB", { style: "currency", currency: state.q.currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
  }

  const eligibilityText = {
    eligible: "Your answers suggest you are eligible for care and support.",
    notEligible: "Your answers suggest you may not be eligible for care and support.",
    eligibleOnDirectionOfTravel: "Your answers suggest you are not eligible now, but your needs are likely to grow.",
  };
  const offerText = {
    personalBudget: "You would be offered a personal budget.",
    preventativeSupport: "You may be offered preventative support to help stop your needs growing.",
    none: "You may still get information and advice.",
  };

  function show(result, errors, waiting) {
    el("result-body").setAttribute("aria-busy", "false");
    state.result = result;
    el("result-waiting").hidden = !waiting;
    if (waiting) el("result-waiting").textContent = waiting;
    const list = el("result-errors");
    list.replaceChildren(...errors.map((m) => make("li", { text: m })));
    list.hidden = errors.length === 0;
    el("result-figures").hidden = !result;
    el("explanation-box").hidden = !result;
    if (!result) return;
    el("eligibility").textContent = [eligibilityText[result.eligibility] || result.eligibility, result.offer ? offerText[result.offer] || result.offer : ""].join(" ").trim();
    for (const k of ["lower", "indicative", "upper"]) {
      el(`range-${k}`).textContent = money(result.annual[k]);
      el(`weekly-${k}`).textContent = money(result.weekly[k]);
    }
    el("band").textContent = result.band ? `${result.band.id} (${result.band.label})` : "none";
    el("explanation").replaceChildren(...(result.explanation || []).map((s) =>
      make("li", { "data-code": s.code },
        make("span", { class: "step-title", text: `${s.title}: ${s.value}` }),
        make("span", { class: "step-detail", text: s.detail }))));
  }

  function finish() {
    const left = missing();
    if (left.length > 0) {
      const status = el("status");
      status.hidden = false;
      status.className = "errors";
      status.replaceChildren(make("span", { text: "Please answer these questions first:" }), make("ul", {}, ...left.map((t) => make("li", { text: t }))));
      status.setAttribute("tabindex", "-1");
      status.focus();
      return;
    }
    el("status").hidden = true;
    refresh();
    const q = state.q;
    const a = state.answers;
    const rows = [];
    for (const d of q.domains) {
      for (const question of d.questions) {
        if (!question.required && !a.answers[question.id]) continue; // optional and left out: nothing to take along
        const text = (code) => question.answers.find((x) => x.code === code)?.text ?? "Not answered";
        const later = a.anticipated[question.id];
        const when = later && a.within[question.id] ? `within ${a.within[question.id]} months` : `in ${q.horizonMonths} months`;
        rows.push([question.text, text(a.answers[question.id]) + (later ? ` (${when}: ${text(later)})` : "")]);
      }
    }
    for (const f of q.riskFactors) if (a.riskFactors[f.id]) rows.push([f.text, f.levels.find((l) => l.code === a.riskFactors[f.id]).label]);
    const table = make("table", { class: "answers" },
      make("thead", {}, make("tr", {}, make("th", { scope: "col", text: "Question" }), make("th", { scope: "col", text: "Your answer" }))),
      make("tbody", {}, ...rows.map(([k, v]) => make("tr", {}, make("th", { scope: "row", text: k }), make("td", { text: v })))));
    el("summary-answers").replaceChildren(table);
    el("summary-model").textContent = `Worked out on ${state.asOf} with ${q.title} (version ${q.modelVersion}).${q.isIllustrative ? " This model is illustrative." : ""}`;
    el("questionnaire").hidden = true;
    el("summary").hidden = false;
    // Finished: the answers leave this browser's storage (the summary stays on screen to print).
    sessionStorage.removeItem(state.key);
    el("summary-title").focus();
  }

  start();
})();
