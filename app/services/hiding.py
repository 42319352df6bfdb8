"""Hiding a contribution from the beamer and the phones (rules in `facilitation.hiding`).
Sent by the facilitator; every screen receives `round:changed` with the contributions again,
the beamer's and the phones' without the hidden text, the console's with it, marked."""
from __future__ import annotations

from typing import Any

from app import broadcast
from app.errors import Malformed
from app.models import Round, Session
from app.store import ballot_box
from facilitation import hiding


def set_hidden(session: Session, round_: Round, contribution_id: Any, hide: Any) -> None:
    if not isinstance(hide, bool):
        raise Malformed("hidden must be true or false")
    round_.state = hiding.set_hidden(round_.state or {}, contribution_id, hide,
                                     known=ballot_box.known_ids(round_))
    # With the contributions: every screen must drop (or get back) the text it holds.
    broadcast.after_commit(
        lambda: broadcast.round_changed(session, round_, with_contributions=True))
