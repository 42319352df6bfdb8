"""Services for the agenda round (kind "topics"), steps 1-4 of the method. Step 1 gathers
topics anonymously; the facilitator merges duplicates and rewords, every original kept.
Step 2 asks for the no, step 3 spreads it, step 4 votes (which topic first, or dots that
order the whole agenda) and adds the minority's conditions. Anonymous input is stored
in the ballot box (`app.store.ballot_box`), exactly as for polls."""
from __future__ import annotations

from typing import Any

from app import broadcast
from app.errors import Malformed
from app.models import Round, Session
from app.services.rounds import update_state
from app.store import ballot_box
from app.store.receipts import new_id
from facilitation import agenda
from facilitation import decision as steps
from facilitation.agenda import CONDITION, NO, NOTHING, SPREAD, VOTE
from facilitation.errors import WrongStep

def _changed(session: Session, round_: Round, state: dict) -> None:
    update_state(session, round_, state)


def _tallied(session: Session, round_: Round) -> None:
    broadcast.after_commit(lambda: broadcast.round_tallied(session, round_))


# --- step 1 ----------------------------------------------------------------------------------

def merge(session: Session, round_: Round, topic_ids: list[str]) -> None:
    _changed(session, round_, agenda.merge(round_.state, round_.status, topic_ids))


def reword(session: Session, round_: Round, topic_id: str, text: str) -> None:
    _changed(session, round_, agenda.reword(round_.state, round_.status, topic_id, text))


def add_topic(session: Session, round_: Round, text: str, alternative: Any = None) -> None:
    """A topic typed by the facilitator, or an alternative from steps 2-3 made a topic."""
    origin = "facilitator"
    if alternative is not None:
        found = {c.id: c.text for c in ballot_box.texts(round_, NO)}
        if alternative not in found:
            raise Malformed("unknown alternative")
        text, origin = text or found[alternative], "alternative"
    _changed(session, round_, agenda.add_topic(round_.state, round_.status, text,
                                               origin=origin, new_id=new_id))


# --- steps 2-4: the facilitator ---------------------------------------------------------------

def move(session: Session, round_: Round, to: Any, mode: Any = "single", dots: Any = 1) -> None:
    """Step 2 (seek the no), step 3 (spread it) or step 4 (open the vote)."""
    state, status = round_.state, round_.status
    if to == steps.SEEK_NO:
        state = agenda.seek_the_no(state, status)
    elif to == steps.SPREAD:
        state = agenda.spread_the_no(state, status)
    elif to == steps.VOTE:
        state = agenda.open_vote(state, status, mode, dots)
    else:
        raise Malformed("unknown step")
    _changed(session, round_, state)


def nudge(session: Session, round_: Round) -> None:
    """A gentle second prompt: phones that sent nothing yet (they know it, we don't) ask
    again, kindly, whether anyone sees it differently."""
    if agenda.step(round_.state) != steps.SEEK_NO:
        raise Malformed("the no is not being sought")
    code, round_id = session.code, round_.id
    broadcast.after_commit(lambda: broadcast.nudge(code, round_id))


def close_vote(session: Session, round_: Round, confirmed: bool) -> None:
    _changed(session, round_, agenda.close_vote(
        round_.state, ballot_box.choices(round_, VOTE), ballot_box.voters(round_, VOTE),
        session.k, confirmed=confirmed))


def revote(session: Session, round_: Round) -> None:
    ballot_box.clear(round_, VOTE)
    _changed(session, round_, agenda.revote(round_.state))


def decide_tie(session: Session, round_: Round, topic_id: Any) -> None:
    _changed(session, round_, agenda.decide_tie(round_.state,
                                                topic_id if isinstance(topic_id, str) else ""))


def close_conditions(session: Session, round_: Round) -> None:
    _changed(session, round_, agenda.close_conditions(round_.state))


def record_outcome(session: Session, round_: Round, outcome: Any, note: Any) -> None:
    if not isinstance(outcome, str) or not isinstance(note, str):
        raise Malformed("outcome and note must be text")
    _changed(session, round_, agenda.record_outcome(round_.state, outcome, note))


# --- steps 2-4: the phones ----------------------------------------------------------------------

def _check_step(round_: Round, step: str) -> None:
    if agenda.step(round_.state) != step:
        raise WrongStep()


def add_alternative(session: Session, round_: Round, receipt: Any, text: Any) -> None:
    """Step 2, from a phone: what is missing, what should not be here. Off the roll."""
    _check_step(round_, steps.SEEK_NO)
    ballot_box.add_text(round_, NO, receipt, text)
    _tallied(session, round_)


def nothing_to_add(session: Session, round_: Round, receipt: Any) -> None:
    """Step 2, from a phone, one tap: "nothing to add". Counted by its receipt, off the roll."""
    _check_step(round_, steps.SEEK_NO)
    ballot_box.mark(round_, NOTHING, receipt)
    _tallied(session, round_)


def resonate(session: Session, participant_id: str, round_: Round, alternative: Any,
             receipt: Any) -> None:
    """Step 3, from a phone: "I share a bit of this" about one alternative."""
    _check_step(round_, steps.SPREAD)
    if ballot_box.resonate(participant_id, round_, NO, alternative, receipt, SPREAD):
        _tallied(session, round_)


def vote(session: Session, participant_id: str, round_: Round, receipt: Any,
         choices: Any) -> bool:
    """Step 4, from a phone: one vote, or its dots; the same receipt changes it."""
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
        raise Malformed("choices must be a list of topic ids")
    state = round_.state
    changed = ballot_box.cast(participant_id, round_, VOTE, receipt, choices,
                             lambda chosen: agenda.check_vote(state, chosen))
    _tallied(session, round_)
    return changed


def add_condition(session: Session, round_: Round, ballot: Any, receipt: Any, text: Any) -> None:
    """Step 4, from a phone whose vote lost (proved by its ballot's receipt): what it needs
    to go along."""
    agenda.check_condition(round_.state, ballot_box.choices_of(round_, VOTE, ballot))
    ballot_box.add_text(round_, CONDITION, receipt, text)
    _tallied(session, round_)
