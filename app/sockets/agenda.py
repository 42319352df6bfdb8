"""Socket events of the agenda round (kind "topics"). Documented in docs/asyncapi.yaml."""
from __future__ import annotations

from app.services import agenda
from app.services.sessions import open_session_of
from app.sockets.edge import id_list, on, text_field
from app.sockets.rounds import round_of
from facilitation.agenda import KIND


def _topics_round(identity, payload):
    """Agenda input is taken only while the session is open."""
    return open_session_of(identity), round_of(identity, payload, KIND)


@on("agenda:merge", who=("facilitator",))
def merge(identity, payload):
    """Sent by the facilitator: these topics are one. Everyone receives `round:changed`."""
    agenda.merge(*_topics_round(identity, payload), id_list(payload, "topics"))


@on("agenda:reword", who=("facilitator",))
def reword(identity, payload):
    """Sent by the facilitator: a clearer wording, the original kept. Everyone receives
    `round:changed`."""
    agenda.reword(*_topics_round(identity, payload), text_field(payload, "topic"),
                  text_field(payload, "text", required=False))


@on("agenda:add", who=("facilitator",))
def add(identity, payload):
    """Sent by the facilitator: a topic typed in, or a no (`no`, its id) made a topic.
    Everyone receives `round:changed`."""
    agenda.add_topic(*_topics_round(identity, payload),
                     text_field(payload, "text", required=False), payload.get("no"))


@on("agenda:step", who=("facilitator",))
def step(identity, payload):
    """Sent by the facilitator: to step 2 (`seek_no`), 3 (`spread`) or 4 (`vote`, with `mode`
    single or dots and `dots`). Everyone receives `round:changed`."""
    agenda.move(*_topics_round(identity, payload), payload.get("to"),
                payload.get("mode", "single"), payload.get("dots", 1))


@on("agenda:nudge", who=("facilitator",))
def nudge(identity, payload):
    """Sent by the facilitator in step 2. Phones receive `round:nudged`; those that sent
    nothing yet ask again, gently."""
    agenda.nudge(*_topics_round(identity, payload))


@on("agenda:close_vote", who=("facilitator",))
def close_vote(identity, payload):
    """Sent by the facilitator (with `confirm` when fewer than k voted). Everyone receives
    `round:changed` with the result and the ordered agenda."""
    agenda.close_vote(*_topics_round(identity, payload), payload.get("confirm") is True)


@on("agenda:revote", who=("facilitator",))
def revote(identity, payload):
    """Sent by the facilitator after a tie: vote again on the tied topics."""
    agenda.revote(*_topics_round(identity, payload))


@on("agenda:decide_tie", who=("facilitator",))
def decide_tie(identity, payload):
    """Sent by the facilitator after a tie: this topic (`topic`) comes first."""
    agenda.decide_tie(*_topics_round(identity, payload), payload.get("topic"))


@on("agenda:close_conditions", who=("facilitator",))
def close_conditions(identity, payload):
    """Sent by the facilitator: stop taking conditions and show them to everyone."""
    agenda.close_conditions(*_topics_round(identity, payload))


@on("agenda:outcome", who=("facilitator",))
def outcome(identity, payload):
    """Sent by the facilitator: `carried` (with the conditions) or `step5` (with a note)."""
    agenda.record_outcome(*_topics_round(identity, payload), payload.get("outcome"),
                          payload.get("note", ""))
