"""Label codes of the summary's blocks as words in the session's language, and counts said
as sentences. Every renderer (page, PDF, Markdown) draws with these."""
from __future__ import annotations

from datetime import date

from flask_babel import format_date, ngettext
from flask_babel import lazy_gettext as _l

# Every label code a block may carry, poll and agenda ones included, so a new round kind
# needs a section builder and nothing here. An unknown code is shown as it is.
LABELS = {
    "checkin": _l("Check-in"),
    "checkout": _l("Check-out"),
    "weather": _l("Weather report"),
    "weather_counts": _l("The weather in the room"),
    "weather_words": _l("Words"),
    "weather_open": _l("The weather report was not closed, so nothing of it is written down."),
    "sunny": _l("Sunny"),
    "partly_cloudy": _l("Partly cloudy"),
    "cloudy": _l("Cloudy"),
    "rain": _l("Rain"),
    "storm": _l("Storm"),
    "feet": _l("Discussion on feet"),
    "feet_off_record": _l("A discussion on feet took place on this topic. It was off the "
                          "record: nothing said in it was written down."),
    "feet_duration": _l("How long"),
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
    "hidden": _l("Contributions hidden from the screens by the facilitator (left out here)"),
    "first_run": _l("The decision as first voted"),
    "put_again": _l("The decision put again"),
    "insights": _l("What people heard that is a bit true for them"),
    "heat_off_record": _l("Both sides said everything they had to say. That stays in the "
                          "room: it is not written down."),
}

# A round kind whose name is also another label's code ("step5" is an outcome too).
KIND_LABELS = {"step5": _l("Step 5: the argument")}


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
    kind = str(KIND_LABELS[section["kind"]]) if section["kind"] in KIND_LABELS \
        else label(section["kind"])
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
