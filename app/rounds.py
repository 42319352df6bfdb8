"""Services for rounds and anonymous contributions. A contribution is stored with the hash of
a receipt that only the phone holds; "who has answered" goes to the roll, apart from it."""
from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any, Callable

from flask import current_app
from sqlalchemy import func

from app import broadcast, writer
from app.errors import Malformed
from app.extensions import db
from app.models import AnswerRoll, Contribution, Participant, Round, Session
from facilitation import checkin, poll, rounds
from facilitation.errors import UnknownRound, WrongReceipt
from facilitation.text import clean_text

RECEIPT = re.compile(r"^[A-Za-z0-9_-]{16,128}$")

# Each round kind registers how its state starts and what it adds to the public view.
INITIAL_STATE: dict[str, Callable[[], dict]] = {"checkin": checkin.empty, "poll": poll.start}
DEFAULT_PROMPT: dict[str, dict[str, str]] = {"checkin": checkin.DEFAULT_PROMPT}
EXTRA_VIEW: dict[str, Callable[[Round, dict], None]] = {}  # app.polls registers "poll"
ON_REVEAL: dict[str, Callable[[Round], None]] = {}


def receipt_hash(receipt: Any) -> str:
    if not isinstance(receipt, str) or not RECEIPT.match(receipt):
        raise Malformed("a receipt is required")
    return hashlib.sha256(receipt.encode()).hexdigest()


def new_id() -> str:
    return secrets.token_urlsafe(9)


def get_round(session: Session, round_id: Any) -> Round:
    round_ = db.session.get(Round, round_id) if isinstance(round_id, str) else None
    if round_ is None or round_.session_id != session.id:
        raise UnknownRound()
    return round_


def current_round(session: Session) -> Round | None:
    return session.rounds[-1] if session.rounds else None


def counts(round_: Round, stage: str | None = None) -> rounds.Counts:
    stage = stage or round_.kind
    answered = db.session.scalar(
        db.select(func.count()).select_from(AnswerRoll)
        .filter_by(round_id=round_.id, stage=stage).where(AnswerRoll.count > 0))
    joined = db.session.scalar(
        db.select(func.count()).select_from(Participant).filter_by(session_id=round_.session_id))
    contributions = db.session.scalar(
        db.select(func.count()).select_from(Contribution).filter_by(round_id=round_.id,
                                                                     stage=stage))
    return rounds.Counts(answered=answered, joined=joined, contributions=contributions)


def contributions(round_: Round, stage: str | None = None) -> list[Contribution]:
    """A round's contributions in display order: shuffled, never in arrival order."""
    found = db.session.scalars(
        db.select(Contribution).filter_by(round_id=round_.id, stage=stage or round_.kind)).all()
    by_id = {c.id: c for c in found}
    return [by_id[i] for i in rounds.display_order(list(by_id), round_.state.get("seed", 0))]


def open_round(session: Session, kind: str, prompt: str) -> Round:
    """Sent by the facilitator. Everyone receives `round:changed`."""
    if kind not in INITIAL_STATE:
        raise Malformed("unknown round kind")
    round_ = Round(
        session=session,
        position=len(session.rounds) + 1,
        kind=kind,
        # A check-in or an agenda has a default question; a poll's proposal must be typed.
        prompt=clean_text(prompt or DEFAULT_PROMPT.get(kind, {}).get(session.language, ""), 500),
        status=rounds.OPEN,
        state={**INITIAL_STATE[kind](), "seed": secrets.randbits(32)},
    )
    db.session.add(round_)
    db.session.flush()
    broadcast.after_commit(lambda: broadcast.round_changed(session, round_))
    return round_


def _roll(round_: Round, participant_id: str, stage: str) -> AnswerRoll:
    entry = db.session.get(AnswerRoll, (round_.id, participant_id, stage))
    if entry is None:
        entry = AnswerRoll(round_id=round_.id, participant_id=participant_id, stage=stage,
                           count=0)
        db.session.add(entry)
    return entry


def contribution_request(identity, payload: dict) -> writer.Request:
    """Sent by a phone: a contribution, for the batched writer (`app.writer`). The console
    and projector receive `round:counted` (counts only)."""
    return writer.Request(apply_contribution, identity, payload.get("round"),
                          payload.get("receipt"), payload.get("text"))


def apply_contribution(batch: writer.Batch, request: writer.Request) -> dict:
    """Stores the contribution under the hash of its receipt (the same receipt again, a
    retry after a reconnect, stores nothing new) and counts its sender on the roll."""
    identity = request.identity
    batch.open_session(identity.session_id)
    round_ = batch.round(request)
    stage = round_.kind
    key = receipt_hash(request.receipt)
    earlier = batch.contribution(key)
    if earlier is not None:
        if earlier["round_id"] != round_.id:
            raise WrongReceipt()
        return {"text": earlier["text"]}  # a retry after a reconnect: stored once
    rounds.check_open(round_.status)
    if not isinstance(request.value, str):
        raise Malformed("text must be text")
    text = clean_text(request.value, current_app.config["TEXT_LIMIT"])
    batch.add_contribution(round_.id, stage, key, text)
    batch.add_to_roll(round_.id, identity.participant_id, stage)
    code, round_id = identity.code, round_.id
    batch.announce(("counted", round_id, stage),
                   lambda: broadcast.counted(code, round_id, stage))
    return {"text": text}


def _own(round_: Round, receipt: Any) -> Contribution:
    contribution = db.session.scalar(
        db.select(Contribution).filter_by(receipt_hash=receipt_hash(receipt)))
    if contribution is None or contribution.round_id != round_.id:
        raise WrongReceipt()
    return contribution


def edit_contribution(round_: Round, receipt: Any, text: Any) -> Contribution:
    """Sent by a phone, with the receipt it holds. Nobody is told: counts do not change."""
    contribution = _own(round_, receipt)
    rounds.check_open(round_.status)
    if not isinstance(text, str):
        raise Malformed("text must be text")
    contribution.text = clean_text(text, current_app.config["TEXT_LIMIT"])
    return contribution


def withdraw_contribution(session: Session, participant_id: str, round_: Round,
                          receipt: Any) -> None:
    """Sent by a phone, with the receipt it holds. Console and projector receive new counts."""
    contribution = _own(round_, receipt)
    rounds.check_open(round_.status)
    stage = contribution.stage
    db.session.delete(contribution)
    entry = _roll(round_, participant_id, stage)
    entry.count = max(0, entry.count - 1)
    broadcast.after_commit(lambda: broadcast.round_counted(session, round_, stage))


def reveal(session: Session, round_: Round, confirmed: bool) -> None:
    """Sent by the facilitator. Everyone receives `round:changed` with the contributions."""
    round_.status = rounds.reveal(round_.status, counts(round_), session.k, confirmed=confirmed)
    if round_.kind in ON_REVEAL:
        ON_REVEAL[round_.kind](round_)
    broadcast.after_commit(
        lambda: broadcast.round_changed(session, round_, with_contributions=True))


def close(session: Session, round_: Round) -> None:
    round_.status = rounds.move(round_.status, rounds.CLOSED)
    broadcast.after_commit(lambda: broadcast.round_changed(session, round_))


def update_state(session: Session, round_: Round, state: dict) -> None:
    round_.state = state
    broadcast.after_commit(lambda: broadcast.round_changed(session, round_))


def known_ids(round_: Round) -> set[str]:
    return set(db.session.scalars(
        db.select(Contribution.id).filter_by(round_id=round_.id)).all())


# A round's own contributions cannot change once it is revealed (adding, editing and
# withdrawing need it open), so their shown form is kept, per process, after the first read.
_revealed: dict[str, list[dict[str, str]]] = {}


def shown_contributions(round_: Round) -> list[dict[str, str]]:
    if round_.status == rounds.OPEN:
        return [{"id": c.id, "text": c.text} for c in contributions(round_)]
    if round_.id not in _revealed:
        if len(_revealed) > 256:
            _revealed.clear()
        _revealed[round_.id] = [{"id": c.id, "text": c.text} for c in contributions(round_)]
    return _revealed[round_.id]


def view(round_: Round) -> dict[str, Any]:
    """What every audience may see of a round: counts while it is open, and the
    contributions (shuffled, nameless, timeless) once the facilitator reveals it."""
    count = counts(round_)
    data: dict[str, Any] = {
        "id": round_.id, "kind": round_.kind, "prompt": round_.prompt,
        "status": round_.status, "position": round_.position,
        "counts": {"answered": count.answered, "joined": count.joined,
                   "contributions": count.contributions},
    }
    if round_.status != rounds.OPEN:
        data["contributions"] = shown_contributions(round_)
        data.update({k: v for k, v in round_.state.items() if k != "seed"})
    if round_.kind in EXTRA_VIEW:
        EXTRA_VIEW[round_.kind](round_, data)
    return data
