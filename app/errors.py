"""Errors of the shell (transport, identity, input shape), and the one edge that turns any
named error into an acknowledgement `{"ok": false, "error": code, "message": ...}`."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from facilitation.errors import MethodError


class EdgeError(Exception):
    code = "refused"

    def __init__(self, detail: str = ""):
        super().__init__(detail or self.code)


class Malformed(EdgeError):
    code = "malformed"


class NotJoined(EdgeError):
    code = "not_joined"


class Forbidden(EdgeError):
    code = "not_allowed"


class RateLimited(EdgeError):
    code = "rate_limited"


class UnknownSession(EdgeError):
    code = "unknown_session"


class SessionEnded(EdgeError):
    code = "session_ended"


MESSAGES = {
    "malformed": _l("That request was not understood. Nothing was changed."),
    "not_joined": _l("You are not in this session. Scan the QR code to join."),
    "not_allowed": _l("Only the facilitator of this session can do that."),
    "not_the_facilitator": _l("Only the facilitator of this session can do that."),
    "rate_limited": _l("Too many attempts. Wait a moment and try again."),
    "unknown_session": _l("There is no session with that code. Check the code and try again."),
    "session_ended": _l("This session has ended."),
    "empty_text": _l("Please write something first."),
    "text_too_long": _l("That text is too long."),
}


def message_for(error: Exception) -> str:
    code = getattr(error, "code", "refused")
    message = MESSAGES.get(code)
    return str(message) if message else str(error)


def ack_for(error: Exception) -> dict:
    return {"ok": False, "error": getattr(error, "code", "refused"), "message": message_for(error)}


NAMED_ERRORS = (EdgeError, MethodError)
