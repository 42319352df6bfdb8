"""Language: a phone follows its browser and can switch; the projector speaks the session's."""
from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, request
from flask_babel import get_locale

bp = Blueprint("i18n", __name__)
COOKIE = "lang"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    forced = g.get("forced_locale")
    if forced in languages:
        return forced
    chosen = request.args.get("lang") or request.cookies.get(COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def force_locale(language: str) -> None:
    """Used by the projector, which speaks the session's language whatever the laptop's."""
    g.forced_locale = language


@bp.route("/lang/<language>")
def switch(language: str):
    target = request.args.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    response = redirect(target)
    if language in current_app.config["LANGUAGES"]:
        response.set_cookie(COOKIE, language, max_age=60 * 60 * 24 * 365, samesite="Lax")
    return response


def init_app(app) -> None:
    app.register_blueprint(bp)

    @app.context_processor
    def language_context():
        return {"current_language": str(get_locale()), "languages": app.config["LANGUAGES"]}
