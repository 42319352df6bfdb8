"""Services for "seek the no" polls. Each runs one action: load, ask `facilitation.poll`,
store in the ballot box (`app.store.ballot_box`), then broadcast after the commit. Step moves reach every
screen (`round:changed`); ballots, no's, conditions and resonance only change counts, which
go to console and projector (`round:tallied`), never to every phone."""
from __future__ import annotations

from typing import Any

from app import broadcast
from app.errors import Malformed
from app.models import Round, Session
from app.services.rounds import open_round, stage_closed
from app.store import ballot_box
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
    stage_closed(session)


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
