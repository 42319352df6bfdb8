"""What every audience may see of a round: counts while it is open, and the contributions
(shuffled, nameless, timeless) once the facilitator reveals it. Each kind's view is built
from an explicit list of what may be shown: a new field in a round's state stays invisible
to every screen until someone adds it here."""
from __future__ import annotations

from typing import Any, Callable

from app.models import Round
from app.store import ballot_box
from app.views import agenda, poll, step5, weather
from facilitation import agenda as agenda_rules
from facilitation import checkin
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
    step5_rules.KIND: step5.extra,
}


def round_view(round_: Round) -> dict[str, Any]:
    count = ballot_box.counts(round_)
    return {
        "id": round_.id, "kind": round_.kind, "prompt": round_.prompt,
        "status": round_.status, "position": round_.position,
        "counts": {"answered": count.answered, "joined": count.joined,
                   "contributions": count.contributions},
        **KIND_VIEWS[round_.kind](round_),
    }
