"""Socket events of the discussion on feet (off the record). Opening and ending it are
`round:open` and `round:close`. No answer is kept for any of them (nothing said may reach the
database, not even in a kept acknowledgement): each is idempotent by its own key (a
statement's receipt; standing somewhere twice is standing there). Documented in
docs/asyncapi.yaml."""
from __future__ import annotations

from app.services import feet
from app.services.sessions import open_session_of
from app.sockets.edge import on
from app.sockets.rounds import round_of
from facilitation.feet import KIND as FEET


@on("feet:say", who=("participant",), keeps_answer=False)
def feet_say(identity, payload):
    """Sent by a phone: a short statement, under a receipt it keeps. Nobody is told now; it
    appears with the next batch of `feet:board`, shuffled among the others."""
    open_session_of(identity)
    return {"statement": feet.say(round_of(identity, payload, FEET),
                                  identity.participant_id, payload.get("receipt"),
                                  payload.get("text"))}


@on("feet:stand", who=("participant",), keeps_answer=False)
def feet_stand(identity, payload):
    """Sent by a phone: `statement`, the one it stands with now (leaving any other), or null
    to step away. The bubbles change with the next step of `feet:board`."""
    open_session_of(identity)
    return {"standing": feet.stand(round_of(identity, payload, FEET),
                                   identity.participant_id, payload.get("statement"))}


@on("feet:pulse", who=("facilitator",), keeps_answer=False)
def feet_pulse(identity, payload):
    """Sent by the facilitator: "who shares a bit of this?" on `statement` (null: on none).
    Every screen sees it pulse with the next `feet:board`."""
    open_session_of(identity)
    feet.pulse(round_of(identity, payload, FEET), payload.get("statement"))
