// The agenda, step 1: everyone names topics anonymously; the facilitator reveals them
// (shuffled, no names), merges duplicates (every wording stays) and rewords (original kept).
import { el } from "/static/js/live.js";
import { contributeForm, countLine, revealButton } from "/static/js/kinds/contribute.js";
import { consoleSteps, phoneSteps, publicView } from "/static/js/kinds/agenda_steps.js";

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

export function opener(ctx) {
  const { t, send } = ctx;
  const input = el("input", { id: "topics-prompt", value: t.agenda_default_prompt, maxlength: "500" });
  const button = el("button", { type: "submit", class: "primary", text: t.agenda_open });
  const form = el("form", { class: "opener", id: "open-topics" },
    el("label", { for: "topics-prompt", text: t.agenda_prompt }), input, button);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    const ack = await send("round:open", { kind: "topics", prompt: input.value });
    button.disabled = false;
    if (!ack.ok) ctx.notify(ack.message);
  });
  return form;
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
  if (editable) {
    node.append(el("p", { class: "muted", text: t.step1_done }), list,
      el("div", { class: "tool-row" }, merge),
      el("div", { class: "tool-row" }, el("label", { for: "new-topic", text: t.add_topic }), typed, add));
  } else {
    node.append(agendaList(round, { ordered: false }));
  }
  consoleSteps(node, round, ctx);
}
export { consoleView as console };

export function projector(node, round, ctx) {
  const { t } = ctx;
  if (round.status === "open") {
    node.replaceChildren(el("h2", { class: "round-prompt", text: round.prompt }),
      el("div", { class: "projector-counts" }, countLine(round.counts, t, t.sent_topics)));
  } else {
    const decided = round.steps && round.steps.agenda && round.steps.agenda.length;
    node.replaceChildren(el("h2", { class: "round-prompt", text: t.agenda }));
    if (!decided) node.append(agendaList(round));
    publicView(node, round, t);
  }
}

export function phone(node, round, ctx) {
  if (round.status === "open") {
    contributeForm(node, round, ctx);
  } else {
    node.replaceChildren(el("h2", { class: "round-prompt", text: ctx.t.agenda }));
    const steps = el("div", { class: "agenda-phone" });
    node.append(steps);
    if (!phoneSteps(steps, round, ctx)) node.append(agendaList(round));
  }
}
