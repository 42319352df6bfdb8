"""Services for the agenda round (kind "topics"), steps 1-4 of the method. Step 1 gathers
topics anonymously; the facilitator merges duplicates and rewords, every original kept.
Step 2 asks for the no, step 3 spreads it, step 4 votes (which topic first, or dots that
order the whole agenda) and adds the minority's conditions. Anonymous input is stored
through `app.decisions`, exactly as for polls."""
from __future__ import annotations

from typing import Any

from app import broadcast, decisions, rounds
from app.errors import Malformed
from app.extensions import db
from app.models import Ballot, Round, Session
from facilitation import agenda
from facilitation import decision as steps
from facilitation.errors import WrongStep
from facilitation.tally import visible

KIND = "topics"
ALTERNATIVE, NOTHING, SPREAD, VOTE, CONDITION = "no", "nothing", "spread", "vote", "condition"


def _on_reveal(round_: Round) -> None:
    """Every gathered contribution becomes a topic, in the round's shuffled order."""
    gathered = [(c.id, c.text) for c in rounds.contributions(round_)]
    round_.state = {**round_.state, "topics": agenda.topics_from(gathered),
                    "decision": steps.to_json(steps.start("agenda"))}


def _view(round_: Round, data: dict) -> None:
    if round_.status == "open":
        return
    state, k = round_.state, round_.session.k
    titles = {t["id"]: agenda.title(t) for t in state.get("topics", [])}
    data["topics"] = [{**t, "title": agenda.title(t)} for t in state.get("topics", [])]
    current = agenda.decision(state)
    voted = decisions.voters(round_, VOTE)
    spread_by = decisions.voters(round_, SPREAD)
    steps_view: dict[str, Any] = {
        "step": current.step, "mode": current.mode, "dots": current.dots, "k": k,
        "options": list(current.options),
        "alternatives_count": decisions.count_texts(round_, ALTERNATIVE),
        "nothing_count": _nothing_count(round_),
        "voted": voted,
        "condition_count": decisions.count_texts(round_, CONDITION),
        "conditions_open": current.conditions_open,
        "result": ({"winners": list(current.result.winners),
                    "minority": list(current.result.minority), "tie": current.result.tie}
                   if current.result else None),
        "counts": state.get("counts"), "total": state.get("total", 0),
        "ties": state.get("ties", []),
        "agenda": [{"id": tid, "title": titles.get(tid, "")} for tid in state.get("agenda", [])],
        "outcome": current.outcome, "note": current.note,
    }
    if agenda.shows_alternatives(state):
        shared = decisions.resonance_counts(round_, ALTERNATIVE)
        show_counts = visible(spread_by, k) or current.step != steps.SPREAD
        steps_view["alternatives"] = [
            {"id": c.id, "text": c.text, "shared": shared.get(c.id, 0) if show_counts else None}
            for c in decisions.texts(round_, ALTERNATIVE)]
        steps_view["spread_by"] = spread_by
    if agenda.shows_conditions(state):
        steps_view["conditions"] = [c.text for c in decisions.texts(round_, CONDITION)]
    data["steps"] = steps_view
    data.pop("decision", None)
    data.pop("ranking", None)


rounds.INITIAL_STATE[KIND] = agenda.empty
rounds.DEFAULT_PROMPT[KIND] = agenda.DEFAULT_PROMPT
rounds.ON_REVEAL[KIND] = _on_reveal
rounds.EXTRA_VIEW[KIND] = _view


def _nothing_count(round_: Round) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Ballot).filter_by(
        round_id=round_.id, stage=NOTHING))


def _changed(session: Session, round_: Round, state: dict) -> None:
    rounds.update_state(session, round_, state)


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
        found = {c.id: c.text for c in decisions.texts(round_, ALTERNATIVE)}
        if alternative not in found:
            raise Malformed("unknown alternative")
        text, origin = text or found[alternative], "alternative"
    _changed(session, round_, agenda.add_topic(round_.state, round_.status, text,
                                               origin=origin, new_id=rounds.new_id))


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
        round_.state, decisions.choices(round_, VOTE), decisions.voters(round_, VOTE),
        session.k, confirmed=confirmed))


def revote(session: Session, round_: Round) -> None:
    decisions.clear(round_, VOTE)
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
    decisions.add_text(round_, ALTERNATIVE, receipt, text)
    _tallied(session, round_)


def nothing_to_add(session: Session, round_: Round, receipt: Any) -> None:
    """Step 2, from a phone, one tap: "nothing to add". Counted by its receipt, off the roll."""
    _check_step(round_, steps.SEEK_NO)
    key = rounds.receipt_hash(receipt)
    if db.session.scalar(db.select(Ballot.id).filter_by(receipt_hash=key)) is None:
        db.session.add(Ballot(round_id=round_.id, stage=NOTHING, choice=NOTHING,
                              receipt_hash=key))
    _tallied(session, round_)


def resonate(session: Session, participant_id: str, round_: Round, alternative: Any,
             receipt: Any) -> None:
    """Step 3, from a phone: "I share a bit of this" about one alternative."""
    _check_step(round_, steps.SPREAD)
    if decisions.resonate(participant_id, round_, ALTERNATIVE, alternative, receipt, SPREAD):
        _tallied(session, round_)


def vote(session: Session, participant_id: str, round_: Round, receipt: Any,
         choices: Any) -> bool:
    """Step 4, from a phone: one vote, or its dots; the same receipt changes it."""
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
        raise Malformed("choices must be a list of topic ids")
    state = round_.state
    changed = decisions.cast(participant_id, round_, VOTE, receipt, choices,
                             lambda chosen: agenda.check_vote(state, chosen))
    _tallied(session, round_)
    return changed


def add_condition(session: Session, round_: Round, ballot: Any, receipt: Any, text: Any) -> None:
    """Step 4, from a phone whose vote lost (proved by its ballot's receipt): what it needs
    to go along."""
    agenda.check_condition(round_.state, decisions.choices_of(round_, VOTE, ballot))
    decisions.add_text(round_, CONDITION, receipt, text)
    _tallied(session, round_)
