"""What each audience may see of a session: the session itself, who is here (names for the
facilitator only), the whole snapshot sent on every connect, and the summary's share link."""
from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from flask import current_app, url_for

from app import presence
from app.extensions import db
from app.models import Session, SummaryShare, utcnow
from app.network import base_url, join_url
from app.views.rounds import done_view, round_view
from app.views.runsheet import run_sheet_view


def session_view(session: Session) -> dict[str, Any]:
    return {
        "code": session.code,
        "title": session.title,
        "question": session.question,
        "language": session.language,
        "status": session.status,
        "k": session.k,
        # The beamer's settings (the QR is large before the first round whatever this says).
        "qr_large": bool(session.qr_large),
        "high_contrast": bool(session.high_contrast),
    }


def presence_view(session: Session, audience: str) -> dict[str, Any]:
    connected = presence.connected_participants(session.id)
    view: dict[str, Any] = {"connected": len(connected), "joined": len(session.participants)}
    if audience == "facilitator":
        # The attendance list: names only, sorted, never next to anything said.
        view["attendance"] = sorted(
            (
                {"name": p.display_name or "", "connected": p.id in connected}
                for p in session.participants
            ),
            key=lambda entry: (entry["name"] == "", entry["name"].casefold()),
        )
    return view


def state_for(session: Session, audience: str) -> dict[str, Any]:
    """The full snapshot one audience may see; sent on every connect and every change."""
    state: dict[str, Any] = {"session": session_view(session), "audience": audience}
    current = session.rounds[-1] if session.rounds else None
    state["round"] = round_view(current, audience) if current else None
    if audience == "facilitator" and current is not None:
        state["done"] = done_view(current)
    if audience in ("facilitator", "projector"):
        state["presence"] = presence_view(session, audience)
        state["join_url"] = join_url(session)
    if session.ended and audience in ("participant", "facilitator"):
        shared = share_view(session)
        if audience == "participant":
            # A read-only link without names, once the facilitator shares the summary.
            state["summary_url"] = shared["url"] if shared else None
        else:
            state["summary_share"] = shared
    if audience == "facilitator":
        state["rounds"] = [{"id": r.id, "kind": r.kind, "prompt": r.prompt, "status": r.status,
                            "position": r.position} for r in session.rounds]
        state["run_sheet"] = run_sheet_view(session)
    return state


# The summary's share link --------------------------------------------------------------------

def share_token(session: Session, share: SummaryShare) -> str:
    """The link's token, derived from the secret key, so the database alone cannot make a link
    and the server need not keep the token to tell a phone its link again after a reconnect."""
    key = current_app.config["SECRET_KEY"].encode()
    message = f"summary-share:{session.id}:{share.expires_at.isoformat()}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def current_share(session: Session) -> SummaryShare | None:
    return db.session.scalar(
        db.select(SummaryShare).filter_by(session_id=session.id)
        .where(SummaryShare.expires_at > utcnow())
        .order_by(SummaryShare.expires_at.desc()))


def share_url(session: Session, share: SummaryShare) -> str:
    path = url_for("export.shared", code=session.code, token=share_token(session, share))
    return f"{base_url()}{path}"


def share_view(session: Session) -> dict[str, str] | None:
    share = current_share(session)
    if share is None:
        return None
    return {"url": share_url(session, share), "expires_at": share.expires_at.isoformat() + "Z"}


def shared_session(code: str, token: str) -> Session | None:
    """The session a participant's link is for, if the link is for this session and valid."""
    share_ = db.session.get(SummaryShare, token_hash(token))
    if share_ is None or share_.expires_at <= utcnow():
        return None
    session = db.session.get(Session, share_.session_id)
    if session is None or session.code != code:
        return None
    return session
