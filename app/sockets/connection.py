"""Connecting, disconnecting and resyncing. Identity comes from the server-side session the
HTTP join (or the facilitator's sign-in) set; a handler never trusts an id in the payload."""
from __future__ import annotations

import logging

from flask import request, session as cookie
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room

from app import broadcast, presence
from app.errors import Forbidden, NotJoined, UnknownSession
from app.extensions import db, socketio
from app.models import Participant, Session
from app.services import done, timer
from app.services.sessions import session_of
from app.sockets.edge import on
from app.store import roll

log = logging.getLogger(__name__)


def identify(auth) -> presence.Identity:
    """Decides who a new socket is, from the signed cookie, for the session it names."""
    if not isinstance(auth, dict) or not isinstance(auth.get("code"), str):
        raise NotJoined()
    role = auth.get("role")
    if role == "participant":
        # A phone that joined, the usual case (a room reconnecting after a restart): its
        # session and itself in one query.
        participant_id = (cookie.get("joined") or {}).get(auth["code"])
        if isinstance(participant_id, str):
            found = db.session.execute(
                db.select(Session, Participant.id)
                .join(Participant, Participant.session_id == Session.id)
                .where(Session.code == auth["code"], Participant.id == participant_id)).first()
            if found is not None:
                session = found[0]
                return presence.Identity(session.code, session.id, role,
                                         participant_id=found[1])
    session = db.session.scalar(db.select(Session).filter_by(code=auth["code"]))
    if session is None:
        raise UnknownSession()
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
    `session:state`, the whole current state, so a phone that slept needs no re-join. A phone
    presents the roll tokens it was given (`rolls`), so that it is known to have answered
    what it answered, even by a server that restarted since."""
    try:
        identity = identify(auth)
    except (Forbidden, NotJoined, UnknownSession) as error:
        # Refusing the connection tells the page why, so it can send the phone to join
        # (Socket.IO's own ConnectionRefusedError: the built-in one would lose the reason).
        raise ConnectionRefusedError(error.code)
    presence.arrive(request.sid, identity)
    if identity.participant_id:
        # After a restart the roll is rebuilt from what the phones prove: their tokens.
        roll.restore(identity.session_id, identity.participant_id, auth.get("rolls"))
    join_room(broadcast.room_for(identity.code, identity.role))
    # A server that restarted picks up the timers it was running (once per process).
    try:
        timer.wake()
    except Exception:  # a timer that cannot be picked up must not refuse the connection
        db.session.rollback()
        log.exception("running timers could not be picked up")
    session = session_of(identity)
    if identity.participant_id:
        # "I'm done", as the phone remembers it: the server's memory of it may be gone.
        done.restore(session, identity.participant_id, auth.get("done"))
    broadcast.send_state(session, identity.role, request.sid)
    if identity.role == "participant":
        broadcast.presence_changed(session)


@socketio.on("disconnect")
def disconnect(*_reason):
    identity = presence.leave(request.sid)
    if identity and identity.role == "participant":
        session = session_of(identity)
        if session is not None:
            broadcast.presence_changed(session)
    db.session.remove()


@on("session:resync", who=("participant", "facilitator", "projector"), changes_state=False)
def resync(identity, payload):
    """Sent by any page (after a wake-up). The sender alone receives `session:state`."""
    broadcast.send_state(session_of(identity), identity.role, request.sid)
