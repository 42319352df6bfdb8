// The projector: question, QR, live counts and revealed rounds; no controls.
import { connect, pageContext, setText, strings } from "/static/js/live.js";
import { roundDrawer } from "/static/js/rounds.js";

const t = strings();
const page = document.getElementById("page").dataset;
const shownLanguage = document.documentElement.lang;
const ctx = pageContext(t, page.code);
const rounds = roundDrawer(document.getElementById("round-view"), "projector", ctx);

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
  document.body.classList.toggle("has-round", Boolean(state.round));
  if (state.presence) setText("connected-count", String(state.presence.connected));
  rounds.show(state.round);
}

ctx.live = connect({
  code: page.code,
  role: "projector",
  onState: showState,
  handlers: {
    "presence:changed": (p) => setText("connected-count", String(p.connected)),
    "round:changed": (round) => { document.body.classList.add("has-round"); rounds.show(round); },
    "round:counted": (counts) => rounds.counted(counts),
    // Counts of a poll (or any vote): the round's view again, to console and projector only.
    "round:tallied": (round) => rounds.tallied(round),
    // Step 5's heat, in shuffled batches, to every screen at once.
    "heat:released": (batch) => rounds.added("heat:released", batch),
  },
});
