// The facilitator's console: live counts, the attendance list, the rounds, session controls.
import { connect, el, notify, pageContext, setText, strings } from "/static/js/live.js";
import { loadAll } from "/static/js/kinds/index.js";
import { roundDrawer } from "/static/js/rounds.js";
import { runSheet } from "/static/js/runsheet.js";
import { doneCount, hidePanel, timerView } from "/static/js/parts/stage.js";

const t = strings();
const page = document.getElementById("page").dataset;
const attendance = document.getElementById("attendance");
const joinPanel = document.getElementById("join-panel");
// The join panel folds to a strip once people have joined; a click unfolds it again, and
// then it stays as the facilitator left it. Unfolding it brings the QR back large on the
// beamer too, for latecomers (one click for both); folding it puts the beamer's QR back in
// its corner. The button in the panel still switches the beamer's QR on its own.
let joinTouched = false;
document.getElementById("join-strip").addEventListener("click", () => {
  joinTouched = true;
  const opening = !joinPanel.open;
  const large = document.getElementById("beamer-qr").getAttribute("aria-pressed") === "true";
  if (opening !== large) live.send("session:qr", { large: opening });
});

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


// Beside the live round: its timer, how many are done, what can be hidden from the screens.
const timer = timerView(ctx, { controls: true });
const done = doneCount(ctx);
const hide = hidePanel(ctx);
document.getElementById("round-panel").before(el("div", { class: "stage-tools", id: "stage-tools" }, timer.node, done.node));
document.getElementById("round-panel").after(hide.node);
function showRound(round) {
  rounds.show(round);
  sheet.round(round);
  document.getElementById("no-round").hidden = Boolean(round);
  timer.show(round);
  done.round(round);
  hide.show(round);
  markHidden(round);
}

// What is hidden from the screens is struck through where the console lists it to pick.
function markHidden(round) {
  const panel = document.getElementById("round-panel");
  for (const item of (round && round.hideable) || []) {
    if (!item.hidden) continue;
    panel.querySelectorAll(`input.pick[value="${CSS.escape(item.id)}"]`).forEach((box) => {
      box.parentElement.classList.add("is-hidden-text");
    });
  }
}

function showState(state) {
  setText("question", state.session.question);
  const ended = state.session.status === "ended";
  document.getElementById("ended-notice").hidden = !ended;
  document.getElementById("close-session").disabled = ended;
  document.getElementById("round-openers").hidden = ended;
  document.getElementById("session-language").value = state.session.language;
  document.getElementById("beamer-qr").setAttribute("aria-pressed", state.session.qr_large ? "true" : "false");
  document.getElementById("beamer-contrast").checked = Boolean(state.session.high_contrast);
  if (state.presence) showPresence(state.presence);
  showShare(ended, state.summary_share);
  sheet.ended(ended);
  if (state.run_sheet) sheet.show(state.run_sheet);
  showRound(state.round);
  done.show(state.done);
}

// Sharing the summary: possible once the session has ended; the link is shown once shared.
function showShare(ended, share) {
  // The beamer: the QR large again for latecomers (pressed) or a corner mark; high contrast.
document.getElementById("beamer-qr").addEventListener("click", async (event) => {
  const large = event.currentTarget.getAttribute("aria-pressed") !== "true";
  const ack = await live.send("session:qr", { large });
  if (!ack.ok) notify(ack.message);
});

document.getElementById("beamer-contrast").addEventListener("change", async (event) => {
  const ack = await live.send("session:contrast", { high: event.target.checked });
  if (!ack.ok) notify(ack.message);
});

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
    // "5 of 7 done": to the console only, coalesced like every count.
    "round:done_counted": (count) => done.show(count),
    "round:counted": (counts) => rounds.counted(counts),
    // Counts of a poll (or any vote): the round's view again, to console and projector only.
    "round:tallied": (round) => { rounds.tallied(round); hide.show(round); },
    // A step of a discussion on feet: the statements and how many stand with each.
    "feet:board": (board) => rounds.board(board),
    // Step 5's heat, in shuffled batches, to every screen at once.
    "heat:released": (batch) => rounds.added("heat:released", batch),
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
