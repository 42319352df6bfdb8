"""The phone's pages: type a code, join (optionally with a display name), take part."""
from __future__ import annotations

from flask import (Blueprint, abort, current_app, redirect, render_template, request,
                   session as cookie, url_for)

from app.errors import NAMED_ERRORS, RateLimited, UnknownSession, message_for
from app.security import find_by_code, limits
from app.services import sessions as services

bp = Blueprint("participant", __name__)


def _find(code: str):
    """The session a code means (UnknownSession), counted against the guesses allowed."""
    session = find_by_code(services.session_by_code, code)
    if session is None:
        raise UnknownSession()
    return session


def _limit_join() -> None:
    if not limits().hit(current_app.config["JOIN_RATE_LIMIT"], "join",
                        request.remote_addr or "-"):
        raise RateLimited()


@bp.route("/join", methods=["GET", "POST"])
def enter_code():
    """A phone that did not scan the QR types the short code here."""
    error = None
    if request.method == "POST":
        try:
            session = _find(request.form.get("code", ""))
            return redirect(url_for("participant.join", code=session.code))
        except NAMED_ERRORS as failure:
            error = message_for(failure)
    return render_template("phone/enter_code.html", error=error), (400 if error else 200)


@bp.route("/j/<code>", methods=["GET", "POST"])
def join(code: str):
    try:
        session = _find(code)
    except NAMED_ERRORS as failure:
        status = 429 if isinstance(failure, RateLimited) else 404
        return render_template("phone/enter_code.html", error=message_for(failure)), status
    if session.ended:
        return render_template("phone/ended.html", session=session), 410
    joined = cookie.get("joined") or {}
    if session.code in joined and request.method == "GET":
        return redirect(url_for("participant.phone", code=session.code))
    error = None
    if request.method == "POST":
        try:
            _limit_join()
            participant = services.join(session, request.form.get("display_name"))
        except NAMED_ERRORS as failure:
            error = message_for(failure)
        else:
            cookie["joined"] = {**joined, session.code: participant.id}
            cookie.permanent = True
            return redirect(url_for("participant.phone", code=session.code))
    return render_template("phone/join.html", session=session, error=error), (400 if error else 200)


@bp.route("/p/<code>")
def phone(code: str):
    try:
        session = _find(code)
    except RateLimited:
        abort(429)
    except NAMED_ERRORS:
        abort(404)
    if session.code not in (cookie.get("joined") or {}):
        return redirect(url_for("participant.join", code=session.code))
    return render_template("phone/session.html", session=session)
