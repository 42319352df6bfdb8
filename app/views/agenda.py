"""The agenda round (kind "topics") as every screen sees it: the topics once gathered, and
steps 2-4: while a stage is open only how many answered, then its counts all at once
(only from k); the no's once spread; the conditions once closed."""
from __future__ import annotations

from typing import Any

from app.models import Round
from app.store import ballot_box
from facilitation import agenda, hiding
from facilitation.rounds import OPEN
from facilitation.tally import shown_counts


def extra(round_: Round) -> dict[str, Any]:
    """What the agenda adds to a round's view: nothing while topics are being gathered."""
    if round_.status == OPEN:
        return {}
    state, k = round_.state, round_.session.k
    titles = {t["id"]: agenda.title(t) for t in state.get("topics", [])}
    current = agenda.decision(state)
    spread_by = ballot_box.voters(round_, agenda.SPREAD)
    answers_shown = agenda.answers_shown(state)
    steps_view: dict[str, Any] = {
        "step": current.step, "mode": current.mode, "dots": current.dots, "k": k,
        "options": list(current.options),
        # Step 2 while it is open: how many answered, never whether with a no or nothing.
        "answered": ballot_box.voters(round_, agenda.NO),
        "no_count": ballot_box.count_texts(round_, agenda.NO) if answers_shown else None,
        "nothing_count": (ballot_box.count_ballots(round_, agenda.NOTHING) if answers_shown
                          else None),
        "voted": ballot_box.voters(round_, agenda.VOTE),
        "condition_count": ballot_box.count_texts(round_, agenda.CONDITION),
        "conditions_open": current.conditions_open,
        "result": ({"winners": list(current.result.winners),
                    "minority": list(current.result.minority), "tie": current.result.tie}
                   if current.result else None),
        "counts": shown_counts(state.get("counts"), state.get("total", 0), k),
        "total": state.get("total", 0),
        "ties": state.get("ties", []),
        "agenda": [{"id": tid, "title": titles.get(tid, "")} for tid in state.get("agenda", [])],
        "outcome": current.outcome, "note": current.note,
    }
    if agenda.shows_alternatives(state):
        shared = shown_counts(ballot_box.resonance_counts(round_, agenda.NO), spread_by, k) \
            if agenda.shares_shown(state) else None
        steps_view["nos"] = [
            {"id": c.id, "text": c.text, "shared": shared.get(c.id, 0) if shared else None}
            for c in ballot_box.texts(round_, agenda.NO)]
        steps_view["spread_by"] = spread_by
    if agenda.shows_conditions(state):
        hidden = hiding.hidden(state)
        found = ballot_box.texts(round_, agenda.CONDITION)
        steps_view["conditions"] = [c.text for c in found if c.id not in hidden]
        # Only the console's list of what can be hidden reads these (`hideable`).
        steps_view["condition_items"] = [{"id": c.id, "text": c.text} for c in found]
    return {"topics": [{**t, "title": agenda.title(t)} for t in state.get("topics", [])],
            "steps": steps_view}
