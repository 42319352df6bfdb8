"""Services for the check-in after its reveal: the facilitator groups what says the same
thing, names the polarities and writes the summary. Everyone receives `round:changed`."""
from __future__ import annotations

from typing import Any

from app.models import Round, Session
from app.services.rounds import update_state
from app.store import ballot_box
from app.store.receipts import new_id
from facilitation import checkin


def group(session: Session, round_: Round, members: list[str], label: str) -> None:
    update_state(session, round_, checkin.group(
        round_.state, round_.status, members, label, known=ballot_box.known_ids(round_),
        new_id=new_id))


def ungroup(session: Session, round_: Round, group_id: str) -> None:
    update_state(session, round_, checkin.ungroup(round_.state, round_.status, group_id))


def name_polarity(session: Session, round_: Round, left: Any, right: Any) -> None:
    update_state(session, round_, checkin.name_polarity(
        round_.state, round_.status, left, right, known=ballot_box.known_ids(round_),
        new_id=new_id))


def remove_polarity(session: Session, round_: Round, polarity_id: str) -> None:
    update_state(session, round_, checkin.remove_polarity(round_.state, round_.status,
                                                          polarity_id))


def write_summary(session: Session, round_: Round, text: str) -> None:
    update_state(session, round_, checkin.write_summary(round_.state, round_.status, text))
