// "Seek the no" polls: the facilitator puts a proposal to the group; the poll looks for the
// no, spreads it ("I share a bit of this"), and carries the minority's conditions into the
// decision. The phone alone knows its answer: it keeps its ballot's receipt and choice in
// localStorage and proves them with the receipt, never with who it is. The stages themselves
// are drawn by parts/decision.js, which the agenda shares.
import { el, fill, phoneStore } from "/static/js/live.js";
import { answeredCount, bars, button, consoleTools, noList, outcomeBlock, phoneStage, publicStage } from "/static/js/parts/decision.js";

function labelOf(round, t) {
  const labels = round.poll.labels || {};
  return (option) => labels[option] || t[option] || option;
}

// One run of the poll as the shared step machine sees it.
function decision(round, run, ctx) {
  const { t } = ctx;
  const asked = (choice) => (run.mode === "poll" ? choice === "no" || choice === "yes_bit_of_no"
    : Boolean(run.result && run.result.minority.includes(choice)));
  return {
    step: run.step, options: run.options, name: labelOf(round, t), counts: run.counts, result: run.result,
    answered: { vote: run.answered, spread: run.spread_by }[run.step], joined: round.poll.joined, k: round.poll.k,
    nos: run.nos, noCount: run.no_count, conditions: run.conditions ? run.conditions.map((c) => c.text) : null,
    conditionCount: run.condition_count, conditionsOpen: run.conditions_open, outcome: run.outcome, note: run.note,
    seekPrompt: t.others_seek_no, askNo: t.ask_no, seekHint: t.ask_no_hint,
    events: { prefix: "poll", step: (to) => ["poll:step", { step: to }], decideTie: (option) => ({ option }), rerun: "poll:rerun" },
    spreadTools: (act) => [el("div", { class: "tool-row" },
      button(t.to_minority, "to-minority", () => act("poll:step", { step: "minority" }), "primary"),
      button(t.seek_more, "seek-more", () => act("poll:step", { step: "seek_no" })))],
    store: phoneStore(`dd:${ctx.code}:${round.id}:poll`, () => ({})),
    ballotKey: `${run.n}.${run.attempt}`, runKey: run.n,
    asksForTheNo: (ballot) => Boolean(ballot && ballot.choices.some(asked)),
    inMinority: (choices) => Boolean(run.result && choices.some((c) => run.result.minority.includes(c))),
  };
}

function earlierRuns(round, ctx) {
  const { t } = ctx;
  const earlier = round.poll.earlier || [];
  if (!earlier.length) return null;
  return el("details", { class: "earlier-runs" }, el("summary", { text: t.earlier_runs }),
    ...earlier.map((run) => {
      const d = decision(round, run, ctx);
      return el("section", { class: "earlier-run" }, el("h4", { text: fill(t.run, { n: run.n }) }),
        bars(d, t), noList(d, t) || "", outcomeBlock(d, t) || "");
    }));
}

function title(round, t) {
  const run = round.poll.current;
  const suffix = run.n > 1 ? ` · ${fill(t.run, { n: run.n })}` : "";
  return el("h3", { class: "round-title poll-proposal", text: `${round.prompt}${suffix}` });
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

export function consoleView(node, round, ctx) {
  const { t } = ctx;
  const d = decision(round, round.poll.current, ctx);
  // The view is redrawn on every count: keep the facilitator's place in a field.
  const active = document.activeElement && node.contains(document.activeElement) ? document.activeElement.id : null;
  // The next step's buttons first, under the proposal; then what the beamer shows.
  node.replaceChildren(el("p", { class: "eyebrow", text: t.poll }), title(round, t),
    ...consoleTools(d, round, ctx), ...publicStage(d, t, "console"));
  const again = earlierRuns(round, ctx);
  if (again) node.append(again);
  if (active && document.getElementById(active)) document.getElementById(active).focus();
}
export { consoleView as console };

// --- projector -----------------------------------------------------------------------------

export function projector(node, round, ctx) {
  const d = decision(round, round.poll.current, ctx);
  node.replaceChildren(el("div", { class: "poll-projector" },
    el("h2", { class: "round-prompt poll-proposal", text: round.prompt }), ...publicStage(d, ctx.t, "projector")));
}

// --- phone ---------------------------------------------------------------------------------

export function answered(round, ctx) {
  return answeredCount(decision(round, round.poll.current, ctx));
}

export function phone(node, round, ctx) {
  const d = decision(round, round.poll.current, ctx);
  const rerender = () => phone(node, round, ctx);
  node.replaceChildren(el("h2", { class: "round-prompt poll-proposal", text: round.prompt }));
  phoneStage(node, d, round, ctx, rerender);
}
