"""Step 5 as every screen sees it: the decision it takes up (its first run's result), the
heat's statements already released (while the heat goes on, from memory; never stored),
while insights come in only how many answered, then the insights (shuffled), the second
vote (only how many answered until it closes) and its counts from k."""
from __future__ import annotations

from typing import Any

from app.models import Round
from app.store import ballot_box, heat
from facilitation import decision as steps
from facilitation import step5
from facilitation.rounds import OPEN
from facilitation.tally import shown_counts


def extra(round_: Round) -> dict[str, Any]:
    state, k = round_.state, round_.session.k
    phase, source, again = state["phase"], state["source"], state["again"]
    first = steps.from_json(source["decision"])
    joined = ballot_box.joined(round_)
    stage = {step5.INSIGHTS: step5.INSIGHT, step5.VOTE: step5.BALLOT,
             step5.DECIDED: step5.BALLOT}.get(phase)
    answered = ballot_box.voters(round_, stage) if stage else 0
    view: dict[str, Any] = {
        "phase": phase, "k": k, "joined": joined, "answered": answered,
        "labels": source["labels"], "sides": step5.side_words(state),
        "insight_prompt": step5.INSIGHT_PROMPT.get(round_.session.language,
                                                   step5.INSIGHT_PROMPT["en"]),
        "source": {"round": source["round"], "kind": source["kind"], "run": source["run"],
                   "attempt": source["attempt"], "options": list(first.options),
                   "mode": first.mode, "note": first.note,
                   "result": ({"winners": list(first.result.winners),
                               "minority": list(first.result.minority),
                               "tie": first.result.tie} if first.result else None),
                   "counts": shown_counts(source["counts"], source["total"], k)},
        "again": {"options": again["options"], "mode": again["mode"], "dots": again["dots"],
                  "counts": step5.again_counts(state, k),
                  "result": again["result"] if phase == step5.DECIDED else None},
    }
    if phase == step5.HEAT and round_.status == OPEN:
        view["heat"] = heat.store().shown(round_.id)
        # After a restart the heat kept in memory is gone: the screens say so.
        view["heat_gone"] = not heat.store().alive(round_.id)
    if step5.insights_shown(phase):
        view["insights"] = [{"id": c.id, "text": c.text}
                            for c in ballot_box.texts(round_, step5.INSIGHT)]
    return {"step5": view,
            "counts": {"answered": answered, "joined": joined,
                       "contributions": ballot_box.count_texts(round_, step5.INSIGHT)}}


def record(round_: Round) -> dict[str, Any]:
    """What step 5 leaves for the export: the decision it took up (its first run, with its
    counts), the insights and the second run. Never the heat: it was never stored."""
    state = round_.state
    source, again = state["source"], state["again"]
    first = steps.from_json(source["decision"])
    return {
        "proposal": round_.prompt, "phase": state["phase"], "labels": source["labels"],
        "first": {"options": list(first.options), "mode": first.mode,
                  "counts": source["counts"], "total": source["total"],
                  "result": ({"winners": list(first.result.winners),
                              "minority": list(first.result.minority),
                              "tie": first.result.tie} if first.result else None),
                  "note": first.note},
        "insights": ([c.text for c in ballot_box.texts(round_, step5.INSIGHT)]
                     if step5.insights_shown(state["phase"]) else []),
        "again": {"options": again["options"], "mode": again["mode"],
                  "counts": again["counts"], "total": again["total"],
                  "answered": again.get("answered", 0), "result": again["result"],
                  "closed": state["phase"] == step5.DECIDED},
    }
