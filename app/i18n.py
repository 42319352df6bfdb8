"""Language: a phone follows its browser and can switch; the projector speaks the session's."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

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
    response = redirect(same_site_path(request.args.get("next", "/")))
    if language in current_app.config["LANGUAGES"]:
        response.set_cookie(COOKIE, language, max_age=60 * 60 * 24 * 365, samesite="Lax")
    return response


SAFE_PATH = re.compile(r"^/(?![/\\])[A-Za-z0-9/_.~%-]*$")


def same_site_path(target: str) -> str:
    """A path on this site to go back to, else "/". Browsers forgive tabs, newlines and
    backslashes in a URL (`/<TAB>/evil.example` is `//evil.example` to them), so only plain
    path characters are let through."""
    return target if SAFE_PATH.match(target or "") else "/"


def init_app(app) -> None:
    app.register_blueprint(bp)

    @app.context_processor
    def language_context():
        return {"current_language": str(get_locale()), "languages": app.config["LANGUAGES"]}


def compile_translations(app) -> None:
    """Compiles every .po whose .mo is missing or older, before Flask-Babel reads them, so
    that every way of starting (make run, python serve.py, the installed command) shows
    Dutch when Dutch is chosen: without the .mo, gettext quietly falls back to English.
    Where the package's folder is read-only, the .mo go to the instance folder instead."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    source = Path(app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")[0])
    fallback = Path(app.instance_path) / "translations"
    used_fallback = False
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        if not os.access(po.parent, os.W_OK):
            mo = fallback / po.relative_to(source).with_suffix(".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            used_fallback = True
        # Written aside and renamed: several server processes may start at once.
        with tempfile.NamedTemporaryFile(dir=mo.parent, suffix=".mo.tmp", delete=False) as f:
            write_mo(f, catalog)
        os.replace(f.name, mo)
    if used_fallback:
        app.config["BABEL_TRANSLATION_DIRECTORIES"] = f"{fallback};{source}"
