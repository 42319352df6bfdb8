"""The edge every socket event passes through: who is this, is the payload well formed,
was this event handled before (a retry after a reconnect), run the service, commit, then
broadcast. Handlers stay one line each."""
from __future__ import annotations

import functools
import hashlib
import logging
import re
import traceback
from typing import Any, Callable

from flask import current_app, request
from sqlalchemy.exc import IntegrityError

from app import broadcast, presence
from app.errors import (NAMED_ERRORS, Forbidden, Malformed, NotJoined, RateLimited, ServerError,
                        ack_for)
from app.extensions import db, socketio
from app.models import HandledEvent
from app.security import limits
from app.store import writer

log = logging.getLogger(__name__)
CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
HANDLERS: dict[str, dict[str, Any]] = {}


def payload_dict(payload: Any) -> dict:
    if payload is None:
        return {}
    if not isinstance(payload, dict):
        raise Malformed("payload must be an object")
    if not storable(payload):
        raise Malformed("text must be readable text")
    return payload


def storable(value: Any) -> bool:
    """Whether every text in a payload can be stored: JSON may carry a lone surrogate
    ("\\ud800"), which no database encodes; met in a batch, it would fail every request in
    it, not only its own."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(storable(k) and storable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(storable(v) for v in value)
    return True


def text_field(payload: dict, name: str, *, required: bool = True) -> str:
    value = payload.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise Malformed(f"{name} must be text")
    return value


def flag(payload: dict, name: str) -> bool:
    value = payload.get(name)
    if not isinstance(value, bool):
        raise Malformed(f"{name} must be true or false")
    return value


def id_list(payload: dict, name: str) -> list[str]:
    value = payload.get(name)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Malformed(f"{name} must be a list of ids")
    return value


def on(event: str, *, who: tuple[str, ...], changes_state: bool = True,
       keeps_answer: bool = True, batched: bool = False):
    """Registers a socket handler `fn(identity, payload) -> dict | None`.

    `who` lists the roles that may send it; anyone else gets `action:refused` and nothing
    changes. A state-changing event must carry a client-generated `id`; the answer to it is
    kept, so the same id sent again gets the same answer and changes nothing. An event that is
    idempotent by a key of its own (a contribution's receipt) need not keep its answer
    (`keeps_answer=False`): that saves a read and a write on the busiest path.

    A `batched` handler returns a `writer.Request` instead: the writer (`app.store.writer`) applies
    it with others of the same burst in one transaction, keeps its answer if it should, and
    announces; the acknowledgement comes back after the commit."""

    def register(fn: Callable[[presence.Identity, dict], dict | None]):
        @functools.wraps(fn)
        def handler(*args):
            # An event carries one payload; more than one argument is refused like any other
            # malformed payload (by payload_dict, after who and the rate limit).
            payload = args[0] if len(args) == 1 else (args or None)
            try:
                try:
                    return attempt(payload)
                except IntegrityError:
                    # Two copies of one event raced each other: the second finds the first.
                    db.session.rollback()
                    broadcast.discard()
                    return attempt(payload)
            except Exception as error:  # a defect: refuse, change nothing, log no payload
                db.session.rollback()
                broadcast.discard()
                log.error("%s failed with %s\n%s", event, type(error).__name__,
                          "".join(traceback.format_tb(error.__traceback__)))
                ack = ack_for(ServerError())
                broadcast.refused(request.sid, ack)
                return ack

        def attempt(payload):
            try:
                identity = presence.identity(request.sid)
                if identity is None:
                    raise NotJoined()
                if identity.role not in who:
                    raise Forbidden(event)
                key = identity.participant_id or f"f{identity.facilitator_id}:{request.sid}"
                if not limits().hit(current_app.config["EVENT_RATE_LIMIT"], "event", key):
                    raise RateLimited()
                payload = payload_dict(payload)
                handled_key = None
                if changes_state:
                    client_id = payload.get("id")
                    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
                        raise Malformed("a client-generated id is required")
                if changes_state and keeps_answer:
                    handled_key = hashlib.sha256(
                        f"{identity.session_id}:{client_id}".encode()
                    ).hexdigest()
                if batched:
                    queued = fn(identity, payload)
                    queued.handled_key = handled_key
                    return writer.write(queued)  # committed and announced by the writer
                if handled_key:
                    earlier = db.session.get(HandledEvent, handled_key)
                    if earlier is not None:
                        return earlier.response
                result = fn(identity, payload) or {}
                ack = {"ok": True, **result}
                if handled_key:
                    db.session.add(HandledEvent(key=handled_key, session_id=identity.session_id,
                                                 response=writer.kept(ack)))
                db.session.commit()
            except NAMED_ERRORS as error:
                db.session.rollback()
                broadcast.discard()
                ack = ack_for(error)
                broadcast.refused(request.sid, ack)
                return ack
            broadcast.flush()
            return ack

        HANDLERS[event] = {"who": who, "changes_state": changes_state}
        socketio.on(event)(handler)
        return fn

    return register
