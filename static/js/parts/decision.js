// The step machine a poll and the agenda share, on every screen: vote, seek the no, spread it
// ("I share a bit of this"), ask the minority what it needs, the outcome. A kind describes its
// round as a `decision` (see `decision()` in kinds/poll.js and kinds/topics.js):
//   step, options, name(option), counts, result, answered (this stage), joined, k,
//   nos, noCount, nothingCount, conditions (texts), conditionCount, conditionsOpen, outcome,
//   note, and what differs: events, the phone's store and ballot key, who is asked for the no.
// While a stage is open every screen shows only "n of m have answered"; the counts per option
// and per no arrive when the facilitator closes the stage (null until then).
import { countWords, draftKey, el, fill, keepDraft, newReceipt, plural } from "/static/js/live.js";

const YES_NO = ["yes", "yes_bit_of_no", "no"];

const known = (value) => value !== null && value !== undefined;

export function button(label, id, onClick, cls = "") {
  const node = el("button", { type: "button", id, class: cls, text: label });
  node.addEventListener("click", onClick);
  return node;
}

function row(...children) {
  return el("div", { class: "tool-row" }, ...children);
}

// --- what every screen may see ---------------------------------------------------------------

// How many have answered this stage, for a phone to update its line in place.
export function answeredCount(d) {
  return known(d.answered) ? { answered: d.answered, joined: d.joined } : null;
}

// "3 of 7 have answered": the only number that moves while a stage is open.
export function answeredLine(d, t) {
  if (!known(d.answered)) return null;
  return el("p", { class: "count-line", "data-testid": "answered" },
    el("strong", { class: "answered", text: String(d.answered) }),
    ` ${t.of} `, el("span", { class: "joined", text: String(d.joined ?? "") }), ` ${t.have_answered}`);
}

// Horizontal bars; widths are set through the CSSOM (the CSP forbids inline style attributes).
export function bars(d, t) {
  if (!d.counts) {
    const why = d.step === "vote" ? t.counts_after_close : fill(t.counts_after_k, { k: d.k });
    return el("p", { class: "hint counts-hidden", text: why });
  }
  const total = Math.max(1, Object.values(d.counts).reduce((a, b) => a + b, 0));
  const winners = new Set(d.result ? d.result.winners : []);
  const list = el("ul", { class: "bars", "data-testid": "bars" });
  for (const option of d.options) {
    const count = d.counts[option] || 0;
    const fillBar = el("span", { class: `bar-fill bar-${YES_NO.includes(option) ? option : "option"}` });
    fillBar.style.width = `${Math.round((100 * count) / total)}%`;
    list.append(el("li", { class: winners.has(option) && !d.result.tie ? "winner" : "" },
      el("span", { class: "bar-label", text: d.name(option) }),
      el("span", { class: "bar-track", "aria-hidden": "true" }, fillBar),
      el("span", { class: "bar-count", text: String(count) })));
  }
  return list;
}

export function resultLine(d, t) {
  if (!d.result || d.result.tie) return null;
  const parts = [el("p", { class: "majority", text: fill(t.majority, { option: d.result.winners.map(d.name).join(" / ") }) })];
  if (d.result.minority.length) {
    parts.push(el("p", { class: "minority-line", text: fill(t.minority, { options: d.result.minority.map(d.name).join(" / ") }) }));
  }
  return el("div", { class: "result" }, ...parts);
}

// The no's once spread; how many share a bit of each only once the spread is closed.
export function noList(d, t, { tool } = {}) {
  if (!d.nos) return null;
  if (!d.nos.length) return el("p", { class: "muted", text: t.no_nos });
  return el("ul", { class: "nos", id: "nos" }, ...d.nos.map((no, index) => el("li", { class: "no-card" },
    el("p", { class: "no-text", text: no.text }),
    // Nobody (yet) is not a number to put on the beamer: a no nobody shares shows no count.
    known(no.shared) && no.shared > 0 ? el("p", { class: "shared-count" }, ...countWords(t.share_count, no.shared, "")) : null,
    tool ? tool(no, index) : null)));
}

function sharedHint(d, t) {
  if (!d.nos || !d.nos.length || d.nos.some((no) => known(no.shared))) return null;
  const text = d.step === "spread" ? t.shared_after_close : fill(t.shared_after_k, { k: d.k });
  return el("p", { class: "hint shared-hidden", text });
}

export function conditionList(d, t) {
  if (!d.conditions) return null;
  if (!d.conditions.length) return el("p", { class: "muted", text: t.no_conditions });
  return el("div", {}, el("h4", { text: t.conditions }),
    el("ul", { class: "conditions", id: "conditions" }, ...d.conditions.map((text) => el("li", { text }))));
}

export function outcomeBlock(d, t) {
  if (!d.outcome) return null;
  const carried = d.outcome === "carried";
  return el("div", { class: `outcome ${carried ? "carried" : "step5"}`, id: "outcome" },
    el("p", { class: "outcome-title", text: carried ? t.outcome_carried : t.outcome_step5 }),
    resultLine(d, t), d.decided || null, conditionList(d, t),
    d.note ? el("p", { class: "note", text: d.note }) : null);
}

function conditionCount(d, t) {
  if (!known(d.conditionCount)) return null;
  return el("p", { class: "count-line" }, ...countWords(t.conditions_received, d.conditionCount, "condition-count"));
}

// Step 2 as console and projector see it: how many answered; the counts once the stage closed.
function seekNoCounts(d, t) {
  const parts = [answeredLine(d, t)];
  if (known(d.noCount)) {
    const line = el("p", { class: "count-line" }, ...countWords(t.nos_received, d.noCount, "no-count"));
    if (known(d.nothingCount)) line.append(` · ${plural(t.nothing_count, d.nothingCount)}`);
    parts.push(line);
  }
  return parts;
}

// The stage as the projector shows it, and the console above its buttons.
export function publicStage(d, t, audience) {
  const parts = [];
  if (d.step === "vote") {
    parts.push(d.votePrompt ? el("p", { class: "big-label", text: d.votePrompt }) : null,
      el("div", { class: "projector-counts" }, answeredLine(d, t)), bars(d, t));
  } else if (d.step === "tie") {
    parts.push(el("p", { class: "tie big-text", text: t.tie }), bars(d, t));
  } else if (d.step === "seek_no") {
    if (d.result) parts.push(bars(d, t), resultLine(d, t));
    parts.push(el("p", { class: "big-ask", text: d.seekPrompt }));
    if (audience === "console" || d.everyoneAsked) parts.push(...seekNoCounts(d, t));
  } else if (d.step === "spread") {
    parts.push(el("p", { class: "big-ask", text: t.spread_prompt }), answeredLine(d, t),
      noList(d, t, { tool: audience === "console" ? d.noTool : null }), sharedHint(d, t));
  } else if (d.step === "minority") {
    parts.push(d.result ? bars(d, t) : null, resultLine(d, t), d.decided || null);
    if (d.nos) parts.push(el("h4", { text: t.nos_heading }), noList(d, t), sharedHint(d, t));
    // On the console the count of conditions stands beside "Show the conditions" (consoleTools).
    if (d.conditionsOpen) parts.push(el("p", { class: "big-ask", text: t.ask_condition }));
    else parts.push(conditionList(d, t));
  } else if (d.step === "decided") {
    parts.push(bars(d, t));
    if (audience === "console" && d.nos) parts.push(noList(d, t));
    parts.push(outcomeBlock(d, t));
  }
  return parts.filter(Boolean);
}

// --- the console ---------------------------------------------------------------------------

// Sends a facilitator's event; below k the server asks, and the facilitator confirms.
export function actor(ctx, round) {
  return async (event, payload = {}) => {
    let ack = await ctx.send(event, { round: round.id, ...payload });
    if (!ack.ok && ack.error === "below_threshold" && window.confirm(ack.message)) {
      ack = await ctx.send(event, { round: round.id, ...payload, confirm: true });
    }
    if (!ack.ok && ack.error !== "below_threshold") ctx.notify(ack.message);
    return ack;
  };
}

// The buttons of each stage. `d.events` names the kind's events: prefix (poll, agenda) and
// how a step and a tie's decision are sent.
export function consoleTools(d, round, ctx) {
  const { t } = ctx;
  const act = actor(ctx, round);
  const ev = d.events;
  if (d.step === "vote") return [row(button(t.close_vote, "close-vote", () => act(`${ev.prefix}:close_vote`), "primary"))];
  if (d.step === "tie") {
    const tied = d.result ? d.result.winners : [];
    return [row(button(t.revote, "revote", () => act(`${ev.prefix}:revote`), "primary"),
      ...tied.map((option, i) => button(fill(t.decide_for, { option: d.name(option) }), `decide-${i}`,
        () => act(`${ev.prefix}:decide_tie`, ev.decideTie(option)))))];
  }
  if (d.step === "seek_no") {
    return [row(...(d.nudge ? [button(t.nudge_btn, "nudge", () => act(`${ev.prefix}:nudge`))] : []),
      button(t.spread_btn, "spread", () => act(...ev.step("spread")), "primary"))];
  }
  if (d.step === "spread") return d.spreadTools(act);
  if (d.step === "minority") {
    if (d.conditionsOpen) {
      return [row(button(t.close_conditions, "close-conditions", () => act(`${ev.prefix}:close_conditions`), "primary"), conditionCount(d, t))];
    }
    // The note survives every redraw (a condition coming in, a reload) until it is recorded.
    const note = el("textarea", { id: "outcome-note", rows: "2", maxlength: "500" });
    const clearNote = keepDraft(note, draftKey(ctx, round.id, `outcome-note:${d.runKey}`));
    const outcome = (value, text) => async () => {
      const ack = await act(`${ev.prefix}:outcome`, { outcome: value, note: text() });
      if (ack.ok) clearNote();
    };
    return [row(button(t.carry, "carried", outcome("carried", () => ""), "primary")),
      el("div", { class: "step5" }, el("label", { for: "outcome-note", text: t.step5_note }), note,
        row(button(t.not_carried, "step5", outcome("step5", () => note.value), "danger")))];
  }
  if (d.step === "decided" && d.outcome === "step5") {
    // Step 5 goes into it: its own round, from this decision (kinds/step5.js).
    const open = button(t.step5_open, "open-step5", async () => {
      const ack = await ctx.send("step5:open", { decision: round.id });
      if (!ack.ok) ctx.notify(ack.message);
    }, "primary");
    return [row(open, ...(ev.rerun ? [button(t.rerun, "rerun", () => act(ev.rerun))] : [])),
      el("p", { class: "hint", id: "step5-hint", text: t.step5_open_hint })];
  }
  return [];
}

// --- the phone -----------------------------------------------------------------------------

function ballotOf(d, mine) {
  const ballot = (mine.ballots || {})[d.ballotKey];
  return ballot ? { ...ballot, choices: ballot.choices || [] } : null;
}

// One tap per option, or dots spread over the options; the same receipt changes the ballot.
function phoneVote(node, d, round, ctx, rerender) {
  const { t } = ctx;
  const ballot = ballotOf(d, d.store.load());
  const picked = ballot ? [...ballot.choices] : [];
  const feedback = el("p", { class: "feedback", role: "status", id: "feedback" });
  const cast = async (choices, controls) => {
    const now = d.store.load();
    now.ballots = now.ballots || {};
    const entry = now.ballots[d.ballotKey] || { receipt: newReceipt(), choices: [] };
    now.ballots[d.ballotKey] = entry;
    d.store.save(now); // the receipt is kept before it is sent, so a retry reuses it
    controls.forEach((b) => { b.disabled = true; });
    const ack = await ctx.send("ballot:cast", { round: round.id, receipt: entry.receipt, choices });
    const after = d.store.load();
    if (ack.ok) after.ballots[d.ballotKey] = { receipt: entry.receipt, choices };
    else if (!entry.choices.length) delete after.ballots[d.ballotKey];
    d.store.save(after);
    rerender();
    if (!ack.ok) document.getElementById("feedback").textContent = ack.error === "timeout" ? t.send_failed : ack.message;
  };
  if (d.votePrompt) node.append(el("p", { class: "big-label", text: d.votePrompt }));
  if (d.dots) {
    const dots = picked;
    const left = el("p", { class: "dots-left", role: "status", text: plural(t.dots_left, d.dots - dots.length) });
    const rows = d.options.map((option, index) => {
      const count = el("span", { class: "dot-count", text: String(dots.filter((c) => c === option).length) });
      const minus = el("button", { type: "button", class: "dot-button", "aria-label": `${t.dot_remove}: ${d.name(option)}`, text: "−" });
      const plus = el("button", { type: "button", class: "dot-button", "aria-label": `${t.dot_add}: ${d.name(option)}`, text: "+" });
      const redraw = () => {
        count.textContent = String(dots.filter((c) => c === option).length);
        left.textContent = plural(t.dots_left, d.dots - dots.length);
      };
      plus.addEventListener("click", () => { if (dots.length < d.dots) { dots.push(option); redraw(); } });
      minus.addEventListener("click", () => { const i = dots.indexOf(option); if (i >= 0) { dots.splice(i, 1); redraw(); } });
      return el("li", { class: "dot-row", id: `dots-${index}` }, el("span", { class: "dot-topic", text: d.name(option) }), minus, count, plus);
    });
    const send = button(t.vote_btn, "send-dots", () => cast([...dots], [send]), "primary big");
    node.append(el("ul", { class: "dot-list" }, ...rows), left, send);
    if (ballot) node.append(el("p", { class: "your-answer", text: t.your_vote }));
  } else {
    const list = el("div", { class: "answers", role: "group", "aria-label": d.votePrompt || round.prompt });
    for (const option of d.options) {
      const chosen = picked[0] === option;
      const b = el("button", { type: "button", class: `answer big answer-${YES_NO.includes(option) ? option : "option"}${chosen ? " chosen" : ""}`,
        "aria-pressed": chosen ? "true" : "false", "data-choice": option, text: d.name(option) });
      b.addEventListener("click", () => cast([option], [...list.querySelectorAll("button")]));
      list.append(b);
    }
    node.append(list);
    if (ballot) node.append(el("p", { class: "your-answer", text: fill(t.your_answer, { answer: ballot.choices.map(d.name).join(" · ") }) }));
    node.append(el("p", { class: "hint", text: t.change_hint }));
  }
  node.append(feedback, answeredLine(d, t) || "");
}

// A no or a condition: free text, with a new receipt; what this phone sent is listed below.
export function textForm(node, ctx, { id, label, hint, sentText, send, mine, keep, draft, mineHeading }) {
  const { t } = ctx;
  const textarea = el("textarea", { id, rows: "4", maxlength: "500", "aria-describedby": `${id}-hint` });
  // Half-typed text stays on this phone (a nudge, a redraw, a reconnect, a reload) until sent.
  const clearDraft = draft ? keepDraft(textarea, draft) : () => {};
  const submit = el("button", { type: "submit", class: "primary big", id: `${id}-send`, text: t.send });
  const feedback = el("p", { class: "feedback", role: "status", id: "feedback" });
  const form = el("form", { class: "stack", id: `${id}-form` }, el("label", { for: id, class: "big-label", text: label }),
    el("p", { class: "hint", id: `${id}-hint`, text: hint }), textarea, submit, feedback);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = textarea.value.trim();
    if (!text) { feedback.textContent = t.empty_text; textarea.focus(); return; }
    submit.disabled = true;
    const ack = await send(text);
    submit.disabled = false;
    if (ack.ok) {
      clearDraft();
      keep(ack.text || text);
      document.getElementById("feedback").textContent = sentText;
    } else {
      feedback.textContent = ack.error === "timeout" ? t.send_failed : ack.message;
    }
  });
  node.append(form);
  if (mine.length) {
    node.append(el("h3", { class: "small-heading", text: mineHeading || t.your_nos }),
      el("ul", { class: "mine", id: `mine-${id}` }, ...mine.map((text) => el("li", {}, el("p", { class: "mine-text", text })))));
  }
}

// Texts this phone sent (a no, a condition), kept locally under `key` and shown again.
function sentTexts(d, key) {
  const mine = d.store.load();
  return {
    list: mine[key] || [],
    keep: (text) => { const now = d.store.load(); now[key] = [...(now[key] || []), text]; d.store.save(now); },
  };
}

function phoneSeekNo(node, d, round, ctx, rerender) {
  const { t } = ctx;
  const mine = d.store.load();
  const ballot = ballotOf(d, mine);
  if (d.result) node.append(resultLine(d, t));
  if (!d.asksForTheNo(ballot)) {
    node.append(el("p", { class: "waiting-text", text: t.others_seek_no }));
    return;
  }
  const nos = sentTexts(d, `no:${d.runKey}`);
  const answered = nos.list.length > 0 || mine.nothing;
  if (ctx.nudged && ctx.nudged[round.id] && !answered) {
    node.append(el("p", { class: "nudge", role: "status", text: t.nudge_text }));
  }
  textForm(node, ctx, { id: "no", label: d.askNo, hint: d.seekHint, sentText: t.no_sent, mine: nos.list,
    draft: draftKey(ctx, round.id, `no:${d.runKey}`),
    send: (text) => ctx.send("no:add", { round: round.id, receipt: newReceipt(), text, ...(ballot && !d.everyoneAsked ? { ballot: ballot.receipt } : {}) }),
    keep: (text) => { nos.keep(text); rerender(); } });
  if (!d.everyoneAsked) return;
  if (!answered) {
    node.append(button(t.nothing_to_add, "nothing", async () => {
      const now = d.store.load();
      now.nothingReceipt = now.nothingReceipt || newReceipt();
      d.store.save(now);
      const ack = await ctx.send("no:nothing", { round: round.id, receipt: now.nothingReceipt });
      if (ack.ok) { const after = d.store.load(); after.nothing = true; d.store.save(after); rerender(); }
      else ctx.notify(ack.message);
    }, "big secondary"));
  } else if (mine.nothing) {
    node.append(el("p", { class: "feedback", id: "nothing-sent", text: t.nothing_sent }));
  }
  node.append(answeredLine(d, t) || "");
}

// "I share a bit of this": one receipt per no, kept before sending, so a retry is the same tap.
function shareButton(no, d, round, ctx, rerender) {
  const { t } = ctx;
  const shares = d.store.load().shares || {};
  const done = Boolean(shares[no.id] && shares[no.id].done);
  const b = el("button", { type: "button", class: `share big${done ? " chosen" : ""}`, "aria-pressed": done ? "true" : "false",
    text: done ? `✓ ${t.shared}` : t.share });
  b.disabled = done;
  b.addEventListener("click", async () => {
    const now = d.store.load();
    now.shares = now.shares || {};
    const entry = now.shares[no.id] || { receipt: newReceipt() };
    now.shares[no.id] = entry;
    d.store.save(now);
    b.disabled = true;
    const ack = await ctx.send("resonance:add", { round: round.id, no: no.id, receipt: entry.receipt });
    if (ack.ok) {
      const after = d.store.load();
      after.shares[no.id] = { ...entry, done: true };
      d.store.save(after);
      rerender();
    } else {
      b.disabled = false;
      ctx.notify(ack.error === "timeout" ? t.send_failed : ack.message);
    }
  });
  return b;
}

// What was decided comes first, then the minority's question (what it sent below it), and
// only then the agenda as the vote ordered it: a long list must not push the question away.
function phoneMinority(node, d, round, ctx, rerender) {
  const { t } = ctx;
  const ballot = ballotOf(d, d.store.load());
  const result = resultLine(d, t);
  if (result) result.id = "decided-line";
  node.append(...[result].filter(Boolean));
  if (d.conditionsOpen && ballot && d.inMinority(ballot.choices)) {
    const conditions = sentTexts(d, `condition:${d.runKey}`);
    textForm(node, ctx, { id: "condition", label: t.ask_condition, hint: t.condition_hint, sentText: t.condition_sent,
      mine: conditions.list, mineHeading: t.your_conditions,
      draft: draftKey(ctx, round.id, `condition:${d.runKey}`),
      send: (text) => ctx.send("condition:add", { round: round.id, ballot: ballot.receipt, receipt: newReceipt(), text }),
      keep: (text) => { conditions.keep(text); rerender(); } });
  } else if (d.conditionsOpen) {
    node.append(el("p", { class: "waiting-text", text: ballot ? t.in_majority : t.minority_asked }));
  } else {
    node.append(...[conditionList(d, t), el("p", { class: "waiting-text", text: t.waiting_next })].filter(Boolean));
  }
  if (d.decided) node.append(d.decided);
}

// The phone's screen for the current stage.
export function phoneStage(node, d, round, ctx, rerender) {
  const { t } = ctx;
  if (d.step === "vote") phoneVote(node, d, round, ctx, rerender);
  else if (d.step === "tie") node.append(el("p", { class: "big-text", text: t.tie_phone }));
  else if (d.step === "seek_no") phoneSeekNo(node, d, round, ctx, rerender);
  else if (d.step === "spread") {
    node.append(el("p", { class: "big-label", text: t.spread_prompt }),
      noList(d, t, { tool: (no) => shareButton(no, d, round, ctx, rerender) }) || "",
      answeredLine(d, t) || "");
  } else if (d.step === "minority") phoneMinority(node, d, round, ctx, rerender);
  else node.append(outcomeBlock(d, t) || "");
}
