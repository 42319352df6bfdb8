"""The discussion on feet, off the record: the rules are `facilitation.feet`'s; what is said
lives in the off-record store (`app.store.off_record`: memory, or Redis with an expiry) and
never in the database. The Round row says only that the round exists, on which topic, and
when it started and ended.

Nothing is announced when a phone sends a statement or moves: the round's clock (`tick`,
every TICK_SECONDS, in one process at a time) publishes waiting statements in shuffled
batches and sends the board (`feet:board`) when it changed. So what the room sees moves in
steps, never with a tap."""
from __future__ import annotations

import hashlib
import logging
import random
import re
import time
from typing import Any

from flask import current_app

from app import broadcast
from app.errors import Malformed
from app.extensions import db, socketio
from app.models import Round, Session, utcnow
from app.store.off_record import off_record
from facilitation import feet
from facilitation.errors import RoundNotOpen, UnknownRound
from facilitation.rounds import CLOSED, OPEN

log = logging.getLogger(__name__)
RECEIPT = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
_rng = random.SystemRandom()


def tick_seconds() -> float:
    return float(current_app.config.get("FEET_TICK_SECONDS", feet.TICK_SECONDS))


def _live(identity, round_id: Any) -> str:
    """The live round a phone names, in the phone's own session; read from the store alone
    (a move is the busiest event of the round: no database read for it). A round the
    store no longer holds has ended (or was lost with a restart)."""
    store = off_record()
    if not isinstance(round_id, str) or len(round_id) > 64:
        raise Malformed("round must be an id")
    if not store.alive(round_id):
        raise RoundNotOpen()
    if store.get(round_id, "session") != identity.session_id:
        raise UnknownRound()
    # Any process a phone talks to keeps the round's clock going (with a shared store, the
    # process that opened it may have gone); the lease lets one of them act per step.
    ensure_clock(current_app._get_current_object(), identity.code, round_id)
    return round_id


def _token(round_id: str, participant_id: str) -> str:
    token = off_record().token(round_id, participant_id)
    if token is None:  # ended meanwhile
        raise RoundNotOpen()
    return token


# --- the facilitator ----------------------------------------------------------------------

def opened(session: Session, round_: Round) -> None:
    """A discussion on feet was opened (`rounds.open_round`): the store makes room for it and
    its clock starts once the round is committed."""
    round_.off_record = True
    round_.state = {**(round_.state or {}), "started_at": utcnow().isoformat()}
    store = off_record()
    store.open(round_.id)
    store.put(round_.id, "session", session.id)
    store.put(round_.id, "batched_at", time.time())
    store.put(round_.id, "board", feet.board([], {}, None))
    code, round_id = session.code, round_.id
    app = current_app._get_current_object()
    broadcast.after_commit(lambda: ensure_clock(app, code, round_id))


def end(session: Session, round_: Round) -> None:
    """Sent by the facilitator (`round:close`), or when another round opens: everything said
    is forgotten. Everyone receives `round:changed` (the round has ended)."""
    store = off_record()
    lost = not store.alive(round_.id)  # lost with a restart: when it ended is not known
    store.clear(round_.id)
    round_.status = CLOSED
    if not lost:
        round_.state = {**(round_.state or {}), "ended_at": utcnow().isoformat()}
    broadcast.after_commit(lambda: broadcast.round_changed(session, round_))


def pulse(identity, round_id: Any, statement_id: Any) -> None:
    """Sent by the facilitator: "who shares a bit of this?" on one statement (None: on none).
    Every screen sees it with the next step of the board."""
    round_id = _live(identity, round_id)
    if statement_id is not None and not isinstance(statement_id, str):
        raise Malformed("statement must be an id or null")
    store = off_record()
    chosen = feet.check_pulse(OPEN, statement_id, [s["id"] for s in store.shown(round_id)])
    store.put(round_id, "pulse", chosen)


# --- a phone ---------------------------------------------------------------------------------

def say(identity, round_id: Any, receipt: Any, text: Any) -> str:
    """Sent by a phone: a statement, under a receipt it keeps (a retry is stored once). It
    waits, and appears with the next batch. Nobody is told now."""
    round_id = _live(identity, round_id)
    if not isinstance(receipt, str) or not RECEIPT.match(receipt):
        raise Malformed("a receipt is required")
    store = off_record()
    token = _token(round_id, identity.participant_id)
    statement_id = hashlib.sha256(f"{token}:{receipt}".encode()).hexdigest()[:16]
    if store.known(round_id, statement_id):
        return statement_id  # a retry after a reconnect
    on_wall = len(store.shown(round_id)) + store.pending_count(round_id)
    cleaned = feet.check_statement(OPEN, text, store.count(round_id, token, "said"), on_wall)
    if store.post(round_id, {"id": statement_id, "text": cleaned}):
        store.bump(round_id, token, "said")
    return statement_id


def stand(identity, round_id: Any, statement_id: Any) -> str | None:
    """Sent by a phone: it stands with one statement (leaving any other), or with none
    (`statement` null: it steps away). The bubbles change with the next step."""
    round_id = _live(identity, round_id)
    if statement_id is not None and not isinstance(statement_id, str):
        raise Malformed("statement must be an id or null")
    store = off_record()
    chosen = feet.check_stand(OPEN, statement_id, [s["id"] for s in store.shown(round_id)])
    store.stand(round_id, _token(round_id, identity.participant_id), chosen)
    return chosen


# --- the round's clock -----------------------------------------------------------------------

def tick(code: str, round_id: str, *, now: float | None = None, force: bool = False) -> bool:
    """One step of the round's clock: publish the waiting statements if a batch is due
    (shuffled), and send the board to every screen if it changed. One process does it per
    step (the store's lease). Returns whether the round is still alive."""
    store = off_record()
    if not store.alive(round_id):
        return False
    if not force and not store.lease(round_id, tick_seconds() * 0.8):
        return True
    now = time.time() if now is None else now
    since = now - float(store.get(round_id, "batched_at", now))
    if feet.batch_due(store.pending_count(round_id), since) or (
            force and store.pending_count(round_id)):
        store.publish(round_id, feet.batch(store.take_pending(round_id), _rng))
        store.put(round_id, "batched_at", now)
    board = feet.board(store.shown(round_id), store.standing(round_id),
                       store.get(round_id, "pulse"))
    if board != store.get(round_id, "board"):
        store.put(round_id, "board", board)
        if store.alive(round_id):  # ended meanwhile: nothing more goes out
            broadcast.feet_board(code, round_id, board)
    return True


_clocks: set[str] = set()


def ensure_clock(app, code: str, round_id: str) -> None:
    """Runs the round's clock in this process until the round ends (every process that
    serves the round may run one; the lease lets one of them act per step)."""
    if round_id in _clocks:
        return
    seconds = float(app.config.get("FEET_TICK_SECONDS", feet.TICK_SECONDS))
    if seconds <= 0:
        return
    _clocks.add(round_id)

    def run() -> None:
        try:
            while True:
                socketio.sleep(seconds)
                with app.app_context():
                    try:
                        round_ = db.session.get(Round, round_id)
                        if round_ is None or round_.status != OPEN or not tick(code, round_id):
                            return
                    finally:
                        db.session.remove()
        except Exception as error:  # a clock must not take the server down; say nothing said
            log.error("the clock of a discussion on feet stopped: %s", type(error).__name__)
        finally:
            _clocks.discard(round_id)

    socketio.start_background_task(run)
