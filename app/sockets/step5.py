"""Socket events of step 5 (`app.services.step5`). The facilitator opens it from a decision
that went to step 5 and moves it phase by phase; phones say what they have to say in the
heat (off the record) and then what they heard that is a bit true for them. The second vote
is `ballot:cast`. Documented in docs/asyncapi.yaml."""
from __future__ import annotations

from app.services import step5
from app.services.sessions import open_session_of
from app.sockets.edge import on
from app.sockets.rounds import round_of
from facilitation.step5 import KIND


@on("step5:open", who=("facilitator",))
def step5_open(identity, payload):
    """Sent by the facilitator with the decision round (`decision`) recorded as not carried
    (step 5). Everyone receives `round:changed`: the heat begins."""
    session = open_session_of(identity)
    decision = round_of(identity, {"round": payload.get("decision")})
    return {"round": step5.open_from(session, decision).id}


@on("step5:phase", who=("facilitator",))
def step5_phase(identity, payload):
    """Sent by the facilitator: the next phase (`to`: insights, heard, vote, decided; with
    `confirm` when fewer than k answered). Everyone receives `round:changed`."""
    step5.move(open_session_of(identity), round_of(identity, payload, KIND), payload.get("to"),
               payload.get("confirm") is True)


@on("heat:say", who=("participant",), keeps_answer=False)
def heat_say(identity, payload):
    """Sent by a phone in the heat: `side` (majority or minority, from its own remembered
    vote) and `text`. Kept off the record; every screen receives it in a shuffled batch,
    `heat:released`. Its `id` taken twice is taken once."""
    return step5.say(open_session_of(identity), round_of(identity, payload, KIND),
                     payload["id"], payload.get("side"), payload.get("text"))


@on("step5:insight", who=("participant",), keeps_answer=False, batched=True)
def step5_insight(identity, payload):
    """Sent by a phone after the heat: what it heard that is a bit true for it, under a
    receipt it keeps. Console, projector and phones receive `round:tallied` (how many
    answered, never what)."""
    return step5.insight_request(identity, payload)
