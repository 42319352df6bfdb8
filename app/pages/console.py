"""The facilitator's pages: sessions, the console of one session, its projector view."""
from __future__ import annotations

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template,
                   request, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import qr
from app.errors import NAMED_ERRORS, message_for
from app.i18n import force_locale
from app.models import Session
from app.network import join_url
from app.services import sessions as services

bp = Blueprint("console", __name__)


def own_session(code: str) -> Session:
    """The session with this code, if the signed-in facilitator runs it; 404 otherwise, so a
    facilitator of another session cannot even learn that it exists."""
    session = services.owned_session(code, current_user.id)
    if session is None:
        abort(404)
    return session


@bp.route("/")
def home():
    if current_user.is_authenticated:
        return redirect(url_for("console.index"))
    return redirect(url_for("participant.enter_code"))


@bp.route("/console", methods=["GET", "POST"])
@login_required
def index():
    services.delete_expired(current_app.config["RETENTION_DAYS"])
    if request.method == "POST":
        try:
            session = services.create_session(
                current_user,
                request.form.get("title", ""),
                request.form.get("question", ""),
                request.form.get("language", "nl"),
            )
        except NAMED_ERRORS as error:
            flash(message_for(error), "error")
        else:
            return redirect(url_for("console.session", code=session.code))
    sessions = services.sessions_of(current_user.id)
    return render_template(
        "console/index.html", sessions=sessions,
        default_question=_("What can we do to increase the value of this account for both "
                           "parties even further?"),
    )


@bp.route("/console/<code>")
@login_required
def session(code: str):
    session = own_session(code)
    return render_template("console/session.html", session=session,
                           join_url=join_url(session))


@bp.route("/console/<code>/projector")
@login_required
def projector(code: str):
    session = own_session(code)
    force_locale(session.language)
    return render_template("projector.html", session=session, join_url=join_url(session))


@bp.route("/console/<code>/qr.svg")
@login_required
def qr_svg(code: str):
    session = own_session(code)
    return Response(qr.svg(join_url(session)), mimetype="image/svg+xml",
                    headers={"Cache-Control": "no-store"})


@bp.route("/console/<code>/delete", methods=["GET", "POST"])
@login_required
def delete(code: str):
    """Asks first; then the session and everything said in it are gone."""
    session = own_session(code)
    if request.method == "POST":
        title = session.title
        services.delete_session(session)
        flash(_("“%(title)s” and everything said in it have been deleted.", title=title),
              "info")
        return redirect(url_for("console.index"))
    return render_template("console/delete.html", session=session)
