"""Services for rounds and anonymous contributions. A contribution is stored with the hash of
a receipt that only the phone holds; "who has answered" goes to the roll, apart from it."""
from __future__ import annotations

import secrets
from typing import Any

from flask import current_app

from app import broadcast
from app.errors import Malformed
from app.extensions import db
from app.models import Round, Session
from app.services import feet
from app.store import ballot_box, disk, heat, writer
from facilitation import rounds
from facilitation.errors import UnknownRound, WrongReceipt, WrongStep
from facilitation.kinds import KINDS, default_prompt
from facilitation.text import clean_text


def stage_closed(session: Session) -> None:
    """A stage closed: once the action has committed and been announced, nothing on disk
    keeps the order in which its input arrived, nor the answers kept for its retries."""
    session_id = session.id
    broadcast.after_announcing(f"forget:{session_id}", lambda: disk.forget_order(session_id))


def get_round(session: Session, round_id: Any, kind: str | None = None) -> Round:
    """The round `round_id` names, in `session` (and of `kind`, if given)."""
    round_ = db.session.get(Round, round_id) if isinstance(round_id, str) else None
    if round_ is None or round_.session_id != session.id:
        raise UnknownRound()
    if kind is not None and round_.kind != kind:
        raise Malformed(f"not a {kind} round")
    return round_


def open_round(session: Session, kind: str, prompt: str) -> Round:
    """Sent by the facilitator. Everyone receives `round:changed`."""
    if kind not in KINDS:
        raise Malformed("unknown round kind")
    current = session.rounds[-1] if session.rounds else None
    if current is not None and current.off_record and current.status == rounds.OPEN:
        feet.end(session, current)  # a new round ends the one off the record: nothing kept
    round_ = Round(
        session=session,
        position=len(session.rounds) + 1,
        kind=kind,
        # A check-in or an agenda has a default question; a poll's proposal must be typed.
        prompt=clean_text(prompt or default_prompt(kind, session.language), 500),
        status=rounds.OPEN,
        state={**KINDS[kind].first_state(), "seed": secrets.randbits(32)},
    )
    db.session.add(round_)
    db.session.flush()
    if KINDS[kind].off_record:
        feet.opened(session, round_)
    broadcast.after_commit(lambda: broadcast.round_changed(session, round_))
    return round_


def contribution_request(identity, payload: dict) -> writer.Request:
    """Sent by a phone: a contribution, for the batched writer (`app.store.writer`). The
    console and projector receive `round:counted` (counts only)."""
    return writer.Request(apply_contribution, identity, payload.get("round"),
                          payload.get("receipt"), payload.get("text"))


def apply_contribution(batch: writer.Batch, request: writer.Request) -> dict:
    """Stores the contribution under the hash of its receipt (the same receipt again, a
    retry after a reconnect, stores nothing new) and counts its sender on the roll."""
    identity = request.identity
    batch.open_session(identity.session_id)
    round_ = batch.round(request)
    stage = round_.kind
    key = request.key
    earlier = batch.contribution(key)
    if earlier is not None:
        if earlier["round_id"] != round_.id:
            raise WrongReceipt()
        # A retry after a reconnect: stored once.
        return {"text": earlier["text"],
                "roll": batch.roll_token(round_.id, identity.participant_id, stage)}
    rounds.check_open(round_.status)
    if not isinstance(request.value, str):
        raise Malformed("text must be text")
    text = clean_text(request.value, current_app.config["TEXT_LIMIT"])
    batch.add_contribution(round_.id, stage, key, text)
    token = batch.add_to_roll(round_.id, identity.participant_id, stage)
    code, round_id = identity.code, round_.id
    batch.announce(("counted", round_id, stage),
                   lambda: broadcast.counted(code, round_id, stage))
    return {"text": text, "roll": token}


def edit_contribution(round_: Round, receipt: Any, text: Any) -> str:
    """Sent by a phone, with the receipt it holds. Nobody is told: counts do not change."""
    contribution = ballot_box.own(round_, receipt)
    rounds.check_open(round_.status)
    if not isinstance(text, str):
        raise Malformed("text must be text")
    contribution.text = clean_text(text, current_app.config["TEXT_LIMIT"])
    return contribution.text


def withdraw_contribution(session: Session, participant_id: str, round_: Round,
                          receipt: Any) -> None:
    """Sent by a phone, with the receipt it holds. Console and projector receive new counts."""
    contribution = ballot_box.own(round_, receipt)
    rounds.check_open(round_.status)
    stage = contribution.stage
    db.session.delete(contribution)
    ballot_box.unroll(round_, participant_id, stage)
    broadcast.after_commit(lambda: broadcast.round_counted(session, round_, stage))


def reveal(session: Session, round_: Round, confirmed: bool) -> None:
    """Sent by the facilitator. Everyone receives `round:changed` with the contributions."""
    if round_.off_record:
        raise WrongStep()  # nothing of it is ever revealed: it is ended
    round_.status = rounds.reveal(round_.status, ballot_box.counts(round_), session.k,
                                  confirmed=confirmed)
    on_reveal = KINDS[round_.kind].on_reveal
    if on_reveal is not None:
        gathered = [(c.id, c.text) for c in ballot_box.contributions(round_)]
        round_.state = on_reveal(round_.state, gathered)
    broadcast.after_commit(
        lambda: broadcast.round_changed(session, round_, with_contributions=True))
    stage_closed(session)


def close(session: Session, round_: Round) -> None:
    if round_.off_record:
        feet.end(session, round_)
        return
    round_.status = rounds.move(round_.status, rounds.CLOSED)
    heat.store().forget(round_.id)  # a step-5 round's heat, if it was still going on
    broadcast.after_commit(lambda: broadcast.round_changed(session, round_))
    stage_closed(session)


def update_state(session: Session, round_: Round, state: dict) -> None:
    round_.state = state
    broadcast.after_commit(lambda: broadcast.round_changed(session, round_))
