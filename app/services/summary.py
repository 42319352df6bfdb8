"""The shell around `facilitation.summary`: gathers a session's plain data from the database
(nothing that names a participant, contributions in display order) and shares the summary
with participants through a link that expires."""
from __future__ import annotations

from typing import Any, Callable

from flask import current_app
from sqlalchemy import func

from app import broadcast
from app.extensions import db
from app.models import Ballot, Contribution, Resonance, Round, Session, SummaryShare, utcnow
from app.store import ballot_box
from app.views import poll, step5
from app.views.sessions import current_share, share_token, token_hash
from facilitation import poll as poll_rules
from facilitation import step5 as step5_rules
from facilitation import summary as core


# What a round kind's own service records for the summary, added to its plain data under
# the kind's name (a poll's runs live in its state and several stages; its service knows
# how to read them, so the section builder need not).
RECORDS: dict[str, Callable[[Round], dict[str, Any]]] = {poll_rules.KIND: poll.record,
                                                         step5_rules.KIND: step5.record}


def round_data(round_: Round, k: int) -> dict[str, Any]:
    """The plain data a section builder receives (see facilitation.summary.RoundData)."""
    data: dict[str, Any] = {
        "id": round_.id, "kind": round_.kind, "position": round_.position,
        "prompt": round_.prompt, "status": round_.status, "off_record": bool(round_.off_record),
        "state": {key: value for key, value in (round_.state or {}).items() if key != "seed"},
        "contributions": {}, "ballots": {}, "answered": {}, "k": k,
    }
    if round_.off_record:
        return data  # never read, never written down
    stages = db.session.scalars(
        db.select(Contribution.stage).filter_by(round_id=round_.id).distinct()).all()
    for stage in sorted(stages):
        found = ballot_box.contributions(round_, stage)
        resonance = dict(db.session.execute(
            db.select(Resonance.contribution_id, func.count())
            .where(Resonance.contribution_id.in_([c.id for c in found]))
            .group_by(Resonance.contribution_id)).all())
        data["contributions"][stage] = [
            {"id": c.id, "text": c.text, "resonance": resonance.get(c.id, 0)} for c in found]
    for stage, choice, count in db.session.execute(
            db.select(Ballot.stage, Ballot.choice, func.count()).filter_by(round_id=round_.id)
            .group_by(Ballot.stage, Ballot.choice)).all():
        data["ballots"].setdefault(stage, {})[choice] = count
    for stage in set(stages) | set(data["ballots"]):
        data["answered"][stage] = ballot_box.counts(round_, stage).answered
    if round_.kind in RECORDS:
        data[round_.kind] = RECORDS[round_.kind](round_)
    return data


def build(session: Session, *, attendance: bool = False) -> dict[str, Any]:
    """The session's summary; the attendance list only when the facilitator asks for it."""
    names = [p.display_name or "" for p in session.participants] if attendance else None
    return core.build(
        {"title": session.title, "question": session.question, "language": session.language,
         "date": session.created_at.date().isoformat(),
         "participants": len(session.participants)},
        [round_data(r, session.k) for r in session.rounds],
        attendance=names,
    )


# Sharing with participants ----------------------------------------------------------------

def share(session: Session) -> SummaryShare:
    """Sent by the facilitator once the session has ended. Phones receive `session:state` with
    the summary link. Sharing again while a link is valid keeps that link."""
    expires_at = core.share_until(session.status, utcnow().replace(microsecond=0),
                                  current_app.config.get("SUMMARY_SHARE_DAYS", 7))
    existing = current_share(session)
    if existing is not None:
        return existing
    share_ = SummaryShare(session_id=session.id, expires_at=expires_at, token_hash="")
    share_.token_hash = token_hash(share_token(session, share_))
    db.session.add(share_)
    broadcast.after_commit(lambda: broadcast.session_changed(session))
    return share_
