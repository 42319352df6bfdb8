""""Seek the no" polls over Socket.IO. Handlers are thin: who may send it comes from `@on`,
the service does the rest. Every event is documented in docs/asyncapi.yaml."""
from __future__ import annotations

from app.services import poll as polls
from app.services.sessions import open_session_of, session_of
from app.sockets.edge import on
from app.sockets.rounds import round_of


@on("poll:start", who=("facilitator",))
def poll_start(identity, payload):
    """Sent by the facilitator with the proposal (and, for a multiple choice, 2-8 options).
    Everyone receives `round:changed`; phones show the answers."""
    round_ = polls.start(open_session_of(identity), payload.get("proposal"),
                         payload.get("options"))
    return {"round": round_.id}


@on("poll:close_vote", who=("facilitator",))
def poll_close_vote(identity, payload):
    """Sent by the facilitator (with `confirm` when fewer than k answered). Everyone
    receives `round:changed` with the result; phones whose answer was a no are asked for it."""
    polls.close_vote(session_of(identity), round_of(identity, payload),
                     payload.get("confirm") is True)


@on("poll:revote", who=("facilitator",))
def poll_revote(identity, payload):
    """Sent by the facilitator after a tie. Everyone receives `round:changed`."""
    polls.revote(session_of(identity), round_of(identity, payload))


@on("poll:decide_tie", who=("facilitator",))
def poll_decide_tie(identity, payload):
    """Sent by the facilitator to settle a tie. Everyone receives `round:changed`."""
    polls.decide_tie(session_of(identity), round_of(identity, payload), payload.get("option"))


@on("poll:step", who=("facilitator",))
def poll_step(identity, payload):
    """Sent by the facilitator: seek the no, spread it, or name the majority and ask the
    minority. Everyone receives `round:changed`."""
    polls.advance(session_of(identity), round_of(identity, payload), payload.get("step"))


@on("poll:close_conditions", who=("facilitator",))
def poll_close_conditions(identity, payload):
    """Sent by the facilitator. Everyone receives `round:changed` with the conditions."""
    polls.close_conditions(session_of(identity), round_of(identity, payload))


@on("poll:outcome", who=("facilitator",))
def poll_outcome(identity, payload):
    """Sent by the facilitator: carried, or not carried (step 5) with a note. Everyone
    receives `round:changed`."""
    polls.record_outcome(session_of(identity), round_of(identity, payload),
                         payload.get("outcome"), payload.get("note", ""))


@on("poll:rerun", who=("facilitator",))
def poll_rerun(identity, payload):
    """Sent by the facilitator after a step-5 conversation. Everyone receives
    `round:changed`; the earlier run stays in the record."""
    polls.rerun(session_of(identity), round_of(identity, payload))
