"""The summary as Markdown: user text escaped so that it shows as typed."""
from __future__ import annotations

import re

from app.export.labels import choice_text, count_text, is_majority, label, section_heading, texts

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
