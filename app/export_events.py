"""Socket events of the session summary. Documented in docs/asyncapi.yaml."""
from __future__ import annotations

from app import summary
from app.actions import on
from app.extensions import db
from app.models import Session


@on("summary:share", who=("facilitator",))
def summary_share(identity, payload):
    """Sent by the facilitator once the session has ended. Every page of the session receives
    `session:state`; phones find the read-only summary link (`summary_url`) in it."""
    session = db.session.get(Session, identity.session_id)
    share = summary.share(session)
    return {"url": summary.share_url(session, share),
            "expires_at": share.expires_at.isoformat() + "Z"}
