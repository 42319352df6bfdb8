// The agenda, step 1: everyone names topics anonymously; the facilitator reveals them
// (shuffled, no names), merges duplicates (every wording stays) and rewords (original kept).
// Steps 2-4 (seek the no, spread it, vote, the minority, the outcome) are the step machine
// of parts/decision.js, which the poll shares; the phone keeps its receipts and ballot locally.
import { el, fill, phoneStore } from "/static/js/live.js";
import { contributeForm, countLine, openOnProjector, promptOpener, revealButton } from "/static/js/parts/contribute.js";
import { actor, answeredCount, button, consoleTools, phoneStage, publicStage } from "/static/js/parts/decision.js";

function wordings(topic) {
  const shown = topic.wording ? topic.sources : topic.sources.slice(1);
  return shown.length ? el("p", { class: "wordings", text: shown.join(" · ") }) : null;
}

function agendaList(round, { ordered = true } = {}) {
  const list = el(ordered ? "ol" : "ul", { class: "agenda" });
  for (const topic of round.topics || []) {
    list.append(el("li", {}, el("span", { class: "topic-title", text: topic.title }), wordings(topic)));
  }
  return list;
}

function titles(round) {
  return Object.fromEntries((round.topics || []).map((topic) => [topic.id, topic.title]));
}

function decidedAgenda(s, t) {
  if (!s.agenda || !s.agenda.length) return null;
  return el("div", { class: "decided" }, el("h3", { text: t.decided_agenda }),
    el("ol", { class: "agenda", id: "decided-agenda" }, ...s.agenda.map((a) => el("li", {}, el("span", { class: "topic-title", text: a.title })))));
}

function stepLabel(s, t) {
  return { seek_no: t.step2, spread: t.step3, vote: t.step4, tie: t.step4, minority: t.step4, decided: t.step4 }[s.step] || "";
}

// Steps 2-4 as the shared step machine sees them.
function decision(round, ctx) {
  const { t } = ctx;
  const s = round.steps;
  const name = titles(round);
  const act = actor(ctx, round);
  return {
    step: s.step, options: s.options, name: (option) => name[option] || option, counts: s.counts, result: s.result,
    answered: { seek_no: s.answered, spread: s.spread_by, vote: s.voted }[s.step], joined: round.counts.joined, k: s.k,
    nos: s.nos, noCount: s.no_count, nothingCount: s.nothing_count, conditions: s.conditions,
    conditionCount: s.condition_count, conditionsOpen: s.conditions_open, outcome: s.outcome, note: s.note,
    votePrompt: s.mode === "dots" ? fill(t.dots_prompt, { n: s.dots }) : t.first_prompt,
    dots: s.mode === "dots" ? s.dots : 0,
    seekPrompt: t.seek_no_prompt, askNo: t.seek_no_prompt, seekHint: t.seek_no_hint,
    everyoneAsked: true, nudge: true, decided: decidedAgenda(s, t),
    events: { prefix: "agenda", step: (to) => ["agenda:step", { to }], decideTie: (option) => ({ topic: option }) },
    noTool: (no, index) => button(t.make_topic, `make-topic-${index}`, () => act("agenda:add", { no: no.id }), "link"),
    spreadTools: () => {
      const mode = el("select", { id: "vote-mode" },
        el("option", { value: "single", text: t.vote_single }), el("option", { value: "dots", text: t.vote_dots }));
      const dots = el("input", { id: "vote-dots", type: "number", min: "1", max: "10", value: "3" });
      return [el("div", { class: "tool-row" }, button(t.seek_more, "seek-more", () => act("agenda:step", { to: "seek_no" }))),
        el("fieldset", { class: "vote-setup" }, el("legend", { text: t.step4 }),
          el("label", { for: "vote-mode", text: t.vote_kind }), mode,
          el("label", { for: "vote-dots", text: t.dots_each }), dots,
          button(t.start_vote, "start-vote", () => act("agenda:step", { to: "vote", mode: mode.value, dots: Number(dots.value) }), "primary"))];
    },
    store: phoneStore(`dd:${ctx.code}:${round.id}:agenda`, () => ({})),
    ballotKey: `vote:${s.options.join(",")}`, runKey: 1,
    asksForTheNo: () => true,
    inMinority: (choices) => Boolean(s.result) && !choices.some((c) => s.result.winners.includes(c)),
  };
}

// The steps after gathering, on any screen: which step, then the stage.
function steps(node, round, ctx, audience) {
  const s = round.steps;
  if (!s || s.step === "gather") return false;
  node.append(el("p", { class: "step-label", text: stepLabel(s, ctx.t) }));
  const d = decision(round, ctx);
  if (audience === "phone") {
    phoneStage(node, d, round, ctx, () => { node.replaceChildren(); steps(node, round, ctx, audience); });
  } else {
    // On the console the next step's buttons come before what the beamer shows.
    if (audience === "console") node.append(...consoleTools(d, round, ctx));
    node.append(...publicStage(d, ctx.t, audience));
  }
  return true;
}

export function opener(ctx) {
  const { t } = ctx;
  return promptOpener(ctx, { kind: "topics", label: t.agenda_prompt, prompt: t.agenda_default_prompt, submit: t.agenda_open });
}

function topicItem(topic, index, round, ctx) {
  const { t } = ctx;
  const box = el("input", { type: "checkbox", id: `topic-${index}`, value: topic.id, class: "pick" });
  const reword = el("button", { type: "button", class: "link", text: t.reword, "aria-label": `${t.reword}: ${topic.title}` });
  const item = el("li", { class: "topic-item" }, box,
    el("div", { class: "topic-body" }, el("label", { for: `topic-${index}`, class: "topic-title", text: topic.title }),
      wordings(topic)), reword);
  reword.addEventListener("click", () => {
    const input = el("input", { id: `reword-${index}`, maxlength: "200", "aria-label": t.reword });
    input.value = topic.title;
    const save = el("button", { type: "button", class: "primary", text: t.save });
    save.addEventListener("click", async () => {
      const ack = await ctx.send("agenda:reword", { round: round.id, topic: topic.id, text: input.value });
      if (!ack.ok) ctx.notify(ack.message);
    });
    item.replaceChildren(el("div", { class: "topic-body" }, input, el("p", { class: "wordings", text: topic.sources.join(" · ") })), save);
    input.focus();
  });
  return item;
}

export function consoleView(node, round, ctx) {
  const { t } = ctx;
  node.replaceChildren(el("h3", { class: "round-title", text: `${t.agenda}: ${round.prompt}` }));
  if (round.status === "open") {
    node.append(countLine(round.counts, t, t.sent_topics), revealButton(ctx, round));
    return;
  }
  const list = el("ul", { class: "topics", id: "topics" },
    ...(round.topics || []).map((topic, index) => topicItem(topic, index, round, ctx)));
  const merge = el("button", { type: "button", id: "merge-topics", text: t.merge });
  merge.addEventListener("click", async () => {
    const topics = [...list.querySelectorAll("input.pick:checked")].map((box) => box.value);
    const ack = await ctx.send("agenda:merge", { round: round.id, topics });
    if (!ack.ok) ctx.notify(ack.message);
  });
  const typed = el("input", { id: "new-topic", maxlength: "200" });
  const add = el("button", { type: "button", id: "add-topic", text: t.add_topic });
  add.addEventListener("click", async () => {
    const ack = await ctx.send("agenda:add", { round: round.id, text: typed.value });
    if (!ack.ok) ctx.notify(ack.message);
  });
  const editable = !round.steps || ["gather", "seek_no", "spread"].includes(round.steps.step);
  // The method's next step comes first, right under the round's title, so it is on the
  // first screen of a laptop; the topics (to merge, reword, add) follow.
  const panel = el("section", { class: "agenda-steps", "aria-label": t.agenda });
  node.append(panel);
  if (round.steps && round.steps.step === "gather") {
    panel.append(el("div", { class: "tool-row" },
      button(t.seek_no_btn, "seek-no", () => actor(ctx, round)("agenda:step", { to: "seek_no" }), "primary")));
  } else {
    steps(panel, round, ctx, "console");
  }
  if (editable) {
    node.append(el("p", { class: "muted", text: t.step1_done }), list,
      el("div", { class: "tool-row" }, merge),
      el("div", { class: "tool-row" }, el("label", { for: "new-topic", text: t.add_topic }), typed, add));
  } else if (!(round.steps && round.steps.agenda && round.steps.agenda.length)) {
    node.append(agendaList(round, { ordered: false }));
  }
}
export { consoleView as console };

export function projector(node, round, ctx) {
  const { t } = ctx;
  if (round.status === "open") {
    openOnProjector(node, round, t, t.sent_topics);
  } else {
    const decided = round.steps && round.steps.agenda && round.steps.agenda.length;
    node.replaceChildren(el("h2", { class: "round-prompt", text: t.agenda }));
    // The step comes first: a long agenda below it may page on the beamer, the step not.
    steps(node, round, ctx, "projector");
    if (!decided) node.append(agendaList(round));
  }
}

export function answered(round, ctx) {
  return round.steps && round.steps.step !== "gather" ? answeredCount(decision(round, ctx)) : null;
}

export function phone(node, round, ctx) {
  if (round.status === "open") {
    contributeForm(node, round, ctx);
  } else {
    node.replaceChildren(el("h2", { class: "round-prompt", text: ctx.t.agenda }));
    const list = el("div", { class: "agenda-phone" });
    node.append(list);
    if (!steps(list, round, ctx, "phone")) node.append(agendaList(round));
  }
}
