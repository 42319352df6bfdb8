"""Socket.IO events. Identity comes from the server-side session the HTTP join (or the
facilitator's sign-in) set; a handler never trusts an id in the payload. Every event is
documented in docs/asyncapi.yaml."""
from __future__ import annotations

from flask import request, session as cookie
from flask_login import current_user
from flask_socketio import join_room

from app import broadcast, presence, rounds, services
from app.actions import id_list, on, text_field
from app.errors import Forbidden, Malformed, NotJoined, SessionEnded, UnknownSession
from app.extensions import db, socketio
from app.models import Participant, Session
from facilitation import checkin


def identify(auth) -> presence.Identity:
    """Decides who a new socket is, from the signed cookie, for the session it names."""
    if not isinstance(auth, dict) or not isinstance(auth.get("code"), str):
        raise NotJoined()
    session = db.session.scalar(db.select(Session).filter_by(code=auth["code"]))
    if session is None:
        raise UnknownSession()
    role = auth.get("role")
    if role == "participant":
        participant_id = (cookie.get("joined") or {}).get(session.code)
        participant = db.session.get(Participant, participant_id) if participant_id else None
        if participant is None or participant.session_id != session.id:
            raise NotJoined()
        return presence.Identity(session.code, session.id, role, participant_id=participant.id)
    if role in ("facilitator", "projector"):
        if not current_user.is_authenticated or current_user.id != session.facilitator_id:
            raise Forbidden()
        return presence.Identity(session.code, session.id, role, facilitator_id=current_user.id)
    raise NotJoined()


@socketio.on("connect")
def connect(auth=None):
    """A phone, console or projector connects (or reconnects) and at once receives
    `session:state`, the whole current state, so a phone that slept needs no re-join."""
    try:
        identity = identify(auth)
    except (Forbidden, NotJoined, UnknownSession) as error:
        # Refusing the connection tells the page why, so it can send the phone to join.
        raise ConnectionRefusedError(error.code)
    presence.arrive(request.sid, identity)
    join_room(broadcast.room_for(identity.code, identity.role))
    session = db.session.get(Session, identity.session_id)
    broadcast.send_state(session, identity.role, request.sid)
    if identity.role == "participant":
        broadcast.presence_changed(session)


@socketio.on("disconnect")
def disconnect(*_reason):
    identity = presence.leave(request.sid)
    if identity and identity.role == "participant":
        session = db.session.get(Session, identity.session_id)
        if session is not None:
            broadcast.presence_changed(session)
    db.session.remove()


def _session(identity: presence.Identity) -> Session:
    return db.session.get(Session, identity.session_id)


@on("session:resync", who=("participant", "facilitator", "projector"), changes_state=False)
def resync(identity, payload):
    """Sent by any page (after a wake-up). The sender alone receives `session:state`."""
    broadcast.send_state(_session(identity), identity.role, request.sid)


@on("session:close", who=("facilitator",))
def close(identity, payload):
    """Sent by the facilitator. Everyone receives `session:state` with status "ended"."""
    services.close_session(_session(identity))


@on("session:language", who=("facilitator",))
def language(identity, payload):
    """Sent by the facilitator to set the projector's language. Everyone receives
    `session:state`."""
    services.set_language(_session(identity), text_field(payload, "language"))


# Rounds ------------------------------------------------------------------------------------

def _round(identity, payload, kind: str | None = None):
    """The round the payload names, in the sender's own session (and of `kind`, if given)."""
    round_ = rounds.get_round(_session(identity), payload.get("round"))
    if kind is not None and round_.kind != kind:
        raise Malformed(f"not a {kind} round")
    return round_


def _open_session(identity) -> Session:
    session = _session(identity)
    if session.ended:
        raise SessionEnded()
    return session


@on("round:open", who=("facilitator",))
def round_open(identity, payload):
    """Sent by the facilitator. Everyone receives `round:changed`; phones show the prompt."""
    round_ = rounds.open_round(_open_session(identity), text_field(payload, "kind"),
                               text_field(payload, "prompt", required=False))
    return {"round": round_.id}


@on("round:reveal", who=("facilitator",))
def round_reveal(identity, payload):
    """Sent by the facilitator (with `confirm` when fewer than k answered). Everyone receives
    `round:changed` with the contributions, shuffled."""
    rounds.reveal(_session(identity), _round(identity, payload), payload.get("confirm") is True)


@on("round:close", who=("facilitator",))
def round_close(identity, payload):
    """Sent by the facilitator. Everyone receives `round:changed`."""
    rounds.close(_session(identity), _round(identity, payload))


@on("contribution:add", who=("participant",), keeps_answer=False, batched=True)
def contribution_add(identity, payload):
    """Sent by a phone, with a receipt it keeps. Console and projector receive
    `round:counted`; nobody receives the text until the round is revealed."""
    return rounds.contribution_request(identity, payload)


@on("contribution:edit", who=("participant",))
def contribution_edit(identity, payload):
    """Sent by a phone with the receipt of its own contribution, while the round is open."""
    _open_session(identity)
    contribution = rounds.edit_contribution(_round(identity, payload), payload.get("receipt"),
                                            payload.get("text"))
    return {"text": contribution.text}


@on("contribution:withdraw", who=("participant",))
def contribution_withdraw(identity, payload):
    """Sent by a phone with the receipt of its own contribution, while the round is open.
    Console and projector receive `round:counted`."""
    rounds.withdraw_contribution(_open_session(identity), identity.participant_id,
                                 _round(identity, payload), payload.get("receipt"))


# Check-in ------------------------------------------------------------------------------------

def _shape_checkin(identity, payload, change):
    round_ = _round(identity, payload, "checkin")
    rounds.update_state(_session(identity), round_, change(round_))


@on("checkin:group", who=("facilitator",))
def checkin_group(identity, payload):
    """Sent by the facilitator: these contributions say the same thing. Everyone receives
    `round:changed`."""
    members = id_list(payload, "members")
    _shape_checkin(identity, payload, lambda r: checkin.group(
        r.state, r.status, members, text_field(payload, "label", required=False),
        known=rounds.known_ids(r), new_id=rounds.new_id))


@on("checkin:ungroup", who=("facilitator",))
def checkin_ungroup(identity, payload):
    """Sent by the facilitator. Everyone receives `round:changed`."""
    _shape_checkin(identity, payload, lambda r: checkin.ungroup(
        r.state, r.status, text_field(payload, "group")))


@on("checkin:polarity", who=("facilitator",))
def checkin_polarity(identity, payload):
    """Sent by the facilitator: names a polarity, "this, but also that". Everyone receives
    `round:changed`."""
    _shape_checkin(identity, payload, lambda r: checkin.name_polarity(
        r.state, r.status, payload.get("left"), payload.get("right"),
        known=rounds.known_ids(r), new_id=rounds.new_id))


@on("checkin:unpolarity", who=("facilitator",))
def checkin_unpolarity(identity, payload):
    """Sent by the facilitator. Everyone receives `round:changed`."""
    _shape_checkin(identity, payload, lambda r: checkin.remove_polarity(
        r.state, r.status, text_field(payload, "polarity")))


@on("checkin:summary", who=("facilitator",))
def checkin_summary(identity, payload):
    """Sent by the facilitator. Everyone receives `round:changed` with the summary."""
    _shape_checkin(identity, payload, lambda r: checkin.write_summary(
        r.state, r.status, text_field(payload, "text", required=False)))
