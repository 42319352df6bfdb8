"""Socket events of the discussion on feet (off the record). Opening and ending it are
`round:open` and `round:close`. No answer is kept for any of them (nothing said may reach the
database, not even in a kept acknowledgement): each is idempotent by its own key (a
statement's receipt; standing somewhere twice is standing there). Documented in
docs/asyncapi.yaml. They read the live round from the off-record store alone (it holds the
round's session; a round it no longer holds has ended, with its session or without)."""
from __future__ import annotations

from app.services import feet
from app.sockets.edge import on


@on("feet:say", who=("participant",), keeps_answer=False)
def feet_say(identity, payload):
    """Sent by a phone: a short statement, under a receipt it keeps. Nobody is told now; it
    appears with the next batch of `feet:board`, shuffled among the others."""
    return {"statement": feet.say(identity, payload.get("round"), payload.get("receipt"),
                                  payload.get("text"))}


@on("feet:stand", who=("participant",), keeps_answer=False)
def feet_stand(identity, payload):
    """Sent by a phone: `statement`, the one it stands with now (leaving any other), or null
    to step away. The bubbles change with the next step of `feet:board`."""
    return {"standing": feet.stand(identity, payload.get("round"), payload.get("statement"))}


@on("feet:pulse", who=("facilitator",), keeps_answer=False)
def feet_pulse(identity, payload):
    """Sent by the facilitator: "who shares a bit of this?" on `statement` (null: on none).
    Every screen sees it pulse with the next `feet:board`."""
    feet.pulse(identity, payload.get("round"), payload.get("statement"))
