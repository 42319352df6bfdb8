// The projector: question, QR, live counts and revealed rounds; no controls. It never
// scrolls: static/js/beamer.js fits (or pages) what a round shows into the window.
import { fitter } from "/static/js/beamer.js";
import { connect, pageContext, setText, strings } from "/static/js/live.js";
import { roundDrawer } from "/static/js/rounds.js";
import { timerView } from "/static/js/parts/stage.js";

const t = strings();
const page = document.getElementById("page").dataset;
const shownLanguage = document.documentElement.lang;
const ctx = pageContext(t, page.code);
fitter({
  box: document.getElementById("projector-main"),
  content: document.getElementById("round-view"),
  head: document.getElementById("projector-head"),
  headBox: document.getElementById("projector-head"),
  indicator: document.getElementById("beamer-page"),
});
const rounds = roundDrawer(document.getElementById("round-view"), "projector", ctx);
const timer = timerView(ctx);
document.getElementById("round-view").before(timer.node);

let qrAsked = false; // the facilitator asked for the QR large

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
  // The QR is large while people join (before the first round) or when the facilitator
  // asks for it; otherwise a corner mark beside the title.
  qrAsked = !ended && Boolean(state.session.qr_large);
  document.body.classList.toggle("qr-big", !ended && (!state.round || qrAsked));
  document.body.classList.toggle("high-contrast", Boolean(state.session.high_contrast));
  if (state.presence) setText("connected-count", String(state.presence.connected));
  showRound(state.round);
}

// A live discussion on feet takes the whole wall (its renderer sets `feet-live`); any other
// round gives it back.
function showRound(round) {
  if (!round || round.kind !== "feet") document.body.classList.remove("feet-live");
  rounds.show(round);
  timer.show(round);
}

ctx.live = connect({
  code: page.code,
  role: "projector",
  onState: showState,
  handlers: {
    "presence:changed": (p) => setText("connected-count", String(p.connected)),
    "round:changed": (round) => {
      document.body.classList.add("has-round");
      document.body.classList.toggle("qr-big", qrAsked);
      showRound(round);
    },
    "round:counted": (counts) => rounds.counted(counts),
    // Counts of a poll (or any vote): the round's view again, to console and projector only.
    "round:tallied": (round) => rounds.tallied(round),
    // A step of a discussion on feet: the statements and how many stand with each.
    "feet:board": (board) => rounds.board(board),
    // Step 5's heat, in shuffled batches, to every screen at once.
    "heat:released": (batch) => rounds.added("heat:released", batch),
  },
});
