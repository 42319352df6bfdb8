"""The session summary, downloaded by the facilitator (PDF, Markdown, JSON, a printable page)
and read by participants through a shared link. The summary is built once
(`facilitation.summary`, gathered by `app.services.summary`); the renderers only draw its
generic blocks, in the session's language, and never recompute what the method decided."""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, render_template, request
from flask_login import login_required

from app.export.labels import choice_text, count_text, label, section_heading, texts
from app.export.markdown import render_markdown
from app.export.pdf import render_pdf
from app.errors import RateLimited
from app.i18n import force_locale
from app.models import Session
from app.pages.console import own_session
from app.security import find_by_code
from app.services import summary as gather
from app.views.sessions import shared_session

bp = Blueprint("export", __name__)


def render_json(summary: dict) -> str:
    return json.dumps(summary, ensure_ascii=False, indent=2)


RENDERERS = {
    "pdf": (render_pdf, "application/pdf"),
    "md": (render_markdown, "text/markdown; charset=utf-8"),
    "json": (render_json, "application/json; charset=utf-8"),
}


def _summary_for(session: Session, *, attendance: bool) -> dict:
    force_locale(session.language)
    return gather.build(session, attendance=attendance)


def _wants_attendance() -> bool:
    return request.args.get("attendance") in ("1", "on", "true")


def filename(session: Session, summary: dict, extension: str) -> str:
    return f"summary-{session.code}-{summary['date']}.{extension}"


@bp.route("/console/<code>/summary")
@login_required
def page(code: str):
    """The printable summary page, for the facilitator of this session only."""
    session = own_session(code)
    summary = _summary_for(session, attendance=_wants_attendance())
    return render_template("summary.html", session=session, summary=summary, t=texts(summary),
                           label=label, heading=section_heading, count_text=count_text,
                           choice_text=choice_text, facilitator=True,
                           attendance=_wants_attendance())


@bp.route("/console/<code>/summary.<extension>")
@login_required
def download(code: str, extension: str):
    session = own_session(code)
    if extension not in RENDERERS:
        abort(404)
    render, mimetype = RENDERERS[extension]
    summary = _summary_for(session, attendance=_wants_attendance())
    return Response(render(summary), mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename(session, summary, extension)}"',
        "Cache-Control": "no-store",
    })


@bp.route("/p/<code>/summary/<token>")
def shared(code: str, token: str):
    """A participant's read-only summary: no names, for as long as the link is valid. A link
    for another session, an expired or a guessed one are all simply not found."""
    try:
        session = find_by_code(lambda _: shared_session(code, token), code)
    except RateLimited:
        abort(429)
    if session is None:
        abort(404)
    summary = _summary_for(session, attendance=False)
    response = Response(render_template(
        "summary.html", session=session, summary=summary, t=texts(summary), label=label,
        heading=section_heading, count_text=count_text, choice_text=choice_text,
        facilitator=False, attendance=False))
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token stays out of referrers
    response.headers["X-Robots-Tag"] = "noindex"
    return response
