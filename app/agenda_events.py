"""Socket events of the agenda round (kind "topics"). Documented in docs/asyncapi.yaml."""
from __future__ import annotations

from app import agenda, rounds
from app.actions import on, text_field
from app.errors import Malformed
from app.events import _session


def _topics_round(identity, payload):
    session = _session(identity)
    round_ = rounds.get_round(session, payload.get("round"))
    if round_.kind != agenda.KIND:
        raise Malformed("not an agenda round")
    return session, round_


def _ids(payload, name: str) -> list[str]:
    value = payload.get(name)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Malformed(f"{name} must be a list of ids")
    return value


@on("agenda:merge", who=("facilitator",))
def merge(identity, payload):
    """Sent by the facilitator: these topics are one. Everyone receives `round:changed`."""
    agenda.merge(*_topics_round(identity, payload), _ids(payload, "topics"))


@on("agenda:reword", who=("facilitator",))
def reword(identity, payload):
    """Sent by the facilitator: a clearer wording, the original kept. Everyone receives
    `round:changed`."""
    agenda.reword(*_topics_round(identity, payload), text_field(payload, "topic"),
                  text_field(payload, "text", required=False))


@on("agenda:add", who=("facilitator",))
def add(identity, payload):
    """Sent by the facilitator: a topic typed in, or an alternative made a topic. Everyone
    receives `round:changed`."""
    agenda.add_topic(*_topics_round(identity, payload), text_field(payload, "text"))
