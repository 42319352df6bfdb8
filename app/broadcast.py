"""The one place that emits. It owns the room names and what each audience may see:
the facilitator gets counts and the attendance list, the projector counts but no names,
the phones only what is theirs to see."""
from __future__ import annotations

import logging
import time
from threading import Lock
from typing import Any, Callable

from flask import current_app, g

from app.extensions import db, socketio
from app.models import Round, Session
from app.store import ballot_box
from app.views.rounds import done_view, view_for, whole_view
from app.views.runsheet import run_sheet_view
from app.views.sessions import presence_view, state_for

log = logging.getLogger(__name__)

AUDIENCES = ("participant", "facilitator", "projector")


def room_for(session_code: str, audience: str) -> str:
    assert audience in AUDIENCES
    return f"{session_code}:{audience}"


def send_state(session: Session, audience: str, to: str) -> None:
    state = (_participant_state(session) if audience == "participant"
             else state_for(session, audience))
    socketio.emit("session:state", state, to=to)


# After a server restart a thousand phones reconnect within seconds, and each one's connect
# built the same participant snapshot again (about a quarter of the connect's CPU). One
# snapshot serves them for BROADCAST_INTERVAL: a change that broadcasts (`flush`) makes a
# new one at once; counts in it may be that much older, as the coalesced counts are. Not
# with a message queue: another process's changes would not make a new one.
_snapshots: dict[str, tuple[int, float, dict[str, Any]]] = {}
_generation = [0]


def _participant_state(session: Session) -> dict[str, Any]:
    interval = current_app.config.get("BROADCAST_INTERVAL", 0)
    if interval <= 0 or current_app.config.get("SOCKETIO_MESSAGE_QUEUE"):
        return state_for(session, "participant")
    generation, now = _generation[0], time.monotonic()
    cached = _snapshots.get(session.id)
    if cached and cached[0] == generation and now - cached[1] < interval:
        return cached[2]
    state = state_for(session, "participant")
    _snapshots[session.id] = (generation, now, state)
    return state


def session_changed(session: Session) -> None:
    """Sent after a commit that changed what some audience sees."""
    _generation[0] += 1
    for audience in AUDIENCES:
        send_state(session, audience, room_for(session.code, audience))


def presence_changed(session: Session) -> None:
    """Who is connected, to console and projector; coalesced, since a room full of phones
    joins at once and the attendance list grows with every one of them."""
    code, session_id = session.code, session.id
    coalesced(f"presence:{session_id}", lambda: _send_presence(code, session_id))


def _send_presence(code: str, session_id: str) -> None:
    session = db.session.get(Session, session_id)
    if session is None:
        return
    for audience in ("facilitator", "projector"):
        socketio.emit("presence:changed", presence_view(session, audience),
                      to=room_for(code, audience))


def round_changed(session: Session, round_, *, with_contributions: bool = False) -> None:
    """A round opened, was revealed, or the facilitator shaped it: every screen redraws it.
    Only what may be seen is in the view: counts while open, contributions once revealed.

    A round's own contributions never change after the reveal, and every screen got them
    with it (or with `session:state` on connect), so later changes leave them out and say
    so (`contributions_unchanged`): an edit of the summary costs a few hundred bytes per
    phone, not the whole wall of contributions again."""
    _generation[0] += 1
    whole = whole_view(round_)
    for audience in AUDIENCES:
        # Each audience its own view: only the console's holds what was hidden from screens.
        view = view_for(round_, whole, audience)
        if not with_contributions and "contributions" in view:
            view = {key: value for key, value in view.items() if key != "contributions"}
            view["contributions_unchanged"] = True
        socketio.emit("round:changed", view, to=room_for(session.code, audience))


def run_sheet_changed(session: Session) -> None:
    """The run sheet changed (or a round started from it): to the console only. It holds
    the facilitator's private notes, so it never goes to the projector or the phones."""
    socketio.emit("runsheet:changed", run_sheet_view(session),
                  to=room_for(session.code, "facilitator"))


def round_counted(session: Session, round_, stage: str) -> None:
    """New counts after a contribution came in or was withdrawn: to console and projector
    only, never the text (its timing would name its author). Coalesced: a burst of
    answers costs a few count broadcasts a second, and the last carries the final counts."""
    counted(session.code, round_.id, stage)


def counted(code: str, round_id: str, stage: str) -> None:
    """`round_counted`, by the session's code and the round's id."""
    coalesced(f"counts:{round_id}:{stage}", lambda: _send_counts(code, round_id, stage),
              trailing=True)


def _send_counts(code: str, round_id: str, stage: str) -> None:
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        return
    count = ballot_box.counts(round_, stage)
    payload = {"round": round_id, "stage": stage, "answered": count.answered,
               "joined": count.joined, "contributions": count.contributions}
    for audience in ("facilitator", "projector"):
        socketio.emit("round:counted", payload, to=room_for(code, audience))


_coalescing = Lock()
_last_sent: dict[str, float] = {}
_scheduled: set[str] = set()


def coalesced(key: str, announce: Callable[[], None], *, slower: float = 1,
              trailing: bool = False) -> None:
    """Runs `announce` now, unless it ran for `key` less than BROADCAST_INTERVAL seconds
    ago: then once, at the end of that interval, reading the state as it is by then. So the
    latest state always goes out, at most a few times a second per key. `announce` reads
    what it sends from the database itself (it may run after this request's session is
    gone). An interval of 0 announces every change at once; `slower` stretches it.
    `trailing` never announces at once: always at the end of an interval from the first
    change, so a burst shorter than the interval costs one announcement, after it."""
    interval = current_app.config.get("BROADCAST_INTERVAL", 0) * slower
    now = time.monotonic()
    with _coalescing:
        if key in _scheduled:
            return  # the announcement already due will carry this change too
        wait = _last_sent.get(key, float("-inf")) + interval - now
        if trailing and interval > 0:
            wait = max(wait, interval)
        if interval <= 0 or wait <= 0:
            _last_sent[key] = now
        else:
            _scheduled.add(key)
    if interval <= 0 or wait <= 0:
        announce()
        return
    app = current_app._get_current_object()

    def later() -> None:
        socketio.sleep(wait)
        with app.app_context():
            with _coalescing:
                _scheduled.discard(key)
                _last_sent[key] = time.monotonic()
            try:
                announce()
            except Exception:  # a lost announcement must not kill the server's loop
                log.exception("coalesced announcement %s failed", key.split(":")[0])

    socketio.start_background_task(later)


def reset_coalescing() -> None:
    """Tests start with nothing scheduled."""
    with _coalescing:
        _last_sent.clear()
        _scheduled.clear()
    _snapshots.clear()


# Phones hear how many have answered less often than the screens in front of the room, and
# never at the first answer of a burst: a burst of a thousand votes is one update on every
# phone, after it (while a thousand phones wait for their acknowledgements, an update to
# every one of them is what slowed the burst most; measured in `bench`, issue 15).
PHONE_TALLY_SLOWER = 10


def round_tallied(session: Session, round_) -> None:
    """New counts after a ballot, a no, a condition or a resonance came in: the round's
    public view (while a stage is open, only how many answered; no text that is not
    revealed yet). Coalesced like `round:counted`: the last of a burst carries the final
    counts; to console and projector a few times a second, to phones less often."""
    tallied(session.code, round_.id)


def tallied(code: str, round_id: str) -> None:
    """`round_tallied`, by the session's code and the round's id."""
    coalesced(f"tallied:{round_id}",
              lambda: _send_tallied(code, round_id, ("facilitator", "projector")),
              trailing=True)
    coalesced(f"tallied-phones:{round_id}",
              lambda: _send_tallied(code, round_id, ("participant",)),
              slower=PHONE_TALLY_SLOWER, trailing=True)


def _send_tallied(code: str, round_id: str, audiences: tuple[str, ...]) -> None:
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        return
    whole = whole_view(round_)
    for audience in audiences:
        socketio.emit("round:tallied", view_for(round_, whole, audience),
                      to=room_for(code, audience))


def done_counted(code: str, round_id: str) -> None:
    """How many phones said "I'm done" in a round: to the console only, never the beamer (a
    count there that moves the moment someone taps names them to the room), and coalesced
    like every other count (at most a few times a second, the last carrying the final count)."""
    coalesced(f"done:{round_id}", lambda: _send_done(code, round_id), trailing=True)


def _send_done(code: str, round_id: str) -> None:
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        return
    socketio.emit("round:done_counted", done_view(round_), to=room_for(code, "facilitator"))


def feet_board(code: str, round_id: str, board: dict[str, Any]) -> None:
    """A step of a discussion on feet: the statements on the wall and how many stand with
    each, to every screen at once (sent by the round's clock, never by a tap)."""
    payload = {"round": round_id, **board}
    for audience in AUDIENCES:
        socketio.emit("feet:board", payload, to=room_for(code, audience))


def nudge(code: str, round_id: str) -> None:
    """To every phone: ask again, gently. Each phone decides for itself whether it applies."""
    socketio.emit("round:nudged", {"round": round_id}, to=room_for(code, "participant"))


def heat_released(code: str, round_id: str, statements: list[dict[str, str]]) -> None:
    """A batch of step 5's heat, shuffled, to every screen at once: a statement never
    reaches a screen the moment it was sent, so its timing does not name its author. Off
    the record: sent, never stored, never logged."""
    payload = {"round": round_id, "statements": statements}
    for audience in AUDIENCES:
        socketio.emit("heat:released", payload, to=room_for(code, audience))


def refused(sid: str, ack: dict[str, Any]) -> None:
    socketio.emit("action:refused", ack, to=sid)


def after_commit(announce) -> None:
    """Queues a broadcast for when the current action's transaction has committed."""
    g.setdefault("announcements", []).append(announce)


def after_announcing(key: str, task: Callable[[], None]) -> None:
    """Queues `task` for after the current action's announcements, once per `key`: slower
    housekeeping (`app.store.disk`) must not delay what the room sees."""
    g.setdefault("afterwards", {}).setdefault(key, task)


def flush() -> None:
    _generation[0] += 1  # a change was committed: no snapshot from before it
    for announce in g.pop("announcements", []):
        announce()
    afterwards = g.pop("afterwards", {})
    if afterwards:
        # The announcements read in a transaction of their own: it ends before the
        # housekeeping, which may need every lock (PostgreSQL's CLUSTER, SQLite's VACUUM).
        db.session.commit()
    for task in afterwards.values():
        task()


def discard() -> None:
    g.pop("announcements", None)
    g.pop("afterwards", None)
