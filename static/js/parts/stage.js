// Running a round, on every page beside the round itself: the timer (its controls on the
// console; a countdown on beamer and phones), "I'm done" (a button on the phone, a count on
// the console only) and the console's list of texts it can hide from beamer and phones.
import { el, fill, phoneStore } from "/static/js/live.js";

const pad = (n) => String(n).padStart(2, "0");

export function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${pad(s % 60)}`;
}

// The countdown. The server sends the deadline with its own clock, so the time left is
// counted from what the server said, whatever this device's clock says.
export function timerView(ctx, { controls = false } = {}) {
  const t = ctx.t;
  const digits = el("span", { class: "timer-digits", role: "timer", "aria-label": t.timer_left, text: "" });
  const state = el("span", { class: "timer-state" });
  // Said once, where screen readers hear it: "Time is up".
  const up = el("p", { class: "timer-up", role: "status", "aria-live": "polite" });
  const face = el("div", { class: "timer-face" }, digits, state);
  const node = el("div", { class: "round-timer", id: "round-timer", hidden: "" }, face, up);
  let round = null;
  let end = null; // Date.now() at zero, while running
  let tick = null;

  const draw = () => {
    const timer = round && round.timer;
    const left = !timer ? 0 : timer.running ? (end - Date.now()) / 1000 : timer.left;
    const over = Boolean(timer) && (timer.expired || (timer.running && left <= 0));
    digits.textContent = clock(over ? 0 : left);
    state.textContent = timer && !timer.running && !timer.expired ? t.timer_paused : "";
    face.hidden = !timer;
    node.classList.toggle("timer-over", over);
    node.classList.toggle("timer-paused", Boolean(timer) && !timer.running && !timer.expired);
    const saying = over ? t.time_up : "";
    if (up.textContent !== saying) up.textContent = saying;
    if (!timer || !timer.running || over) { clearInterval(tick); tick = null; }
  };

  const buttons = controls ? consoleControls(ctx, () => round) : null;
  if (buttons) node.append(buttons.node);

  return {
    node,
    show(next) {
      round = next && next.status !== "closed" ? next : null;
      const timer = round && round.timer;
      node.hidden = !timer && !controls || !round;
      if (buttons) buttons.show(round);
      end = timer && timer.running ? Date.now() + (timer.deadline - timer.server_now) * 1000 : null;
      clearInterval(tick);
      tick = timer && timer.running ? setInterval(draw, 250) : null;
      draw();
    },
  };
}

function consoleControls(ctx, current) {
  const t = ctx.t;
  const minutes = el("input", { id: "timer-minutes", type: "number", min: "1", max: "120", step: "1", value: "5", inputmode: "numeric" });
  const closeAtZero = el("input", { id: "timer-close", type: "checkbox" });
  const start = el("button", { type: "button", id: "timer-start", class: "primary", text: t.timer_start });
  const more = el("button", { type: "button", id: "timer-more", text: t.timer_add_minute });
  const pause = el("button", { type: "button", id: "timer-pause", text: t.timer_pause });
  const reset = el("button", { type: "button", id: "timer-reset", text: t.timer_reset });
  const send = async (event, payload = {}) => {
    const round = current();
    if (!round) return;
    const ack = await ctx.send(event, { round: round.id, ...payload });
    if (!ack.ok) ctx.notify(ack.message);
  };
  start.addEventListener("click", () => send("timer:start", { minutes: Number(minutes.value), close_at_zero: closeAtZero.checked }));
  more.addEventListener("click", () => send("timer:add_minute"));
  pause.addEventListener("click", () => {
    const timer = current() && current().timer;
    send(timer && timer.running ? "timer:pause" : "timer:resume");
  });
  reset.addEventListener("click", () => send("timer:reset"));
  const setup = el("div", { class: "timer-setup tool-row" },
    el("label", { for: "timer-minutes", text: t.timer_minutes }), minutes,
    el("span", { class: "timer-close" }, closeAtZero, el("label", { for: "timer-close", text: t.timer_close_at_zero })),
    start);
  const running = el("div", { class: "timer-buttons tool-row" }, more, pause, reset);
  return {
    node: el("div", { class: "timer-controls" }, setup, running),
    show(round) {
      const timer = round && round.timer;
      setup.hidden = Boolean(timer);
      running.hidden = !timer;
      if (timer) {
        pause.textContent = timer.running ? t.timer_pause : t.timer_resume;
        pause.disabled = timer.expired;
      }
    },
  };
}

// "I'm done", on the phone. The phone remembers in which rounds it said so (and says it
// again when it reconnects, see live.js); the server keeps it in memory only.
export function doneStore(code) {
  return phoneStore(`dd:${code}:done`, () => []);
}

export function doneButton(ctx) {
  const t = ctx.t;
  const store = doneStore(ctx.code);
  const button = el("button", { type: "button", id: "done", class: "done-button", "aria-pressed": "false", text: t.i_am_done });
  const said = el("p", { class: "done-said hint", id: "done-said", role: "status" });
  const node = el("div", { class: "done-box", hidden: "" }, button, said);
  let round = null;
  const draw = () => {
    const done = Boolean(round) && store.load().includes(round.id);
    button.setAttribute("aria-pressed", String(done));
    button.textContent = done ? t.done_undo : t.i_am_done;
    button.classList.toggle("is-done", done);
    said.textContent = done ? t.done_said : "";
  };
  button.addEventListener("click", async () => {
    if (!round) return;
    const id = round.id;
    const done = !store.load().includes(id);
    button.disabled = true;
    const ack = await ctx.send("round:done", { round: id, done });
    button.disabled = false;
    if (!ack.ok) { ctx.notify(ack.message); return; }
    const others = store.load().filter((r) => r !== id);
    store.save(done ? [...others.slice(-20), id] : others);
    draw();
  });
  return {
    node,
    show(next) {
      round = next && next.status !== "closed" ? next : null;
      node.hidden = !round;
      draw();
    },
  };
}

// The console's "5 of 7 done": a count only, never who.
export function doneCount(ctx) {
  const node = el("p", { class: "done-count", id: "done-count", hidden: "" });
  let roundId = null;
  return {
    node,
    round(round) {
      const fresh = round && round.id !== roundId;
      roundId = round ? round.id : null;
      node.hidden = !round || round.status === "closed";
      // A round that just opened: nobody is done yet (a count follows when someone taps).
      if (fresh && round.counts) this.show({ round: round.id, done: 0, joined: round.counts.joined });
    },
    show(count) {
      if (!count || count.round !== roundId) return;
      node.textContent = fill(ctx.t.done_count, { done: count.done, joined: count.joined });
    },
  };
}

// The console's list of what this round has shown (or will show), each with "hide" or "show
// again"; what is hidden is struck through here and reaches no other screen.
export function hidePanel(ctx) {
  const t = ctx.t;
  const list = el("ul", { class: "hide-list", id: "hide-list" });
  const node = el("details", { class: "hide-panel", id: "hide-panel", hidden: "" },
    el("summary", { text: t.hide_heading }), el("p", { class: "hint", text: t.hide_hint }), list);
  return {
    node,
    show(round) {
      const items = (round && round.hideable) || [];
      node.hidden = !items.length;
      const hiddenCount = items.filter((item) => item.hidden).length;
      node.querySelector("summary").textContent = hiddenCount ? `${t.hide_heading} (${fill(t.hidden_n, { n: hiddenCount })})` : t.hide_heading;
      list.replaceChildren(...items.map((item) => {
        const text = el(item.hidden ? "s" : "span", { class: "hide-text", text: item.text });
        if (item.hidden) text.append(el("span", { class: "visually-hidden", text: ` (${t.hidden_mark})` }));
        const button = el("button", { type: "button", class: item.hidden ? "" : "danger-quiet", text: item.hidden ? t.unhide : t.hide });
        button.setAttribute("aria-label", `${item.hidden ? t.unhide : t.hide}: ${item.text}`);
        button.addEventListener("click", async () => {
          button.disabled = true;
          const ack = await ctx.send("contribution:hide", { round: round.id, contribution: item.id, hidden: !item.hidden });
          button.disabled = false;
          if (!ack.ok) ctx.notify(ack.message);
        });
        return el("li", { class: item.hidden ? "is-hidden" : "" }, text, button);
      }));
    },
  };
}
