"""What phones send in a decision round, the agenda's steps 2-4 and a "seek the no" poll
alike: a ballot, a no, "nothing to add", "I share a bit of this", a condition. Each is a
request for the one write path (`app.store.writer`); the rules come from the round's kind
(`facilitation.kinds.DECISION_INPUTS`) and from what every round shares
(`facilitation.rounds`). Console and projector receive `round:tallied` (counts only, never
the text, and no per-option count while the stage is open)."""
from __future__ import annotations

from typing import Any

from flask import current_app

from app import broadcast
from app.errors import Malformed
from app.store import writer
from app.store.receipts import receipt_hash
from facilitation import rounds
from facilitation.errors import N_, AlreadyVoted, WrongReceipt
from facilitation.kinds import DECISION_INPUTS, Inputs
from facilitation.text import clean_text


def _decision_round(batch: writer.Batch, request: writer.Request, *,
                    open_only: bool = True) -> tuple[Any, Inputs]:
    batch.open_session(request.identity.session_id)
    round_ = batch.round(request)
    if round_.kind not in DECISION_INPUTS:
        raise Malformed("not a decision round")
    if open_only:
        rounds.check_not_closed(round_.status)
    return round_, DECISION_INPUTS[round_.kind]


def _tallied(batch: writer.Batch, request: writer.Request, round_id: str) -> None:
    code = request.identity.code
    batch.announce(("tallied", round_id), lambda: broadcast.tallied(code, round_id))


def _own_ballot(batch: writer.Batch, round_id: str, stage: str, receipt: Any) -> list[str]:
    """What the phone's own ballot chose, proved by its receipt: the server learns whether
    it may ask, never whose ballot it is."""
    found = [b["choice"] for b in batch.ballots(receipt_hash(receipt))
             if b["round_id"] == round_id and b["stage"] == stage]
    if not found:
        raise WrongReceipt(N_("That is not a ballot of this vote."))
    return found


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise Malformed("text must be text")
    return clean_text(value, current_app.config["TEXT_LIMIT"])


def _request(apply, identity, payload: dict, value: Any = None) -> writer.Request:
    return writer.Request(apply, identity, payload.get("round"), payload.get("receipt"), value,
                          ballot=payload.get("ballot"), target=payload.get("no"))


# --- a ballot --------------------------------------------------------------------------------

def ballot_request(identity, payload: dict) -> writer.Request:
    """Sent by a phone: `choices` (a poll's one answer, the agenda's vote or dots) under a
    receipt it keeps; the same receipt changes the ballot."""
    return _request(apply_ballot, identity, payload, payload.get("choices"))


def apply_ballot(batch: writer.Batch, request: writer.Request) -> dict:
    round_, inputs = _decision_round(batch, request, open_only=False)
    choices = request.value
    if not isinstance(choices, list):
        raise Malformed("choices must be a list of option ids")
    participant = request.identity.participant_id
    key = request.key
    stored = batch.ballot_stage(key, round_.id, choices)
    if stored is not None:  # the same ballot again, answered as the first was, even after
        # the vote closed; nothing changes
        return {"changed": False, "roll": batch.roll_token(round_.id, participant, stored)}
    found = batch.ballots(key)
    rounds.check_not_closed(round_.status)
    stage = inputs.stage(round_.state, "vote")
    earlier = [b for b in found if b["round_id"] == round_.id and b["stage"] == stage]
    changed = rounds.check_ballot_allowed(
        changes_own=bool(earlier), receipt_elsewhere=bool(found),
        answered=batch.roll(round_.id, participant, stage))
    inputs.check_ballot(round_.state, choices)
    token = batch.roll_token(round_.id, participant, stage) if changed \
        else batch.add_to_roll(round_.id, participant, stage)
    batch.replace_ballots(key, earlier, [{"round_id": round_.id, "stage": stage, "choice": c}
                                         for c in choices])
    _tallied(batch, request, round_.id)
    return {"changed": changed, "roll": token}


# --- the no, and "nothing to add" ----------------------------------------------------------------

def no_request(identity, payload: dict) -> writer.Request:
    """Sent by a phone: a no (the agenda's step 2: what is missing, what should not be here;
    a poll: what the phone's no is about, proved by its ballot's receipt)."""
    return _request(apply_no, identity, payload, payload.get("text"))


def apply_no(batch: writer.Batch, request: writer.Request) -> dict:
    round_, inputs = _decision_round(batch, request)
    return _add_text(batch, request, round_, "no", lambda own: inputs.check_no(round_.state, own),
                     needs_ballot=inputs.no_needs_ballot, inputs=inputs)


def nothing_request(identity, payload: dict) -> writer.Request:
    """Sent by a phone in the agenda's step 2: "nothing to add", one tap."""
    return _request(apply_nothing, identity, payload)


def apply_nothing(batch: writer.Batch, request: writer.Request) -> dict:
    round_, inputs = _decision_round(batch, request)
    inputs.check_nothing(round_.state)
    participant = request.identity.participant_id
    roll_stage, stage = inputs.stage(round_.state, "no"), inputs.stage(round_.state, "nothing")
    key = request.key
    found = batch.ballots(key)
    if found:  # a retry after a reconnect: counted once
        if not any(b["round_id"] == round_.id and b["stage"] == stage for b in found):
            raise WrongReceipt()
        return {"roll": batch.roll_token(round_.id, participant, roll_stage)}
    if batch.roll(round_.id, participant, roll_stage) > 0:
        raise AlreadyVoted(N_("This phone has answered already."))
    token = batch.add_to_roll(round_.id, participant, roll_stage)
    batch.replace_ballots(key, [], [{"round_id": round_.id, "stage": stage, "choice": stage}])
    _tallied(batch, request, round_.id)
    return {"roll": token}


# --- the minority's conditions -------------------------------------------------------------------

def condition_request(identity, payload: dict) -> writer.Request:
    """Sent by a phone whose vote lost, with its ballot's receipt: what it needs to go
    along."""
    return _request(apply_condition, identity, payload, payload.get("text"))


def apply_condition(batch: writer.Batch, request: writer.Request) -> dict:
    round_, inputs = _decision_round(batch, request)
    return _add_text(batch, request, round_, "condition",
                     lambda own: inputs.check_condition(round_.state, own),
                     needs_ballot=True, inputs=inputs)


def _add_text(batch: writer.Batch, request: writer.Request, round_, name: str, check,
              *, needs_ballot: bool, inputs: Inputs) -> dict:
    """A no or a condition: stored under the hash of its receipt (the same receipt again, a
    retry, stores nothing new), at most a few per phone."""
    participant = request.identity.participant_id
    stage = inputs.stage(round_.state, name)
    key = request.key
    earlier = batch.contribution(key)
    if earlier is not None:
        if earlier["round_id"] != round_.id or earlier["stage"] != stage:
            raise WrongReceipt()
        return {"text": earlier["text"], "roll": batch.roll_token(round_.id, participant, stage)}
    own = _own_ballot(batch, round_.id, inputs.stage(round_.state, "vote"), request.ballot) \
        if needs_ballot else None
    check(own)
    rounds.check_text_allowed(batch.roll(round_.id, participant, stage))
    text = _text(request.value)
    batch.add_contribution(round_.id, stage, key, text)
    token = batch.add_to_roll(round_.id, participant, stage)
    _tallied(batch, request, round_.id)
    return {"text": text, "roll": token}


# --- "I share a bit of this" ---------------------------------------------------------------------

def resonance_request(identity, payload: dict) -> writer.Request:
    """Sent by any phone about one no (`no`, its id), with a receipt the phone derives for
    that no, so a second tap is the same one."""
    return _request(apply_resonance, identity, payload)


def apply_resonance(batch: writer.Batch, request: writer.Request) -> dict:
    round_, inputs = _decision_round(batch, request)
    inputs.check_resonance(round_.state)
    participant = request.identity.participant_id
    no_stage, stage = inputs.stage(round_.state, "no"), inputs.stage(round_.state, "spread")
    no_id = batch.target(request, round_.id, no_stage)
    key = request.key
    # One phone shares a bit of one no once, whatever receipt it sends: the roll remembers,
    # in memory alone, which no's this phone has tapped while they are being spread.
    tapped = f"{stage}/{no_id}"
    new = rounds.check_resonance_allowed(
        already=batch.resonates(no_id, key) or batch.marked(round_.id, participant, tapped),
        taps=batch.roll(round_.id, participant, stage),
        texts=batch.count_texts(round_.id, no_stage))
    if not new:
        return {"roll": batch.roll_token(round_.id, participant, stage)}
    batch.mark(round_.id, participant, tapped)
    batch.add_resonance(no_id, key)
    token = batch.add_to_roll(round_.id, participant, stage)
    _tallied(batch, request, round_.id)
    return {"roll": token}
