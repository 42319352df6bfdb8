"""The UI text each page's JavaScript needs, translated on the server (one JSON block per
page, read by `strings()` in static/js/live.js)."""
from __future__ import annotations

from flask_babel import gettext as _


def common() -> dict[str, str]:
    return {
        "connected": _("Connected"),
        "reconnecting": _("Reconnecting…"),
        "not_joined": _("You are not in this session any more."),
        "send_failed": _("Not sent yet: no connection. It is kept and sent when the connection is back."),
        "of": _("of"),
    }


def console() -> dict[str, str]:
    return {
        "anonymous": _("(no name)"),
        "offline": _("offline"),
        "confirm_close": _("Close this session for everyone? Phones will show that it has ended."),
        "ended": _("This session has ended."),
    }


def summary() -> dict[str, str]:
    return {
        "shared_until": _("Shared with participants until"),
        "share_failed": _("The summary could not be shared. Try again."),
    }


def checkin() -> dict[str, str]:
    return {
        "checkin": _("Check-in"),
        "checkin_open": _("Open a check-in"),
        "checkin_prompt": _("Question for the check-in"),
        "checkin_default_prompt": _("How are you arriving?"),
        "checked_in": _("have checked in"),
        "contributions": _("contributions"),
        "reveal": _("Reveal the contributions"),
        "revealed": _("Revealed"),
        "group_selected": _("Group the selected contributions"),
        "group_label": _("Label for the group (optional)"),
        "ungroup": _("Undo group"),
        "polarity": _("Name a polarity"),
        "polarity_hint": _("This, but also that: pick two poles, or type one."),
        "pole_left": _("This…"),
        "pole_right": _("…but also that"),
        "pole_typed": _("or type it"),
        "choose": _("— choose —"),
        "polarities": _("Polarities"),
        "but_also": _("but also"),
        "remove": _("Remove"),
        "summary": _("Summary"),
        "summary_save": _("Save the summary"),
        "saved": _("Saved"),
        "your_answer": _("Your answer"),
        "send": _("Send"),
        "limit_hint": _("At most 500 characters. Nobody sees who wrote what."),
        "yours": _("What you sent"),
        "yours_hint": _("Only this phone knows these are yours. You can change them until the facilitator reveals the round."),
        "edit": _("Change"),
        "save": _("Save"),
        "cancel": _("Cancel"),
        "withdraw": _("Withdraw"),
        "pending": _("waiting for connection…"),
        "sent": _("Sent. You can send more."),
        "waiting_reveal": _("The facilitator will show all answers together, without names."),
        "group": _("Group"),
        "select": _("Select"),
        "empty_text": _("Please write something first."),
    }


def agenda() -> dict[str, str]:
    return {
        "agenda": _("Agenda"),
        "agenda_open": _("Gather topics (step 1)"),
        "agenda_prompt": _("Question for gathering topics"),
        "agenda_default_prompt": _("Which topics belong on the agenda to answer this question?"),
        "sent_topics": _("have sent topics"),
        "merge": _("Merge the selected topics"),
        "reword": _("Reword"),
        "add_topic": _("Add a topic"),
        "step1_done": _("Step 1: all viewpoints gathered. Merge duplicates, reword where it helps."),
    }


def for_page(role: str) -> dict[str, str]:
    strings = common()
    if role == "facilitator":
        strings.update(console())
        strings.update(summary())
    if role == "participant":
        strings["reconnecting"] = _("Reconnecting… your input is kept.")
    strings.update(checkin())
    strings.update(agenda())
    return strings
