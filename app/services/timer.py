"""A timer per round (rules in `facilitation.timer`). Sent by the facilitator; every screen
receives `round:changed` with the timer (its deadline and the server's clock), so every
screen counts down the same and a reloaded one picks it up again.

At zero a task of the server's own (not a browser's) marks the timer as run out and, if the
facilitator chose it, takes the round's next step through the same service the facilitator's
button uses. The task sleeps until the deadline; a server that restarted meanwhile wakes its
timers with the first connection (`wake`), and applies at once what came due while it was
down."""
from __future__ import annotations

import logging
import time
from typing import Any, Callable

from flask import current_app, g

from app import broadcast
from app.extensions import db, socketio
from app.models import Round, Session
from app.services import agenda as agenda_service
from app.services import poll as poll_service
from app.services import rounds as round_service
from facilitation import agenda, poll, timer
from facilitation.errors import MethodError, RoundNotOpen
from facilitation.rounds import CLOSED

log = logging.getLogger(__name__)


def _minute() -> float:
    return float(current_app.config.get("TIMER_MINUTE_SECONDS", 60))


def _set(session: Session, round_: Round, new: dict | None) -> None:
    state = {key: value for key, value in (round_.state or {}).items() if key != "timer"}
    if new is not None:
        state["timer"] = new
    round_.state = state
    broadcast.after_commit(lambda: broadcast.round_changed(session, round_))
    if new is not None and new["running"]:
        round_id, deadline = round_.id, new["deadline"]
        broadcast.after_commit(lambda: schedule(round_id, deadline))


def _check_round(round_: Round) -> None:
    if round_.status == CLOSED:
        raise RoundNotOpen()


def start(session: Session, round_: Round, minutes: Any, close_at_zero: Any) -> None:
    _check_round(round_)
    _set(session, round_, timer.start(minutes, close_at_zero=close_at_zero is True,
                                      now=time.time(), minute=_minute()))


def add_minute(session: Session, round_: Round) -> None:
    _check_round(round_)
    _set(session, round_, timer.add_minute(round_.state.get("timer"), now=time.time(),
                                           minute=_minute()))


def pause(session: Session, round_: Round) -> None:
    _set(session, round_, timer.pause(round_.state.get("timer"), now=time.time()))


def resume(session: Session, round_: Round) -> None:
    _check_round(round_)
    _set(session, round_, timer.resume(round_.state.get("timer"), now=time.time()))


def reset(session: Session, round_: Round) -> None:
    _set(session, round_, None)


# --- at zero ----------------------------------------------------------------------------------

def _close_vote(session: Session, round_: Round) -> None:
    if round_.kind == poll.KIND:
        poll_service.close_vote(session, round_, False)
    elif round_.kind == agenda.KIND:
        agenda_service.close_vote(session, round_, False)


# The facilitator's own next step, as their button takes it; below k it is refused (as it
# would ask the facilitator to confirm) and only "time is up" shows.
AT_ZERO: dict[str, Callable[[Session, Round], None]] = {
    "reveal": lambda session, round_: round_service.reveal(session, round_, False),
    "close_vote": _close_vote,
}


def at_deadline(round_id: str, now: float | None = None) -> bool:
    """The timer of `round_id` reached zero: if it is still due (not paused, reset or given
    more time since), it runs out, and the round moves on if the facilitator chose that.
    Returns whether the timer ran out now."""
    round_ = db.session.get(Round, round_id)
    running = (round_.state or {}).get("timer") if round_ is not None else None
    if not timer.due(running, time.time() if now is None else now):
        return False
    session = round_.session
    action = timer.at_zero(round_.kind, round_.status, running)
    round_.state = {**round_.state, "timer": timer.expire(running)}
    moved = False
    if action:
        queued = len(g.get("announcements", []))
        try:
            with db.session.begin_nested():
                AT_ZERO[action](session, round_)
            moved = True  # its own announcement carries the timer too
        except MethodError:
            g.announcements = g.get("announcements", [])[:queued]
            db.session.refresh(round_)
            round_.state = {**round_.state, "timer": timer.expire(running)}
    if not moved:
        broadcast.after_commit(lambda: broadcast.round_changed(session, round_))
    db.session.commit()
    broadcast.flush()
    return True


def schedule(round_id: str, deadline: float) -> None:
    """A task of the server's own that wakes at `deadline` (a little after, so the deadline
    has certainly passed) and lets the timer run out."""
    app = current_app._get_current_object()

    def wait() -> None:
        socketio.sleep(max(0.0, deadline - time.time()) + 0.05)
        with app.app_context():
            try:
                at_deadline(round_id)
            except Exception:  # a lost timer must not kill the server's loop
                db.session.rollback()
                log.exception("a round's timer could not run out")
            finally:
                db.session.remove()

    socketio.start_background_task(wait)


def wake() -> None:
    """Once per process (the first connection after a start): every running timer of an
    open session is scheduled again, and one that came due while the server was down runs
    out at once, with the step the facilitator chose."""
    app = current_app._get_current_object()
    if app.extensions.get("timers_awake"):
        return
    app.extensions["timers_awake"] = True
    found = db.session.scalars(
        db.select(Round).join(Session, Session.id == Round.session_id)
        .where(Session.status == "open", Round.status != CLOSED)).all()
    now = time.time()
    for round_ in found:
        running = (round_.state or {}).get("timer")
        if timer.due(running, now):
            at_deadline(round_.id, now)
        elif running and running.get("running"):
            schedule(round_.id, running["deadline"])
