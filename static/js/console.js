// The facilitator's console: live counts, the attendance list, the rounds, session controls.
import { connect, el, notify, pageContext, setText, strings } from "/static/js/live.js";
import { loadAll } from "/static/js/kinds/index.js";
import { roundDrawer } from "/static/js/rounds.js";
import { runSheet } from "/static/js/runsheet.js";

const t = strings();
const page = document.getElementById("page").dataset;
const attendance = document.getElementById("attendance");
const joinPanel = document.getElementById("join-panel");
// The join panel folds to a strip once people have joined; a click unfolds it again, and
// then it stays as the facilitator left it.
let joinTouched = false;
document.getElementById("join-strip").addEventListener("click", () => { joinTouched = true; });

function showPresence(presence) {
  if (!joinTouched && presence.joined > 0) joinPanel.open = false;
  setText("connected-count", String(presence.connected));
  setText("joined-count", String(presence.joined));
  attendance.replaceChildren(
    ...(presence.attendance || []).map((entry) =>
      el("li", { class: entry.connected ? "" : "offline" },
        el("span", { text: entry.name || t.anonymous }),
        entry.connected ? null : el("span", { class: "muted", text: ` (${t.offline})` })))
  );
}

const ctx = pageContext(t, page.code);
const roundPanel = document.getElementById("round-panel");
const rounds = roundDrawer(roundPanel, "console", ctx);
const otherRound = document.getElementById("other-round");
const sheet = runSheet(document.getElementById("runsheet-body"), ctx, {
  roundPanel,
  // Once there is a plan, the run sheet is the way to start a round: the other forms fold.
  onChange: (next, wasEmpty) => { if (wasEmpty && next.items.length) otherRound.open = false; },
});

function showRound(round) {
  rounds.show(round);
  sheet.round(round);
  document.getElementById("no-round").hidden = Boolean(round);
}

function showState(state) {
  setText("question", state.session.question);
  const ended = state.session.status === "ended";
  document.getElementById("ended-notice").hidden = !ended;
  document.getElementById("close-session").disabled = ended;
  document.getElementById("round-openers").hidden = ended;
  document.getElementById("session-language").value = state.session.language;
  if (state.presence) showPresence(state.presence);
  showShare(ended, state.summary_share);
  sheet.ended(ended);
  if (state.run_sheet) sheet.show(state.run_sheet);
  showRound(state.round);
}

// Sharing the summary: possible once the session has ended; the link is shown once shared.
function showShare(ended, share) {
  document.getElementById("share-summary").disabled = !ended || Boolean(share);
  document.getElementById("share-status").hidden = !share;
  if (!share) return;
  const until = new Date(share.expires_at).toLocaleDateString(document.documentElement.lang,
    { day: "numeric", month: "long", year: "numeric" });
  setText("share-until", `${t.shared_until} ${until}:`);
  const link = document.getElementById("share-link");
  link.href = share.url;
  link.textContent = share.url;
}

const live = connect({
  code: page.code,
  role: "facilitator",
  onState: showState,
  onStatus: (status) => setText("connection", t[status] || status),
  onRefused: (ack) => notify(ack.message),
  handlers: {
    "presence:changed": showPresence,
    "round:changed": showRound,
    "runsheet:changed": (next) => sheet.show(next),
    "round:counted": (counts) => rounds.counted(counts),
    // Counts of a poll (or any vote): the round's view again, to console and projector only.
    "round:tallied": (round) => rounds.tallied(round),
  },
});
ctx.live = live;

// The other ways to open a round, folded beside the run sheet. Their buttons are not the
// primary one: that is kept for the method's next step.
loadAll().then((kinds) => {
  const openers = document.getElementById("round-openers");
  openers.append(...kinds.filter((kind) => kind.opener).map((kind) => kind.opener(ctx)));
  for (const button of openers.querySelectorAll("button.primary")) button.classList.remove("primary");
});

document.getElementById("close-session").addEventListener("click", async (event) => {
  if (!window.confirm(t.confirm_close)) return;
  event.target.disabled = true;
  await live.send("session:close");
});

document.getElementById("session-language").addEventListener("change", async (event) => {
  await live.send("session:language", { language: event.target.value });
});

document.getElementById("share-summary").addEventListener("click", async (event) => {
  event.target.disabled = true;
  const ack = await live.send("summary:share");
  if (!ack.ok) {
    event.target.disabled = false;
    notify(ack.message || t.share_failed);
  }
});
