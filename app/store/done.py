""""I'm done": which phones said so in a round, kept where no file holds it (this process's
memory, or Redis with an expiry when several processes share a message queue), like the roll.
Only the count ever leaves this module, and only to the console. A phone remembers its own
"done" and says it again when it reconnects (`restore`), so a restart forgets nothing that
matters and the database never learns who was done."""
from __future__ import annotations

from threading import Lock

import redis
from flask import current_app

EXPIRY_SECONDS = 12 * 60 * 60


class MemoryDone:
    def __init__(self) -> None:
        self._lock = Lock()
        self._done: dict[str, set[str]] = {}

    def mark(self, round_id: str, participant_id: str, done: bool) -> None:
        with self._lock:
            found = self._done.setdefault(round_id, set())
            if done:
                found.add(participant_id)
            else:
                found.discard(participant_id)

    def count(self, round_id: str) -> int:
        return len(self._done.get(round_id, ()))

    def forget(self, round_id: str) -> None:
        with self._lock:
            self._done.pop(round_id, None)


class RedisDone:
    def __init__(self, url: str) -> None:
        self._redis = redis.Redis.from_url(url, decode_responses=True)

    @staticmethod
    def _key(round_id: str) -> str:
        return f"deepdemocracy:done:{round_id}"

    def mark(self, round_id: str, participant_id: str, done: bool) -> None:
        key = self._key(round_id)
        with self._redis.pipeline() as pipe:
            if done:
                pipe.sadd(key, participant_id)
            else:
                pipe.srem(key, participant_id)
            pipe.expire(key, EXPIRY_SECONDS)
            pipe.execute()

    def count(self, round_id: str) -> int:
        return int(self._redis.scard(self._key(round_id)))

    def forget(self, round_id: str) -> None:
        self._redis.delete(self._key(round_id))


def store():
    return current_app.extensions["done"]


def init_app(app) -> None:
    queue = app.config.get("SOCKETIO_MESSAGE_QUEUE")
    app.extensions["done"] = RedisDone(queue) if queue and queue.startswith("redis") \
        else MemoryDone()


def mark(round_id: str, participant_id: str, done: bool) -> None:
    store().mark(round_id, participant_id, done)


def count(round_id: str) -> int:
    return store().count(round_id)
