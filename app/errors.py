"""Errors of the shell (transport, identity, input shape), and the one edge that turns any
named error into an acknowledgement `{"ok": false, "error": code, "message": ...}`."""
from __future__ import annotations

from flask_babel import gettext
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


class ServerError(EdgeError):
    """A defect of ours, met at the edge: nothing was changed."""

    code = "server_error"


MESSAGES = {
    "malformed": _l("That request was not understood. Nothing was changed."),
    "not_joined": _l("You are not in this session. Scan the QR code to join."),
    "not_allowed": _l("Only the facilitator of this session can do that."),
    "rate_limited": _l("Too many attempts. Wait a moment and try again."),
    "unknown_session": _l("There is no session with that code. Check the code and try again."),
    "session_ended": _l("This session has ended."),
    "server_error": _l("Something went wrong on our side. Nothing was changed; try again."),
    "empty_text": _l("Please write something first."),
    "text_too_long": _l("That text is too long."),
    "round_not_open": _l("This round is not open (any more)."),
    "unknown_round": _l("There is no such round in this session."),
    "unknown_contribution": _l("That contribution is not in this round."),
    "wrong_receipt": _l("That contribution is not yours to change, or it was withdrawn."),
    "not_revealed": _l("The round has not been revealed yet."),
    "bad_group": _l("A group needs at least two contributions that are not in another group."),
    "bad_polarity": _l("A polarity needs two different poles."),
    "wrong_step": _l("That step cannot follow the current one."),
    "bad_merge": _l("Merging needs at least two different topics."),
    "session_still_open": _l("Close the session first; then its summary can be shared."),
    "vote_not_open": _l("Answering is not open right now."),
    "already_voted": _l("You have already answered. This phone can still change its answer."),
    "unknown_option": _l("That answer is not one of the options."),
    "too_few_options": _l("A poll needs at least two different options."),
    "no_votes_cast": _l("Nobody has answered yet."),
    "not_in_minority": _l("Only the minority is asked what it needs to go along."),
    "not_a_no": _l("Only those who said no, or a bit of no, are asked what their no is about."),
    "tie_not_resolved": _l("The vote is tied: vote again, or decide between the tied options."),
    "unknown_outcome": _l("A decision is either carried or goes to step 5."),
    "empty_ballot": _l("Choose at least one option."),
    "too_many_dots": _l("You placed more dots than you have."),
    "too_many_texts": _l("This phone has sent as many as one phone may here."),
    "run_sheet": _l("That is not possible on the run sheet."),
    "unknown_item": _l("That item is not on the run sheet (any more)."),
    "item_started": _l("This round has already started."),
    "unknown_statement": _l("That statement is not on the wall (yet)."),
    "wall_full": _l("The wall is full: stand with one of the statements on it."),
    "not_step5": _l("Only a decision recorded as not carried (step 5) can go into step 5."),
    "wrong_side": _l("Say which side you speak for: the majority or the minority."),
    "heat_over": _l("The heat is over; what was said stays in the room."),
    "heat_gone": _l("The server restarted, and the heat it kept in memory is gone. The "
                    "facilitator can move on to the insights."),
}


def _below_threshold(error) -> str:
    """Fewer than k answered: the facilitator is asked to confirm what they are doing."""
    if getattr(error, "about", None) == "vote":
        question = _l("Close the vote anyway?")
    else:
        question = _l("Reveal anyway?")
    return "%s %s" % (
        _l("Only %(answered)s of the %(k)s people needed have answered: in so small a group "
           "an answer may be traced to its author.",
           answered=getattr(error, "answered", "?"), k=getattr(error, "k", "?")), question)


def _too_long(error) -> str:
    limit = getattr(error, "limit", None)
    if limit:
        return str(_l("Please keep it to %(limit)s characters or fewer.", limit=limit))
    return str(MESSAGES["text_too_long"])


SPECIAL = {"below_threshold": _below_threshold, "text_too_long": _too_long}


def message_for(error: Exception) -> str:
    """What the person is told, in their language: the message the method raised, if it
    said something specific, else the text kept for the error's code."""
    code = getattr(error, "code", "refused")
    if code in SPECIAL:
        return SPECIAL[code](error)
    if isinstance(error, MethodError) and error.specific:
        return gettext(error.template, **error.params)
    message = MESSAGES.get(code)
    return str(message) if message else str(error)


def ack_for(error: Exception) -> dict:
    return {"ok": False, "error": getattr(error, "code", "refused"), "message": message_for(error)}


NAMED_ERRORS = (EdgeError, MethodError)
