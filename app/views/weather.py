"""The weather report as every screen sees it: while open, only how many have answered
(tapped); once the facilitator has closed it, the distribution (only from k) and the words,
shuffled."""
from __future__ import annotations

from typing import Any

from app.models import Round
from app.store import ballot_box
from facilitation import weather
from facilitation.rounds import OPEN


def extra(round_: Round) -> dict[str, Any]:
    """What a weather report adds to a round's view, and its counts in place of the round's
    own (answered: how many tapped; the words are not counted while open)."""
    answered = ballot_box.voters(round_, weather.TAP)
    view: dict[str, Any] = {"counts": {"answered": answered, "joined": ballot_box.joined(round_),
                                       "contributions": 0}}
    if round_.status == OPEN:
        return view
    k = round_.session.k
    words = [{"id": c.id, "text": c.text} for c in ballot_box.texts(round_, weather.WORD)]
    view["counts"]["contributions"] = len(words)
    view["weather"] = {
        "scale": list(weather.SCALE), "k": k, "answered": answered,
        "counts": weather.distribution(round_.status, ballot_box.choices(round_, weather.TAP),
                                       answered, k),
        "words": words,
    }
    return view
