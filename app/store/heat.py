"""The heat of step 5, off the record: what both sides say while the argument goes on.

Never on disk: this process's memory, or Redis under a short expiry when several processes
share a message queue (`SOCKETIO_MESSAGE_QUEUE`), so that a second process shows the same
statements. A server restart (in memory) or the expiry (in Redis) ends it. Nothing here is
written to the database or a log.

Per round: statements waiting to be shown, the time the oldest began to wait, the
statements already shown (in the shuffled order of their batches), and the hashes of the
client ids already taken, so a retry after a reconnect is taken once. A statement is
{"id": random, "side": "majority" | "minority", "text"}: it names no phone. When a batch is
due is `facilitation.step5.due`'s to say, its order `facilitation.step5.release`'s.
"""
from __future__ import annotations

import json
import random
import time
from threading import Lock
from typing import Any

import redis
from flask import current_app

from facilitation import step5

EXPIRY_SECONDS = 2 * 60 * 60  # an argument does not last longer; then it is gone by itself

Statement = dict[str, str]


class MemoryHeat:
    def __init__(self) -> None:
        self._lock = Lock()
        self._rounds: dict[str, dict[str, Any]] = {}
        self._rng = random.SystemRandom()

    def _round(self, round_id: str) -> dict[str, Any]:
        now = time.monotonic()
        for gone in [r for r, v in self._rounds.items() if now - v["touched"] > EXPIRY_SECONDS]:
            del self._rounds[gone]
        entry = self._rounds.get(round_id) or {"waiting": [], "since": None, "shown": [],
                                               "seen": set(), "touched": now}
        entry["touched"] = now
        return entry

    def open(self, round_id: str) -> None:
        """The heat begins: from now on this round's statements are kept here."""
        with self._lock:
            self._rounds[round_id] = self._round(round_id)

    def alive(self, round_id: str) -> bool:
        """Whether the heat is kept here (False after a restart forgot it)."""
        return round_id in self._rounds

    def add(self, round_id: str, key: str, statement: Statement) -> bool:
        """Keeps a statement until its batch is due; False if this key was taken before,
        the round holds as many as it may, or its heat is not kept here (any more)."""
        with self._lock:
            if round_id not in self._rounds:
                return False
            entry = self._round(round_id)
            if key in entry["seen"] or len(entry["waiting"]) + len(entry["shown"]) \
                    >= step5.HEAT_MAX:
                return False
            entry["seen"].add(key)
            entry["waiting"].append(statement)
            if entry["since"] is None:
                entry["since"] = time.monotonic()
            return True

    def waiting(self, round_id: str) -> tuple[int, float]:
        """How many wait, and for how many seconds the oldest has waited."""
        with self._lock:
            entry = self._rounds.get(round_id) or {"waiting": [], "since": None}
            since = entry["since"]
            return len(entry["waiting"]), 0.0 if since is None else time.monotonic() - since

    def take(self, round_id: str, *, force: bool = False) -> list[Statement]:
        """The batch that is due (shuffled), now shown; nothing if none is due."""
        with self._lock:
            if round_id not in self._rounds:
                return []
            entry = self._round(round_id)
            since = entry["since"]
            waited = 0.0 if since is None else time.monotonic() - since
            if not (force and entry["waiting"]) and not step5.due(len(entry["waiting"]),
                                                                   waited):
                return []
            batch = step5.release(entry["waiting"], self._rng)
            entry["waiting"], entry["since"] = [], None
            entry["shown"].extend(batch)
            return batch

    def shown(self, round_id: str) -> list[Statement]:
        with self._lock:
            return list(self._rounds.get(round_id, {}).get("shown", []))

    def forget(self, round_id: str) -> None:
        with self._lock:
            self._rounds.pop(round_id, None)


class RedisHeat:
    """The same in Redis, every key under EXPIRY_SECONDS, so every process of a scaled-out
    server shows the same statements and none outlives the argument by long."""

    def __init__(self, url: str) -> None:
        self._redis = redis.Redis.from_url(url, decode_responses=True)
        self._rng = random.SystemRandom()

    @staticmethod
    def _keys(round_id: str) -> dict[str, str]:
        base = f"deepdemocracy:heat:{round_id}"
        return {name: f"{base}:{name}" for name in ("waiting", "since", "shown", "seen", "alive")}

    def open(self, round_id: str) -> None:
        self._redis.set(self._keys(round_id)["alive"], "1", ex=EXPIRY_SECONDS)

    def alive(self, round_id: str) -> bool:
        return bool(self._redis.exists(self._keys(round_id)["alive"]))

    def add(self, round_id: str, key: str, statement: Statement) -> bool:
        keys = self._keys(round_id)
        if not self.alive(round_id) or self._redis.llen(keys["waiting"]) \
                + self._redis.llen(keys["shown"]) >= step5.HEAT_MAX:
            return False
        with self._redis.pipeline() as pipe:
            pipe.sadd(keys["seen"], key)
            pipe.expire(keys["seen"], EXPIRY_SECONDS)
            new, _ = pipe.execute()
        if not new:
            return False
        with self._redis.pipeline() as pipe:
            pipe.rpush(keys["waiting"], json.dumps(statement))
            pipe.set(keys["since"], str(time.time()), nx=True, ex=EXPIRY_SECONDS)
            pipe.expire(keys["waiting"], EXPIRY_SECONDS)
            pipe.execute()
        return True

    def waiting(self, round_id: str) -> tuple[int, float]:
        keys = self._keys(round_id)
        count, since = self._redis.llen(keys["waiting"]), self._redis.get(keys["since"])
        return count, 0.0 if since is None else max(0.0, time.time() - float(since))

    def take(self, round_id: str, *, force: bool = False) -> list[Statement]:
        count, waited = self.waiting(round_id)
        if not (force and count) and not step5.due(count, waited):
            return []
        keys = self._keys(round_id)
        with self._redis.pipeline() as pipe:  # MULTI: two processes never take one batch
            pipe.lrange(keys["waiting"], 0, -1)
            pipe.delete(keys["waiting"], keys["since"])
            raw, _ = pipe.execute()
        batch = step5.release([json.loads(item) for item in raw], self._rng)
        if batch:
            with self._redis.pipeline() as pipe:
                pipe.rpush(keys["shown"], *[json.dumps(s) for s in batch])
                pipe.expire(keys["shown"], EXPIRY_SECONDS)
                pipe.execute()
        return batch

    def shown(self, round_id: str) -> list[Statement]:
        return [json.loads(item) for item in
                self._redis.lrange(self._keys(round_id)["shown"], 0, -1)]

    def forget(self, round_id: str) -> None:
        self._redis.delete(*self._keys(round_id).values())


def store():
    return current_app.extensions["heat"]


def init_app(app) -> None:
    queue = app.config.get("SOCKETIO_MESSAGE_QUEUE")
    app.extensions["heat"] = RedisHeat(queue) if queue and queue.startswith("redis") \
        else MemoryHeat()
