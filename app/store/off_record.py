"""Rounds off the record (the discussion on feet; step 5's heat): what is said in them lives
here and nowhere else. Never in the database, never in a log line, never in an export.

Where: this process's memory, or Redis under a short expiry (refreshed by every write) when
`SOCKETIO_MESSAGE_QUEUE` is a Redis URL, so that every process of a scaled-out server shows the
same statements. A restart of a single server forgets everything (that is the promise, not a
defect); the round is then over, and its screens say so (`alive` is False).

What one live round holds, by its id:
- `salt`: random, made at `open`, gone at `clear`; phones are keyed by a token derived from it
  (`token`), so nothing here holds a participant's id, and once the round is cleared no token
  can be tied to anyone again;
- statements: `{"id", "text"}` and, if the caller gives one, `"side"`; first *pending* (sent,
  not yet shown), then *shown*, in the order they were published (each batch shuffled by the
  caller);
- who stands where: a phone's token -> one statement id; `standing` gives counts only;
- small named values (`get`/`put`), e.g. the pulse, when the last batch went out, the board
  last shown;
- per-phone counters (`bump`/`count`), e.g. how many statements a phone has sent;
- a lease (`lease`): one process at a time does a round's periodic work.

`clear` forgets all of it. The API takes round ids and plain dicts, so another off-the-record
kind (step 5, with `side`) can use it as it is."""
from __future__ import annotations

import copy
import hashlib
import json
import secrets
import time
from threading import Lock
from typing import Any

import redis
from flask import current_app

# A workshop's afternoon; every write refreshes it, so a live round never expires mid-talk,
# and a round nobody touches any more is forgotten by Redis itself.
EXPIRY_SECONDS = 4 * 60 * 60

Statement = dict[str, Any]


def derive_token(salt: str, participant_id: str) -> str:
    """A phone's token in one round: the same phone gets the same token while the round
    lives; without the round's salt (gone at the end) it names nobody."""
    return hashlib.sha256(f"{salt}:{participant_id}".encode()).hexdigest()[:32]


class MemoryOffRecord:
    def __init__(self) -> None:
        self._lock = Lock()
        self._rounds: dict[str, dict[str, Any]] = {}

    def _round(self, round_id: str) -> dict[str, Any] | None:
        return self._rounds.get(round_id)

    # --- life ---------------------------------------------------------------------------
    def open(self, round_id: str) -> None:
        with self._lock:
            self._rounds.setdefault(round_id, {
                "salt": secrets.token_hex(16), "pending": [], "shown": [], "ids": set(),
                "stands": {}, "values": {}, "counters": {}, "lease": 0.0})

    def alive(self, round_id: str) -> bool:
        return round_id in self._rounds

    def clear(self, round_id: str) -> None:
        with self._lock:
            self._rounds.pop(round_id, None)

    def token(self, round_id: str, participant_id: str) -> str | None:
        found = self._round(round_id)
        return derive_token(found["salt"], participant_id) if found else None

    # --- statements -----------------------------------------------------------------------
    def post(self, round_id: str, statement: Statement) -> bool:
        """Adds a statement to the pending ones; False if its id is known (a retry) or the
        round is not alive."""
        with self._lock:
            found = self._round(round_id)
            if found is None or statement["id"] in found["ids"]:
                return False
            found["ids"].add(statement["id"])
            found["pending"].append(dict(statement))
            return True

    def known(self, round_id: str, statement_id: str) -> bool:
        found = self._round(round_id)
        return bool(found) and statement_id in found["ids"]

    def pending_count(self, round_id: str) -> int:
        found = self._round(round_id)
        return len(found["pending"]) if found else 0

    def take_pending(self, round_id: str) -> list[Statement]:
        """All pending statements, removed at once (only one caller gets each)."""
        with self._lock:
            found = self._round(round_id)
            if found is None:
                return []
            taken, found["pending"] = found["pending"], []
            return taken

    def publish(self, round_id: str, statements: list[Statement]) -> None:
        with self._lock:
            found = self._round(round_id)
            if found is not None:
                found["shown"].extend(dict(s) for s in statements)

    def shown(self, round_id: str) -> list[Statement]:
        found = self._round(round_id)
        return [dict(s) for s in found["shown"]] if found else []

    # --- standing with ------------------------------------------------------------------------
    def stand(self, round_id: str, token: str, statement_id: str | None) -> str | None:
        """The phone `token` now stands with `statement_id` (None: with none). Returns where
        it stood before."""
        with self._lock:
            found = self._round(round_id)
            if found is None:
                return None
            before = found["stands"].get(token)
            if statement_id is None:
                found["stands"].pop(token, None)
            else:
                found["stands"][token] = statement_id
            return before

    def standing_with(self, round_id: str, token: str) -> str | None:
        found = self._round(round_id)
        return found["stands"].get(token) if found else None

    def standing(self, round_id: str) -> dict[str, int]:
        """How many stand with each statement (statements nobody stands with are absent)."""
        found = self._round(round_id)
        counts: dict[str, int] = {}
        for statement_id in (found["stands"].values() if found else ()):
            counts[statement_id] = counts.get(statement_id, 0) + 1
        return counts

    # --- small values, counters, the lease --------------------------------------------------
    def get(self, round_id: str, name: str, default: Any = None) -> Any:
        found = self._round(round_id)
        # A copy, as Redis gives: a caller that changes what it got changes nothing here.
        return copy.deepcopy(found["values"].get(name, default)) if found else default

    def put(self, round_id: str, name: str, value: Any) -> None:
        with self._lock:
            found = self._round(round_id)
            if found is not None:
                found["values"][name] = copy.deepcopy(value)

    def bump(self, round_id: str, token: str, name: str) -> int:
        with self._lock:
            found = self._round(round_id)
            if found is None:
                return 0
            key = f"{name}:{token}"
            found["counters"][key] = found["counters"].get(key, 0) + 1
            return found["counters"][key]

    def count(self, round_id: str, token: str, name: str) -> int:
        found = self._round(round_id)
        return found["counters"].get(f"{name}:{token}", 0) if found else 0

    def lease(self, round_id: str, seconds: float) -> bool:
        """True for one caller per `seconds` (the periodic work of a round)."""
        with self._lock:
            found = self._round(round_id)
            now = time.monotonic()
            if found is None or found["lease"] > now:
                return False
            found["lease"] = now + seconds
            return True


class RedisOffRecord:
    """The same in Redis: every key of a round under `{prefix}:{round_id}:`, each with an
    expiry that every write refreshes."""

    def __init__(self, url: str, prefix: str = "deepdemocracy:offrecord") -> None:
        self._redis = redis.Redis.from_url(url, decode_responses=True)
        self._prefix = prefix

    def _key(self, round_id: str, part: str) -> str:
        return f"{self._prefix}:{round_id}:{part}"

    # The lease expires by itself within a step: refreshing it would stop the clock.
    PARTS = ("salt", "pending", "shown", "ids", "stands", "values", "counters", "lease")
    LIVE = tuple(part for part in PARTS if part != "lease")

    def _touch(self, pipe, round_id: str) -> None:
        for part in self.LIVE:
            pipe.expire(self._key(round_id, part), EXPIRY_SECONDS)

    def open(self, round_id: str) -> None:
        with self._redis.pipeline() as pipe:
            pipe.set(self._key(round_id, "salt"), secrets.token_hex(16), nx=True)
            self._touch(pipe, round_id)
            pipe.execute()

    def alive(self, round_id: str) -> bool:
        return bool(self._redis.exists(self._key(round_id, "salt")))

    def clear(self, round_id: str) -> None:
        self._redis.delete(*(self._key(round_id, part) for part in self.PARTS))

    def token(self, round_id: str, participant_id: str) -> str | None:
        salt = self._redis.get(self._key(round_id, "salt"))
        return derive_token(salt, participant_id) if salt else None

    def post(self, round_id: str, statement: Statement) -> bool:
        if not self.alive(round_id):
            return False
        if not self._redis.sadd(self._key(round_id, "ids"), statement["id"]):
            return False
        with self._redis.pipeline() as pipe:
            pipe.hset(self._key(round_id, "pending"), statement["id"], json.dumps(statement))
            self._touch(pipe, round_id)
            pipe.execute()
        return True

    def known(self, round_id: str, statement_id: str) -> bool:
        return bool(self._redis.sismember(self._key(round_id, "ids"), statement_id))

    def pending_count(self, round_id: str) -> int:
        return int(self._redis.hlen(self._key(round_id, "pending")))

    def take_pending(self, round_id: str) -> list[Statement]:
        key = self._key(round_id, "pending")
        with self._redis.pipeline() as pipe:  # MULTI/EXEC: read and delete at once
            pipe.hgetall(key)
            pipe.delete(key)
            found, _ = pipe.execute()
        return [json.loads(v) for v in found.values()]

    def publish(self, round_id: str, statements: list[Statement]) -> None:
        if not statements:
            return
        with self._redis.pipeline() as pipe:
            pipe.rpush(self._key(round_id, "shown"), *(json.dumps(s) for s in statements))
            self._touch(pipe, round_id)
            pipe.execute()

    def shown(self, round_id: str) -> list[Statement]:
        return [json.loads(s) for s in self._redis.lrange(self._key(round_id, "shown"), 0, -1)]

    def stand(self, round_id: str, token: str, statement_id: str | None) -> str | None:
        key = self._key(round_id, "stands")
        with self._redis.pipeline() as pipe:
            pipe.hget(key, token)
            if statement_id is None:
                pipe.hdel(key, token)
            else:
                pipe.hset(key, token, statement_id)
            self._touch(pipe, round_id)
            before = pipe.execute()[0]
        return before

    def standing_with(self, round_id: str, token: str) -> str | None:
        return self._redis.hget(self._key(round_id, "stands"), token)

    def standing(self, round_id: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for statement_id in self._redis.hvals(self._key(round_id, "stands")):
            counts[statement_id] = counts.get(statement_id, 0) + 1
        return counts

    def get(self, round_id: str, name: str, default: Any = None) -> Any:
        value = self._redis.hget(self._key(round_id, "values"), name)
        return json.loads(value) if value is not None else default

    def put(self, round_id: str, name: str, value: Any) -> None:
        if not self.alive(round_id):
            return
        with self._redis.pipeline() as pipe:
            pipe.hset(self._key(round_id, "values"), name, json.dumps(value))
            self._touch(pipe, round_id)
            pipe.execute()

    def bump(self, round_id: str, token: str, name: str) -> int:
        with self._redis.pipeline() as pipe:
            pipe.hincrby(self._key(round_id, "counters"), f"{name}:{token}", 1)
            self._touch(pipe, round_id)
            return int(pipe.execute()[0])

    def count(self, round_id: str, token: str, name: str) -> int:
        return int(self._redis.hget(self._key(round_id, "counters"), f"{name}:{token}") or 0)

    def lease(self, round_id: str, seconds: float) -> bool:
        if not self.alive(round_id):
            return False
        return bool(self._redis.set(self._key(round_id, "lease"), "1", nx=True,
                                    px=max(1, int(seconds * 1000))))

    def keys(self) -> list[str]:
        """Every key under this store's prefix (for tests that clean up)."""
        return list(self._redis.scan_iter(f"{self._prefix}:*"))


def off_record():
    return current_app.extensions["off_record"]


def init_app(app) -> None:
    queue = app.config.get("SOCKETIO_MESSAGE_QUEUE")
    if queue and queue.startswith("redis"):
        app.extensions["off_record"] = RedisOffRecord(
            queue, app.config.get("OFF_RECORD_PREFIX", "deepdemocracy:offrecord"))
    else:
        app.extensions["off_record"] = MemoryOffRecord()
