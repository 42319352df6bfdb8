"""Services for step 5 (`facilitation.step5`): opening it from a decision that went to step
5, the facilitator's moves from phase to phase, a phone's statement in the heat (kept off
the record in `app.store.heat`, released to every screen in shuffled batches) and its
insight (kept, through the one write path `app.store.writer`). The second vote is an
ordinary `ballot:cast` (`app.services.decision`)."""
from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app

from app import broadcast
from app.errors import Malformed
from app.extensions import socketio
from app.models import Round, Session, random_id
from app.services.rounds import open_round, stage_closed
from app.store import ballot_box, heat, writer
from facilitation import agenda, poll, rounds, step5
from facilitation.errors import WrongReceipt
from facilitation.text import clean_text


def _check_step5(round_: Round) -> None:
    if round_.kind != step5.KIND:
        raise Malformed("not a step-5 round")
    rounds.check_open(round_.status)


# --- the facilitator ---------------------------------------------------------------------------

def source_of(round_: Round) -> dict[str, Any]:
    """What a step-5 round takes from the decision it takes up: that decision as it ended,
    the words of its options and its counts."""
    state = round_.state
    if round_.kind == poll.KIND:
        run = poll.run(state)
        decision = poll.current(state)
        return {"round": round_.id, "kind": round_.kind, "decision": run["decision"],
                "labels": {o: poll.label(state, o) for o in decision.options
                           if o in state["labels"]},
                "counts": run["counts"], "total": run["total"], "run": run["n"],
                "attempt": run["attempt"]}
    if round_.kind == agenda.KIND and "decision" in state:
        return {"round": round_.id, "kind": round_.kind, "decision": state["decision"],
                "labels": {t["id"]: agenda.title(t) for t in state.get("topics", [])},
                "counts": state.get("counts"), "total": state.get("total", 0), "run": 1,
                "attempt": 1}
    raise step5.NotStep5()


def open_from(session: Session, decision_round: Round) -> Round:
    """Sent by the facilitator, from a decision recorded as not carried (step 5). Everyone
    receives `round:changed`: the heat begins."""
    state = step5.start(source_of(decision_round))
    round_ = open_round(session, step5.KIND, decision_round.prompt)
    round_.state = {**state, "seed": round_.state["seed"]}
    # Before the round is announced, so every screen sees a heat that is kept; should the
    # round not be stored after all, its empty heat expires by itself.
    heat.store().open(round_.id)
    return round_


def move(session: Session, round_: Round, to: Any, confirmed: bool) -> None:
    """Sent by the facilitator: the next phase. Leaving the heat forgets it."""
    _check_step5(round_)
    state = round_.state
    answered, ballots = 0, []
    if to == step5.HEARD:
        answered = ballot_box.voters(round_, step5.INSIGHT)
    elif to == step5.DECIDED:
        answered = ballot_box.voters(round_, step5.BALLOT)
        ballots = ballot_box.choices(round_, step5.BALLOT)
    moved = step5.move(state, to, answered=answered, k=session.k, confirmed=confirmed,
                       ballots=ballots)
    round_.state = {**moved, "seed": state.get("seed", 0)}
    if state["phase"] == step5.HEAT:
        heat.store().forget(round_.id)
    broadcast.after_commit(lambda: broadcast.round_changed(session, round_,
                                                           with_contributions=True))
    stage_closed(session)


# --- a phone's statement in the heat: never stored --------------------------------------------

def say(session: Session, round_: Round, client_id: str, side: Any, text: Any) -> dict:
    """Sent by a phone during the heat, with its side (which its own remembered vote says).
    Nobody hears it at once: it waits for its batch, which every screen receives as
    `heat:released`."""
    _check_step5(round_)
    side, text = step5.check_statement(round_.state["phase"], side, text)
    if not heat.store().alive(round_.id):
        raise step5.HeatGone()
    key = hashlib.sha256(f"{session.id}:{client_id}".encode()).hexdigest()
    heat.store().add(round_.id, key, {"id": random_id(), "side": side, "text": text})
    _release_when_due(session.code, round_.id)
    return {}


_scheduled: set[str] = set()


def _release_when_due(code: str, round_id: str) -> None:
    """Releases the waiting batch if it is due; else makes sure it is released once the
    oldest statement has waited long enough."""
    if _release(code, round_id):
        return
    if round_id in _scheduled:
        return
    _scheduled.add(round_id)
    app = current_app._get_current_object()
    wait = app.config.get("HEAT_BATCH_SECONDS", step5.BATCH_SECONDS)

    def later() -> None:
        socketio.sleep(wait)
        with app.app_context():
            _scheduled.discard(round_id)
            _release(code, round_id, force=True)

    socketio.start_background_task(later)


def _release(code: str, round_id: str, *, force: bool = False) -> bool:
    batch = heat.store().take(round_id, force=force)
    if batch:
        broadcast.heat_released(code, round_id, batch)
    return bool(batch)


# --- a phone's insight: kept -----------------------------------------------------------------------

def insight_request(identity, payload: dict) -> writer.Request:
    """Sent by a phone: what it heard that is a bit true for it, under a receipt it keeps."""
    return writer.Request(apply_insight, identity, payload.get("round"),
                          payload.get("receipt"), payload.get("text"))


def apply_insight(batch: writer.Batch, request: writer.Request) -> dict:
    batch.open_session(request.identity.session_id)
    round_ = batch.round(request)
    if round_.kind != step5.KIND:
        raise Malformed("not a step-5 round")
    participant = request.identity.participant_id
    key = request.key
    earlier = batch.contribution(key)
    if earlier is not None:  # a retry after a reconnect: stored once
        if earlier["round_id"] != round_.id or earlier["stage"] != step5.INSIGHT:
            raise WrongReceipt()
        return {"text": earlier["text"],
                "roll": batch.roll_token(round_.id, participant, step5.INSIGHT)}
    rounds.check_open(round_.status)
    step5.check_insight(round_.state["phase"])
    rounds.check_text_allowed(batch.roll(round_.id, participant, step5.INSIGHT),
                              step5.INSIGHTS_PER_PHONE)
    if not isinstance(request.value, str):
        raise Malformed("text must be text")
    text = clean_text(request.value, current_app.config["TEXT_LIMIT"])
    batch.add_contribution(round_.id, step5.INSIGHT, key, text)
    token = batch.add_to_roll(round_.id, participant, step5.INSIGHT)
    code, round_id = request.identity.code, round_.id
    batch.announce(("tallied", round_id), lambda: broadcast.tallied(code, round_id))
    return {"text": text, "roll": token}
