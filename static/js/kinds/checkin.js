// The check-in: everyone says how they arrive; the facilitator reveals the answers (shuffled,
// without names), groups them, names polarities ("this, but also that") and summarises.
// The check-out closes the session the same way: `forKind("checkout")` is this module with
// the check-out's words (kinds/index.js lists both).
import { draftKey, el, keepDraft, plural } from "/static/js/live.js";
import { contributeForm, countLine, openOnProjector, promptOpener, revealButton } from "/static/js/parts/contribute.js";

// --- shared: the revealed check-in as everyone sees it ----------------------------------

function poleText(pole, round) {
  if (pole.text) return pole.text;
  const group = (round.groups || []).find((g) => g.id === pole.ref);
  if (group) return group.label || group.members.map((id) => textOf(round, id)).join(" / ");
  return textOf(round, pole.ref);
}

function textOf(round, id) {
  const found = (round.contributions || []).find((c) => c.id === id);
  return found ? found.text : "";
}

function revealedView(round, t, { withPrompt = true } = {}) {
  const grouped = new Set((round.groups || []).flatMap((g) => g.members));
  const wall = el("div", { class: "wall" });
  for (const group of round.groups || []) {
    wall.append(el("div", { class: "group-card" },
      group.label ? el("p", { class: "group-label", text: group.label }) : null,
      ...group.members.map((id) => el("p", { class: "contribution", text: textOf(round, id) }))));
  }
  for (const c of round.contributions || []) {
    if (!grouped.has(c.id)) wall.append(el("p", { class: "contribution card-ish", text: c.text }));
  }
  const parts = [];
  if (withPrompt) parts.push(el("h2", { class: "round-prompt", text: round.prompt }));
  parts.push(wall);
  if ((round.polarities || []).length) {
    parts.push(el("h3", { text: t.polarities }));
    parts.push(el("ul", { class: "polarities" }, ...round.polarities.map((p) =>
      el("li", {}, el("span", { class: "pole", text: poleText(p.left, round) }),
        el("span", { class: "but-also", text: ` ${t.but_also} ` }),
        el("span", { class: "pole", text: poleText(p.right, round) })))));
  }
  if (round.summary) {
    parts.push(el("h3", { text: t.summary }));
    parts.push(el("p", { class: "summary", text: round.summary }));
  }
  return el("div", { class: "checkin-revealed" }, ...parts);
}

// The words of each kind these renderers serve: keys into the page's strings.
const WORDS = {
  checkin: { title: "checkin", open: "checkin_open", prompt: "checkin_prompt", fallback: "checkin_default_prompt", answered: "checked_in" },
  checkout: { title: "checkout", open: "checkout_open", prompt: "checkout_prompt", fallback: "checkout_default_prompt", answered: "checked_out" },
};
const words = (round) => WORDS[round.kind] || WORDS.checkin;

// --- console ----------------------------------------------------------------------------

function openerOf(kind, ctx) {
  const { t } = ctx;
  const w = WORDS[kind];
  return promptOpener(ctx, { kind, label: t[w.prompt], prompt: t[w.fallback], submit: t[w.open] });
}

export function opener(ctx) {
  return openerOf("checkin", ctx);
}

function poleSelect(id, round, t) {
  const select = el("select", { id });
  select.append(el("option", { value: "", text: t.choose }));
  for (const group of round.groups || []) {
    select.append(el("option", { value: group.id, text: `${t.group}: ${poleText({ ref: group.id }, round)}` }));
  }
  const grouped = new Set((round.groups || []).flatMap((g) => g.members));
  for (const c of round.contributions || []) {
    if (!grouped.has(c.id)) select.append(el("option", { value: c.id, text: c.text }));
  }
  return select;
}

function shapeControls(node, round, ctx) {
  const { t, send } = ctx;
  const act = async (event, payload) => {
    const ack = await send(event, { round: round.id, ...payload });
    if (!ack.ok) ctx.notify(ack.message);
    return ack;
  };
  const grouped = new Set((round.groups || []).flatMap((g) => g.members));

  const list = el("div", { class: "wall console-wall" });
  for (const group of round.groups || []) {
    const undo = el("button", { type: "button", class: "link", text: t.ungroup });
    undo.addEventListener("click", () => act("checkin:ungroup", { group: group.id }));
    list.append(el("div", { class: "group-card" },
      group.label ? el("p", { class: "group-label", text: group.label }) : null,
      ...group.members.map((id) => el("p", { class: "contribution", text: textOf(round, id) })),
      undo));
  }
  (round.contributions || []).forEach((c, index) => {
    if (grouped.has(c.id)) return;
    const box = el("input", { type: "checkbox", id: `pick-${index}`, value: c.id, class: "pick" });
    list.append(el("div", { class: "contribution card-ish selectable" }, box,
      el("label", { for: `pick-${index}`, text: c.text })));
  });

  const label = el("input", { id: "group-label", maxlength: "120" });
  const groupButton = el("button", { type: "button", id: "group-selected", text: t.group_selected });
  groupButton.addEventListener("click", async () => {
    const members = [...list.querySelectorAll("input.pick:checked")].map((box) => box.value);
    await act("checkin:group", { members, label: label.value });
  });

  const left = poleSelect("pole-left", round, t);
  const right = poleSelect("pole-right", round, t);
  const leftText = el("input", { id: "pole-left-text", maxlength: "120" });
  const rightText = el("input", { id: "pole-right-text", maxlength: "120" });
  const poleOf = (select, typed) => (typed.value.trim() ? { text: typed.value } : { ref: select.value });
  const polarityButton = el("button", { type: "button", id: "name-polarity", text: t.polarity });
  polarityButton.addEventListener("click", () =>
    act("checkin:polarity", { left: poleOf(left, leftText), right: poleOf(right, rightText) }));

  const polarities = el("ul", { class: "polarities" }, ...(round.polarities || []).map((p) => {
    const remove = el("button", { type: "button", class: "link", text: t.remove });
    remove.addEventListener("click", () => act("checkin:unpolarity", { polarity: p.id }));
    return el("li", {}, el("span", { class: "pole", text: poleText(p.left, round) }),
      el("span", { class: "but-also", text: ` ${t.but_also} ` }),
      el("span", { class: "pole", text: poleText(p.right, round) }), " ", remove);
  }));

  // The summary being written survives every redraw (a group, a polarity, a reload) until it
  // is saved; "Saved" stays until it is changed again, even when the broadcast of the saved
  // summary redraws this panel before the acknowledgement arrives.
  const summary = el("textarea", { id: "summary", rows: "3", maxlength: "2000" });
  summary.value = round.summary || "";
  const clearDraft = keepDraft(summary, draftKey(ctx, round.id, "summary"));
  const isSaved = ctx.summarySaved === round.id && summary.value === (round.summary || "");
  const saved = el("span", { class: "muted", role: "status", id: "summary-saved", text: isSaved ? t.saved : "" });
  summary.addEventListener("input", () => {
    ctx.summarySaved = null;
    document.getElementById("summary-saved").textContent = "";
  });
  // Summarising the round is the method's next step until a summary is saved.
  const summaryButton = el("button", { type: "button", id: "save-summary", text: t.summary_save, class: round.summary ? "" : "primary" });
  summaryButton.addEventListener("click", async () => {
    const ack = await act("checkin:summary", { text: summary.value });
    if (!ack.ok) return;
    clearDraft();
    ctx.summarySaved = round.id;
    const shown = document.getElementById("summary-saved");
    if (shown) shown.textContent = t.saved;
  });

  // The summary (the method's next step) first, then the contributions to group and the
  // polarities to name.
  node.append(
    el("label", { for: "summary", text: t.summary }), summary,
    el("div", { class: "tool-row" }, summaryButton, saved),
    list,
    el("div", { class: "tool-row" }, el("label", { for: "group-label", text: t.group_label }), label, groupButton),
    el("fieldset", { class: "polarity-builder" }, el("legend", { text: t.polarity }),
      el("p", { class: "hint", text: t.polarity_hint }),
      el("div", { class: "poles" },
        el("div", {}, el("label", { for: "pole-left", text: t.pole_left }), left,
          el("label", { for: "pole-left-text", class: "sub", text: t.pole_typed }), leftText),
        el("div", {}, el("label", { for: "pole-right", text: t.pole_right }), right,
          el("label", { for: "pole-right-text", class: "sub", text: t.pole_typed }), rightText)),
      polarityButton),
    el("h4", { text: t.polarities }), polarities);
}

export function consoleView(node, round, ctx) {
  const { t } = ctx;
  node.replaceChildren(el("h3", { class: "round-title", text: `${t[words(round).title]}: ${round.prompt}` }));
  if (round.status === "open") {
    node.append(countLine(round.counts, t, t[words(round).answered]), revealButton(ctx, round));
  } else {
    node.append(el("p", { class: "muted", text: `${t.revealed} · ${plural(t.contributions_n, round.counts.contributions)}` }));
    shapeControls(node, round, ctx);
  }
}
export { consoleView as console };

// --- projector ------------------------------------------------------------------------

export function projector(node, round, ctx) {
  const { t } = ctx;
  if (round.status === "open") {
    openOnProjector(node, round, t, t[words(round).answered]);
  } else {
    node.replaceChildren(revealedView(round, t));
  }
}

// --- phone ----------------------------------------------------------------------------------

export function phone(node, round, ctx) {
  if (round.status === "open") contributeForm(node, round, ctx);
  else node.replaceChildren(revealedView(round, ctx.t));
}

// The same renderers for another kind with the check-in's flow (the check-out).
export function forKind(kind) {
  return { opener: (ctx) => openerOf(kind, ctx), console: consoleView, projector, phone };
}
