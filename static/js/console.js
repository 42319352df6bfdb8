// The facilitator's console: live counts, the attendance list, session controls.
import { connect, el, setText, strings } from "/static/js/live.js";

const t = strings();
const page = document.getElementById("page").dataset;
const attendance = document.getElementById("attendance");

function showPresence(presence) {
  setText("connected-count", String(presence.connected));
  setText("joined-count", String(presence.joined));
  attendance.replaceChildren(
    ...(presence.attendance || []).map((entry) =>
      el("li", { class: entry.connected ? "" : "offline" },
        el("span", { text: entry.name || t.anonymous }),
        entry.connected ? null : el("span", { class: "muted", text: ` (${t.offline})` })))
  );
}

function showState(state) {
  setText("question", state.session.question);
  const ended = state.session.status === "ended";
  document.getElementById("ended-notice").hidden = !ended;
  document.getElementById("close-session").disabled = ended;
  document.getElementById("session-language").value = state.session.language;
  if (state.presence) showPresence(state.presence);
  document.dispatchEvent(new CustomEvent("session:state", { detail: state }));
}

const live = connect({
  code: page.code,
  role: "facilitator",
  onState: showState,
  onStatus: (status) => setText("connection", t[status] || status),
  onRefused: (ack) => alert(ack.message),
  handlers: { "presence:changed": showPresence },
});
window.live = live;

document.getElementById("close-session").addEventListener("click", async (event) => {
  if (!confirm(t.confirm_close)) return;
  event.target.disabled = true;
  await live.send("session:close");
});

document.getElementById("session-language").addEventListener("change", async (event) => {
  await live.send("session:language", { language: event.target.value });
});
