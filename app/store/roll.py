"""Who has answered a stage, kept where no file holds it: this process's memory, or Redis
(with an expiry) when several processes share a message queue.

For each (round, stage) the roll maps a participant to the token their phone was given with
its first answer in that stage. On disk there is only the hash of that token beside a count
(`roll_proof`): it says *that* someone answered, and how often, never who. After a restart
the memory is empty; each phone presents its tokens when it reconnects (`restore`), and the
roll is whole again without anything on disk having named anyone."""
from __future__ import annotations

import hashlib
import re
from threading import Lock

import redis
from flask import current_app

from app.extensions import db
from app.models import RollProof, Round

EXPIRY_SECONDS = 12 * 60 * 60  # a session's day, then Redis forgets by itself


class MemoryRoll:
    def __init__(self) -> None:
        self._lock = Lock()
        self._tokens: dict[tuple[str, str], dict[str, str]] = {}

    def token(self, round_id: str, stage: str, participant_id: str) -> str | None:
        return self._tokens.get((round_id, stage), {}).get(participant_id)

    def tokens(self, round_id: str, stage: str, participant_ids) -> dict[str, str]:
        known = self._tokens.get((round_id, stage), {})
        return {p: known[p] for p in participant_ids if p in known}

    def remember(self, round_id: str, stage: str, participant_id: str, token: str) -> None:
        with self._lock:
            self._tokens.setdefault((round_id, stage), {})[participant_id] = token

    def forget(self, round_id: str, stage: str | None = None) -> None:
        with self._lock:
            for key in [k for k in self._tokens if k[0] == round_id
                        and (stage is None or k[1] == stage)]:
                del self._tokens[key]


class RedisRoll:
    """The same roll in Redis, so that every process of a scaled-out server shares it."""

    def __init__(self, url: str) -> None:
        self._redis = redis.Redis.from_url(url, decode_responses=True)

    @staticmethod
    def _key(round_id: str, stage: str) -> str:
        return f"deepdemocracy:roll:{round_id}:{stage}"

    def token(self, round_id: str, stage: str, participant_id: str) -> str | None:
        return self._redis.hget(self._key(round_id, stage), participant_id)

    def tokens(self, round_id: str, stage: str, participant_ids) -> dict[str, str]:
        ids = list(participant_ids)
        if not ids:
            return {}
        values = self._redis.hmget(self._key(round_id, stage), ids)
        return {p: v for p, v in zip(ids, values) if v is not None}

    def remember(self, round_id: str, stage: str, participant_id: str, token: str) -> None:
        key = self._key(round_id, stage)
        with self._redis.pipeline() as pipe:
            pipe.hset(key, participant_id, token)
            pipe.expire(key, EXPIRY_SECONDS)
            pipe.execute()

    def forget(self, round_id: str, stage: str | None = None) -> None:
        pattern = self._key(round_id, stage) if stage else self._key(round_id, "*")
        keys = list(self._redis.scan_iter(pattern))
        if keys:
            self._redis.delete(*keys)


def roll():
    return current_app.extensions["roll"]


def init_app(app) -> None:
    queue = app.config.get("SOCKETIO_MESSAGE_QUEUE")
    app.extensions["roll"] = RedisRoll(queue) if queue and queue.startswith("redis") \
        else MemoryRoll()


MAX_TOKENS = 500
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")  # as `receipts.new_token` makes them  # more than a session's stages; a longer list is not a phone's


def restore(session_id: str, participant_id: str, tokens) -> int:
    """A phone (re)connects with the tokens it was given: for each that proves an answer in
    this session, the roll remembers that this participant answered that stage. Returns how
    many were restored. Unknown or malformed tokens are ignored."""
    if not isinstance(tokens, list):
        return 0
    by_hash = {hashlib.sha256(t.encode()).hexdigest(): t for t in tokens[:MAX_TOKENS]
               if isinstance(t, str) and TOKEN.match(t)}
    if not by_hash:
        return 0
    found = db.session.execute(
        db.select(RollProof.token_hash, RollProof.round_id, RollProof.stage)
        .join(Round, Round.id == RollProof.round_id)
        .where(RollProof.token_hash.in_(by_hash), Round.session_id == session_id)).all()
    for token_hash, round_id, stage in found:
        roll().remember(round_id, stage, participant_id, by_hash[token_hash])
    return len(found)
