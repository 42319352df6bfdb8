// Anonymous contributions from a phone: the receipts stay on the phone (localStorage), what
// was not yet acknowledged is sent again after a reload or reconnect.
import { countWords, draftKey, el, keepDraft, newId, newReceipt, phoneStore } from "/static/js/live.js";

const store = (ctx, round) => phoneStore(`dd:${ctx.code}:${round.id}`, () => []);

function loadMine(ctx, round) {
  return store(ctx, round).load();
}

function saveMine(ctx, round, mine) {
  store(ctx, round).save(mine);
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

// The phone's form for anonymous contributions to an open round, with the list of what
// this phone sent (it alone holds the receipts), to change or withdraw until the reveal.
export function contributeForm(node, round, ctx) {
  const { t } = ctx;
  const rerender = () => contributeForm(node, round, ctx);
  const message = el("p", { class: "feedback", role: "status", id: "feedback" });
  const textarea = el("textarea", { id: "contribution", rows: "4", maxlength: "500", "aria-describedby": "limit-hint" });
  const clearDraft = keepDraft(textarea, draftKey(ctx, round.id, "contribution"));
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
    clearDraft(); // from here on it is kept (and sent again) as a pending contribution
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
    if (ack.error !== "timeout") {
      const field = document.getElementById("contribution");
      field.value = text;
      field.dispatchEvent(new Event("input")); // kept as a draft again
    }
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

// The console's form that opens a round of `kind` with a prompt (the default one filled in).
export function promptOpener(ctx, { kind, label, prompt, submit }) {
  const input = el("input", { id: `${kind}-prompt`, value: prompt, maxlength: "500" });
  const button = el("button", { type: "submit", class: "primary", text: submit });
  const form = el("form", { class: "opener", id: `open-${kind}` },
    el("label", { for: `${kind}-prompt`, text: label }), input, button);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    const ack = await ctx.send("round:open", { kind, prompt: input.value });
    button.disabled = false;
    if (!ack.ok) ctx.notify(ack.message);
  });
  return form;
}

export function countLine(counts, t, label) {
  return el("p", { class: "count-line" },
    el("strong", { class: "answered", text: String(counts.answered) }),
    ` ${t.of} `, el("span", { class: "joined", text: String(counts.joined) }),
    ` ${label} · `,
    el("span", { class: "contributions-words" }, ...countWords(t.contributions_n, counts.contributions, "contributions-count")));
}

// The projector while contributions come in: the prompt and how many have answered.
export function openOnProjector(node, round, t, label) {
  node.replaceChildren(el("h2", { class: "round-prompt", text: round.prompt }),
    el("div", { class: "projector-counts" }, countLine(round.counts, t, label)));
}

// Reveals a round; with fewer than k answers the server says why, and the facilitator confirms.
export function revealButton(ctx, round) {
  const button = el("button", { type: "button", class: "primary", id: "reveal", text: ctx.t.reveal });
  button.addEventListener("click", async () => {
    let ack = await ctx.send("round:reveal", { round: round.id });
    if (!ack.ok && ack.error === "below_threshold" && window.confirm(ack.message)) {
      ack = await ctx.send("round:reveal", { round: round.id, confirm: true });
    }
    if (!ack.ok && ack.error !== "below_threshold") ctx.notify(ack.message);
  });
  return button;
}
