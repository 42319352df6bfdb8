"""Socket events of a whole session: close it, set the projector's language, its QR and
its contrast, share the summary. Documented in docs/asyncapi.yaml."""
from __future__ import annotations

from app.services import sessions, summary
from app.services.sessions import session_of
from app.sockets.edge import flag, on, text_field
from app.views.sessions import share_url


@on("session:close", who=("facilitator",))
def close(identity, payload):
    """Sent by the facilitator. Everyone receives `session:state` with status "ended"."""
    sessions.close_session(session_of(identity))


@on("session:language", who=("facilitator",))
def language(identity, payload):
    """Sent by the facilitator to set the projector's language. Everyone receives
    `session:state`."""
    sessions.set_language(session_of(identity), text_field(payload, "language"))


@on("session:qr", who=("facilitator",))
def qr(identity, payload):
    """Sent by the facilitator: `large` true shows the QR large on the beamer again (someone
    still has to join), false folds it to a corner mark. Everyone receives `session:state`."""
    sessions.show_qr_large(session_of(identity), flag(payload, "large"))


@on("session:contrast", who=("facilitator",))
def contrast(identity, payload):
    """Sent by the facilitator: `high` true switches the beamer to its high-contrast palette
    (for a washed-out projector). Everyone receives `session:state`."""
    sessions.set_high_contrast(session_of(identity), flag(payload, "high"))


@on("summary:share", who=("facilitator",), keeps_answer=False)
def summary_share(identity, payload):
    """Sent by the facilitator once the session has ended. Every page of the session receives
    `session:state`; phones find the read-only summary link (`summary_url`) in it. Sharing
    again keeps the link, so no answer (and no link) is kept."""
    session = session_of(identity)
    share = summary.share(session)
    return {"url": share_url(session, share), "expires_at": share.expires_at.isoformat() + "Z"}
