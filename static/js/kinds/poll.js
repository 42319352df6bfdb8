// "Seek the no" polls: the facilitator puts a proposal to the group; the poll looks for the
// no, spreads it ("I share a bit of this"), and carries the minority's conditions into the
// decision. The phone alone knows its answer: it keeps its ballot receipt and choice in
// localStorage and proves them with the receipt, never with who it is.
import { el, fill, newReceipt, phoneStore } from "/static/js/live.js";

const YES_NO = ["yes", "yes_bit_of_no", "no"];

function labelOf(round, t) {
  const labels = round.poll.labels || {};
  return (option) => labels[option] || t[option] || option;
}

// --- shared pieces ---------------------------------------------------------------------------

function countLine(run, poll, t) {
  return el("p", { class: "count-line", "data-testid": "poll-count" },
    el("strong", { class: "answered", text: String(run.answered) }),
    ` ${t.of} `, el("span", { class: "joined", text: String(poll.joined) }), ` ${t.have_answered}`);
}

// Horizontal bars; widths are set through the CSSOM (the CSP forbids inline style attributes).
function bars(run, round, t) {
  if (!run.counts) {
    return el("p", { class: "hint counts-hidden", text: fill(t.counts_after_k, { k: round.poll.k }) });
  }
  const name = labelOf(round, t);
  const total = Math.max(1, Object.values(run.counts).reduce((a, b) => a + b, 0));
  const winners = new Set(run.result ? run.result.winners : []);
  const list = el("ul", { class: "bars", "data-testid": "poll-bars" });
  for (const option of run.options) {
    const count = run.counts[option] || 0;
    const fillBar = el("span", { class: `bar-fill bar-${YES_NO.includes(option) ? option : "option"}` });
    fillBar.style.width = `${Math.round((100 * count) / total)}%`;
    list.append(el("li", { class: winners.has(option) && !run.result.tie ? "winner" : "" },
      el("span", { class: "bar-label", text: name(option) }),
      el("span", { class: "bar-track", "aria-hidden": "true" }, fillBar),
      el("span", { class: "bar-count", text: String(count) })));
  }
  return list;
}

function resultLine(run, round, t) {
  if (!run.result || run.result.tie) return null;
  const name = labelOf(round, t);
  const parts = [el("p", { class: "majority", text: fill(t.majority, { option: run.result.winners.map(name).join(" / ") }) })];
  if (run.result.minority.length) {
    parts.push(el("p", { class: "minority-line", text: fill(t.minority, { options: run.result.minority.map(name).join(" / ") }) }));
  }
  return el("div", { class: "result" }, ...parts);
}

function noList(run, t, { button } = {}) {
  if (!run.nos || !run.nos.length) return el("p", { class: "muted", text: t.no_nos });
  return el("ul", { class: "nos" }, ...run.nos.map((no) => el("li", { class: "no-card" },
    el("p", { class: "no-text", text: no.text }),
    no.shared === null || no.shared === undefined ? null
      : el("p", { class: "shared-count" }, el("strong", { text: String(no.shared) }), ` ${t.share_count}`),
    button ? button(no) : null)));
}

function conditionList(run, t) {
  if (!run.conditions) return null;
  if (!run.conditions.length) return el("p", { class: "muted", text: t.no_conditions });
  return el("div", {}, el("h4", { text: t.conditions }),
    el("ul", { class: "conditions" }, ...run.conditions.map((c) => el("li", { text: c.text }))));
}

function outcomeBlock(run, round, t) {
  const carried = run.outcome === "carried";
  return el("div", { class: `outcome ${carried ? "carried" : "step5"}`, "data-testid": "poll-outcome" },
    el("p", { class: "outcome-title", text: carried ? t.outcome_carried : t.outcome_step5 }),
    resultLine(run, round, t),
    conditionList(run, t),
    run.note ? el("p", { class: "note", text: run.note }) : null);
}

function earlierRuns(round, t) {
  const earlier = round.poll.earlier || [];
  if (!earlier.length) return null;
  return el("details", { class: "earlier-runs" }, el("summary", { text: t.earlier_runs }),
    ...earlier.map((run) => el("section", { class: "earlier-run" },
      el("h4", { text: fill(t.run, { n: run.n }) }), bars(run, round, t), noList(run, t),
      run.outcome ? outcomeBlock(run, round, t) : null)));
}

function title(round, t, tag = "h3") {
  const run = round.poll.current;
  const suffix = run.n > 1 ? ` · ${fill(t.run, { n: run.n })}` : "";
  return el(tag, { class: "round-title poll-proposal", text: `${round.prompt}${suffix}` });
}

// --- console -------------------------------------------------------------------------------

export function opener(ctx) {
  const { t, send } = ctx;
  const proposal = el("input", { id: "poll-proposal", maxlength: "500", "aria-describedby": "poll-proposal-hint" });
  const yesno = el("input", { type: "radio", name: "poll-kind", id: "poll-kind-yesno", value: "yesno", checked: "" });
  const choice = el("input", { type: "radio", name: "poll-kind", id: "poll-kind-choice", value: "choice" });
  const options = el("textarea", { id: "poll-options", rows: "3" });
  const optionsField = el("div", { class: "poll-options-field", hidden: "" },
    el("label", { for: "poll-options", text: t.poll_options }), options);
  const toggle = () => { optionsField.hidden = !choice.checked; };
  yesno.addEventListener("change", toggle);
  choice.addEventListener("change", toggle);
  const button = el("button", { type: "submit", class: "primary", text: t.poll_open });
  const form = el("form", { class: "opener poll-opener", id: "open-poll" },
    el("label", { for: "poll-proposal", text: t.poll_proposal }),
    el("p", { class: "hint", id: "poll-proposal-hint", text: t.poll_proposal_hint }),
    proposal,
    el("fieldset", { class: "poll-kind" }, el("legend", { text: t.poll_kind }),
      el("div", { class: "radio" }, yesno, el("label", { for: "poll-kind-yesno", text: t.poll_kind_yesno })),
      el("div", { class: "radio" }, choice, el("label", { for: "poll-kind-choice", text: t.poll_kind_choice }))),
    optionsField, button);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const payload = { proposal: proposal.value };
    if (choice.checked) payload.options = options.value.split("\n").map((o) => o.trim()).filter(Boolean);
    button.disabled = true;
    const ack = await send("poll:start", payload);
    button.disabled = false;
    if (!ack.ok) ctx.notify(ack.message);
    else { proposal.value = ""; options.value = ""; }
  });
  return form;
}

function consoleControls(round, ctx) {
  const { t } = ctx;
  const run = round.poll.current;
  const act = async (event, payload = {}) => {
    const ack = await ctx.send(event, { round: round.id, ...payload });
    if (!ack.ok && ack.error !== "below_threshold") ctx.notify(ack.message);
    return ack;
  };
  const button = (id, text, onClick, cls = "") => {
    const node = el("button", { type: "button", id, class: cls, text });
    node.addEventListener("click", onClick);
    return node;
  };
  const row = (...children) => el("div", { class: "tool-row" }, ...children);
  const name = labelOf(round, t);

  if (run.step === "vote") {
    return [countLine(run, round.poll, t), bars(run, round, t),
      row(button("poll-close-vote", t.close_vote, async () => {
        const ack = await act("poll:close_vote");
        if (ack.error === "below_threshold" && window.confirm(ack.message)) {
          await act("poll:close_vote", { confirm: true });
        }
      }, "primary"))];
  }
  if (run.step === "tie") {
    const tied = run.result ? run.result.winners : [];
    return [el("p", { class: "tie", text: t.tie }), bars(run, round, t),
      row(button("poll-revote", t.revote, () => act("poll:revote"), "primary"),
        ...tied.map((option, i) => button(`poll-decide-${i}`, fill(t.decide_for, { option: name(option) }),
          () => act("poll:decide_tie", { option }))))];
  }
  const parts = [bars(run, round, t), resultLine(run, round, t)];
  if (run.step === "seek_no") {
    parts.push(el("p", { class: "count-line" }, el("strong", { class: "no-count", text: String(run.no_count) }), ` ${t.nos_received}`),
      row(button("poll-spread", t.spread, () => act("poll:step", { step: "spread" }), "primary")));
  } else if (run.step === "spread") {
    parts.push(el("h4", { text: t.spread_prompt }), noList(run, t));
    if (run.nos.length && run.nos.every((no) => no.shared === null)) {
      parts.push(el("p", { class: "hint", text: fill(t.shared_after_k, { k: round.poll.k }) }));
    }
    parts.push(row(button("poll-to-minority", t.to_minority, () => act("poll:step", { step: "minority" }), "primary"),
      button("poll-seek-more", t.seek_more, () => act("poll:step", { step: "seek_no" }))));
  } else if (run.step === "minority") {
    parts.push(noList(run, t),
      el("p", { class: "count-line" }, el("strong", { class: "condition-count", text: String(run.condition_count) }), ` ${t.conditions_received}`));
    if (run.conditions_open) {
      parts.push(row(button("poll-close-conditions", t.close_conditions, () => act("poll:close_conditions"), "primary")));
    } else {
      parts.push(conditionList(run, t));
      const note = el("textarea", { id: "poll-note", rows: "2", maxlength: "500" });
      note.value = ctx.pollNote || "";
      note.addEventListener("input", () => { ctx.pollNote = note.value; });
      parts.push(row(button("poll-carried", t.carry, async () => {
        const ack = await act("poll:outcome", { outcome: "carried", note: "" });
        if (ack.ok) ctx.pollNote = "";
      }, "primary")),
      el("div", { class: "step5" }, el("label", { for: "poll-note", text: t.step5_note }), note,
        row(button("poll-step5", t.not_carried, async () => {
          const ack = await act("poll:outcome", { outcome: "step5", note: note.value });
          if (ack.ok) ctx.pollNote = "";
        }, "danger"))));
    }
  } else if (run.step === "decided") {
    parts.length = 0;
    parts.push(bars(run, round, t), noList(run, t), outcomeBlock(run, round, t));
    if (run.outcome === "step5") parts.push(row(button("poll-rerun", t.rerun, () => act("poll:rerun"), "primary")));
  }
  return parts;
}

export function consoleView(node, round, ctx) {
  const { t } = ctx;
  // The view is redrawn on every count: keep the facilitator's place in a field.
  const active = document.activeElement && node.contains(document.activeElement) ? document.activeElement.id : null;
  node.replaceChildren(el("p", { class: "eyebrow", text: t.poll }), title(round, ctx.t),
    ...consoleControls(round, ctx).filter(Boolean));
  const again = earlierRuns(round, t);
  if (again) node.append(again);
  if (active && document.getElementById(active)) document.getElementById(active).focus();
}
export { consoleView as console };

// --- projector -----------------------------------------------------------------------------

export function projector(node, round, ctx) {
  const { t } = ctx;
  const run = round.poll.current;
  const parts = [el("h2", { class: "round-prompt poll-proposal", text: round.prompt })];
  if (run.step === "vote") {
    parts.push(el("div", { class: "projector-counts" }, countLine(run, round.poll, t)), bars(run, round, t));
  } else if (run.step === "tie") {
    parts.push(el("p", { class: "tie", text: t.tie }), bars(run, round, t));
  } else if (run.step === "seek_no") {
    parts.push(bars(run, round, t), resultLine(run, round, t), el("p", { class: "big-ask", text: t.others_seek_no }));
  } else if (run.step === "spread") {
    parts.push(el("p", { class: "big-ask", text: t.spread_prompt }), noList(run, t));
  } else if (run.step === "minority") {
    parts.push(resultLine(run, round, t));
    if (run.conditions_open) parts.push(el("p", { class: "big-ask", text: t.ask_condition }));
    else parts.push(conditionList(run, t));
  } else {
    parts.push(outcomeBlock(run, round, t));
  }
  node.replaceChildren(el("div", { class: "poll-projector" }, ...parts.filter(Boolean)));
}

// --- phone ---------------------------------------------------------------------------------

const store = (ctx, round) => phoneStore(`dd:${ctx.code}:${round.id}:poll`, () => ({}));

function load(ctx, round) {
  return store(ctx, round).load();
}

function save(ctx, round, mine) {
  store(ctx, round).save(mine);
}

function ballotKey(run) {
  return `${run.n}.${run.attempt}`;
}

function asksForTheNo(run, choice) {
  if (!choice) return false;
  if (run.mode === "poll") return choice === "no" || choice === "yes_bit_of_no";
  return Boolean(run.result && run.result.minority.includes(choice));
}

function inMinority(run, choice) {
  return Boolean(choice && run.result && run.result.minority.includes(choice));
}

function phoneVote(node, round, ctx, rerender) {
  const { t } = ctx;
  const run = round.poll.current;
  const name = labelOf(round, t);
  const mine = load(ctx, round);
  const ballot = (mine.ballots || {})[ballotKey(run)];
  const feedback = el("p", { class: "feedback", role: "status", id: "feedback" });
  const list = el("div", { class: "answers", role: "group", "aria-label": round.prompt });
  for (const option of run.options) {
    const chosen = ballot && ballot.choice === option;
    const button = el("button", { type: "button", class: `answer big answer-${YES_NO.includes(option) ? option : "option"}${chosen ? " chosen" : ""}`,
      "aria-pressed": chosen ? "true" : "false", "data-choice": option, text: name(option) });
    button.addEventListener("click", async () => {
      const now = load(ctx, round);
      now.ballots = now.ballots || {};
      const entry = now.ballots[ballotKey(run)] || { receipt: newReceipt() };
      now.ballots[ballotKey(run)] = entry;
      save(ctx, round, now);  // the receipt is kept before it is sent, so a retry reuses it
      list.querySelectorAll("button").forEach((b) => { b.disabled = true; });
      const ack = await ctx.send("poll:answer", { round: round.id, receipt: entry.receipt, choice: option });
      const after = load(ctx, round);
      if (ack.ok) {
        after.ballots[ballotKey(run)] = { receipt: entry.receipt, choice: option };
        save(ctx, round, after);
        rerender();
        return;
      }
      if (!entry.choice) delete after.ballots[ballotKey(run)];
      save(ctx, round, after);
      rerender();
      document.getElementById("feedback").textContent = ack.error === "timeout" ? t.send_failed : ack.message;
    });
    list.append(button);
  }
  node.append(list);
  if (ballot && ballot.choice) {
    node.append(el("p", { class: "your-answer", text: fill(t.your_answer, { answer: name(ballot.choice) }) }));
  }
  node.append(el("p", { class: "hint", text: t.change_hint }), feedback);
}

// A no or a condition: free text proved by this phone's ballot receipt.
function textForm(node, round, ctx, { kind, event, label, hint, sentText, ballot, rerender }) {
  const { t } = ctx;
  const run = round.poll.current;
  const mine = load(ctx, round);
  const key = `${kind}:${run.n}`;
  const sent = (mine[key] || []);
  const textarea = el("textarea", { id: `poll-${kind}`, rows: "4", maxlength: "500", "aria-describedby": `poll-${kind}-hint` });
  const button = el("button", { type: "submit", class: "primary big", id: `send-${kind}`, text: t.send });
  const feedback = el("p", { class: "feedback", role: "status", id: "feedback" });
  const form = el("form", { class: "stack", id: `poll-${kind}-form` },
    el("label", { for: `poll-${kind}`, class: "big-label", text: label }),
    el("p", { class: "hint", id: `poll-${kind}-hint`, text: hint }), textarea, button, feedback);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = textarea.value.trim();
    if (!text) { feedback.textContent = t.empty_text; textarea.focus(); return; }
    button.disabled = true;
    const ack = await ctx.send(event, { round: round.id, ballot: ballot.receipt, receipt: newReceipt(), text });
    button.disabled = false;
    if (ack.ok) {
      const now = load(ctx, round);
      now[key] = [...(now[key] || []), ack.text];
      save(ctx, round, now);
      rerender();
      document.getElementById("feedback").textContent = sentText;
    } else {
      feedback.textContent = ack.error === "timeout" ? t.send_failed : ack.message;
    }
  });
  node.append(form);
  if (sent.length) {
    node.append(el("h3", { class: "small-heading", text: t.your_nos }),
      el("ul", { class: "mine", id: `mine-${kind}` }, ...sent.map((text) => el("li", {}, el("p", { class: "mine-text", text })))));
  }
}

function phoneSpread(node, round, ctx, rerender) {
  const { t } = ctx;
  const run = round.poll.current;
  const mine = load(ctx, round);
  const shares = mine.shares || {};
  node.append(el("p", { class: "big-label", text: t.spread_prompt }));
  node.append(noList(run, t, {
    button: (no) => {
      const done = Boolean(shares[no.id] && shares[no.id].done);
      const button = el("button", { type: "button", class: `share big${done ? " chosen" : ""}`, "aria-pressed": done ? "true" : "false",
        text: done ? `✓ ${t.shared}` : t.share });
      if (done) button.disabled = true;
      button.addEventListener("click", async () => {
        // One receipt per no, kept before sending: a second tap or a retry is the same one.
        const now = load(ctx, round);
        now.shares = now.shares || {};
        const entry = now.shares[no.id] || { receipt: newReceipt() };
        now.shares[no.id] = entry;
        save(ctx, round, now);
        button.disabled = true;
        const ack = await ctx.send("resonance:add", { round: round.id, no: no.id, receipt: entry.receipt });
        if (ack.ok) {
          const after = load(ctx, round);
          after.shares[no.id] = { ...entry, done: true };
          save(ctx, round, after);
          rerender();
        } else {
          button.disabled = false;
          ctx.notify(ack.error === "timeout" ? t.send_failed : ack.message);
        }
      });
      return button;
    },
  }));
}

export function phone(node, round, ctx) {
  const { t } = ctx;
  const run = round.poll.current;
  const rerender = () => phone(node, round, ctx);
  const mine = load(ctx, round);
  const ballot = (mine.ballots || {})[ballotKey(run)];
  const choice = ballot && ballot.choice;
  node.replaceChildren(el("h2", { class: "round-prompt poll-proposal", text: round.prompt }));
  if (run.step === "vote") {
    phoneVote(node, round, ctx, rerender);
  } else if (run.step === "tie") {
    node.append(el("p", { class: "big-text", text: t.tie_phone }));
  } else if (run.step === "seek_no") {
    node.append(resultLine(run, round, t));
    if (asksForTheNo(run, choice)) {
      textForm(node, round, ctx, { kind: "no", event: "no:add", label: t.ask_no, hint: t.ask_no_hint,
        sentText: t.no_sent, ballot, rerender });
    } else {
      node.append(el("p", { class: "waiting-text", text: t.others_seek_no }));
    }
  } else if (run.step === "spread") {
    phoneSpread(node, round, ctx, rerender);
  } else if (run.step === "minority") {
    node.append(resultLine(run, round, t));
    if (run.conditions_open && inMinority(run, choice)) {
      textForm(node, round, ctx, { kind: "condition", event: "condition:add", label: t.ask_condition,
        hint: t.condition_hint, sentText: t.condition_sent, ballot, rerender });
    } else if (run.conditions_open) {
      node.append(el("p", { class: "waiting-text", text: t.minority_asked }));
    } else {
      node.append(conditionList(run, t), el("p", { class: "waiting-text", text: t.waiting_next }));
    }
  } else {
    node.append(outcomeBlock(run, round, t));
  }
}
