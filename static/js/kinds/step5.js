// Step 5, when the minority will not go along (the argument). Opened from a decision recorded
// "not carried: step 5" (the button is in parts/decision.js); the facilitator moves it phase
// by phase: the heat -> insights -> what was heard -> the decision put again -> its result.
// The heat is off the record: statements arrive in shuffled batches (heat:released), live in
// the server's memory only, and this phone keeps what it said in memory only, never in
// localStorage. A phone's side comes from its own vote, remembered in localStorage when it
// voted; the server learns the side of a statement, never of a phone.
import { el, fill, newId, newReceipt, phoneStore } from "/static/js/live.js";
import { actor, answeredLine, bars, button, phoneStage, resultLine, textForm } from "/static/js/parts/decision.js";

const PHASES = ["heat", "insights", "heard", "vote", "decided"];
const SIDES = ["majority", "minority"];

function nameOf(round, t) {
  const labels = round.step5.labels || {};
  return (option) => labels[option] || t[option] || option;
}

// The first vote, as the shared decision parts draw it.
function firstRun(round, t) {
  const s = round.step5;
  return { step: "decided", options: s.source.options, name: nameOf(round, t), counts: s.source.counts,
    result: s.source.result, k: s.k };
}

// The decision put again.
function again(round, ctx) {
  const { t } = ctx;
  const s = round.step5;
  return {
    step: s.phase === "decided" ? "decided" : "vote", options: s.again.options, name: nameOf(round, t),
    counts: s.again.counts, result: s.again.result, k: s.k, answered: s.answered, joined: s.joined,
    dots: s.again.mode === "dots" ? s.again.dots : 0, votePrompt: t.step5_vote_prompt,
    store: phoneStore(`dd:${ctx.code}:${round.id}:step5`, () => ({})), ballotKey: "again", runKey: "again",
  };
}

function sideName(round, t, side) {
  const options = (round.step5.sides[side] || []).map(nameOf(round, t));
  const word = side === "majority" ? t.step5_majority : t.step5_minority;
  return options.length ? `${word} (${options.join(" / ")})` : word;
}

// Where the phases are, for every screen: the current one marked.
function phaseList(round, t) {
  const at = PHASES.indexOf(round.step5.phase);
  return el("ol", { class: "step5-phases", "aria-label": t.step5_phases },
    ...PHASES.map((phase, i) => el("li", {
      class: i === at ? "current" : i < at ? "done" : "", ...(i === at ? { "aria-current": "step" } : {}),
      text: t[`step5_phase_${phase}`] })));
}

// The heat as two sides, each statement a card; in the shuffled order of its batches.
function heatWall(round, t, { big = false } = {}) {
  const heat = round.step5.heat || [];
  if (!heat.length) return el("p", { class: "muted heat-empty", text: t.step5_heat_none });
  return el("div", { class: `heat-wall${big ? " big" : ""}`, id: "heat" },
    ...SIDES.map((side) => el("section", { class: `heat-side heat-${side}`, "aria-label": sideName(round, t, side) },
      el("h3", { class: "heat-side-name", text: sideName(round, t, side) }),
      el("ul", { class: "heat-list" }, ...heat.filter((s) => s.side === side)
        .map((s) => el("li", { class: "heat-statement", text: s.text }))))));
}

function insightList(round, t) {
  const insights = round.step5.insights || [];
  if (!insights.length) return el("p", { class: "muted", text: t.step5_no_insights });
  return el("ul", { class: "wall insights", id: "insights" },
    ...insights.map((i) => el("li", { class: "contribution card-ish", text: i.text })));
}

// After a server restart the heat kept in memory is gone; every screen says so.
function gone(round, t) {
  return round.step5.heat_gone ? el("p", { class: "heat-gone", role: "status", id: "heat-gone", text: t.step5_heat_gone }) : null;
}

function offRecord(t) {
  return el("p", { class: "off-record", id: "off-record", role: "note" }, el("strong", { text: t.step5_off_record }));
}

function answeredHere(round, t) {
  const s = round.step5;
  return answeredLine({ answered: s.answered, joined: s.joined }, t);
}

// A batch of the heat: added to what the screen shows, each statement once.
export function merge(round, name, payload) {
  if (name !== "heat:released" || !round.step5 || round.step5.phase !== "heat") return round;
  const heat = round.step5.heat || [];
  const known = new Set(heat.map((s) => s.id));
  const added = payload.statements.filter((s) => !known.has(s.id));
  return { ...round, step5: { ...round.step5, heat: [...heat, ...added] } };
}

// --- console ---------------------------------------------------------------------------------

function stage(round, ctx, audience) {
  const { t } = ctx;
  const s = round.step5;
  if (s.phase === "heat") {
    return [el("p", { class: "big-ask", text: t.step5_heat_ask }), offRecord(t), gone(round, t),
      heatWall(round, t, { big: audience === "projector" })].filter(Boolean);
  }
  if (s.phase === "insights") return [el("p", { class: "big-ask", text: t.step5_insight_prompt }), answeredHere(round, t), el("p", { class: "hint", text: t.step5_insights_later })];
  if (s.phase === "heard") return [el("h3", { text: t.step5_phase_heard }), insightList(round, t)];
  const d = again(round, ctx);
  if (s.phase === "vote") return [el("p", { class: "big-label", text: t.step5_vote_prompt }), answeredHere(round, t), bars(d, t)];
  return [el("h3", { text: t.step5_result }), bars(d, t), resultLine(d, t), el("h3", { text: t.step5_phase_heard }), insightList(round, t)].filter(Boolean);
}

function firstVote(round, t, open = false) {
  const d = firstRun(round, t);
  const note = round.step5.source.note;
  return el("details", { class: "step5-first", ...(open ? { open: "" } : {}) }, el("summary", { text: t.step5_first_vote }),
    bars(d, t), resultLine(d, t) || "", note ? el("p", { class: "note", text: note }) : "");
}

export function consoleView(node, round, ctx) {
  const { t } = ctx;
  const s = round.step5;
  const act = actor(ctx, round);
  const next = PHASES[PHASES.indexOf(s.phase) + 1];
  const tools = next ? [el("div", { class: "tool-row" },
    button(t[`step5_next_${next}`], "step5-next", () => act("step5:phase", { to: next }), "primary"))] : [];
  node.replaceChildren(el("p", { class: "eyebrow", text: t.step5 }),
    el("h3", { class: "round-title step5-proposal", text: round.prompt }), phaseList(round, t),
    ...stage(round, ctx, "console"), ...tools, firstVote(round, t));
}
export { consoleView as console };

// --- projector ------------------------------------------------------------------------------

export function projector(node, round, ctx) {
  const { t } = ctx;
  node.replaceChildren(el("div", { class: `step5-projector phase-${round.step5.phase}` },
    el("p", { class: "eyebrow", text: t.step5 }),
    el("h2", { class: "round-prompt step5-proposal", text: round.prompt }), phaseList(round, t),
    ...stage(round, ctx, "projector")));
}

// --- phone ----------------------------------------------------------------------------------

// What this phone said in the heat, and its draft: memory only, gone with the page.
const said = new Map();
const drafts = new Map();
const chosenSide = new Map();

// The side this phone's own vote puts it on, from what it remembered when it voted.
export function ownSide(round, code) {
  const s = round.step5;
  const source = s.source;
  const key = source.kind === "poll" ? `dd:${code}:${source.round}:poll` : `dd:${code}:${source.round}:agenda`;
  const ballotKey = source.kind === "poll" ? `${source.run}.${source.attempt}` : `vote:${source.options.join(",")}`;
  const ballot = (phoneStore(key, () => ({})).load().ballots || {})[ballotKey];
  const choices = (ballot && ballot.choices) || [];
  if (!choices.length) return null;
  return choices.some((c) => (s.sides.minority || []).includes(c)) ? "minority" : "majority";
}

export function answeredNow(round) {
  const s = round.step5;
  return s.phase === "heat" ? null : { answered: s.answered, joined: s.joined };
}
export { answeredNow as answered };

function phoneHeat(node, round, ctx) {
  const { t } = ctx;
  const rerender = () => phone(node, round, ctx);
  const own = ownSide(round, ctx.code);
  const side = own || chosenSide.get(round.id) || null;
  node.append(el("p", { class: "big-label", text: t.step5_heat_ask }), offRecord(t));
  if (round.step5.heat_gone) { node.append(gone(round, t), heatWall(round, t)); return; }
  if (own) {
    node.append(el("p", { class: "your-side", id: "your-side", text: fill(t.step5_you_speak_for, { side: sideName(round, t, own) }) }));
  } else {
    const group = el("div", { class: "answers side-choice", role: "group", "aria-labelledby": "side-question" });
    for (const option of SIDES) {
      const b = el("button", { type: "button", class: `answer big${side === option ? " chosen" : ""}`, id: `side-${option}`,
        "aria-pressed": side === option ? "true" : "false", text: sideName(round, t, option) });
      b.addEventListener("click", () => { chosenSide.set(round.id, option); rerender(); });
      group.append(b);
    }
    node.append(el("p", { class: "hint", id: "side-question", text: t.step5_choose_side }), group);
  }
  const field = el("textarea", { id: "heat-text", rows: "4", maxlength: "280", "aria-describedby": "heat-hint" });
  field.value = drafts.get(round.id) || "";
  field.addEventListener("input", () => drafts.set(round.id, field.value));
  const submit = el("button", { type: "submit", class: "primary big", id: "heat-send", text: t.send });
  submit.disabled = !side;
  const feedback = el("p", { class: "feedback", role: "status", id: "feedback" });
  const form = el("form", { class: "stack", id: "heat-form" }, el("label", { for: "heat-text", text: t.step5_heat_label }),
    el("p", { class: "hint", id: "heat-hint", text: t.step5_heat_hint }), field, submit, feedback);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = field.value.trim();
    if (!text) { feedback.textContent = t.empty_text; field.focus(); return; }
    submit.disabled = true;
    const ack = await ctx.send("heat:say", { round: round.id, side, text, id: newId() });
    submit.disabled = false;
    if (ack.ok) {
      drafts.delete(round.id);
      said.set(round.id, [...(said.get(round.id) || []), text]);
      rerender();
      document.getElementById("feedback").textContent = t.step5_heat_sent;
    } else {
      feedback.textContent = ack.error === "timeout" ? t.send_failed : ack.message;
    }
  });
  node.append(form);
  const mine = said.get(round.id) || [];
  if (mine.length) {
    node.append(el("h3", { class: "small-heading", text: t.step5_heat_mine }),
      el("ul", { class: "mine", id: "mine-heat" }, ...mine.map((text) => el("li", {}, el("p", { class: "mine-text", text })))));
  }
  node.append(heatWall(round, t));
}

export function phone(node, round, ctx) {
  const { t } = ctx;
  const s = round.step5;
  const rerender = () => phone(node, round, ctx);
  node.replaceChildren(el("p", { class: "eyebrow", text: t.step5 }),
    el("h2", { class: "round-prompt step5-proposal", text: round.prompt }));
  if (s.phase !== "heat") said.delete(round.id); // the heat is over: nothing of it stays here
  if (s.phase === "heat") phoneHeat(node, round, ctx);
  else if (s.phase === "insights") {
    const store = phoneStore(`dd:${ctx.code}:${round.id}:step5`, () => ({}));
    const mine = store.load().insights || [];
    node.append(el("p", { class: "hint", text: t.step5_heat_over }));
    textForm(node, ctx, { id: "insight", label: t.step5_insight_prompt, hint: t.step5_insight_hint, sentText: t.step5_insight_sent,
      mine, mineHeading: t.your_nos,
      send: (text) => ctx.send("step5:insight", { round: round.id, receipt: newReceipt(), text }),
      keep: (text) => { const now = store.load(); now.insights = [...(now.insights || []), text]; store.save(now); rerender(); } });
    node.append(answeredHere(round, t));
  } else if (s.phase === "heard") {
    node.append(el("h3", { text: t.step5_phase_heard }), insightList(round, t), el("p", { class: "waiting-text", text: t.waiting_next }));
  } else if (s.phase === "vote") {
    phoneStage(node, again(round, ctx), round, ctx, rerender);
  } else {
    const d = again(round, ctx);
    node.append(el("h3", { text: t.step5_result }), bars(d, t), resultLine(d, t) || "");
  }
}
