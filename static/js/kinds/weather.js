// The weather report: every phone taps its inner weather (sunny to storm) and may add a word.
// While open every screen shows only "n of m have answered"; when the facilitator closes the
// round the distribution appears at once (only from k) with the words, shuffled. The phone
// alone knows its tap: it keeps the receipt and the choice in localStorage, and a new tap
// with the same receipt changes it.
import { el, newId, newReceipt, phoneStore } from "/static/js/live.js";
import { answeredLine, bars } from "/static/js/parts/decision.js";
import { promptOpener, revealButton } from "/static/js/parts/contribute.js";

const SCALE = ["sunny", "partly_cloudy", "cloudy", "rain", "storm"];

// Small drawn icons (not emoji: a phone or beamer without an emoji font would show boxes).
const SVG = "http://www.w3.org/2000/svg";
function shape(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}
const sun = (cx, cy, r) => shape("circle", { cx, cy, r, fill: "#e0a100" });
const cloud = (fill) => shape("path", { d: "M14 34h22a7 7 0 0 0 0-14 10 10 0 0 0-19-3 8 8 0 0 0-3 17z", fill });
const DRAW = {
  sunny: () => [sun(24, 24, 10), ...[0, 45, 90, 135, 180, 225, 270, 315].map((deg) => shape("line", {
    x1: 24, y1: 6, x2: 24, y2: 10, stroke: "#e0a100", "stroke-width": 3, "stroke-linecap": "round", transform: `rotate(${deg} 24 24)` }))],
  partly_cloudy: () => [sun(18, 17, 9), cloud("#9aa5ad")],
  cloudy: () => [cloud("#7d8a93")],
  rain: () => [cloud("#66737c"), ...[16, 24, 32].map((x) => shape("line", {
    x1: x, y1: 37, x2: x - 3, y2: 44, stroke: "#1f5f8b", "stroke-width": 3, "stroke-linecap": "round" }))],
  storm: () => [cloud("#4f5b62"), shape("path", { d: "M25 33l-6 9h6l-3 6 9-10h-6l3-5z", fill: "#e0a100" })],
};
function icon(weather) {
  const svg = shape("svg", { viewBox: "0 0 48 48", width: "40", height: "40", "aria-hidden": "true", focusable: "false", class: "weather-icon" });
  svg.append(...DRAW[weather]());
  return svg;
}

// The latest "n of m" a phone heard (round:tallied), so a redraw after a tap keeps it
// (taps are never withdrawn, so the larger count is the newer).
const latest = new Map();

const nameOf = (t) => (weather) => t[`weather_${weather}`] || weather;

function counted(round) {
  return { answered: round.counts.answered, joined: round.counts.joined };
}

// How many have answered, for a phone to update its line in place.
export function answered(round) {
  latest.set(round.id, counted(round));
  return counted(round);
}

// The closed weather report as everyone sees it: the distribution (from k) and the words.
function closedView(round, t, { withPrompt = true } = {}) {
  const report = round.weather || { scale: SCALE, counts: null, words: [], k: 0 };
  const parts = [];
  if (withPrompt) parts.push(el("h2", { class: "round-prompt", text: round.prompt }));
  parts.push(bars({ counts: report.counts, options: report.scale, name: nameOf(t), step: "closed", k: report.k, result: null }, t));
  if (report.words.length) {
    parts.push(el("h3", { text: t.weather_words }));
    parts.push(el("div", { class: "wall weather-words" },
      ...report.words.map((w) => el("p", { class: "contribution card-ish", text: w.text }))));
  }
  return el("div", { class: "weather-closed" }, ...parts);
}

// --- console ----------------------------------------------------------------------------

export function opener(ctx) {
  const { t } = ctx;
  return promptOpener(ctx, { kind: "weather", label: t.weather_prompt, prompt: t.weather_default_prompt, submit: t.weather_open });
}

function consoleView(node, round, ctx) {
  const { t } = ctx;
  node.replaceChildren(el("h3", { class: "round-title", text: `${t.weather}: ${round.prompt}` }));
  if (round.status === "open") {
    const close = revealButton(ctx, round);
    close.textContent = t.weather_close;
    node.append(answeredLine(counted(round), t), el("p", { class: "hint", text: t.weather_hidden_until_close }), close);
  } else {
    node.append(closedView(round, t, { withPrompt: false }));
  }
}
export { consoleView as console };

// --- projector ------------------------------------------------------------------------

export function projector(node, round, ctx) {
  const { t } = ctx;
  if (round.status === "open") {
    node.replaceChildren(el("h2", { class: "round-prompt", text: round.prompt }),
      el("div", { class: "projector-counts" }, answeredLine(counted(round), t)));
  } else {
    node.replaceChildren(closedView(round, t));
  }
}

// --- phone ----------------------------------------------------------------------------------

const store = (ctx, round) => phoneStore(`dd:${ctx.code}:${round.id}:weather`, () => ({}));

export function phone(node, round, ctx) {
  const { t } = ctx;
  if (round.status !== "open") {
    node.replaceChildren(closedView(round, t));
    return;
  }
  const rerender = () => phone(node, round, ctx);
  const mine = store(ctx, round).load();
  const message = el("p", { class: "feedback", role: "status", id: "feedback" });

  const choices = el("div", { class: "weather-scale", role: "group", "aria-labelledby": "weather-question" });
  for (const weather of SCALE) {
    const chosen = mine.tap && mine.tap.choice === weather;
    const button = el("button", { type: "button", class: `weather-choice${chosen ? " chosen" : ""}`, id: `weather-${weather}`, "aria-pressed": chosen ? "true" : "false" },
      icon(weather),
      el("span", { class: "weather-name", text: nameOf(t)(weather) }));
    button.addEventListener("click", async () => {
      // The receipt is kept before it is sent: a tap that timed out but arrived is changed,
      // not refused, by the next one.
      const now = store(ctx, round).load();
      const tap = now.tap || { receipt: newReceipt() };
      store(ctx, round).save({ ...now, tap });
      const ack = await ctx.send("weather:tap", { round: round.id, receipt: tap.receipt, choices: [weather], id: newId() });
      if (ack.ok) {
        store(ctx, round).save({ ...store(ctx, round).load(), tap: { receipt: tap.receipt, choice: weather } });
        rerender();
        document.getElementById("feedback").textContent = t.weather_tapped;
      } else {
        message.textContent = ack.error === "timeout" ? t.send_failed : ack.message;
      }
    });
    choices.append(button);
  }

  const parts = [el("h2", { class: "big-label", id: "weather-question", text: round.prompt }), choices, message];
  if (mine.word) {
    parts.push(el("p", { class: "hint" }, `${t.weather_your_word}: `, el("strong", { class: "mine-text", text: mine.word.text })));
  } else {
    const input = el("input", { id: "weather-word", maxlength: "60", autocomplete: "off" });
    const send = el("button", { type: "submit", class: "secondary", id: "send-word", text: t.weather_word_send });
    const form = el("form", { class: "stack", id: "weather-word-form" },
      el("label", { for: "weather-word", text: t.weather_word_label }), input, send);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) { input.focus(); return; }
      send.disabled = true;
      // Kept before it is sent, so a retry after a timeout is the same word, stored once.
      const before = store(ctx, round).load();
      const receipt = before.wordReceipt || newReceipt();
      store(ctx, round).save({ ...before, wordReceipt: receipt });
      const ack = await ctx.send("weather:word", { round: round.id, receipt, text, id: newId() });
      send.disabled = false;
      if (ack.ok) {
        store(ctx, round).save({ ...store(ctx, round).load(), word: { receipt, text: ack.text } });
        rerender();
        document.getElementById("feedback").textContent = t.weather_word_sent;
      } else {
        message.textContent = ack.error === "timeout" ? t.send_failed : ack.message;
      }
    });
    parts.push(form);
  }
  const heard = latest.get(round.id);
  const count = heard && heard.answered > round.counts.answered ? heard : counted(round);
  parts.push(answeredLine(count, t), el("p", { class: "hint", text: t.weather_hidden_until_close }));
  node.replaceChildren(...parts);
}
