"""The agenda round (kind "topics") as every screen sees it: the topics once gathered, and
steps 2-4 (the no's once spread, counts only from k, conditions once closed)."""
from __future__ import annotations

from typing import Any

from app.models import Round
from app.store import ballot_box
from facilitation import agenda
from facilitation import decision as steps
from facilitation.rounds import OPEN
from facilitation.tally import shown_counts, visible


def extra(round_: Round) -> dict[str, Any]:
    """What the agenda adds to a round's view: nothing while topics are being gathered."""
    if round_.status == OPEN:
        return {}
    state, k = round_.state, round_.session.k
    titles = {t["id"]: agenda.title(t) for t in state.get("topics", [])}
    current = agenda.decision(state)
    spread_by = ballot_box.voters(round_, agenda.SPREAD)
    steps_view: dict[str, Any] = {
        "step": current.step, "mode": current.mode, "dots": current.dots, "k": k,
        "options": list(current.options),
        "alternatives_count": ballot_box.count_texts(round_, agenda.NO),
        "nothing_count": ballot_box.count_ballots(round_, agenda.NOTHING),
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
        shared = ballot_box.resonance_counts(round_, agenda.NO)
        show_counts = visible(spread_by, k) or current.step != steps.SPREAD
        steps_view["alternatives"] = [
            {"id": c.id, "text": c.text, "shared": shared.get(c.id, 0) if show_counts else None}
            for c in ballot_box.texts(round_, agenda.NO)]
        steps_view["spread_by"] = spread_by
    if agenda.shows_conditions(state):
        steps_view["conditions"] = [c.text for c in ballot_box.texts(round_, agenda.CONDITION)]
    return {"topics": [{**t, "title": agenda.title(t)} for t in state.get("topics", [])],
            "steps": steps_view}
