"""The one write path for anonymous input: contributions, ballots (poll answers and agenda
votes), no's, "nothing to add", conditions and "I share a bit of this", of which a room of
phones sends hundreds at once.

A handler builds a `Request` (who sent it, what it says) and calls `write(request)`. Under
gevent it then waits while one writer greenlet takes every request that is waiting (up to
`MAX_BATCH`) and handles them in ONE transaction: a `Batch` loads what the requests need once
for all of them, each request's rules run in turn (`apply`, against what the batch has
loaded and staged so far, so the same receipt twice in a batch is stored once), the rows are
written with bulk statements, and only after the commit is each handler given its
acknowledgement or its named error. One request's error fails no other. Then the coalesced
counts go out, once per round and stage.

In threading mode (the tests) a request is written at once, alone, by the same code: there
is no second path with rules of its own.

Nothing is kept between batches: the round is read in each batch's own transaction, so a
second server process that revealed or closed it is seen at once. Content rows are
inserted in random order, and no log line holds a text. "Who has answered" is on the roll
(`app.store.roll`, memory), with only token hashes and counts on disk (`roll_proof`)."""
from __future__ import annotations

import functools
import logging
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from flask import current_app
from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.errors import NAMED_ERRORS, SessionEnded
from app.extensions import db, socketio
from app.models import (Ballot, Contribution, HandledEvent, Resonance, RollProof, Round,
                        Session, random_id)
from app.store import bulk
from app.store.receipts import new_token, receipt_hash, receipt_key
from app.store.roll import roll
from facilitation.errors import UnknownContribution, UnknownRound

log = logging.getLogger(__name__)

MAX_BATCH = 500
# When a request finds the writer idle, it waits this long for others of the same burst, so
# that a room's first answers share one transaction instead of the first going alone (its
# fixed cost, 2-3 ms measured at N = 100, delayed every answer behind it). A lone answer
# waits this long more; a busy writer never waits.
GATHER_SECONDS = 0.001
_contribution, _ballot, _resonance = (Contribution.__table__, Ballot.__table__,
                                      Resonance.__table__)
_proof, _handled = RollProof.__table__, HandledEvent.__table__


def _where_in(*columns, key):
    """A select of `columns` whose `key` is in an `IN` list (bulk.in_list)."""
    return bulk.Statement(lambda size: select(*columns).where(key.in_(bulk.in_list(size))),
                          sized=True)


# What a batch reads and writes, on the driver's cursor (app.store.bulk).
_SESSIONS = _where_in(Session.id, Session.status, key=Session.id)
_ROUNDS = _where_in(Round.id, Round.session_id, Round.kind, Round.status, Round.state,
                    key=Round.id)
_CONTRIBUTIONS = _where_in(Contribution.receipt_hash, Contribution.round_id, Contribution.stage,
                           Contribution.text, key=Contribution.receipt_hash)
_TARGETS = _where_in(Contribution.id, Contribution.round_id, Contribution.stage,
                     key=Contribution.id)
_BALLOTS = _where_in(Ballot.id, Ballot.round_id, Ballot.stage, Ballot.choice,
                     Ballot.receipt_hash, key=Ballot.receipt_hash)
_RESONANCE = _where_in(Resonance.contribution_id, Resonance.receipt_hash,
                       key=Resonance.receipt_hash)
_HANDLED = _where_in(HandledEvent.key, HandledEvent.response, key=HandledEvent.key)
_STORED = _where_in(RollProof.token_hash, RollProof.count, key=RollProof.token_hash)
_INSERT_CONTRIBUTIONS = bulk.inserting(_contribution,
                                       ("id", "round_id", "stage", "text", "receipt_hash"))
_INSERT_BALLOTS = bulk.inserting(_ballot, ("id", "receipt_hash", "round_id", "stage", "choice"))
_INSERT_RESONANCE = bulk.inserting(_resonance, ("id", "contribution_id", "receipt_hash"))
_INSERT_PROOFS = bulk.inserting(_proof, ("token_hash", "round_id", "stage", "count"))
_DELETE_BALLOTS = bulk.Statement(lambda size: delete(_ballot).where(
    _ballot.c.id.in_(bulk.in_list(size))), sized=True)
_COUNT_MORE = bulk.Statement(lambda _size: update(_proof).where(
    _proof.c.token_hash == bindparam("h")).values(count=_proof.c.count + bindparam("by")),
    sized=False)


@dataclass(eq=False)
class Request:
    """One event for the writer. `apply(batch, request)` checks it against the batch and
    stages its rows, returning the acknowledgement's fields, or raises a named error."""

    apply: Callable[["Batch", "Request"], dict]
    identity: Any  # presence.Identity: the session and the participant it came from
    round_id: Any
    receipt: Any
    value: Any  # the text, or the choices
    ballot: Any = None  # the receipt of the phone's own ballot, where it proves a vote
    target: Any = None  # the contribution it is about ("I share a bit of this")
    handled_key: str | None = None  # set by the edge when the event keeps its answer
    ack: dict | None = None
    error: BaseException | None = None
    done: Any = None  # the event the waiting handler sleeps on

    @functools.cached_property
    def known_key(self) -> str | None:
        """The hash of the request's receipt if it is well formed, computed once for the
        batch's reads and the rules alike."""
        return receipt_key(self.receipt)

    @property
    def key(self) -> str:
        """The hash of the request's receipt; Malformed without a well-formed one."""
        return self.known_key or receipt_hash(self.receipt)

    def outcome(self) -> dict:
        if self.error is not None:
            raise self.error
        assert self.ack is not None
        return self.ack


class Batch:
    """What one transaction reads (once, for every request in it) and what it will write."""

    def __init__(self, conn, requests: list[Request]):
        self.conn = conn
        self.requests = requests
        self.keys = {k for r in requests for k in (r.known_key, receipt_key(r.ballot)) if k}
        self._sessions: dict[str, str] | None = None
        self._rounds: dict[str, Any] | None = None
        self._contributions: dict[str, dict] | None = None
        self._targets: dict[str, Any] | None = None
        self._ballots: dict[str, list[dict]] | None = None
        self._resonance: set[tuple[str, str]] | None = None
        self._texts: dict[tuple[str, str], int] = {}
        self._handled: dict[str, dict] | None = None
        # (round, stage) -> participant -> [token, count on disk, row exists, token's hash]
        self._roll: dict[tuple[str, str], dict[str, list]] = {}
        self.roll_delta: Counter = Counter()
        self.new_tokens: dict[tuple[str, str, str], str] = {}
        self.new_marks: set[tuple[str, str, str]] = set()
        self.new_contributions: list[dict] = []
        self.new_ballots: dict[str, dict] = {}
        self.gone_ballots: list[str] = []
        self.new_resonance: list[dict] = []
        self.new_handled: dict[str, dict] = {}
        self.announcements: dict[Any, Callable[[], None]] = {}

    # --- reading, once per batch ---------------------------------------------------------

    def open_session(self, session_id: str) -> None:
        if self._sessions is None:
            ids = {r.identity.session_id for r in self.requests}
            self._sessions = dict(_SESSIONS.rows(self.conn, ids))
        if self._sessions.get(session_id) == "ended":
            raise SessionEnded()

    def round(self, request: Request):
        """The round the request names, if it is one of its session's (else UnknownRound)."""
        if self._rounds is None:
            ids = {r.round_id for r in self.requests if isinstance(r.round_id, str)}
            self._rounds = {row.id: row for row in _ROUNDS.rows(self.conn, ids)}
        found = self._rounds.get(request.round_id) if isinstance(request.round_id, str) \
            else None
        if found is None or found.session_id != request.identity.session_id:
            raise UnknownRound()
        return found

    def contribution(self, key: str) -> dict | None:
        """The contribution (or no, or condition) stored under a receipt's hash."""
        if self._contributions is None:
            self._contributions = {row.receipt_hash: row._asdict()
                                   for row in _CONTRIBUTIONS.rows(self.conn, self.keys)}
        return self._contributions.get(key)

    def target(self, request: Request, round_id: str, stage: str) -> str:
        """The id of the contribution a request is about, if it is in this round's stage."""
        if self._targets is None:
            ids = {r.target for r in self.requests if isinstance(r.target, str)}
            self._targets = {row.id: row for row in _TARGETS.rows(self.conn, ids)}
        found = self._targets.get(request.target) if isinstance(request.target, str) else None
        if found is None or found.round_id != round_id or found.stage != stage:
            raise UnknownContribution()
        return found.id

    def ballots(self, key: str) -> list[dict]:
        if self._ballots is None:
            self._ballots = {}
            for row in _BALLOTS.rows(self.conn, self.keys):
                self._ballots.setdefault(row.receipt_hash, []).append(row._asdict())
        return self._ballots.get(key, [])

    def ballot_stage(self, key: str, round_id: str, choices: Any) -> str | None:
        """The stage of this round in which the ballot under this receipt holds exactly
        these choices, if there is one: the same ballot again, a retry after a reconnect (a
        phone sends its next ballot only once this one is answered, and one socket's events
        are handled in order, so a stale retry cannot land after a change)."""
        if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
            return None  # no stored ballot holds these: the rules refuse them
        stages: dict[str, list[str]] = {}
        for ballot in self.ballots(key):
            if ballot["round_id"] == round_id:
                stages.setdefault(ballot["stage"], []).append(ballot["choice"])
        wanted = sorted(choices)
        return next((stage for stage, held in stages.items() if sorted(held) == wanted), None)

    def resonates(self, contribution_id: str, key: str) -> bool:
        if self._resonance is None:
            self._resonance = {tuple(row) for row in _RESONANCE.rows(self.conn, self.keys)}
        return (contribution_id, key) in self._resonance

    def count_texts(self, round_id: str, stage: str) -> int:
        """How many texts a round's stage holds, those staged in this batch included. Read
        only when a rule asks (most batches never do)."""
        if (round_id, stage) not in self._texts:
            self._texts[(round_id, stage)] = self.conn.execute(
                select(func.count()).select_from(Contribution)
                .where(Contribution.round_id == round_id, Contribution.stage == stage)
            ).scalar() + sum(1 for row in self.new_contributions
                             if row["round_id"] == round_id and row["stage"] == stage)
        return self._texts[(round_id, stage)]

    def handled(self, key: str) -> dict | None:
        if self._handled is None:
            keys = {r.handled_key for r in self.requests if r.handled_key}
            self._handled = dict(_HANDLED.rows(self.conn, keys))
        return self._handled.get(key)

    def _roll_of(self, round_id: str, stage: str) -> dict[str, list]:
        if (round_id, stage) not in self._roll:
            ids = {r.identity.participant_id for r in self.requests}
            tokens = roll().tokens(round_id, stage, ids)
            hashes = {receipt_hash(t): p for p, t in tokens.items()}
            stored = self.stored_counts(hashes) if hashes else {}
            self._roll[(round_id, stage)] = {
                p: [tokens[p], stored.get(h, 0), h in stored, h] for h, p in hashes.items()}
        return self._roll[(round_id, stage)]

    def stored_counts(self, hashes) -> dict[str, int]:
        """The answers counted on disk under these roll tokens' hashes."""
        return dict(_STORED.rows(self.conn, hashes))

    def roll(self, round_id: str, participant_id: str, stage: str) -> int:
        """How often this participant has answered this round's stage (never what)."""
        entry = self._roll_of(round_id, stage).get(participant_id)
        stored = entry[1] if entry else 0
        return stored + self.roll_delta[(round_id, participant_id, stage)]

    def roll_token(self, round_id: str, participant_id: str, stage: str) -> str | None:
        """The token this participant's phone holds for the stage, if it answered it."""
        entry = self._roll_of(round_id, stage).get(participant_id)
        return entry[0] if entry else self.new_tokens.get((round_id, stage, participant_id))

    def marked(self, round_id: str, participant_id: str, mark: str) -> bool:
        """Whether this participant did the thing `mark` names (memory only, like the roll)."""
        return (round_id, mark, participant_id) in self.new_marks \
            or roll().token(round_id, mark, participant_id) is not None

    # --- staging ---------------------------------------------------------------------------

    def mark(self, round_id: str, participant_id: str, mark: str) -> None:
        self.new_marks.add((round_id, mark, participant_id))

    def add_contribution(self, round_id: str, stage: str, key: str, text: str) -> None:
        row = {"id": random_id(), "round_id": round_id, "stage": stage, "text": text,
               "receipt_hash": key}
        self.new_contributions.append(row)
        self.contribution(key)  # loads what is stored first
        self._contributions[key] = row
        if (round_id, stage) in self._texts:
            self._texts[(round_id, stage)] += 1

    def replace_ballots(self, key: str, earlier: list[dict], new: list[dict]) -> None:
        for ballot in earlier:
            if self.new_ballots.pop(ballot["id"], None) is None:
                self.gone_ballots.append(ballot["id"])
        rows = [{"id": random_id(), "receipt_hash": key, **b} for b in new]
        self.new_ballots.update((row["id"], row) for row in rows)
        self._ballots[key] = [b for b in self._ballots.get(key, []) if b not in earlier] + rows

    def add_resonance(self, contribution_id: str, key: str) -> None:
        self.resonates(contribution_id, key)  # loads what is stored first
        self._resonance.add((contribution_id, key))
        self.new_resonance.append({"id": random_id(), "contribution_id": contribution_id,
                                   "receipt_hash": key})

    def add_to_roll(self, round_id: str, participant_id: str, stage: str, by: int = 1) -> str:
        """Counts one more answer of this participant in the stage; returns the token their
        phone holds for it (a new one with the first answer)."""
        token = self.roll_token(round_id, participant_id, stage)
        if token is None:
            token = self.new_tokens[(round_id, stage, participant_id)] = new_token()
        self.roll_delta[(round_id, participant_id, stage)] += by
        return token

    def announce(self, key: Any, announcement: Callable[[], None]) -> None:
        """After the commit, once per key (a round and stage) for the whole batch."""
        self.announcements.setdefault(key, announcement)

    # --- writing ---------------------------------------------------------------------------

    def write(self) -> None:
        conn = self.conn
        if self.new_contributions:
            random.shuffle(self.new_contributions)  # no arrival order, even in a heap
            _INSERT_CONTRIBUTIONS.run_many(conn, self.new_contributions)
        if self.gone_ballots:
            _DELETE_BALLOTS.run(conn, self.gone_ballots)
        if self.new_ballots:
            rows = list(self.new_ballots.values())
            random.shuffle(rows)
            _INSERT_BALLOTS.run_many(conn, rows)
        if self.new_resonance:
            random.shuffle(self.new_resonance)
            _INSERT_RESONANCE.run_many(conn, self.new_resonance)
        updates, inserts = [], []
        for (round_id, participant_id, stage), by in self.roll_delta.items():
            if not by:
                continue
            entry = self._roll_of(round_id, stage).get(participant_id)
            if entry and entry[2]:
                updates.append({"h": entry[3], "by": by})
            else:
                token_hash = entry[3] if entry else receipt_hash(
                    self.new_tokens[(round_id, stage, participant_id)])
                inserts.append({"token_hash": token_hash, "round_id": round_id,
                                "stage": stage, "count": max(0, by)})
        if updates:
            _COUNT_MORE.run_many(conn, updates)
        if inserts:
            random.shuffle(inserts)
            _INSERT_PROOFS.run_many(conn, inserts)
        if self.new_handled:
            conn.execute(insert(_handled), [
                {"key": k, "session_id": session_id, "response": v}
                for k, (session_id, v) in self.new_handled.items()])

    def committed(self) -> None:
        """After the commit: the roll remembers the phones that answered for the first time."""
        for (round_id, stage, participant_id), token in self.new_tokens.items():
            roll().remember(round_id, stage, participant_id, token)
        for round_id, mark, participant_id in self.new_marks:
            roll().remember(round_id, mark, participant_id, "1")


# What an answer kept for a retry leaves out: text, links and tokens stay on no disk.
NOT_KEPT = ("text", "url", "roll")


def kept(ack: dict) -> dict:
    """The part of an acknowledgement that is kept, so that a retried event is answered
    again without being applied twice."""
    return {key: value for key, value in ack.items() if key not in NOT_KEPT}


def _apply_all(batch: Batch) -> None:
    for request in batch.requests:
        try:
            if request.handled_key:
                earlier = batch.handled(request.handled_key) \
                    or batch.new_handled.get(request.handled_key, (None, None))[1]
                if earlier is not None:
                    request.ack = earlier
                    continue
            request.ack = {"ok": True, **request.apply(batch, request)}
            if request.handled_key:
                batch.new_handled[request.handled_key] = (request.identity.session_id,
                                                          kept(request.ack))
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
        batch.committed()
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
        batch.committed()
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
            if self.queue.empty():
                socketio.sleep(GATHER_SECONDS)
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


# --- a rehearsal at start ------------------------------------------------------------------------

def rehearse(conn, *, writes: bool = True) -> None:
    """Runs every statement a batch may run, once, in the caller's transaction (which the
    caller rolls back, with foreign keys off; `writes=False`: the reads only). SQLAlchemy
    compiles each statement the first time it runs, and without this the first answers of a server's first burst paid
    for it (a batch of one took 10-14 ms instead of 2, measured with `bench` at N = 100).
    Nothing it stages is real: random ids, no text, no participant."""
    from types import SimpleNamespace

    sid, rid, pid, key = random_id(), random_id(), random_id(), receipt_hash(new_token())
    identity = SimpleNamespace(session_id=sid, participant_id=pid, code="")
    request = Request(apply=lambda batch, request: {}, identity=identity, round_id=rid,
                      receipt=new_token(), value=None, ballot=new_token(), target=random_id(),
                      handled_key=key)
    # The driver's statements, with IN lists of every size: a batch's receipts and ballots
    # are two keys per request at most.
    bulk.compile_all(conn.dialect, 2 * MAX_BATCH)
    batch = Batch(conn, [request])
    batch.open_session(sid)
    for read in (lambda: batch.round(request), lambda: batch.target(request, rid, "")):
        try:
            read()
        except (UnknownRound, UnknownContribution):
            pass
    batch.contribution(key)
    batch.ballots(key)
    batch.resonates(rid, key)
    batch.count_texts(rid, "")
    batch.handled(key)
    batch.stored_counts([key])
    if not writes:
        return
    batch.new_contributions = [{"id": random_id(), "round_id": rid, "stage": "", "text": "",
                                "receipt_hash": key}]
    batch.replace_ballots(key, [], [{"round_id": rid, "stage": "", "choice": ""}])
    batch.gone_ballots = [random_id()]
    batch.new_resonance = [{"id": random_id(), "contribution_id": random_id(),
                            "receipt_hash": key}]
    batch._roll[(rid, "")] = {p: [token, count, exists, receipt_hash(token)]
                              for p, token, count, exists in ((pid, new_token(), 1, True),
                                                              ("other", new_token(), 0, False))}
    batch.roll_delta[(rid, pid, "")] = batch.roll_delta[(rid, "other", "")] = 1
    batch.new_handled = {key: (sid, {"ok": True})}
    batch.write()
