"""Facilitator accounts: password sign-in, and the one-time link `make run` prints."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.extensions import db, login_manager
from app.models import Facilitator
from app.security import limits
from app.services.accounts import redeem_signin_token, sign_out_everywhere, signed_in

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_facilitator(cookie_id: str):
    return signed_in(cookie_id)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        if not limits().hit("10/minute", "login", request.remote_addr or "-"):
            abort(429)
        name = request.form.get("name", "").strip()
        facilitator = db.session.scalar(db.select(Facilitator).filter_by(name=name))
        if facilitator and facilitator.check_password(request.form.get("password", "")):
            login_user(facilitator, remember=True)
            return redirect(url_for("console.index"))
        flash(_("Unknown name or wrong password."), "error")
    return render_template("login.html")


@bp.route("/signin/<token>")
def signin(token: str):
    if not limits().hit("10/minute", "signin", request.remote_addr or "-"):
        abort(429)
    facilitator = redeem_signin_token(token)
    if facilitator is None:
        flash(_("This sign-in link has been used or is unknown."), "error")
        return redirect(url_for("auth.login"))
    login_user(facilitator, remember=True)
    return redirect(url_for("console.index"))


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Ends the session on the server too: a copy of the cookie signs nobody in after it."""
    sign_out_everywhere(current_user._get_current_object())
    logout_user()
    return redirect(url_for("auth.login"))
