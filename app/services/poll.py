"""Services for "seek the no" polls. Each runs one action: load, ask `facilitation.poll`,
store in the ballot box (`app.store.ballot_box`), then broadcast after the commit. Step moves reach every
screen (`round:changed`); ballots, no's, conditions and resonance only change counts, which
go to console and projector (`round:tallied`), never to every phone."""
from __future__ import annotations

from typing import Any

from app import broadcast
from app.errors import Malformed
from app.models import Round, Session
from app.services.rounds import open_round
from app.store import ballot_box, writer
from facilitation import poll
from facilitation import rounds as round_rules
from facilitation.text import clean_text

def _check_poll(round_: Round) -> None:
    if round_.kind != poll.KIND:
        raise Malformed("not a poll")
    round_rules.check_open(round_.status)


def _changed(session: Session, round_: Round, state: dict) -> None:
    round_.state = {**state, "seed": round_.state.get("seed", 0)}
    broadcast.after_commit(lambda: broadcast.round_changed(session, round_))


def _tallied(session: Session, round_: Round) -> None:
    broadcast.after_commit(lambda: broadcast.round_tallied(session, round_))


# --- the facilitator -----------------------------------------------------------------------

def start(session: Session, proposal: Any, options: Any) -> Round:
    """Sent by the facilitator. Everyone receives `round:changed`: phones show the answers."""
    if not isinstance(proposal, str):
        raise Malformed("proposal must be text")
    if options is not None and (not isinstance(options, list)
                                or not all(isinstance(o, str) for o in options)):
        raise Malformed("options must be a list of texts")
    state = poll.start(options or None)
    round_ = open_round(session, poll.KIND, clean_text(proposal, 500))
    round_.state = {**state, "seed": round_.state["seed"]}
    return round_


def close_vote(session: Session, round_: Round, confirmed: bool) -> None:
    _check_poll(round_)
    state = round_.state
    _changed(session, round_, poll.close_vote(
        state, ballot_box.choices(round_, poll.stage(state, "vote")), session.k,
        confirmed=confirmed))


def revote(session: Session, round_: Round) -> None:
    _check_poll(round_)
    ballot_box.clear(round_, poll.stage(round_.state, "vote"))
    _changed(session, round_, poll.revote(round_.state))


def decide_tie(session: Session, round_: Round, option: Any) -> None:
    _check_poll(round_)
    _changed(session, round_, poll.decide_tie(round_.state, option if isinstance(option, str)
                                              else ""))


def advance(session: Session, round_: Round, to_step: Any) -> None:
    _check_poll(round_)
    _changed(session, round_, poll.advance(round_.state, to_step))


def close_conditions(session: Session, round_: Round) -> None:
    _check_poll(round_)
    _changed(session, round_, poll.close_conditions(round_.state))


def record_outcome(session: Session, round_: Round, outcome: Any, note: Any) -> None:
    _check_poll(round_)
    if not isinstance(outcome, str) or not isinstance(note, str):
        raise Malformed("outcome and note must be text")
    _changed(session, round_, poll.record_outcome(round_.state, outcome, note))


def rerun(session: Session, round_: Round) -> None:
    _check_poll(round_)
    _changed(session, round_, poll.rerun(round_.state))


# --- the phones -----------------------------------------------------------------------------

def answer_request(identity, payload: dict) -> writer.Request:
    """Sent by a phone with the receipt of its ballot (a new one the first time, the same
    one to change its answer), for the batched writer (`app.store.writer`). Console and projector
    receive `round:tallied`."""
    return writer.Request(apply_answer, identity, payload.get("round"),
                          payload.get("receipt"), payload.get("choice"))


def apply_answer(batch: writer.Batch, request: writer.Request) -> dict:
    identity = request.identity
    batch.open_session(identity.session_id)
    round_ = batch.round(request)
    _check_poll(round_)
    state = round_.state
    changed = ballot_box.cast_in(batch, identity.participant_id, round_.id,
                                poll.stage(state, "vote"), request.receipt, [request.value],
                                lambda chosen: poll.check_answer(state, chosen[0]))
    code, round_id = identity.code, round_.id
    batch.announce(("tallied", round_id), lambda: broadcast.tallied(code, round_id))
    return {"changed": changed}


def _ballot_choice(round_: Round, ballot: Any) -> str:
    (choice,) = ballot_box.choices_of(round_, poll.stage(round_.state, "vote"), ballot)
    return choice


def add_no(session: Session, round_: Round, ballot: Any, receipt: Any, text: Any):
    """Sent by a phone whose ballot said no (or a bit of no), proved by the ballot's
    receipt. Console and projector receive `round:tallied` (a count, never the text)."""
    _check_poll(round_)
    poll.check_no(round_.state, _ballot_choice(round_, ballot))
    contribution = ballot_box.add_text(round_, poll.stage(round_.state, "no"), receipt, text)
    _tallied(session, round_)
    return contribution


def add_condition(session: Session, round_: Round, ballot: Any, receipt: Any, text: Any):
    """Sent by a phone whose ballot lost, proved by the ballot's receipt: what it needs to
    go along. Console and projector receive `round:tallied`."""
    _check_poll(round_)
    poll.check_condition(round_.state, _ballot_choice(round_, ballot))
    contribution = ballot_box.add_text(round_, poll.stage(round_.state, "condition"), receipt,
                                      text)
    _tallied(session, round_)
    return contribution


def resonate(session: Session, participant_id: str, round_: Round, no_id: Any,
             receipt: Any) -> None:
    """Sent by any phone: "I share a bit of this" about one no. Console and projector
    receive `round:tallied`."""
    _check_poll(round_)
    poll.check_resonance(round_.state)
    if ballot_box.resonate(participant_id, round_, poll.stage(round_.state, "no"), no_id,
                          receipt, poll.stage(round_.state, "spread")):
        _tallied(session, round_)
