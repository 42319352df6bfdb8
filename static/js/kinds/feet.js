// The discussion on feet, off the record. Phones post short statements; they reach every
// screen in shuffled batches on the round's clock (never the moment one is sent). Each phone
// stands with one statement at a time, or with none; the projector shows the statements as
// bubbles that grow with how many stand with each, in steps every few seconds. The facilitator
// may ask "who shares a bit of this?" on one (it pulses). When the round ends nothing is kept:
// the phone forgets where it stood too.
import { el, fill, keepDraft, draftKey, newId, newReceipt, phoneStore } from "/static/js/live.js";

const EMPTY = { statements: [], standing: 0, pulse: null, limit: 140 };
const boardOf = (round) => ({ ...EMPTY, ...(round.feet || {}) });
const live = (round) => round.status === "open" && !round.ended_by_restart;

// "3 stand here" / "1 stands here" / "nobody yet".
function standingWords(t, n) {
  if (n === 0) return t.feet_nobody;
  return fill(n === 1 ? t.feet_stands_one : t.feet_stands_other, { n });
}

function endedNotice(round, t) {
  return el("p", { class: "notice notice-ended feet-ended", role: "status",
    text: round.ended_by_restart ? t.feet_ended_restart : t.feet_ended });
}

// Builds the part of a screen that stays while the round lives (kept across board steps, so
// a half-typed statement and the bubbles' transitions survive), or finds it again.
function frame(node, round, build) {
  const existing = node.querySelector(":scope > .feet");
  if (existing && existing.dataset.round === round.id) return existing;
  const root = el("div", { class: "feet", "data-round": round.id });
  build(root);
  node.replaceChildren(root);
  return root;
}

// --- console ----------------------------------------------------------------------------

export function opener(ctx) {
  const { t } = ctx;
  const input = el("input", { id: "feet-prompt", value: t.feet_default_prompt, maxlength: "500", "aria-describedby": "feet-off-record" });
  const button = el("button", { type: "submit", class: "primary", text: t.feet_open });
  const form = el("form", { class: "opener feet-opener", id: "open-feet" },
    el("label", { for: "feet-prompt", text: t.feet_prompt }), input, button,
    el("p", { class: "notice feet-promise", id: "feet-off-record", text: t.feet_off_record_before }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    const ack = await ctx.send("round:open", { kind: "feet", prompt: input.value });
    button.disabled = false;
    if (!ack.ok) ctx.notify(ack.message);
  });
  return form;
}

function consoleView(node, round, ctx) {
  const { t } = ctx;
  if (!live(round)) {
    node.replaceChildren(el("h3", { class: "round-title", text: `${t.feet}: ${round.prompt}` }), endedNotice(round, t));
    return;
  }
  const root = frame(node, round, (root) => {
    const end = el("button", { type: "button", class: "danger", id: "feet-end", text: t.feet_end });
    end.addEventListener("click", async () => {
      if (!window.confirm(t.feet_end_confirm)) return;
      end.disabled = true;
      const ack = await ctx.send("round:close", { round: round.id });
      end.disabled = false;
      if (!ack.ok) ctx.notify(ack.message);
    });
    root.append(
      el("h3", { class: "round-title", text: `${t.feet}: ${round.prompt}` }),
      el("p", { class: "notice feet-promise", text: t.feet_off_record_live }),
      el("p", { class: "hint", text: t.feet_console_hint }),
      el("ul", { class: "feet-console-list", id: "feet-statements" }),
      el("p", { class: "feet-empty hint", text: t.feet_waiting }),
      end);
  });
  const board = boardOf(round);
  root.querySelector(".feet-empty").hidden = board.statements.length > 0;
  root.querySelector("#feet-statements").replaceChildren(...board.statements.map((s) => {
    const asking = board.pulse === s.id;
    const ask = el("button", { type: "button", class: asking ? "primary" : "", "aria-pressed": asking ? "true" : "false",
      text: asking ? t.feet_pulse_stop : t.feet_pulse });
    ask.addEventListener("click", async () => {
      ask.disabled = true;
      const ack = await ctx.send("feet:pulse", { round: round.id, statement: asking ? null : s.id });
      ask.disabled = false;
      if (!ack.ok) ctx.notify(ack.message);
      else ask.textContent = t.feet_pulse_soon;
    });
    return el("li", { class: `feet-console-item${asking ? " pulsing" : ""}` },
      el("span", { class: "feet-text", text: s.text }),
      el("strong", { class: "feet-count", text: standingWords(t, s.count) }),
      ask);
  }));
}
export { consoleView as console };

// --- projector ------------------------------------------------------------------------

// A bubble's diameter in px before it is fitted to the wall: room for its text, and grown
// with the square root of how many stand with it (so its area grows with them).
export function diameter(text, count, most) {
  const room = 200 + 14 * Math.sqrt(text.length);
  return room * (1 + 0.5 * (most > 0 ? Math.sqrt(count / most) : 0));
}

// The text's size in a bubble of diameter d: as large as fits, legible from the back.
function fontSize(d, text) {
  return Math.max(12, Math.min(42, (d * 0.62) / Math.sqrt(text.length + 10)));
}

// The height the wall's rows take (flex-wrap, in order) with every bubble at `scale`.
function wallHeight(sizes, scale, width, gapX, gapY) {
  let rowWidth = 0;
  let rowHeight = 0;
  let total = 0;
  for (const size of sizes) {
    const d = size * scale + 8; // its border
    if (rowWidth > 0 && rowWidth + gapX + d > width) {
      total += rowHeight + gapY;
      rowWidth = 0;
      rowHeight = 0;
    }
    rowWidth += (rowWidth > 0 ? gapX : 0) + d;
    rowHeight = Math.max(rowHeight, d);
  }
  return total + rowHeight;
}

// Fits every bubble on the wall: all shrink by one factor until their rows fit between the
// wall's top edge and the bottom of the window (never grow beyond their own size). Laid out
// by arithmetic, not by measuring, as the bubbles are still moving to their last sizes.
function fitted(wall, sizes) {
  const style = getComputedStyle(wall);
  const gapX = parseFloat(style.columnGap) || 24;
  const gapY = parseFloat(style.rowGap) || 20;
  const padding = (parseFloat(style.paddingTop) || 0) + (parseFloat(style.paddingBottom) || 0);
  const width = Math.max(200, wall.clientWidth);
  const room = Math.max(120, window.innerHeight - wall.getBoundingClientRect().top - 24 - padding);
  let scale = 1;
  for (let i = 0; i < 40 && wallHeight(sizes, scale, width, gapX, gapY) > room; i += 1) scale *= 0.94;
  return scale;
}

// The projector's last drawing, to fit the bubbles again when the window changes size.
let shownOnProjector = null;
window.addEventListener("resize", () => {
  if (shownOnProjector) projector(...shownOnProjector);
});

export function projector(node, round, ctx) {
  const { t } = ctx;
  shownOnProjector = live(round) ? [node, round, ctx] : null;
  document.body.classList.toggle("feet-live", live(round));
  if (!live(round)) {
    node.replaceChildren(el("h2", { class: "round-prompt", text: round.prompt }), endedNotice(round, t));
    return;
  }
  const root = frame(node, round, (root) => {
    root.append(
      el("h2", { class: "round-prompt feet-topic", text: round.prompt }),
      el("p", { class: "feet-promise-line", text: t.feet_off_record_projector }),
      el("p", { class: "feet-ask", id: "feet-ask", hidden: "" }),
      el("div", { class: "feet-wall", id: "feet-wall" }),
      el("p", { class: "feet-empty", text: t.feet_projector_waiting }));
  });
  const board = boardOf(round);
  root.querySelector(".feet-empty").hidden = board.statements.length > 0;
  const ask = root.querySelector("#feet-ask");
  ask.hidden = !board.pulse;
  ask.textContent = t.feet_pulse_question;
  const wall = root.querySelector("#feet-wall");
  const most = Math.max(1, ...board.statements.map((s) => s.count));
  const known = new Map([...wall.children].map((b) => [b.dataset.id, b]));
  const sizes = board.statements.map((s) => diameter(s.text, s.count, most));
  const scale = fitted(wall, sizes);
  const bubbles = board.statements.map((s, i) => {
    let bubble = known.get(s.id);
    if (!bubble) {
      bubble = el("div", { class: "feet-bubble new", "data-id": s.id },
        el("p", { class: "feet-bubble-text", text: s.text }),
        el("p", { class: "feet-bubble-count" }));
      setTimeout(() => bubble.classList.remove("new"), 50);
    }
    const size = Math.round(sizes[i] * scale);
    bubble.style.width = `${size}px`;
    bubble.style.height = `${size}px`;
    bubble.style.fontSize = `${Math.round(fontSize(size, s.text))}px`;
    bubble.style.padding = `0 ${Math.round(size * 0.14)}px`; // the text keeps inside the round
    bubble.classList.toggle("empty", s.count === 0);
    bubble.classList.toggle("pulsing", board.pulse === s.id);
    bubble.querySelector(".feet-bubble-count").textContent = standingWords(t, s.count);
    return bubble;
  });
  wall.replaceChildren(...bubbles);
}

// --- phone ----------------------------------------------------------------------------------

const place = (ctx, round) => phoneStore(`dd:${ctx.code}:${round.id}:feet`, () => ({}));

export function phone(node, round, ctx) {
  const { t } = ctx;
  if (!live(round)) {
    // Off the record: the phone forgets where it stood, and its own statements.
    try { localStorage.removeItem(`dd:${ctx.code}:${round.id}:feet`); } catch { /* nothing kept */ }
    node.replaceChildren(el("h2", { class: "round-prompt", text: round.prompt }), endedNotice(round, t));
    return;
  }
  const board = boardOf(round);
  const rerender = () => phone(node, round, ctx);
  const root = frame(node, round, (root) => {
    const textarea = el("textarea", { id: "feet-statement", rows: "3", maxlength: String(board.limit), "aria-describedby": "feet-say-hint" });
    const clearDraft = keepDraft(textarea, draftKey(ctx, round.id, "feet"));
    const send = el("button", { type: "submit", class: "primary big", id: "feet-send", text: t.feet_send });
    const message = el("p", { class: "feedback", role: "status", id: "feedback" });
    const form = el("form", { class: "stack", id: "feet-say" },
      el("h2", { class: "big-label feet-topic", text: round.prompt }),
      el("p", { class: "notice feet-promise", text: t.feet_off_record_phone }),
      el("label", { for: "feet-statement", text: t.feet_say_label }),
      el("p", { class: "hint", id: "feet-say-hint", text: fill(t.feet_say_hint, { n: board.limit }) }),
      textarea, send, message);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = textarea.value.trim();
      if (!text) { message.textContent = t.empty_text; textarea.focus(); return; }
      send.disabled = true;
      const receipt = newReceipt();
      const ack = await ctx.send("feet:say", { round: round.id, receipt, text, id: newId() });
      send.disabled = false;
      if (ack.ok) {
        textarea.value = "";
        clearDraft();
        message.textContent = t.feet_said;
      } else {
        message.textContent = ack.error === "timeout" ? t.send_failed : ack.message;
      }
    });
    root.append(form,
      el("h3", { class: "small-heading", id: "feet-wall-heading", text: t.feet_wall }),
      el("p", { class: "hint", text: t.feet_stand_hint }),
      el("p", { class: "feet-ask", id: "feet-ask", hidden: "" }),
      el("ul", { class: "feet-phone-list", id: "feet-statements", "aria-labelledby": "feet-wall-heading" }),
      el("p", { class: "feet-empty hint", text: t.feet_waiting }));
  });

  const mine = place(ctx, round).load();
  const here = board.statements.some((s) => s.id === mine.standing) ? mine.standing : null;
  root.querySelector(".feet-empty").hidden = board.statements.length > 0;
  const ask = root.querySelector("#feet-ask");
  ask.hidden = !board.pulse;
  ask.textContent = t.feet_pulse_question_phone;
  const move = async (statement) => {
    const ack = await ctx.send("feet:stand", { round: round.id, statement, id: newId() });
    if (ack.ok) {
      place(ctx, round).save({ ...place(ctx, round).load(), standing: ack.standing });
      rerender();
      document.getElementById("feedback").textContent = ack.standing ? t.feet_standing_now : t.feet_stepped_away;
    } else {
      document.getElementById("feedback").textContent = ack.error === "timeout" ? t.send_failed : ack.message;
    }
  };
  root.querySelector("#feet-statements").replaceChildren(...board.statements.map((s) => {
    const standing = here === s.id;
    const button = el("button", { type: "button", class: standing ? "primary feet-stand" : "feet-stand", "aria-pressed": standing ? "true" : "false",
      text: standing ? t.feet_step_away : t.feet_stand });
    button.addEventListener("click", () => move(standing ? null : s.id));
    return el("li", { class: `feet-phone-item${standing ? " mine" : ""}${board.pulse === s.id ? " pulsing" : ""}` },
      el("p", { class: "feet-text", text: s.text }),
      el("p", { class: "feet-count", text: standing ? `${t.feet_you_stand_here} · ${standingWords(t, s.count)}` : standingWords(t, s.count) }),
      button);
  }));
}
