"""The writer for the busiest events: a contribution and a poll answer, of which a room of
phones sends hundreds at once.

A handler builds a `Request` (who sent it, what it says) and calls `write(request)`. Under
gevent it then waits while one writer greenlet takes every request that is waiting (up to
`MAX_BATCH`) and handles them in ONE transaction: a `Batch` loads the session, the round,
the receipts and the roll once for all of them, each request's rules run in turn (`apply`,
the same checks in the same order as a single event, against what the batch has loaded
and staged so far), the rows are written with bulk statements, and only after the commit
is each handler given its acknowledgement or its named error. One request's error fails no
other. Then the coalesced counts go out, once per round and stage.

In threading mode (the tests) a request is written at once, alone, by the same code.

Nothing is kept between batches: the round is read in each batch's own transaction, so a
second server process that revealed or closed it is seen at once. Content rows are
inserted in random order, and no log line holds a text."""
from __future__ import annotations

import logging
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from flask import current_app
from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.errors import NAMED_ERRORS, SessionEnded
from app.extensions import db, socketio
from app.models import AnswerRoll, Ballot, Contribution, HandledEvent, Round, Session, random_id
from app.store.receipts import receipt_key
from facilitation.errors import UnknownRound

log = logging.getLogger(__name__)

MAX_BATCH = 500
_contribution, _ballot = Contribution.__table__, Ballot.__table__
_roll, _handled = AnswerRoll.__table__, HandledEvent.__table__


@dataclass(eq=False)
class Request:
    """One event for the writer. `apply(batch, request)` checks it against the batch and
    stages its rows, returning the acknowledgement's fields, or raises a named error."""

    apply: Callable[["Batch", "Request"], dict]
    identity: Any  # presence.Identity: the session and the participant it came from
    round_id: Any
    receipt: Any
    value: Any  # the text, or the choice
    handled_key: str | None = None  # set by the edge when the event keeps its answer
    ack: dict | None = None
    error: BaseException | None = None
    done: Any = None  # the event the waiting handler sleeps on

    def outcome(self) -> dict:
        if self.error is not None:
            raise self.error
        assert self.ack is not None
        return self.ack


class Batch:
    """What one transaction reads (once, for every request in it) and what it will write.
    Each `apply` sees the rows staged by the requests before it, so the same receipt twice
    in one batch is stored once."""

    def __init__(self, conn, requests: list[Request]):
        self.conn = conn
        self.requests = requests
        self.keys = {k for k in map(lambda r: receipt_key(r.receipt), requests) if k}
        self._sessions: dict[str, str] | None = None
        self._rounds: dict[str, Any] | None = None
        self._contributions: dict[str, dict] | None = None
        self._ballots: dict[str, list[dict]] | None = None
        self._handled: dict[str, dict] | None = None
        self._roll: dict[tuple[str, str], dict[str, int]] = {}  # (round, stage) -> counts
        self.roll_delta: Counter = Counter()
        self.new_contributions: list[dict] = []
        self.new_ballots: dict[str, dict] = {}
        self.gone_ballots: list[str] = []
        self.new_handled: dict[str, dict] = {}
        self.announcements: dict[Any, Callable[[], None]] = {}

    # --- reading, once per batch ---------------------------------------------------------

    def open_session(self, session_id: str) -> None:
        if self._sessions is None:
            ids = {r.identity.session_id for r in self.requests}
            self._sessions = dict(self.conn.execute(
                select(Session.id, Session.status).where(Session.id.in_(ids))).all())
        if self._sessions.get(session_id) == "ended":
            raise SessionEnded()

    def round(self, request: Request):
        """The round the request names, if it is one of its session's (else UnknownRound)."""
        if self._rounds is None:
            ids = {r.round_id for r in self.requests if isinstance(r.round_id, str)}
            rows = self.conn.execute(select(Round.id, Round.session_id, Round.kind,
                                            Round.status, Round.state)
                                     .where(Round.id.in_(ids))).all()
            self._rounds = {row.id: row for row in rows}
        found = self._rounds.get(request.round_id) if isinstance(request.round_id, str) \
            else None
        if found is None or found.session_id != request.identity.session_id:
            raise UnknownRound()
        return found

    def contribution(self, key: str) -> dict | None:
        if self._contributions is None:
            self._contributions = {row.receipt_hash: row._asdict() for row in self.conn.execute(
                select(Contribution.receipt_hash, Contribution.round_id, Contribution.stage,
                       Contribution.text).where(Contribution.receipt_hash.in_(self.keys)))}
        return self._contributions.get(key)

    def ballots(self, key: str) -> list[dict]:
        if self._ballots is None:
            self._ballots = {}
            for row in self.conn.execute(
                    select(Ballot.id, Ballot.round_id, Ballot.stage, Ballot.receipt_hash)
                    .where(Ballot.receipt_hash.in_(self.keys))):
                self._ballots.setdefault(row.receipt_hash, []).append(row._asdict())
        return self._ballots.get(key, [])

    def handled(self, key: str) -> dict | None:
        if self._handled is None:
            keys = {r.handled_key for r in self.requests if r.handled_key}
            self._handled = dict(self.conn.execute(
                select(HandledEvent.key, HandledEvent.response)
                .where(HandledEvent.key.in_(keys))).all()) if keys else {}
        return self._handled.get(key)

    def roll(self, round_id: str, participant_id: str, stage: str) -> int:
        """How often this participant has answered this round's stage (the roll, never what)."""
        if (round_id, stage) not in self._roll:
            ids = {r.identity.participant_id for r in self.requests}
            self._roll[(round_id, stage)] = dict(self.conn.execute(
                select(AnswerRoll.participant_id, AnswerRoll.count).where(
                    AnswerRoll.round_id == round_id, AnswerRoll.stage == stage,
                    AnswerRoll.participant_id.in_(ids))).all())
        counts = self._roll[(round_id, stage)]
        return counts.get(participant_id, 0) + self.roll_delta[(round_id, participant_id, stage)]

    # --- staging ---------------------------------------------------------------------------

    def add_contribution(self, round_id: str, stage: str, key: str, text: str) -> None:
        row = {"id": random_id(), "round_id": round_id, "stage": stage, "text": text,
               "receipt_hash": key}
        self.new_contributions.append(row)
        self._contributions[key] = row

    def replace_ballots(self, key: str, earlier: list[dict], new: list[dict]) -> None:
        for ballot in earlier:
            if self.new_ballots.pop(ballot["id"], None) is None:
                self.gone_ballots.append(ballot["id"])
        rows = [{"id": random_id(), "receipt_hash": key, **b} for b in new]
        self.new_ballots.update((row["id"], row) for row in rows)
        self._ballots[key] = [b for b in self._ballots.get(key, []) if b not in earlier] + rows

    def add_to_roll(self, round_id: str, participant_id: str, stage: str, by: int = 1) -> None:
        self.roll(round_id, participant_id, stage)  # loads the stage's roll first
        self.roll_delta[(round_id, participant_id, stage)] += by

    def announce(self, key: Any, announcement: Callable[[], None]) -> None:
        """After the commit, once per key (a round and stage) for the whole batch."""
        self.announcements.setdefault(key, announcement)

    # --- writing ---------------------------------------------------------------------------

    def write(self) -> None:
        conn = self.conn
        if self.new_contributions:
            random.shuffle(self.new_contributions)  # no arrival order, even in a heap
            conn.execute(insert(_contribution), self.new_contributions)
        if self.gone_ballots:
            conn.execute(delete(_ballot).where(_ballot.c.id.in_(self.gone_ballots)))
        if self.new_ballots:
            rows = list(self.new_ballots.values())
            random.shuffle(rows)
            conn.execute(insert(_ballot), rows)
        updates, inserts = [], []
        for (round_id, participant_id, stage), by in self.roll_delta.items():
            if not by:
                continue
            row = {"r": round_id, "p": participant_id, "s": stage, "by": by}
            (updates if participant_id in self._roll[(round_id, stage)] else inserts).append(row)
        if updates:
            conn.execute(update(_roll).where(
                _roll.c.round_id == bindparam("r"), _roll.c.participant_id == bindparam("p"),
                _roll.c.stage == bindparam("s")).values(count=_roll.c.count + bindparam("by")),
                updates)
        if inserts:
            conn.execute(insert(_roll), [{"round_id": r["r"], "participant_id": r["p"],
                                          "stage": r["s"], "count": r["by"]} for r in inserts])
        if self.new_handled:
            conn.execute(insert(_handled), [{"key": k, "response": v}
                                            for k, v in self.new_handled.items()])


def _apply_all(batch: Batch) -> None:
    for request in batch.requests:
        try:
            if request.handled_key:
                earlier = batch.handled(request.handled_key) \
                    or batch.new_handled.get(request.handled_key)
                if earlier is not None:
                    request.ack = earlier
                    continue
            request.ack = {"ok": True, **request.apply(batch, request)}
            if request.handled_key:
                batch.new_handled[request.handled_key] = request.ack
        except NAMED_ERRORS as error:
            request.error = error


def process(requests: list[Request]) -> list[Callable[[], None]]:
    """Handles `requests` in one transaction and gives each its acknowledgement or error;
    returns what to announce. If the batch cannot be written (another process stored the
    same receipt at the same moment), each request is handled again alone."""
    try:
        with db.engine.begin() as conn:
            batch = Batch(conn, requests)
            _apply_all(batch)
            batch.write()
        return list(batch.announcements.values())
    except IntegrityError:
        for request in requests:
            request.ack = request.error = None
        if len(requests) > 1:
            return [a for r in requests for a in process([r])]
        with db.engine.begin() as conn:  # one retry: now it finds the row that raced it
            batch = Batch(conn, requests)
            _apply_all(batch)
            batch.write()
        return list(batch.announcements.values())


def _announce(announcements: list[Callable[[], None]]) -> None:
    for announce in announcements:
        try:
            announce()
        except Exception:  # a lost count broadcast must not fail what was stored
            log.exception("announcement after a batch failed")


def write(request: Request) -> dict:
    """Writes `request` (batched under gevent) and returns its acknowledgement once it is
    committed, or raises its named error."""
    if socketio.server.eio.async_mode != "gevent":
        try:
            announcements = process([request])
        except Exception as error:
            request.error = error
            announcements = []
        _announce(announcements)
        return request.outcome()
    writer = current_app.extensions.get("writer")
    if writer is None:
        writer = current_app.extensions["writer"] = _Writer(current_app._get_current_object())
    request.done = socketio.server.eio.create_event()
    writer.queue.put(request)
    request.done.wait()
    return request.outcome()


@dataclass
class _Writer:
    app: Any
    queue: Any = field(init=False)

    def __post_init__(self):
        self.queue = socketio.server.eio.create_queue()
        socketio.start_background_task(self.run)

    def run(self) -> None:
        while True:
            batch = [self.queue.get()]
            while len(batch) < MAX_BATCH and not self.queue.empty():
                batch.append(self.queue.get_nowait())
            announcements: list[Callable[[], None]] = []
            with self.app.app_context():
                try:
                    announcements = process(batch)
                except Exception as error:  # the database failed: nothing was acknowledged
                    log.exception("a batch of %d could not be written", len(batch))
                    for request in batch:
                        request.ack, request.error = None, error
                for request in batch:
                    request.done.set()
                _announce(announcements)
