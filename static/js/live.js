// The one connection helper every page uses: connect with the page's role, take the
// whole state on every (re)connect, resync when a sleeping phone wakes up, and send
// state-changing events with a client-generated id, retrying until acknowledged.
import { io } from "/static/vendor/socket.io.esm.min.js";

export function strings() {
  const node = document.getElementById("i18n");
  return node ? JSON.parse(node.textContent) : {};
}

export function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// The roll tokens a phone was given with its first answer in each stage. It presents them
// on every (re)connect, so a server that restarted knows again that it answered, without
// anything on the server's disk saying who answered what.
function rollTokens(code) {
  return phoneStore(`dd:${code}:rolls`, () => []);
}

export function connect({ code, role, onState, onRefused, onStatus, handlers = {} }) {
  const rolls = rollTokens(code);
  // The rounds in which this phone said "I'm done" (parts/stage.js): said again on reconnect.
  const done = phoneStore(`dd:${code}:done`, () => []);
  const auth = (cb) => cb(role === "participant" ? { code, role, rolls: rolls.load(), done: done.load() } : { code, role });
  const socket = io({ auth, transports: ["websocket"], reconnectionDelayMax: 4000 });
  const status = (value) => onStatus && onStatus(value);
  socket.on("connect", () => status("connected"));
  socket.on("disconnect", () => status("reconnecting"));
  socket.on("connect_error", (err) => {
    status("reconnecting");
    // The server refuses a socket it cannot place (not joined, signed out, unknown code).
    if (["not_joined", "unknown_session", "not_allowed"].includes(err.message)) {
      status(err.message);
    }
  });
  socket.on("session:state", (state) => onState && onState(state));
  socket.on("action:refused", (ack) => onRefused && onRefused(ack));
  for (const [event, handler] of Object.entries(handlers)) socket.on(event, handler);

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible") return;
    if (socket.connected) socket.emit("session:resync", {});
    else socket.connect();
  });

  // Sends `event` with an id that stays the same over retries, so a retry after a
  // reconnect is answered again rather than applied twice.
  async function send(event, payload = {}, { attempts = 6 } = {}) {
    const message = { id: newId(), ...payload };
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      try {
        const ack = await socket.timeout(5000).emitWithAck(event, message);
        if (ack && ack.roll && !rolls.load().includes(ack.roll)) rolls.save([...rolls.load(), ack.roll]);
        return ack;
      } catch (timeout) {
        await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
      }
    }
    return { ok: false, error: "timeout" };
  }

  return { socket, send };
}

// What a page's round renderers are given: its strings, the session's code, and sending
// through the page's connection, which is made after them (`ctx.live = connect(...)`).
export function pageContext(t, code) {
  const ctx = {
    t, code, notify,
    send: (...args) => ctx.live.send(...args),
    resync: () => ctx.live.socket.emit("session:resync", {}),
  };
  return ctx;
}

// A receipt the phone keeps to prove, later, that a contribution, ballot or tap is its own.
export function newReceipt() {
  return newId().replaceAll("-", "") + newId().replaceAll("-", "").slice(0, 8);
}

// "{n} dots left" with n filled in (UI strings come translated from the server).
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
}

// What this phone keeps about one round, in localStorage under `key` (never on the server).
export function phoneStore(key, empty) {
  return {
    load() {
      try {
        return JSON.parse(localStorage.getItem(key)) || empty();
      } catch {
        return empty();
      }
    },
    save(value) {
      localStorage.setItem(key, JSON.stringify(value));
    },
  };
}

// Builds an element with text (never HTML: everything a participant typed is text).
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// Shows a short message (a refusal, a failure) where screen readers announce it.
export function notify(message) {
  const toast = document.getElementById("toast");
  if (!toast || !message) return;
  toast.textContent = message;
  toast.classList.add("shown");
  clearTimeout(notify.timer);
  notify.timer = setTimeout(() => toast.classList.remove("shown"), 6000);
}

export function setText(id, value) {
  const node = document.getElementById(id);
  if (node) node.textContent = value;
}

// A count in words, from a singular/plural pair the server translated (js_strings.plural):
// `{one: "{n} condition received", other: "{n} conditions received"}`. English and Dutch
// both say "one" for 1 only.
export function plural(forms, n) {
  return fill(n === 1 ? forms.one : forms.other, { n });
}

// The same, with the number in a <strong class="cls"> (so it can be found and stands out).
export function countWords(forms, n, cls) {
  const [before, after] = (n === 1 ? forms.one : forms.other).split("{n}");
  return [before || "", el("strong", { class: cls, text: String(n) }), after || ""].filter((part) => part !== "");
}

// What someone has typed but not sent yet, kept in localStorage under `key` until it is sent,
// so it survives a redraw, a nudge, a reconnect and a reload. Returns `clear()`, to call once
// the text has been acknowledged.
export function keepDraft(field, key) {
  const saved = (() => { try { return localStorage.getItem(key); } catch { return null; } })();
  if (saved !== null) field.value = saved;
  field.addEventListener("input", () => {
    try {
      if (field.value) localStorage.setItem(key, field.value);
      else localStorage.removeItem(key);
    } catch { /* private mode: the field still holds it */ }
  });
  return () => { try { localStorage.removeItem(key); } catch { /* nothing kept */ } };
}

export function draftKey(ctx, roundId, field) {
  return `dd:${ctx.code}:draft:${roundId}:${field}`;
}
