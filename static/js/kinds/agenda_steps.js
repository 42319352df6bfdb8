// Agenda steps 2-4 on every screen: seek the no, spread it ("I share a bit of this"), vote
// (which topic first, or dots that order the whole agenda), the minority's conditions and the
// outcome. The phone keeps its own receipts and vote in localStorage; the server never learns
// who chose what.
import { el, fill, newReceipt, phoneStore } from "/static/js/live.js";

function titles(round) {
  return Object.fromEntries((round.topics || []).map((topic) => [topic.id, topic.title]));
}

const store = (ctx, round) => phoneStore(`dd:${ctx.code}:${round.id}:agenda`, () => ({}));

function load(ctx, round) {
  return store(ctx, round).load();
}

function save(ctx, round, mine) {
  store(ctx, round).save(mine);
}

// What everyone may see -------------------------------------------------------------------

function alternativesList(s, t, button) {
  if (!s.alternatives || !s.alternatives.length) return el("p", { class: "muted", text: t.no_nos });
  return el("ul", { class: "nos", id: "alternatives" }, ...s.alternatives.map((a) => el("li", { class: "no-card" },
    el("p", { class: "no-text", text: a.text }),
    a.shared === null ? null : el("p", { class: "shared-count" }, el("strong", { text: String(a.shared) }), ` ${t.share_count}`),
    button ? button(a) : null)));
}

function decidedAgenda(s, t) {
  if (!s.agenda || !s.agenda.length) return null;
  return el("div", { class: "decided" }, el("h3", { text: t.decided_agenda }),
    el("ol", { class: "agenda", id: "decided-agenda" }, ...s.agenda.map((a) => el("li", {}, el("span", { class: "topic-title", text: a.title })))));
}

function voteCounts(s, round, t) {
  if (!s.counts) return null;
  const name = titles(round);
  const total = Math.max(1, ...Object.values(s.counts));
  const winners = new Set(s.result ? s.result.winners : []);
  return el("ul", { class: "bars" }, ...s.options.map((option) => {
    const fillBar = el("span", { class: "bar-fill bar-option" });
    fillBar.style.width = `${Math.round((100 * (s.counts[option] || 0)) / total)}%`;
    return el("li", { class: winners.has(option) && !s.result.tie ? "winner" : "" },
      el("span", { class: "bar-label", text: name[option] || option }),
      el("span", { class: "bar-track", "aria-hidden": "true" }, fillBar),
      el("span", { class: "bar-count", text: String(s.counts[option] || 0) }));
  }));
}

function conditionsBlock(s, t) {
  if (!s.conditions) return null;
  if (!s.conditions.length) return el("p", { class: "muted", text: t.no_conditions });
  return el("div", {}, el("h4", { text: t.conditions }),
    el("ul", { class: "conditions", id: "conditions" }, ...s.conditions.map((c) => el("li", { text: c }))));
}

function outcomeBlock(s, t) {
  if (!s.outcome) return null;
  const carried = s.outcome === "carried";
  return el("div", { class: `outcome ${carried ? "carried" : "step5"}`, id: "agenda-outcome" },
    el("p", { class: "outcome-title", text: carried ? t.outcome_carried : t.outcome_step5 }),
    s.note ? el("p", { class: "outcome-note", text: s.note }) : null);
}

function stepLabel(s, t) {
  return { seek_no: t.step2, spread: t.step3, vote: t.step4, tie: t.step4, minority: t.step4, decided: t.step4 }[s.step] || "";
}

// Shown on the projector and, with buttons, on the console.
export function publicView(node, round, t) {
  const s = round.steps;
  if (!s || s.step === "gather") return;
  node.append(el("p", { class: "step-label", text: stepLabel(s, t) }));
  if (s.step === "seek_no") {
    node.append(el("p", { class: "big-label", text: t.seek_no_prompt }),
      el("p", { class: "count-line" }, el("strong", { class: "alternatives-count", text: String(s.alternatives_count) }),
        ` ${t.alternatives_received} · ${s.nothing_count} ${t.nothing_count}`));
  } else if (s.step === "spread") {
    node.append(el("p", { class: "big-label", text: t.spread_prompt }), alternativesList(s, t));
  } else if (s.step === "vote") {
    node.append(el("p", { class: "big-label", text: s.mode === "dots" ? fill(t.dots_prompt, { n: s.dots }) : t.first_prompt }),
      el("p", { class: "count-line" }, el("strong", { class: "voted-count", text: String(s.voted) }), ` ${t.have_voted}`));
  } else {
    node.append(voteCounts(s, round, t));
    if (s.step === "tie") node.append(el("p", { class: "big-text", text: t.tie }));
    node.append(decidedAgenda(s, t));
    if (s.step === "minority" && s.conditions_open) {
      node.append(el("p", { class: "waiting-text", text: t.minority_asked }),
        el("p", { class: "count-line" }, el("strong", { text: String(s.condition_count) }), ` ${t.conditions_received}`));
    }
    node.append(conditionsBlock(s, t), outcomeBlock(s, t));
  }
}

// The console -------------------------------------------------------------------------------

function button(label, id, onClick, cls = "") {
  const b = el("button", { type: "button", id, class: cls, text: label });
  b.addEventListener("click", onClick);
  return b;
}

export function consoleSteps(node, round, ctx) {
  const { t } = ctx;
  const s = round.steps;
  if (!s) return;
  const act = async (event, payload = {}) => {
    let ack = await ctx.send(event, { round: round.id, ...payload });
    if (!ack.ok && ack.error === "below_threshold" && window.confirm(ack.message)) {
      ack = await ctx.send(event, { round: round.id, ...payload, confirm: true });
    }
    if (!ack.ok && ack.error !== "below_threshold") ctx.notify(ack.message);
  };
  const panel = el("section", { class: "agenda-steps", "aria-label": t.agenda });
  node.append(panel);
  if (s.step === "gather") {
    panel.append(button(t.seek_no_btn, "seek-no", () => act("agenda:step", { to: "seek_no" }), "primary"));
    return;
  }
  publicView(panel, round, t);
  const tools = el("div", { class: "tool-row" });
  panel.append(tools);
  if (s.step === "seek_no") {
    tools.append(button(t.nudge_btn, "nudge", () => act("agenda:nudge")),
      button(t.spread_btn, "spread", () => act("agenda:step", { to: "spread" }), "primary"));
  } else if (s.step === "spread") {
    panel.querySelectorAll("#alternatives li").forEach((li, index) => {
      const alternative = s.alternatives[index];
      li.append(button(t.make_topic, `make-topic-${index}`, () => act("agenda:add", { alternative: alternative.id }), "link"));
    });
    const mode = el("select", { id: "vote-mode" },
      el("option", { value: "single", text: t.vote_single }), el("option", { value: "dots", text: t.vote_dots }));
    const dots = el("input", { id: "vote-dots", type: "number", min: "1", max: "10", value: "3" });
    tools.append(button(t.seek_more, "seek-more", () => act("agenda:step", { to: "seek_no" })));
    panel.append(el("fieldset", { class: "vote-setup" }, el("legend", { text: t.step4 }),
      el("label", { for: "vote-mode", text: t.vote_kind }), mode,
      el("label", { for: "vote-dots", text: t.dots_each }), dots,
      button(t.start_vote, "start-vote", () => act("agenda:step", { to: "vote", mode: mode.value, dots: Number(dots.value) }), "primary")));
  } else if (s.step === "vote") {
    tools.append(button(t.close_vote, "close-vote", () => act("agenda:close_vote"), "primary"));
  } else if (s.step === "tie") {
    const name = titles(round);
    tools.append(button(t.revote, "revote", () => act("agenda:revote"), "primary"),
      ...s.result.winners.map((option, i) => button(fill(t.decide_for, { option: name[option] }), `decide-${i}`,
        () => act("agenda:decide_tie", { topic: option }))));
  } else if (s.step === "minority") {
    const note = el("textarea", { id: "agenda-note", rows: "2", maxlength: "500" });
    if (s.conditions_open) tools.append(button(t.close_conditions, "close-conditions", () => act("agenda:close_conditions")));
    panel.append(el("div", { class: "outcome-tools" },
      button(t.carry, "carried", () => act("agenda:outcome", { outcome: "carried", note: note.value }), "primary"),
      el("label", { for: "agenda-note", text: t.step5_note }), note,
      button(t.not_carried, "step5", () => act("agenda:outcome", { outcome: "step5", note: note.value }), "danger")));
  }
}

// The phone ---------------------------------------------------------------------------------

function textForm(node, round, ctx, { id, label, hint, event, extra, sentText, onSent }) {
  const { t } = ctx;
  const textarea = el("textarea", { id, rows: "4", maxlength: "500", "aria-describedby": `${id}-hint` });
  const send = el("button", { type: "submit", class: "primary big", id: `${id}-send`, text: t.send });
  const feedback = el("p", { class: "feedback", role: "status", id: "feedback" });
  const form = el("form", { class: "stack" }, el("label", { for: id, class: "big-label", text: label }),
    el("p", { class: "hint", id: `${id}-hint`, text: hint }), textarea, send, feedback);
  form.addEventListener("submit", async (event_) => {
    event_.preventDefault();
    const text = textarea.value.trim();
    if (!text) { feedback.textContent = t.empty_text; return; }
    send.disabled = true;
    const ack = await ctx.send(event, { round: round.id, receipt: newReceipt(), text, ...extra });
    send.disabled = false;
    if (ack.ok) { onSent(text); document.getElementById("feedback").textContent = sentText; }
    else feedback.textContent = ack.error === "timeout" ? t.send_failed : ack.message;
  });
  node.append(form);
}

function phoneSeekNo(node, round, ctx, rerender) {
  const { t } = ctx;
  const mine = load(ctx, round);
  const answered = (mine.alternatives || []).length > 0 || mine.nothing;
  if (ctx.nudged && ctx.nudged[round.id] && !answered) {
    node.append(el("p", { class: "nudge", role: "status", text: t.nudge_text }));
  }
  textForm(node, round, ctx, { id: "alternative", label: t.seek_no_prompt, hint: t.seek_no_hint,
    event: "agenda:alternative", extra: {}, sentText: t.no_sent,
    onSent: (text) => { const now = load(ctx, round); now.alternatives = [...(now.alternatives || []), text]; save(ctx, round, now); rerender(); } });
  if (!answered) {
    node.append(button(t.nothing_to_add, "nothing", async () => {
      const now = load(ctx, round);
      now.nothingReceipt = now.nothingReceipt || newReceipt();
      save(ctx, round, now);
      const ack = await ctx.send("agenda:nothing", { round: round.id, receipt: now.nothingReceipt });
      if (ack.ok) { const after = load(ctx, round); after.nothing = true; save(ctx, round, after); rerender(); }
      else ctx.notify(ack.message);
    }, "big secondary"));
  } else if (mine.nothing) {
    node.append(el("p", { class: "feedback", id: "nothing-sent", text: t.nothing_sent }));
  }
  if ((mine.alternatives || []).length) {
    node.append(el("h3", { class: "small-heading", text: t.your_nos }),
      el("ul", { class: "mine" }, ...mine.alternatives.map((text) => el("li", {}, el("p", { class: "mine-text", text })))));
  }
}

function phoneSpread(node, round, ctx, rerender) {
  const { t } = ctx;
  const shares = load(ctx, round).shares || {};
  node.append(el("p", { class: "big-label", text: t.spread_prompt }), alternativesList(round.steps, t, (a) => {
    const done = Boolean(shares[a.id] && shares[a.id].done);
    const b = el("button", { type: "button", class: `share big${done ? " chosen" : ""}`, "aria-pressed": done ? "true" : "false",
      text: done ? `✓ ${t.shared}` : t.share });
    b.disabled = done;
    b.addEventListener("click", async () => {
      const now = load(ctx, round);
      now.shares = now.shares || {};
      const entry = now.shares[a.id] || { receipt: newReceipt() };
      now.shares[a.id] = entry;
      save(ctx, round, now);
      b.disabled = true;
      const ack = await ctx.send("agenda:resonate", { round: round.id, alternative: a.id, receipt: entry.receipt });
      if (ack.ok) { const after = load(ctx, round); after.shares[a.id] = { ...entry, done: true }; save(ctx, round, after); rerender(); }
      else { b.disabled = false; ctx.notify(ack.message); }
    });
    return b;
  }));
}

function phoneVote(node, round, ctx, rerender) {
  const { t } = ctx;
  const s = round.steps;
  const name = titles(round);
  const mine = load(ctx, round);
  const voteKey = `vote:${s.options.join(",")}`;
  const ballot = (mine.votes || {})[voteKey];
  const picked = ballot ? [...ballot.choices] : [];
  const feedback = el("p", { class: "feedback", role: "status", id: "feedback" });
  const submit = async (choices) => {
    const now = load(ctx, round);
    now.votes = now.votes || {};
    const entry = now.votes[voteKey] || { receipt: newReceipt(), choices: [] };
    now.votes[voteKey] = entry;
    save(ctx, round, now);
    const ack = await ctx.send("agenda:vote", { round: round.id, receipt: entry.receipt, choices });
    const after = load(ctx, round);
    if (ack.ok) { after.votes[voteKey] = { receipt: entry.receipt, choices }; save(ctx, round, after); rerender(); }
    else { if (!entry.choices.length) delete after.votes[voteKey]; save(ctx, round, after); feedback.textContent = ack.error === "timeout" ? t.send_failed : ack.message; }
  };
  node.append(el("p", { class: "big-label", text: s.mode === "dots" ? fill(t.dots_prompt, { n: s.dots }) : t.first_prompt }));
  if (s.mode === "single") {
    node.append(el("div", { class: "answers", role: "group", "aria-label": t.first_prompt }, ...s.options.map((option) => {
      const chosen = picked[0] === option;
      const b = el("button", { type: "button", class: `answer big answer-option${chosen ? " chosen" : ""}`, "aria-pressed": chosen ? "true" : "false", text: name[option] });
      b.addEventListener("click", () => submit([option]));
      return b;
    })));
  } else {
    const dots = picked.length ? picked : [];
    const left = el("p", { class: "dots-left", role: "status", text: fill(t.dots_left, { n: s.dots - dots.length }) });
    const rows = s.options.map((option, index) => {
      const count = el("span", { class: "dot-count", text: String(dots.filter((d) => d === option).length) });
      const minus = el("button", { type: "button", class: "dot-button", "aria-label": `${t.dot_remove}: ${name[option]}`, text: "−" });
      const plus = el("button", { type: "button", class: "dot-button", "aria-label": `${t.dot_add}: ${name[option]}`, text: "+" });
      const redraw = () => { count.textContent = String(dots.filter((d) => d === option).length); left.textContent = fill(t.dots_left, { n: s.dots - dots.length }); };
      plus.addEventListener("click", () => { if (dots.length < s.dots) { dots.push(option); redraw(); } });
      minus.addEventListener("click", () => { const i = dots.indexOf(option); if (i >= 0) { dots.splice(i, 1); redraw(); } });
      return el("li", { class: "dot-row", id: `dots-${index}` }, el("span", { class: "dot-topic", text: name[option] }), minus, count, plus);
    });
    node.append(el("ul", { class: "dot-list" }, ...rows), left,
      button(t.vote_btn, "send-dots", () => submit([...dots]), "primary big"));
  }
  if (ballot) node.append(el("p", { class: "your-answer", text: t.your_vote }));
  node.append(feedback);
}

function inMinority(s, ballot) {
  if (!s.result || !ballot) return false;
  return !ballot.choices.some((c) => s.result.winners.includes(c));
}

export function phoneSteps(node, round, ctx) {
  const { t } = ctx;
  const s = round.steps;
  const rerender = () => { node.replaceChildren(); phoneSteps(node, round, ctx); };
  if (!s || s.step === "gather") return false;
  node.append(el("p", { class: "step-label", text: stepLabel(s, t) }));
  if (s.step === "seek_no") phoneSeekNo(node, round, ctx, rerender);
  else if (s.step === "spread") phoneSpread(node, round, ctx, rerender);
  else if (s.step === "vote") phoneVote(node, round, ctx, rerender);
  else if (s.step === "tie") node.append(el("p", { class: "big-text", text: t.tie_phone }));
  else {
    const mine = load(ctx, round);
    const ballot = (mine.votes || {})[`vote:${s.options.join(",")}`];
    node.append(decidedAgenda(s, t));
    if (s.step === "minority" && s.conditions_open && inMinority(s, ballot)) {
      textForm(node, round, ctx, { id: "condition", label: t.ask_condition, hint: t.condition_hint,
        event: "agenda:condition", extra: { ballot: ballot.receipt }, sentText: t.condition_sent,
        onSent: () => rerender() });
    } else if (s.step === "minority" && s.conditions_open) {
      node.append(el("p", { class: "waiting-text", text: ballot ? t.in_majority : t.minority_asked }));
    }
    node.append(conditionsBlock(s, t), outcomeBlock(s, t));
  }
  return true;
}
