// The check-in: everyone says how they arrive; the facilitator reveals the answers (shuffled,
// without names), groups them, names polarities ("this, but also that") and summarises.
import { el, newId } from "/static/js/live.js";

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

function countLine(counts, t) {
  return el("p", { class: "count-line", "data-testid": "checkin-count" },
    el("strong", { class: "answered", text: String(counts.answered) }),
    ` ${t.of} `, el("span", { class: "joined", text: String(counts.joined) }),
    ` ${t.checked_in} · `,
    el("span", { class: "contributions-count", text: String(counts.contributions) }),
    ` ${t.contributions}`);
}

// --- console ----------------------------------------------------------------------------

export function opener(ctx) {
  const { t, send } = ctx;
  const input = el("input", { id: "checkin-prompt", value: t.checkin_default_prompt, maxlength: "500" });
  const button = el("button", { type: "submit", class: "primary", text: t.checkin_open });
  const form = el("form", { class: "opener", id: "open-checkin" },
    el("label", { for: "checkin-prompt", text: t.checkin_prompt }), input, button);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    const ack = await send("round:open", { kind: "checkin", prompt: input.value });
    button.disabled = false;
    if (!ack.ok) ctx.notify(ack.message);
  });
  return form;
}

async function reveal(ctx, round) {
  let ack = await ctx.send("round:reveal", { round: round.id });
  if (!ack.ok && ack.error === "below_threshold" && window.confirm(ack.message)) {
    ack = await ctx.send("round:reveal", { round: round.id, confirm: true });
  }
  if (!ack.ok && ack.error !== "below_threshold") ctx.notify(ack.message);
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

  const summary = el("textarea", { id: "summary", rows: "3", maxlength: "2000" });
  summary.value = round.summary || "";
  const saved = el("span", { class: "muted", role: "status" });
  const summaryButton = el("button", { type: "button", id: "save-summary", text: t.summary_save });
  summaryButton.addEventListener("click", async () => {
    const ack = await act("checkin:summary", { text: summary.value });
    if (ack.ok) saved.textContent = t.saved;
  });

  node.append(
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
    el("h4", { text: t.polarities }), polarities,
    el("label", { for: "summary", text: t.summary }), summary,
    el("div", { class: "tool-row" }, summaryButton, saved));
}

export function consoleView(node, round, ctx) {
  const { t } = ctx;
  node.replaceChildren(el("h3", { class: "round-title", text: `${t.checkin}: ${round.prompt}` }));
  if (round.status === "open") {
    const button = el("button", { type: "button", class: "primary", id: "reveal", text: t.reveal });
    button.addEventListener("click", () => reveal(ctx, round));
    node.append(countLine(round.counts, t), button);
  } else {
    node.append(el("p", { class: "muted", text: `${t.revealed} · ${round.counts.contributions} ${t.contributions}` }));
    shapeControls(node, round, ctx);
  }
}
export { consoleView as console };

// --- projector ------------------------------------------------------------------------

export function projector(node, round, ctx) {
  const { t } = ctx;
  if (round.status === "open") {
    node.replaceChildren(el("h2", { class: "round-prompt", text: round.prompt }),
      el("div", { class: "projector-counts" }, countLine(round.counts, t)));
  } else {
    node.replaceChildren(revealedView(round, t));
  }
}

// --- phone ----------------------------------------------------------------------------------

function storageKey(ctx, round) {
  return `dd:${ctx.code}:${round.id}`;
}

function loadMine(ctx, round) {
  try {
    return JSON.parse(localStorage.getItem(storageKey(ctx, round))) || [];
  } catch {
    return [];
  }
}

function saveMine(ctx, round, mine) {
  localStorage.setItem(storageKey(ctx, round), JSON.stringify(mine));
}

function newReceipt() {
  return newId().replaceAll("-", "") + newId().replaceAll("-", "").slice(0, 8);
}

// Sends what this phone has not seen acknowledged yet: after a reload or a reconnect.
async function flushPending(ctx, round, rerender) {
  for (const item of loadMine(ctx, round).filter((m) => m.pending)) {
    const ack = await ctx.send("contribution:add", { round: round.id, receipt: item.receipt, text: item.text, id: item.eventId });
    const mine = loadMine(ctx, round);
    const entry = mine.find((m) => m.receipt === item.receipt);
    if (!entry) continue;
    if (ack.ok) delete entry.pending;
    else if (ack.error !== "timeout") mine.splice(mine.indexOf(entry), 1);
    saveMine(ctx, round, mine);
    rerender();
  }
}

export function phone(node, round, ctx) {
  const { t } = ctx;
  if (round.status !== "open") {
    node.replaceChildren(revealedView(round, t));
    return;
  }
  const rerender = () => phone(node, round, ctx);
  const message = el("p", { class: "feedback", role: "status", id: "feedback" });
  const textarea = el("textarea", { id: "contribution", rows: "4", maxlength: "500", "aria-describedby": "limit-hint" });
  const send = el("button", { type: "submit", class: "primary big", id: "send", text: t.send });
  const form = el("form", { class: "stack", id: "contribute" },
    el("label", { for: "contribution", class: "big-label", text: round.prompt }),
    el("p", { class: "hint", id: "limit-hint", text: t.limit_hint }),
    textarea, send, message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = textarea.value.trim();
    if (!text) {
      message.textContent = t.empty_text;
      textarea.focus();
      return;
    }
    send.disabled = true;
    const item = { receipt: newReceipt(), text, eventId: newId(), pending: true };
    const mine = loadMine(ctx, round);
    mine.push(item);
    saveMine(ctx, round, mine);
    const ack = await ctx.send("contribution:add", { round: round.id, receipt: item.receipt, text, id: item.eventId });
    const now = loadMine(ctx, round);
    const entry = now.find((m) => m.receipt === item.receipt);
    if (ack.ok) {
      if (entry) { delete entry.pending; entry.text = ack.text; }
      saveMine(ctx, round, now);
      rerender();
      document.getElementById("feedback").textContent = t.sent;
      return;
    }
    if (ack.error !== "timeout" && entry) now.splice(now.indexOf(entry), 1);
    saveMine(ctx, round, now);
    rerender();
    document.getElementById("feedback").textContent = ack.error === "timeout" ? t.send_failed : ack.message;
    if (ack.error !== "timeout") document.getElementById("contribution").value = text;
  });

  const mine = loadMine(ctx, round);
  const list = el("ul", { class: "mine", id: "mine" });
  mine.forEach((item, index) => list.append(mineItem(item, index, round, ctx, rerender)));
  node.replaceChildren(form);
  if (mine.length) {
    node.append(el("h2", { class: "small-heading", text: t.yours }),
      el("p", { class: "hint", text: t.yours_hint }), list);
  }
  node.append(el("p", { class: "hint", text: t.waiting_reveal }));
  if (mine.some((m) => m.pending) && !ctx.flushing) {
    ctx.flushing = true;
    flushPending(ctx, round, rerender).finally(() => { ctx.flushing = false; });
  }
}

function mineItem(item, index, round, ctx, rerender) {
  const { t } = ctx;
  const text = el("p", { class: "mine-text", text: item.text });
  const status = item.pending ? el("span", { class: "muted", text: ` (${t.pending})` }) : null;
  const edit = el("button", { type: "button", class: "secondary", text: t.edit, "aria-label": `${t.edit}: ${item.text}` });
  const withdraw = el("button", { type: "button", class: "danger", text: t.withdraw, "aria-label": `${t.withdraw}: ${item.text}` });
  const li = el("li", {}, text, status, el("div", { class: "mine-actions" }, edit, withdraw));
  edit.addEventListener("click", () => {
    const input = el("textarea", { id: `edit-${index}`, rows: "3", maxlength: "500", "aria-label": t.edit });
    input.value = item.text;
    const save = el("button", { type: "button", class: "primary", text: t.save });
    const cancel = el("button", { type: "button", text: t.cancel });
    cancel.addEventListener("click", rerender);
    save.addEventListener("click", async () => {
      const ack = await ctx.send("contribution:edit", { round: round.id, receipt: item.receipt, text: input.value });
      if (ack.ok) {
        const mine = loadMine(ctx, round);
        const entry = mine.find((m) => m.receipt === item.receipt);
        if (entry) entry.text = ack.text;
        saveMine(ctx, round, mine);
        rerender();
      } else {
        ctx.notify(ack.message);
      }
    });
    li.replaceChildren(input, el("div", { class: "mine-actions" }, save, cancel));
    input.focus();
  });
  withdraw.addEventListener("click", async () => {
    const ack = await ctx.send("contribution:withdraw", { round: round.id, receipt: item.receipt });
    if (ack.ok || ack.error === "wrong_receipt") {
      saveMine(ctx, round, loadMine(ctx, round).filter((m) => m.receipt !== item.receipt));
      rerender();
    } else {
      ctx.notify(ack.message);
    }
  });
  return li;
}
