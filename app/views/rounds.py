"""What every audience may see of a round: counts while it is open, and the contributions
(shuffled, nameless, timeless) once the facilitator reveals it. Each kind's view is built
from an explicit list of what may be shown: a new field in a round's state stays invisible
to every screen until someone adds it here."""
from __future__ import annotations

import time
from typing import Any, Callable

from app.models import Round
from app.store import ballot_box, done
from app.views import agenda, feet, poll, step5, weather
from facilitation import agenda as agenda_rules
from facilitation import checkin, hiding, timer
from facilitation import feet as feet_rules
from facilitation import poll as poll_rules
from facilitation import step5 as step5_rules
from facilitation import weather as weather_rules
from facilitation.rounds import OPEN

# A round's own contributions cannot change once it is revealed (adding, editing and
# withdrawing need it open), so their shown form is kept, per process, after the first read.
_revealed: dict[str, list[dict[str, str]]] = {}


def shown_contributions(round_: Round) -> list[dict[str, str]]:
    if round_.status == OPEN:
        return [{"id": c.id, "text": c.text} for c in ballot_box.contributions(round_)]
    if round_.id not in _revealed:
        if len(_revealed) > 256:
            _revealed.clear()
        _revealed[round_.id] = [{"id": c.id, "text": c.text}
                                for c in ballot_box.contributions(round_)]
    return _revealed[round_.id]


def _checkin(round_: Round) -> dict[str, Any]:
    """After the reveal: the contributions, how the facilitator grouped them, the
    polarities named and the summary."""
    if round_.status == OPEN:
        return {}
    return {"contributions": shown_contributions(round_),
            **{key: round_.state.get(key, empty) for key, empty in checkin.empty().items()}}


def _topics(round_: Round) -> dict[str, Any]:
    if round_.status == OPEN:
        return {}
    return {"contributions": shown_contributions(round_), **agenda.extra(round_)}


# What each round kind shows beyond its id, kind, prompt, status, position and counts.
KIND_VIEWS: dict[str, Callable[[Round], dict[str, Any]]] = {
    checkin.KIND: _checkin,
    checkin.CHECKOUT_KIND: _checkin,
    agenda_rules.KIND: _topics,
    poll_rules.KIND: poll.extra,
    weather_rules.KIND: weather.extra,
    feet_rules.KIND: feet.extra,
    step5_rules.KIND: step5.extra,
}


def round_view(round_: Round, audience: str = "participant") -> dict[str, Any]:
    """The round as `audience` may see it. Only the facilitator's view holds what was hidden
    from the screens (marked, and listed in `hideable`); every other view leaves it out."""
    return view_for(round_, whole_view(round_), audience)


def view_for(round_: Round, view: dict[str, Any], audience: str) -> dict[str, Any]:
    """`whole_view` as `audience` may see it (read once, sent to each audience)."""
    return for_audience(view, hiding.hidden(round_.state), audience)


def whole_view(round_: Round) -> dict[str, Any]:
    with ballot_box.reading(round_):  # every count of every stage from one read
        return _whole_view(round_)


def _whole_view(round_: Round) -> dict[str, Any]:
    count = ballot_box.counts(round_)
    return {
        "id": round_.id, "kind": round_.kind, "prompt": round_.prompt,
        "status": round_.status, "position": round_.position,
        "counts": {"answered": count.answered, "joined": count.joined,
                   "contributions": count.contributions},
        **KIND_VIEWS[round_.kind](round_),
        "timer": timer.view((round_.state or {}).get("timer"), time.time()),
    }


def done_view(round_: Round) -> dict[str, Any]:
    """For the console only: how many phones said "I'm done" in the round, of how many
    joined (`app.store.done`: in memory, never on disk)."""
    return {"round": round_.id, "done": done.count(round_.id),
            "joined": ballot_box.joined(round_)}


# --- hidden from the screens ---------------------------------------------------------------------
#
# Every list of texts with ids that a round's view may hold, by where it sits. A new list of
# texts in a view must be added here, or it cannot be hidden.

def _text_lists(view: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """(the dict holding a list, the list's key) for every list of {id, text} in a view."""
    places: list[tuple[dict[str, Any], str]] = [(view, "contributions"), (view, "topics")]
    steps = view.get("steps")
    if isinstance(steps, dict):
        places += [(steps, "nos"), (steps, "condition_items"), (steps, "agenda")]
    report = view.get("weather")
    if isinstance(report, dict):
        places.append((report, "words"))
    polled = view.get("poll")
    if isinstance(polled, dict):
        for run in [polled.get("current"), *(polled.get("earlier") or [])]:
            if isinstance(run, dict):
                places += [(run, "nos"), (run, "conditions")]
    return [(holder, key) for holder, key in places if isinstance(holder.get(key), list)]


def _copy_holders(view: dict[str, Any]) -> dict[str, Any]:
    """A copy of the view whose nested dicts holding lists may be changed: the lists
    themselves may be cached (`shown_contributions`) and must not be."""
    view = dict(view)
    for key in ("steps", "weather"):
        if isinstance(view.get(key), dict):
            view[key] = dict(view[key])
    if isinstance(view.get("poll"), dict):
        polled = view["poll"] = dict(view["poll"])
        if isinstance(polled.get("current"), dict):
            polled["current"] = dict(polled["current"])
        polled["earlier"] = [dict(run) for run in polled.get("earlier") or []]
    return view


def for_audience(view: dict[str, Any], hidden: set[str], audience: str) -> dict[str, Any]:
    view = _copy_holders(view)
    if audience == "facilitator":
        seen: dict[str, dict[str, Any]] = {}
        for holder, key in _text_lists(view):
            if key == "agenda":
                continue  # the decided order names topics listed already
            holder[key] = [{**item, "hidden": True} if item.get("id") in hidden else item
                           for item in holder[key]]
            for item in holder[key]:
                if isinstance(item, dict) and item.get("id") and item["id"] not in seen:
                    seen[item["id"]] = {"id": item["id"],
                                        "text": item.get("text") or item.get("title") or "",
                                        "hidden": item["id"] in hidden}
        # What the console offers to hide: every text this round has shown, or will show.
        view["hideable"] = list(seen.values())
        return view
    if isinstance(view.get("steps"), dict):
        view["steps"].pop("condition_items", None)
    if not hidden:
        return view
    for holder, key in _text_lists(view):
        holder[key] = hiding.without(holder[key], hidden)
    if isinstance(view.get("groups"), list):
        view["groups"] = [{**g, "members": [m for m in g.get("members", []) if m not in hidden]}
                          for g in view["groups"]]
    return view
