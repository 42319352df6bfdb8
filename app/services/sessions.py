"""Session actions: create, join, close, set the projector's language, its QR and its
contrast; and finding the
session a code, a socket or a facilitator means. The edge (`app.sockets.edge`, or the
page) commits, then announces."""
from __future__ import annotations

import random
from datetime import timedelta

from flask import current_app

from app import broadcast
from app.errors import Malformed, SessionEnded
from app.extensions import db
from app.models import Facilitator, Participant, Session, utcnow
from app.presence import Identity
from app.services import feet
from app.services.rounds import stage_closed
from app.store import disk, heat
from facilitation import session as rules

_rng = random.SystemRandom()


def create_session(facilitator: Facilitator, title: str, question: str, language: str,
                   k: int | None = None) -> Session:
    if language not in rules.LANGUAGES:
        raise Malformed("unknown language")
    code = _free_join_code()
    session = Session(
        code=code,
        title=rules.clean_title(title),
        question=rules.clean_question(question),
        language=language,
        k=k or current_app.config["K_THRESHOLD"],
        facilitator=facilitator,
    )
    db.session.add(session)
    db.session.commit()
    return session


def _free_join_code() -> str:
    while True:
        code = rules.new_join_code(_rng)
        if db.session.scalar(db.select(Session.id).filter_by(code=code)) is None:
            return code


def session_by_code(code: str) -> Session | None:
    """The session a typed or scanned code means, if any."""
    return db.session.scalar(
        db.select(Session).filter_by(code=rules.normalise_join_code(code or "")))


def owned_session(code: str, facilitator_id: int) -> Session | None:
    """The session with this code if this facilitator runs it, else None."""
    session = db.session.scalar(db.select(Session).filter_by(code=code))
    if session is None or session.facilitator_id != facilitator_id:
        return None
    return session


def sessions_of(facilitator_id: int) -> list[Session]:
    """A facilitator's sessions, newest first."""
    return list(db.session.scalars(
        db.select(Session).filter_by(facilitator_id=facilitator_id)
        .order_by(Session.created_at.desc())).all())


def session_of(identity: Identity) -> Session:
    """The session a socket belongs to."""
    return db.session.get(Session, identity.session_id)


def open_session_of(identity: Identity) -> Session:
    """The session a socket belongs to, refused once it has ended."""
    session = session_of(identity)
    if session.ended:
        raise SessionEnded()
    return session


def join(session: Session, display_name: str | None) -> Participant:
    if session.ended:
        raise SessionEnded()
    participant = Participant(
        session=session,
        display_name=rules.clean_display_name(
            display_name, current_app.config["DISPLAY_NAME_LIMIT"]
        ),
    )
    db.session.add(participant)
    db.session.commit()
    broadcast.presence_changed(session)
    return participant


def close_session(session: Session) -> None:
    """Sent by the facilitator. Everyone hears `session:state` with status "ended"."""
    if session.ended:
        return
    current = session.rounds[-1] if session.rounds else None
    if current is not None and current.off_record and current.status == "open":
        feet.end(session, current)  # off the record: it ends with the session, nothing kept
    session.status = "ended"
    session.ended_at = utcnow()
    for round_ in session.rounds:
        heat.store().forget(round_.id)  # an argument still going on ends with the session
    broadcast.after_commit(lambda: broadcast.session_changed(session))
    stage_closed(session)


def set_language(session: Session, language: str) -> None:
    if language not in rules.LANGUAGES:
        raise Malformed("unknown language")
    session.language = language
    broadcast.after_commit(lambda: broadcast.session_changed(session))


def show_qr_large(session: Session, large: bool) -> None:
    """Sent by the facilitator: the QR large on the beamer (someone still has to join), or
    back to a corner mark. Before the first round it is large whatever this says."""
    session.qr_large = large
    broadcast.after_commit(lambda: broadcast.session_changed(session))


def set_high_contrast(session: Session, high: bool) -> None:
    """Sent by the facilitator for a washed-out projector: the beamer in high contrast."""
    session.high_contrast = high
    broadcast.after_commit(lambda: broadcast.session_changed(session))


def delete_session(session: Session) -> None:
    """Sent by the facilitator, after confirming: the session and everything said in it
    are gone, from the database's files too. Summaries downloaded before are theirs."""
    session_id = session.id
    db.session.expunge_all()
    db.session.close()
    disk.delete_session(session_id)


def delete_expired(days: int) -> int:
    """Deletes every session that ended more than `days` days ago; returns how many."""
    cutoff = utcnow() - timedelta(days=days)
    expired = db.session.scalars(db.select(Session.id).where(
        Session.status == "ended",
        db.func.coalesce(Session.ended_at, Session.created_at) < cutoff)).all()
    db.session.close()
    for session_id in expired:
        disk.delete_session(session_id)
    return len(expired)
