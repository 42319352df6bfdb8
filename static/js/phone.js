// The phone: one clear thing per screen. It keeps its own receipts and votes locally;
// the server never links what it sends to who sent it.
import { connect, setText, strings } from "/static/js/live.js";

const t = strings();
const page = document.getElementById("page").dataset;

function showState(state) {
  setText("title", state.session.title);
  setText("question", state.session.question);
  const ended = state.session.status === "ended";
  document.getElementById("ended").hidden = !ended;
  document.getElementById("waiting").hidden = ended;
  document.body.dataset.sessionStatus = state.session.status;
  document.dispatchEvent(new CustomEvent("session:state", { detail: state }));
}

const live = connect({
  code: page.code,
  role: "participant",
  onState: showState,
  onStatus: (status) => {
    setText("connection", t[status] || status);
    document.body.dataset.connection = status;
    if (status === "not_joined") window.location.assign(page.joinUrl);
  },
});
window.live = live;
