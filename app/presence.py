"""Who is connected right now, by socket. Kept in this process's memory: with several
processes behind sticky sessions each counts its own sockets (see README, scale-out)."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from threading import Lock


@dataclass(frozen=True)
class Identity:
    """Who a socket belongs to, decided at connect from the server-side session."""

    code: str  # the session's join code
    session_id: str
    role: str  # "participant", "facilitator" or "projector"
    participant_id: str | None = None
    facilitator_id: int | None = None


_lock = Lock()
_by_sid: dict[str, Identity] = {}
_phones: dict[str, Counter] = defaultdict(Counter)  # session id -> participant id -> sockets


def arrive(sid: str, identity: Identity) -> None:
    with _lock:
        _by_sid[sid] = identity
        if identity.participant_id:
            _phones[identity.session_id][identity.participant_id] += 1


def leave(sid: str) -> Identity | None:
    with _lock:
        identity = _by_sid.pop(sid, None)
        if identity and identity.participant_id:
            phones = _phones[identity.session_id]
            phones[identity.participant_id] -= 1
            if phones[identity.participant_id] <= 0:
                del phones[identity.participant_id]
        return identity


def identity(sid: str) -> Identity | None:
    return _by_sid.get(sid)


def connected_participants(session_id: str) -> set[str]:
    with _lock:
        return set(_phones.get(session_id, {}))


def reset() -> None:
    """Tests start from an empty room."""
    with _lock:
        _by_sid.clear()
        _phones.clear()
