"""The ballot box: every piece of anonymous input (contributions, ballots, the no,
resonance ("I share a bit of this") and the minority's conditions), and the roll.

Every function takes the round and a `stage` (a name the round kind chooses, such as
"vote.1" or "no.1"), so another round kind reuses them as they are. The rules of the
method (may this be sent now? did this ballot lose?) stay with the caller, in
`facilitation/`; these functions only store and count, keeping the promise:
- a ballot, a no, a condition or a resonance row holds no participant, only the hash of a
  receipt that the phone alone keeps;
- the roll (`answer_roll`) says *that* someone voted or shared a bit, never what; a no and a
  condition put nobody on the roll at all, since being on it would say how they voted.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Callable

from flask import current_app
from sqlalchemy import func

from app.errors import Malformed
from app.extensions import db
from app.models import AnswerRoll, Ballot, Contribution, Participant, Resonance, Round
from app.store.receipts import receipt_hash
from facilitation import rounds
from facilitation.errors import AlreadyVoted, UnknownContribution, WrongReceipt
from facilitation.text import clean_text


# --- contributions and the roll ----------------------------------------------------------------

def joined(round_: Round) -> int:
    """How many have joined the round's session."""
    return db.session.scalar(
        db.select(func.count()).select_from(Participant).filter_by(session_id=round_.session_id))


def counts(round_: Round, stage: str | None = None) -> rounds.Counts:
    stage = stage or round_.kind
    answered = voters(round_, stage)
    contributions_ = db.session.scalar(
        db.select(func.count()).select_from(Contribution).filter_by(round_id=round_.id,
                                                                     stage=stage))
    return rounds.Counts(answered=answered, joined=joined(round_), contributions=contributions_)


def contributions(round_: Round, stage: str | None = None) -> list[Contribution]:
    """A round's contributions in display order: shuffled, never in arrival order."""
    found = db.session.scalars(
        db.select(Contribution).filter_by(round_id=round_.id, stage=stage or round_.kind)).all()
    by_id = {c.id: c for c in found}
    return [by_id[i] for i in rounds.display_order(list(by_id), round_.state.get("seed", 0))]


def known_ids(round_: Round) -> set[str]:
    return set(db.session.scalars(
        db.select(Contribution.id).filter_by(round_id=round_.id)).all())


def roll_entry(round_: Round, participant_id: str, stage: str) -> AnswerRoll:
    entry = db.session.get(AnswerRoll, (round_.id, participant_id, stage))
    if entry is None:
        entry = AnswerRoll(round_id=round_.id, participant_id=participant_id, stage=stage,
                           count=0)
        db.session.add(entry)
    return entry


def own(round_: Round, receipt: Any) -> Contribution:
    """The contribution a phone proves is its own by its receipt."""
    contribution = db.session.scalar(
        db.select(Contribution).filter_by(receipt_hash=receipt_hash(receipt)))
    if contribution is None or contribution.round_id != round_.id:
        raise WrongReceipt()
    return contribution


# --- ballots ----------------------------------------------------------------------------------

def cast(participant_id: str, round_: Round, stage: str, receipt: Any, choices: list[str],
         check: Callable[[list[str]], None]) -> bool:
    """Stores one participant's ballot (one choice, or one row per dot) under `receipt`.

    With a receipt the phone already used in this stage, the ballot is changed: nothing ties
    the new choice to the participant. Without one, the roll allows a single ballot per
    participant (`AlreadyVoted`). `check(choices)` raises if the ballot may not be cast.
    Returns whether this was a change of an earlier ballot."""
    key = receipt_hash(receipt)
    earlier = db.session.scalars(
        db.select(Ballot).filter_by(round_id=round_.id, stage=stage, receipt_hash=key)).all()
    if not earlier:
        if db.session.scalar(db.select(Ballot.id).filter_by(receipt_hash=key)) is not None:
            raise WrongReceipt()  # a receipt from another round or stage
        entry = roll_entry(round_, participant_id, stage)
        if entry.count > 0:
            raise AlreadyVoted()
        entry.count = 1
    check(choices)
    for ballot in earlier:
        db.session.delete(ballot)
    db.session.add_all(Ballot(round_id=round_.id, stage=stage, choice=c, receipt_hash=key)
                       for c in choices)
    return bool(earlier)


def cast_in(batch, participant_id: str, round_id: str, stage: str, receipt: Any,
            choices: list[str], check: Callable[[list[str]], None]) -> bool:
    """`cast`, for the batched writer (`app.writer`): the same rules in the same order,
    against what the batch has loaded and staged (a poll's answers come this way)."""
    key = receipt_hash(receipt)
    found = batch.ballots(key)
    earlier = [b for b in found if b["round_id"] == round_id and b["stage"] == stage]
    if not earlier:
        if found:
            raise WrongReceipt()  # a receipt from another round or stage
        if batch.roll(round_id, participant_id, stage) > 0:
            raise AlreadyVoted()
    check(choices)
    if not earlier:
        batch.add_to_roll(round_id, participant_id, stage)
    batch.replace_ballots(key, earlier, [{"round_id": round_id, "stage": stage, "choice": c}
                                         for c in choices])
    return bool(earlier)


def choices(round_: Round, stage: str) -> list[str]:
    """Every choice cast in a stage, one per ballot row, in no meaningful order."""
    return sorted(db.session.scalars(
        db.select(Ballot.choice).filter_by(round_id=round_.id, stage=stage)).all())


def choices_of(round_: Round, stage: str, receipt: Any) -> list[str]:
    """What the ballot with this receipt chose: the phone proves its vote without the
    server learning whose it is. `WrongReceipt` if there is no such ballot."""
    found = db.session.scalars(db.select(Ballot.choice).filter_by(
        round_id=round_.id, stage=stage, receipt_hash=receipt_hash(receipt))).all()
    if not found:
        raise WrongReceipt("That is not a ballot of this vote.")
    return list(found)


def voters(round_: Round, stage: str) -> int:
    """How many participants have answered a stage (from the roll)."""
    return db.session.scalar(db.select(func.count()).select_from(AnswerRoll).filter_by(
        round_id=round_.id, stage=stage).where(AnswerRoll.count > 0))


def mark(round_: Round, stage: str, receipt: Any) -> None:
    """A one-tap answer ("nothing to add"), counted once per receipt, off the roll."""
    key = receipt_hash(receipt)
    if db.session.scalar(db.select(Ballot.id).filter_by(receipt_hash=key)) is None:
        db.session.add(Ballot(round_id=round_.id, stage=stage, choice=stage, receipt_hash=key))


def count_ballots(round_: Round, stage: str) -> int:
    return db.session.scalar(db.select(func.count()).select_from(Ballot).filter_by(
        round_id=round_.id, stage=stage))


def clear(round_: Round, stage: str) -> None:
    """Empties a stage's ballot box and roll, for a vote held again after a tie."""
    db.session.execute(db.delete(Ballot).filter_by(round_id=round_.id, stage=stage))
    db.session.execute(db.delete(AnswerRoll).filter_by(round_id=round_.id, stage=stage))


# --- the no and the conditions: anonymous text, kept off the roll ------------------------------

def add_text(round_: Round, stage: str, receipt: Any, text: Any) -> Contribution:
    """Stores a no or a condition under the hash of its receipt. The same receipt again (a
    retry) stores nothing new. Unlike a check-in contribution it is not put on the roll."""
    key = receipt_hash(receipt)
    earlier = db.session.scalar(db.select(Contribution).filter_by(receipt_hash=key))
    if earlier is not None:
        if earlier.round_id != round_.id or earlier.stage != stage:
            raise WrongReceipt()
        return earlier
    if not isinstance(text, str):
        raise Malformed("text must be text")
    contribution = Contribution(round_id=round_.id, stage=stage, receipt_hash=key,
                                text=clean_text(text, current_app.config["TEXT_LIMIT"]))
    db.session.add(contribution)
    return contribution


def texts(round_: Round, stage: str) -> list[Contribution]:
    """A stage's texts, shuffled with the round's seed (never in arrival order)."""
    return contributions(round_, stage)


def count_texts(round_: Round, stage: str) -> int:
    return db.session.scalar(db.select(func.count()).select_from(Contribution).filter_by(
        round_id=round_.id, stage=stage))


# --- resonance: "I share a bit of this" --------------------------------------------------------

def resonate(participant_id: str, round_: Round, stage: str, contribution_id: Any,
             receipt: Any, roll_stage: str) -> bool:
    """Stores that someone shares a bit of one contribution of `stage`. The phone derives
    one receipt per contribution, so a second tap is the same row. The roll (`roll_stage`)
    counts how many taps a participant made, never on what; a participant taps each
    contribution at most once, so never more often than there are contributions.
    Returns whether it was new."""
    contribution = db.session.get(Contribution, contribution_id) \
        if isinstance(contribution_id, str) else None
    if contribution is None or contribution.round_id != round_.id or contribution.stage != stage:
        raise UnknownContribution()
    key = receipt_hash(receipt)
    if db.session.scalar(db.select(Resonance.id).filter_by(
            contribution_id=contribution.id, receipt_hash=key)) is not None:
        return False
    entry = roll_entry(round_, participant_id, roll_stage)
    if entry.count >= count_texts(round_, stage):
        raise AlreadyVoted("You have already shared a bit of each of these.")
    db.session.add(Resonance(contribution_id=contribution.id, receipt_hash=key))
    entry.count += 1
    return True


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
