// The projector: question, QR, live counts; no controls.
import { connect, setText } from "/static/js/live.js";

const page = document.getElementById("page").dataset;
const shownLanguage = document.documentElement.lang;

function showState(state) {
  if (state.session.language !== shownLanguage) {
    window.location.reload(); // the projector speaks the session's language
    return;
  }
  setText("title", state.session.title);
  setText("question", state.session.question);
  const ended = state.session.status === "ended";
  document.getElementById("ended-notice").hidden = !ended;
  document.getElementById("join-aside").hidden = ended;
  if (state.presence) setText("connected-count", String(state.presence.connected));
  document.dispatchEvent(new CustomEvent("session:state", { detail: state }));
}

connect({
  code: page.code,
  role: "projector",
  onState: showState,
  handlers: { "presence:changed": (p) => setText("connected-count", String(p.connected)) },
});
