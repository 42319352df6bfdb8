"""Socket events for what phones send in a decision round, the agenda's steps 2-4 and a
poll alike. Each goes through the one write path (`app.store.writer`); the acknowledgement
comes after the commit and carries the phone's roll token for the stage (`roll`), which it
presents when it reconnects. Console and projector receive `round:tallied`. Documented in
docs/asyncapi.yaml."""
from __future__ import annotations

from app.services import decision
from app.sockets.edge import on


@on("ballot:cast", who=("participant",), keeps_answer=False, batched=True)
def ballot_cast(identity, payload):
    """Sent by a phone: `choices` (a poll's one answer; the agenda's vote, or its dots) under
    a receipt it keeps; the same receipt with other choices changes the ballot. The same
    receipt with the same choices (a retry after a reconnect) changes nothing and is
    answered as the first was, even after the vote closed: no answer is kept for it."""
    return decision.ballot_request(identity, payload)


@on("no:add", who=("participant",), keeps_answer=False, batched=True)
def no_add(identity, payload):
    """Sent by a phone: a no. In the agenda's step 2 anyone may send one; in a poll, a phone
    whose ballot said no, proved by the ballot's receipt (`ballot`)."""
    return decision.no_request(identity, payload)


@on("no:nothing", who=("participant",), keeps_answer=False, batched=True)
def no_nothing(identity, payload):
    """Sent by a phone in the agenda's step 2: "nothing to add", one tap."""
    return decision.nothing_request(identity, payload)


@on("resonance:add", who=("participant",), keeps_answer=False, batched=True)
def resonance_add(identity, payload):
    """Sent by any phone: "I share a bit of this" about one no (`no`)."""
    return decision.resonance_request(identity, payload)


@on("condition:add", who=("participant",), keeps_answer=False, batched=True)
def condition_add(identity, payload):
    """Sent by a phone whose vote lost, with its ballot's receipt (`ballot`): what it needs
    to go along."""
    return decision.condition_request(identity, payload)
