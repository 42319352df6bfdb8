"""Services for "seek the no" polls. Each runs one action: load, ask `facilitation.poll`,
store through `app.decisions`, then broadcast after the commit. Step moves reach every
screen (`round:changed`); ballots, no's, conditions and resonance only change counts, which
go to console and projector (`round:tallied`), never to every phone."""
from __future__ import annotations

from typing import Any

from app import broadcast, decisions, rounds, writer
from app.errors import Malformed
from app.extensions import db
from app.models import Participant, Round, Session
from facilitation import poll
from facilitation import rounds as round_rules
from facilitation.text import clean_text

KIND = "poll"


def _check_poll(round_: Round) -> None:
    if round_.kind != KIND:
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
    round_ = rounds.open_round(session, KIND, clean_text(proposal, 500))
    round_.state = {**state, "seed": round_.state["seed"]}
    return round_


def close_vote(session: Session, round_: Round, confirmed: bool) -> None:
    _check_poll(round_)
    state = round_.state
    _changed(session, round_, poll.close_vote(
        state, decisions.choices(round_, poll.stage(state, "vote")), session.k,
        confirmed=confirmed))


def revote(session: Session, round_: Round) -> None:
    _check_poll(round_)
    decisions.clear(round_, poll.stage(round_.state, "vote"))
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
    one to change its answer), for the batched writer (`app.writer`). Console and projector
    receive `round:tallied`."""
    return writer.Request(apply_answer, identity, payload.get("round"),
                          payload.get("receipt"), payload.get("choice"))


def apply_answer(batch: writer.Batch, request: writer.Request) -> dict:
    identity = request.identity
    batch.open_session(identity.session_id)
    round_ = batch.round(request)
    _check_poll(round_)
    state = round_.state
    changed = decisions.cast_in(batch, identity.participant_id, round_.id,
                                poll.stage(state, "vote"), request.receipt, [request.value],
                                lambda chosen: poll.check_answer(state, chosen[0]))
    code, round_id = identity.code, round_.id
    batch.announce(("tallied", round_id), lambda: broadcast.tallied(code, round_id))
    return {"changed": changed}


def _ballot_choice(round_: Round, ballot: Any) -> str:
    (choice,) = decisions.choices_of(round_, poll.stage(round_.state, "vote"), ballot)
    return choice


def add_no(session: Session, round_: Round, ballot: Any, receipt: Any, text: Any):
    """Sent by a phone whose ballot said no (or a bit of no), proved by the ballot's
    receipt. Console and projector receive `round:tallied` (a count, never the text)."""
    _check_poll(round_)
    poll.check_no(round_.state, _ballot_choice(round_, ballot))
    contribution = decisions.add_text(round_, poll.stage(round_.state, "no"), receipt, text)
    _tallied(session, round_)
    return contribution


def add_condition(session: Session, round_: Round, ballot: Any, receipt: Any, text: Any):
    """Sent by a phone whose ballot lost, proved by the ballot's receipt: what it needs to
    go along. Console and projector receive `round:tallied`."""
    _check_poll(round_)
    poll.check_condition(round_.state, _ballot_choice(round_, ballot))
    contribution = decisions.add_text(round_, poll.stage(round_.state, "condition"), receipt,
                                      text)
    _tallied(session, round_)
    return contribution


def resonate(session: Session, participant_id: str, round_: Round, no_id: Any,
             receipt: Any) -> None:
    """Sent by any phone: "I share a bit of this" about one no. Console and projector
    receive `round:tallied`."""
    _check_poll(round_)
    poll.check_resonance(round_.state)
    if decisions.resonate(participant_id, round_, poll.stage(round_.state, "no"), no_id,
                          receipt, poll.stage(round_.state, "spread")):
        _tallied(session, round_)


# --- what may be seen, and the record ---------------------------------------------------------

def run_record(round_: Round, run: dict, k: int) -> dict[str, Any]:
    """One run as everyone may see it: counts from k answers, the no's (shuffled, with how
    many share a bit of each) once spread, the conditions once closed, the outcome."""
    state = {**round_.state, "runs": [run]}
    decision = poll.current(state)
    vote_stage, no_stage = poll.stage(state, "vote"), poll.stage(state, "no")
    spread_stage, condition_stage = poll.stage(state, "spread"), poll.stage(state, "condition")
    counts, answered = run["counts"], run["total"]
    if counts is None:  # still voting: the live count
        cast = decisions.choices(round_, vote_stage)
        counts = {o: cast.count(o) for o in decision.options}
        answered = decisions.voters(round_, vote_stage)
    spread_by = decisions.voters(round_, spread_stage)
    record: dict[str, Any] = {
        "n": run["n"], "attempt": run["attempt"], "step": decision.step,
        "options": list(decision.options), "mode": decision.mode,
        "answered": answered,
        "counts": poll.shown_counts(counts, answered, k),
        "ties": run["ties"],
        "result": ({"winners": list(decision.result.winners),
                    "minority": list(decision.result.minority),
                    "tie": decision.result.tie} if decision.result else None),
        "no_count": decisions.count_texts(round_, no_stage),
        "spread_by": spread_by,
        "condition_count": decisions.count_texts(round_, condition_stage),
        "conditions_open": decision.conditions_open,
        "outcome": decision.outcome, "note": decision.note,
    }
    if poll.no_revealed(state):
        shared = decisions.resonance_counts(round_, no_stage)
        show = poll.shown_counts(shared, spread_by, k) if decision.step == "spread" else shared
        record["nos"] = [{"id": c.id, "text": c.text,
                          "shared": show.get(c.id) if show is not None else None}
                         for c in decisions.texts(round_, no_stage)]
    if poll.conditions_revealed(state):
        record["conditions"] = [{"id": c.id, "text": c.text}
                                for c in decisions.texts(round_, condition_stage)]
    return record


def view(round_: Round, data: dict) -> None:
    """Adds the poll to a round's public view (registered in `rounds.EXTRA_VIEW`)."""
    state, k = round_.state, round_.session.k
    runs = [run_record(round_, r, k) for r in state["runs"]]
    current = runs[-1]
    joined = db.session.scalar(db.select(db.func.count()).select_from(Participant)
                               .filter_by(session_id=round_.session_id))
    data["poll"] = {"proposal": round_.prompt, "labels": state["labels"], "k": k,
                    "joined": joined, "current": current, "earlier": runs[:-1]}
    data["counts"] = {"answered": current["answered"], "joined": joined,
                      "contributions": current["no_count"]}
    data.pop("contributions", None)
    data.pop("runs", None)
    data.pop("labels", None)


def record(round_: Round) -> dict[str, Any]:
    """Everything a poll leaves for the export: the proposal and every run with its counts,
    its no's and how many shared a bit of each, its conditions, outcome and note. The
    threshold does not apply to the record: the counts are totals of a closed vote."""
    state = round_.state
    runs = []
    for run in state["runs"]:
        shown = run_record(round_, run, k=0)
        shown_state = {**state, "runs": [run]}
        no_stage = poll.stage(shown_state, "no")
        shared = decisions.resonance_counts(round_, no_stage)
        shown["nos"] = [{"text": c.text, "shared": shared.get(c.id, 0)}
                        for c in decisions.texts(round_, no_stage)]
        shown["conditions"] = [c.text for c in decisions.texts(
            round_, poll.stage(shown_state, "condition"))]
        shown["options"] = [{"id": o, "label": poll.label(state, o)} for o in shown["options"]]
        runs.append(shown)
    return {"proposal": round_.prompt, "labels": state["labels"], "runs": runs}


rounds.EXTRA_VIEW[KIND] = view
