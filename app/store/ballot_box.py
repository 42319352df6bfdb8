"""The ballot box: every piece of anonymous input (contributions, ballots, the no, resonance
("I share a bit of this") and the minority's conditions), read back for the screens and the
summary; and what changes it outside the write path (`app.store.writer`): a withdrawal, an
edit, a vote held again.

Every function takes the round and a `stage` (a name the round kind chooses, such as
"vote.1" or "no"), so every round kind uses them as they are. The rules of the method stay
in `facilitation/`; these functions only store and count, keeping the promise:
- a contribution, ballot or resonance row holds no participant, only the hash of a receipt
  that the phone alone keeps;
- how many answered a stage is counted from `roll_proof` (token hashes with counts), which
  says *that* someone answered, never who; who it was is known only to the roll in memory.
"""
from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Callable, Iterator

from sqlalchemy import func

from app.extensions import db
from app.models import Ballot, Contribution, Participant, Resonance, RollProof, Round
from app.store.receipts import receipt_hash
from app.store.roll import roll
from facilitation import rounds
from facilitation.errors import WrongReceipt


# --- reading a round's counts at once ---------------------------------------------------------
#
# A round's view asks for how many answered and how many texts each of its stages holds, up
# to nine small queries for a poll, a few times a second while a room votes. Inside
# `reading(round_)` those counts come from three grouped queries, each read at the first
# question it answers.

_reading: ContextVar[dict | None] = ContextVar("ballot_box_reading", default=None)


@contextmanager
def reading(round_: Round) -> Iterator[None]:
    """Within: `voters`, `count_texts` and `joined` of this round answer from one read of
    all its stages (nothing is written while a view is read)."""
    token = _reading.set({"round": round_.id})
    try:
        yield
    finally:
        _reading.reset(token)


def _read(round_: Round, what: str, read: Callable[[], Any]) -> Any:
    """`read()` once per reading of this round (None outside one: the caller asks alone)."""
    memo = _reading.get()
    if memo is None or memo["round"] != round_.id:
        return None
    if what not in memo:
        memo[what] = read()
    return memo[what]


# --- contributions ------------------------------------------------------------------------------

def joined(round_: Round) -> int:
    """How many have joined the round's session."""
    def read() -> int:
        return db.session.scalar(db.select(func.count()).select_from(Participant)
                                 .filter_by(session_id=round_.session_id))
    memo = _read(round_, "joined", read)
    return read() if memo is None else memo


def counts(round_: Round, stage: str | None = None) -> rounds.Counts:
    stage = stage or round_.kind
    return rounds.Counts(answered=voters(round_, stage), joined=joined(round_),
                         contributions=count_texts(round_, stage))


def contributions(round_: Round, stage: str | None = None) -> list[Contribution]:
    """A round's contributions in display order: shuffled, never in arrival order."""
    found = db.session.scalars(
        db.select(Contribution).filter_by(round_id=round_.id, stage=stage or round_.kind)).all()
    by_id = {c.id: c for c in found}
    return [by_id[i] for i in rounds.display_order(list(by_id), round_.state.get("seed", 0))]


def texts(round_: Round, stage: str) -> list[Contribution]:
    """A stage's texts (no's, conditions), shuffled with the round's seed."""
    return contributions(round_, stage)


def count_texts(round_: Round, stage: str) -> int:
    memo = _read(round_, "texts", lambda: dict(db.session.execute(
        db.select(Contribution.stage, func.count()).filter_by(round_id=round_.id)
        .group_by(Contribution.stage)).all()))
    if memo is not None:
        return memo.get(stage, 0)
    return db.session.scalar(db.select(func.count()).select_from(Contribution).filter_by(
        round_id=round_.id, stage=stage))


def known_ids(round_: Round) -> set[str]:
    return set(db.session.scalars(
        db.select(Contribution.id).filter_by(round_id=round_.id)).all())


def own(round_: Round, receipt: Any) -> Contribution:
    """The contribution a phone proves is its own by its receipt."""
    contribution = db.session.scalar(
        db.select(Contribution).filter_by(receipt_hash=receipt_hash(receipt)))
    if contribution is None or contribution.round_id != round_.id:
        raise WrongReceipt()
    return contribution


# --- who has answered: counts only -------------------------------------------------------------

def voters(round_: Round, stage: str) -> int:
    """How many have answered a stage: phones with a token for it, never who."""
    memo = _read(round_, "voters", lambda: dict(db.session.execute(
        db.select(RollProof.stage, func.count()).filter_by(round_id=round_.id)
        .where(RollProof.count > 0).group_by(RollProof.stage)).all()))
    if memo is not None:
        return memo.get(stage, 0)
    return db.session.scalar(db.select(func.count()).select_from(RollProof).filter_by(
        round_id=round_.id, stage=stage).where(RollProof.count > 0))


def unroll(round_: Round, participant_id: str, stage: str) -> None:
    """One answer fewer from this participant (a withdrawal)."""
    token = roll().token(round_.id, stage, participant_id)
    proof = db.session.get(RollProof, receipt_hash(token)) if token else None
    if proof is not None:
        proof.count = max(0, proof.count - 1)


# --- ballots ---------------------------------------------------------------------------------

def choices(round_: Round, stage: str) -> list[str]:
    """Every choice cast in a stage, one per ballot row, in no meaningful order."""
    return sorted(db.session.scalars(
        db.select(Ballot.choice).filter_by(round_id=round_.id, stage=stage)).all())


def count_ballots(round_: Round, stage: str) -> int:
    return db.session.scalar(db.select(func.count()).select_from(Ballot).filter_by(
        round_id=round_.id, stage=stage))


def clear(round_: Round, stage: str) -> None:
    """Empties a stage's ballot box and who answered it, for a vote held again after a tie."""
    db.session.execute(db.delete(Ballot).filter_by(round_id=round_.id, stage=stage))
    db.session.execute(db.delete(RollProof).filter_by(round_id=round_.id, stage=stage))
    roll().forget(round_.id, stage)


# --- resonance: "I share a bit of this" --------------------------------------------------------

def resonance_counts(round_: Round, stage: str) -> dict[str, int]:
    """How many share a bit of each contribution of `stage` (0 for none)."""
    rows = db.session.execute(
        db.select(Resonance.contribution_id).join(
            Contribution, Contribution.id == Resonance.contribution_id)
        .where(Contribution.round_id == round_.id, Contribution.stage == stage)).scalars().all()
    counted = Counter(rows)
    ids = db.session.scalars(db.select(Contribution.id).filter_by(
        round_id=round_.id, stage=stage)).all()
    return {i: counted[i] for i in ids}
