"""Socket events of the check-in and the check-out, once revealed: the facilitator groups what says the same
thing, names polarities and writes the summary. Everyone receives `round:changed`.
Documented in docs/asyncapi.yaml."""
from __future__ import annotations

from app.errors import Malformed
from app.services import checkin
from app.services.sessions import session_of
from app.sockets.edge import id_list, on, text_field
from app.sockets.rounds import round_of
from facilitation.checkin import KINDS


def _checkin(identity, payload):
    """The session, and the check-in or check-out the payload names."""
    round_ = round_of(identity, payload)
    if round_.kind not in KINDS:
        raise Malformed("not a check-in or check-out round")
    return session_of(identity), round_


@on("checkin:group", who=("facilitator",))
def group(identity, payload):
    """Sent by the facilitator: these contributions say the same thing."""
    checkin.group(*_checkin(identity, payload), id_list(payload, "members"),
                  text_field(payload, "label", required=False))


@on("checkin:ungroup", who=("facilitator",))
def ungroup(identity, payload):
    """Sent by the facilitator."""
    checkin.ungroup(*_checkin(identity, payload), text_field(payload, "group"))


@on("checkin:polarity", who=("facilitator",))
def polarity(identity, payload):
    """Sent by the facilitator: names a polarity, "this, but also that"."""
    checkin.name_polarity(*_checkin(identity, payload), payload.get("left"),
                          payload.get("right"))


@on("checkin:unpolarity", who=("facilitator",))
def unpolarity(identity, payload):
    """Sent by the facilitator."""
    checkin.remove_polarity(*_checkin(identity, payload), text_field(payload, "polarity"))


@on("checkin:summary", who=("facilitator",))
def summary(identity, payload):
    """Sent by the facilitator. Everyone receives `round:changed` with the summary."""
    checkin.write_summary(*_checkin(identity, payload),
                          text_field(payload, "text", required=False))
