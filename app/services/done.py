""""I'm done" (`app.store.done`): sent by a phone in any round, and taken back the same way.
Who is done stays in memory; the console alone receives the count, coalesced."""
from __future__ import annotations

from typing import Any

from app import broadcast
from app.errors import Malformed
from app.models import Round, Session
from app.store import done
from facilitation.errors import RoundNotOpen
from facilitation.rounds import CLOSED


def say_done(session: Session, participant_id: str, round_: Round, is_done: Any) -> bool:
    if not isinstance(is_done, bool):
        raise Malformed("done must be true or false")
    if round_.status == CLOSED:
        raise RoundNotOpen()
    done.mark(round_.id, participant_id, is_done)
    code, round_id = session.code, round_.id
    broadcast.after_commit(lambda: broadcast.done_counted(code, round_id))
    return is_done


def restore(session: Session, participant_id: str, round_ids: Any) -> None:
    """A phone (re)connects saying in which rounds it is done: only the session's current
    round counts (an earlier round's "done" no longer matters)."""
    current = session.rounds[-1] if session.rounds else None
    if current is None or current.status == CLOSED or not isinstance(round_ids, list):
        return
    if current.id in round_ids[:50]:
        done.mark(current.id, participant_id, True)
        broadcast.done_counted(session.code, current.id)
