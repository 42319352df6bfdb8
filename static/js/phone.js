// The phone: one clear thing per screen. It keeps its own receipts and votes locally;
// the server never links what it sends to who sent it.
import { connect, notify, pageContext, setText, strings } from "/static/js/live.js";
import { roundDrawer } from "/static/js/rounds.js";
import { doneButton, timerView } from "/static/js/parts/stage.js";

const t = strings();
const page = document.getElementById("page").dataset;
const ctx = pageContext(t, page.code);
const rounds = roundDrawer(document.getElementById("round-screen"), "phone", ctx);
// The timer above the round, "I'm done" below it: neither is redrawn with the round.
const timer = timerView(ctx);
const done = doneButton(ctx);
document.getElementById("round-screen").before(timer.node);
document.getElementById("round-screen").after(done.node);

function showRound(round) {
  const ended = document.body.dataset.sessionStatus === "ended";
  document.getElementById("waiting").hidden = ended || Boolean(round);
  rounds.show(ended ? null : round);
  timer.show(ended ? null : round);
  done.show(ended ? null : round);
}

function showState(state) {
  setText("title", state.session.title);
  setText("question", state.session.question);
  document.body.dataset.sessionStatus = state.session.status;
  document.getElementById("ended").hidden = state.session.status !== "ended";
  // Once the facilitator shares it: a read-only summary, without names.
  const link = document.getElementById("summary-link");
  link.hidden = !state.summary_url;
  if (state.summary_url) link.href = state.summary_url;
  showRound(state.round);
}

ctx.live = connect({
  code: page.code,
  role: "participant",
  onState: showState,
  onRefused: (ack) => notify(ack.message),
  onStatus: (status) => {
    setText("connection", t[status] || status);
    document.body.dataset.connection = status;
    if (status === "not_joined") window.location.assign(page.joinUrl);
  },
  handlers: {
    "round:changed": showRound,
    // How many have answered while a stage is open; never what.
    "round:tallied": (round) => rounds.tallied(round),
    // A step of a discussion on feet: the statements and how many stand with each.
    "feet:board": (board) => rounds.board(board),
    // Step 5's heat, in shuffled batches, to every screen at once.
    "heat:released": (batch) => rounds.added("heat:released", batch),
    // A gentle second prompt; the phone alone knows whether it has answered.
    "round:nudged": (nudge) => {
      ctx.nudged = { ...(ctx.nudged || {}), [nudge.round]: true };
      showRound(rounds.current);
    },
  },
});
