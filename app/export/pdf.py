"""The summary as a PDF (fpdf2, with an embedded font so every language's letters print)."""
from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from app.config import DATA
from app.export.labels import choice_text, count_text, is_majority, label, section_heading, texts

FONTS = DATA / "static" / "fonts"  # beside app/ in a checkout, inside it once installed


def render_pdf(summary: dict) -> bytes:
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
