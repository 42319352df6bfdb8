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
from app.services.rounds import stage_closed, update_state
from app.store import ballot_box
from app.store.receipts import new_id
from facilitation import agenda
from facilitation import decision as steps
from facilitation.agenda import NO, VOTE

def _changed(session: Session, round_: Round, state: dict) -> None:
    update_state(session, round_, state)
    stage_closed(session)


# --- step 1 ----------------------------------------------------------------------------------

def merge(session: Session, round_: Round, topic_ids: list[str]) -> None:
    _changed(session, round_, agenda.merge(round_.state, round_.status, topic_ids))


def reword(session: Session, round_: Round, topic_id: str, text: str) -> None:
    _changed(session, round_, agenda.reword(round_.state, round_.status, topic_id, text))


def add_topic(session: Session, round_: Round, text: str, no: Any = None) -> None:
    """A topic typed by the facilitator, or a no from steps 2-3 made a topic."""
    origin = "facilitator"
    if no is not None:
        found = {c.id: c.text for c in ballot_box.texts(round_, NO)}
        if not isinstance(no, str) or no not in found:
            raise Malformed("unknown no")
        text, origin = text or found[no], "no"
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
    agenda.check_nudge(round_.state)
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
