"""The session summary, downloaded by the facilitator (PDF, Markdown, JSON, a printable page)
and read by participants through a shared link. The summary is built once
(`facilitation.summary`, gathered by `app.summary`); the renderers here only draw its generic
blocks, in the session's language, and never recompute what the method decided."""
from __future__ import annotations

import json
import re
from datetime import date

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import format_date, ngettext
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from app import summary as gather
from app.config import DATA
from app.console import own_session
from app.i18n import force_locale
from app.models import Session

bp = Blueprint("export", __name__)
FONTS = DATA / "static" / "fonts"  # beside app/ in a checkout, inside it once installed

# Every label code a block may carry, poll and agenda ones included, so a new round kind
# needs a section builder and nothing here. An unknown code is shown as it is.
LABELS = {
    "checkin": _l("Check-in"),
    "poll": _l("Poll"),
    "topics": _l("Agenda"),
    "agenda": _l("Agenda"),
    "groups": _l("Groups"),
    "contributions": _l("Contributions"),
    "polarities": _l("Polarities"),
    "but_also": _l("but also"),
    "facilitator_summary": _l("The facilitator's summary"),
    "not_revealed": _l("This round was not revealed, so nothing of it is written down."),
    "proposal": _l("Proposal"),
    "run": _l("Vote"),
    "votes": _l("Votes"),
    "majority": _l("majority"),
    "yes": _l("Yes"),
    "yes_bit_of_no": _l("Yes, with a bit of no"),
    "no": _l("No"),
    "nos": _l("The no's"),
    "resonance": _l("share a bit of this"),
    "conditions": _l("What the minority needs to come along"),
    "topics_decided": _l("Topics, in the order decided"),
    "topics_gathered": _l("Topics gathered"),
    "tied_vote": _l("Tied vote, voted again"),
    "tie": _l("The vote is tied; the group has not decided yet."),
    "vote_open": _l("The vote was not closed, so no answers are written down."),
    "counts_hidden": _l("Fewer people answered than needed to show the counts without "
                        "tracing an answer to its author."),
    "outcome": _l("Decision"),
    "carried": _l("Carried"),
    "step5": _l("Not carried: the group goes into it (step 5)"),
    "note": _l("Note"),
}


def label(code: str | None) -> str:
    if not code:
        return ""
    return str(LABELS[code]) if code in LABELS else code


def texts(summary: dict) -> dict[str, str]:
    """The fixed texts of a summary in the current (the session's) language."""
    return {
        "summary": str(_l("Summary")),
        "date": format_date(date.fromisoformat(summary["date"]), "long"),
        "question": str(_l("Shared question")),
        "participants": str(_l("Participants")),
        "attendance": str(_l("Attendance list")),
        "attendance_hint": str(_l("Names are for attendance only; nothing in this summary "
                                  "says who said what.")),
        "anonymous": str(_l("Nothing in this summary says who said what.")),
        "empty": str(_l("No rounds were written down.")),
    }


def section_heading(section: dict, number: int) -> str:
    kind = label(section["kind"])
    title = section.get("title") or ""
    return f"{number}. {kind}: {title}" if title else f"{number}. {kind}"


# Counts said as a sentence ("3 share a bit of this"), by the item's count label.
COUNT_TEXTS = {
    "resonance": lambda n: ngettext("%(num)d shares a bit of this",
                                    "%(num)d share a bit of this", n),
    "votes": lambda n: ngettext("%(num)d vote", "%(num)d votes", n),
}


def count_text(entry: dict) -> str:
    said = COUNT_TEXTS.get(entry.get("count_label") or "")
    if said:
        return said(entry["count"])
    return f"{entry['count']} × {label(entry.get('count_label'))}".strip(" ×")


def choice_name(block: dict, choice: str | None) -> str:
    """An answer: a code translated, or an option's text as typed (never translated)."""
    return (choice or "") if block.get("typed") else label(choice)


def choice_text(entry: dict, block: dict | None = None) -> str:
    return f"{choice_name(block or {}, entry['choice'])}: {entry['count']}"


def is_majority(entry: dict, block: dict) -> bool:
    return block.get("majority") is not None and entry["choice"] == block["majority"]


# Markdown -----------------------------------------------------------------------------------

MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def md(text: str) -> str:
    """User text as Markdown that shows as typed and cannot smuggle in links or HTML."""
    escaped = MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    escaped = re.sub(r"^([-+])(\s)", r"\\\1\2", escaped)
    return re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", escaped)  # "1\." : a backslash before a digit shows


def render_markdown(summary: dict) -> str:
    t = texts(summary)
    out = [f"# {md(summary['title'])}", "",
           f"{t['summary']} · {t['date']}", "",
           f"**{t['question']}:** {md(summary['question'])}", "",
           f"**{t['participants']}:** {summary['participants']}", "",
           f"_{t['anonymous']}_", ""]
    if not summary["sections"]:
        out += [t["empty"], ""]
    for number, section in enumerate(summary["sections"], 1):
        out += [f"## {md(section_heading(section, number))}", ""]
        for block in section["blocks"]:
            out += _md_block(block)
    if "attendance" in summary:
        out += ["---", "", f"## {t['attendance']}", "", f"_{t['attendance_hint']}_", ""]
        out += [f"- {md(name)}" for name in summary["attendance"]] + [""]
    return "\n".join(out)


def _md_block(block: dict) -> list[str]:
    kind = block["type"]
    if kind == "heading":
        return [f"### {md(' '.join(filter(None, [label(block['label']), block['text']])))}", ""]
    if kind == "paragraph":
        head = [f"**{label(block['label'])}**", ""] if block.get("label") else []
        return head + [md(block["text"]), ""]
    if kind == "note":
        return [f"_{label(block['label'])}_", ""]
    if kind == "list":
        lines = [f"**{label(block['label'])}**", ""]
        for i, entry in enumerate(block["items"], 1):
            bullet = f"{i}." if block.get("ordered") else "-"
            count = f" ({count_text(entry)})" if "count" in entry else ""
            lines.append(f"{bullet} {md(entry['text'])}{count}")
            lines += [f"    - {md(sub)}" for sub in entry.get("items", [])]
        return lines + [""]
    if kind == "counts":
        lines = [f"**{label(block['label'])}**", ""]
        lines += [f"- **{md(choice_text(entry, block))}** ({label('majority')})"
                  if is_majority(entry, block) else f"- {md(choice_text(entry, block))}"
                  for entry in block["counts"]]
        return lines + [""]
    if kind == "pairs":
        lines = [f"**{label(block['label'])}**", ""]
        lines += [f"- {md(p['left'])} _{label(block['joiner'])}_ {md(p['right'])}"
                  for p in block["items"]]
        return lines + [""]
    if kind == "outcome":
        lines = [f"**{label('outcome')}:** {label(block['outcome'])}", ""]
        return lines + ([md(block["note"]), ""] if block.get("note") else [])
    return []


# JSON ---------------------------------------------------------------------------------------

def render_json(summary: dict) -> str:
    return json.dumps(summary, ensure_ascii=False, indent=2)


# PDF ----------------------------------------------------------------------------------------

def render_pdf(summary: dict) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    t = texts(summary)
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(summary["title"])
    pdf.set_lang(summary["language"])
    pdf.set_creator("Deep Democracy live sessions")
    ink, muted, accent = (29, 35, 39), (79, 91, 98), (31, 95, 139)

    def write(text: str, size: float = 11, bold: bool = False, color=ink, indent: float = 0,
              after: float = 1.5, height: float | None = None) -> None:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.set_text_color(*color)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(pdf.epw - indent, height or size * 0.5, text, align="L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(after)

    def bullet(text: str, indent: float = 4, marker: str = "•", bold: bool = False) -> None:
        pdf.set_font("DejaVu", "B" if bold else "", 11)
        pdf.set_text_color(*ink)
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(5, 5.5, marker)
        pdf.multi_cell(pdf.epw - indent - 5, 5.5, text, align="L", new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)
        pdf.ln(0.8)

    def keep_together(block: dict) -> None:
        """A block's label stays with its first lines; a short block is not split at all."""
        lines = len(block.get("counts") or block.get("items") or ()) + 1
        if block["type"] == "list":
            lines += sum(len(entry.get("items", ())) for entry in block["items"])
        needed = min(lines, 6) * 6.5
        if pdf.get_y() + needed > pdf.page_break_trigger:
            pdf.add_page()

    def rule() -> None:
        pdf.set_draw_color(217, 212, 199)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
        pdf.ln(4)

    pdf.add_page()
    write(f"{t['summary']} · {t['date']}", 10, color=muted, after=1)
    write(summary["title"], 20, bold=True, after=3, height=9)
    write(t["question"], 10, bold=True, color=muted, after=0.5)
    write(summary["question"], 12, after=3, height=6)
    write(f"{t['participants']}: {summary['participants']}", 11, after=1)
    write(t["anonymous"], 9, color=muted, after=4)
    rule()
    if not summary["sections"]:
        write(t["empty"], 11)
    for number, section in enumerate(summary["sections"], 1):
        if pdf.get_y() > pdf.h - 60:
            pdf.add_page()
        write(section_heading(section, number), 14, bold=True, color=accent, after=2,
              height=7)
        for block in section["blocks"]:
            kind = block["type"]
            if kind in ("list", "counts", "pairs", "heading", "outcome"):
                keep_together(block)
            if kind in ("list", "counts", "pairs") or (kind == "paragraph" and block["label"]):
                write(label(block["label"]), 11, bold=True, after=1)
            if kind == "heading":
                pdf.ln(1.5)
                write(" ".join(filter(None, [label(block["label"]), block["text"]])), 12,
                      bold=True, color=accent, after=1.5, height=6)
            elif kind == "paragraph":
                write(block["text"], 11, after=3, height=5.5)
            elif kind == "note":
                write(label(block["label"]), 10, color=muted, after=3)
            elif kind == "list":
                for i, entry in enumerate(block["items"], 1):
                    count = f" ({count_text(entry)})" if "count" in entry else ""
                    bullet(entry["text"] + count, marker=f"{i}." if block.get("ordered") else "•")
                    for sub in entry.get("items", []):
                        bullet(sub, indent=11, marker="–")
                pdf.ln(2)
            elif kind == "counts":
                for entry in block["counts"]:
                    if is_majority(entry, block):
                        bullet(f"{choice_text(entry, block)} ({label('majority')})", bold=True)
                    else:
                        bullet(choice_text(entry, block))
                pdf.ln(2)
            elif kind == "pairs":
                for pair in block["items"]:
                    bullet(f"{pair['left']} — {label(block['joiner'])} — {pair['right']}")
                pdf.ln(2)
            elif kind == "outcome":
                write(f"{label('outcome')}: {label(block['outcome'])}", 11, bold=True, after=1)
                if block.get("note"):
                    write(block["note"], 11, after=3, height=5.5)
        pdf.ln(2)
        rule()
    if "attendance" in summary:
        pdf.add_page()  # names on a page of their own, never beside what was said
        write(t["attendance"], 14, bold=True, color=accent, after=1, height=7)
        write(t["attendance_hint"], 9, color=muted, after=3)
        for name in summary["attendance"]:
            bullet(name)
    return bytes(pdf.output())


# Routes -------------------------------------------------------------------------------------

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
    session = gather.shared_session(code, token)
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
