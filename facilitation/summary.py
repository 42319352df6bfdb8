"""The session summary a facilitator sends to both sides of the table, built once as plain
data from plain data. Renderers (PDF, Markdown, JSON, HTML) only draw what is built here.

Each round kind adds itself: `@section_builder("poll")` registers a function that takes the
plain data of one round (see `RoundData`) and returns a section, or None to leave the round
out. A section carries two things:

- `data`: what the round decided, in the kind's own words (described per kind in
  docs/summary.schema.json), for whoever reads the JSON;
- `blocks`: the same, as generic shapes every renderer knows how to draw: a sub-heading, a
  paragraph, a fixed note, a list of items (with an optional count and sub-items), counts per choice, a list of pairs
  ("this, but also that"), an outcome with a note.

Labels in blocks are codes (`"polarities"`, `"conditions"`, ...) that the renderers translate;
they are never user text. Nothing here knows who said what: the plain data holds no
participant, and contributions come in display order (shuffled, never arrival order).
Off-the-record rounds never reach a builder.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Callable, Optional

from facilitation.errors import SessionStillOpen
from facilitation.rounds import OPEN

SCHEMA = "deepdemocracy-summary/1"

# The plain data the shell gathers for one round:
# {"id", "kind", "position", "prompt", "status", "off_record",
#  "state": the round's state (seed removed),
#  "contributions": {stage: [{"id", "text", "resonance": int}]}  (display order),
#  "ballots": {stage: {choice: count}},
#  "answered": {stage: int},
#  "k": the session's threshold}
RoundData = dict[str, Any]
Section = dict[str, Any]
Builder = Callable[[RoundData], Optional[Section]]

SECTION_BUILDERS: dict[str, Builder] = {}

# The generic shapes a block can take; renderers draw these and nothing else.
BLOCK_TYPES = ("heading", "paragraph", "note", "list", "counts", "pairs", "outcome")


def section_builder(kind: str) -> Callable[[Builder], Builder]:
    """Registers the builder of one round kind's section."""

    def register(fn: Builder) -> Builder:
        SECTION_BUILDERS[kind] = fn
        return fn

    return register


# Generic blocks ---------------------------------------------------------------------------

def heading(text: str, label: str | None = None) -> dict:
    """A sub-heading inside a section (e.g. one run of a poll): a label code, a text, or both."""
    return {"type": "heading", "label": label, "text": text}


def paragraph(label: str | None, text: str) -> dict:
    return {"type": "paragraph", "label": label, "text": text}


def note(label: str) -> dict:
    """A fixed remark, by label code (e.g. "not_revealed")."""
    return {"type": "note", "label": label}


def item(text: str, count: int | None = None, count_label: str | None = None,
         items: list[str] | None = None) -> dict:
    entry: dict[str, Any] = {"text": text}
    if count is not None:
        entry["count"], entry["count_label"] = count, count_label
    if items:
        entry["items"] = list(items)
    return entry


def listing(label: str, items: list[dict], *, ordered: bool = False) -> dict:
    return {"type": "list", "label": label, "items": items, "ordered": ordered}


def counts(label: str, per_choice: list[tuple[str, int]], *, majority: str | None = None) -> dict:
    """Counts per choice; `choice` is a label code (yes, no, ...) or an option's text."""
    return {"type": "counts", "label": label,
            "counts": [{"choice": choice, "count": n} for choice, n in per_choice],
            "total": sum(n for _, n in per_choice), "majority": majority}


def pairs(label: str, pairs_: list[tuple[str, str]], joiner: str = "but_also") -> dict:
    return {"type": "pairs", "label": label, "joiner": joiner,
            "items": [{"left": left, "right": right} for left, right in pairs_]}


def outcome(value: str, note: str = "") -> dict:
    """A decision's outcome: "carried", or "step5" (not carried: the group goes into it)."""
    return {"type": "outcome", "outcome": value, "note": note}


# The summary ------------------------------------------------------------------------------

def build(session: dict, rounds: list[RoundData], attendance: list[str] | None = None) -> dict:
    """The whole summary. `session` is {"title", "question", "language", "date" (ISO),
    "participants": int}; `attendance` is a list of display names, given only when the
    facilitator asked for it, and kept in its own part, never next to a section."""
    sections = []
    for round_ in sorted(rounds, key=lambda r: r["position"]):
        if round_.get("off_record"):
            continue  # off the record: never written down, not even that it happened
        builder = SECTION_BUILDERS.get(round_["kind"])
        section = builder(round_) if builder else None
        if section:
            sections.append({"kind": round_["kind"], "position": round_["position"], **section})
    summary = {
        "schema": SCHEMA,
        "title": session["title"],
        "date": session["date"],
        "question": session["question"],
        "language": session["language"],
        "participants": session["participants"],
        "sections": sections,
    }
    if attendance is not None:
        summary["attendance"] = sorted((n for n in attendance if n), key=str.casefold)
    return summary


def share_until(status: str, now: datetime, days: int) -> datetime:
    """A summary is shared with participants once the session has ended, for `days` days."""
    if status != "ended":
        raise SessionStillOpen()
    return now + timedelta(days=max(1, days))


# The check-in -----------------------------------------------------------------------------

def _pole_text(pole: dict, texts: dict[str, str], groups: dict[str, dict]) -> str:
    if "text" in pole:
        return pole["text"]
    ref = pole.get("ref")
    if ref in groups:
        group = groups[ref]
        return group["label"] or " / ".join(texts.get(m, "") for m in group["members"])
    return texts.get(ref, "")


@section_builder("checkin")
def checkin_section(round_: RoundData) -> Section:
    """The check-in: what was said (grouped where the facilitator grouped it), the polarities
    named, and the facilitator's summary. Before a reveal nothing was shown, so nothing is
    written down but the prompt."""
    state = round_.get("state") or {}
    revealed = round_["status"] != OPEN
    contributions = round_.get("contributions", {}).get("checkin", []) if revealed else []
    texts = {c["id"]: c["text"] for c in contributions}
    shown = {c["id"]: i for i, c in enumerate(contributions)}
    groups = {g["id"]: g for g in state.get("groups", [])} if revealed else {}
    grouped = {m for g in groups.values() for m in g["members"]}
    polarities = [(_pole_text(p["left"], texts, groups), _pole_text(p["right"], texts, groups))
                  for p in state.get("polarities", [])] if revealed else []
    summary_text = state.get("summary", "") if revealed else ""

    data = {
        "prompt": round_["prompt"],
        "revealed": revealed,
        "groups": [{"label": g["label"],
                    "contributions": [texts[m] for m in sorted(
                        (m for m in g["members"] if m in texts), key=shown.__getitem__)]}
                   for g in groups.values()],
        "contributions": [c["text"] for c in contributions if c["id"] not in grouped],
        "polarities": [{"left": left, "right": right} for left, right in polarities],
        "summary": summary_text,
    }
    blocks: list[dict] = []
    if not revealed:
        blocks.append(note("not_revealed"))
    if data["groups"]:
        blocks.append(listing("groups", [item(g["label"] or "…", items=g["contributions"])
                                         for g in data["groups"]]))
    if data["contributions"]:
        blocks.append(listing("contributions", [item(text) for text in data["contributions"]]))
    if polarities:
        blocks.append(pairs("polarities", polarities))
    if summary_text:
        blocks.append(paragraph("facilitator_summary", summary_text))
    return {"title": round_["prompt"], "data": data, "blocks": blocks}
