""""Seek the no" polls as every screen sees them (counts from k, the no's once spread, the
conditions once closed), and the poll's record for the summary."""
from __future__ import annotations

from typing import Any

from app.models import Round
from app.store import ballot_box
from facilitation import hiding, poll


def run_record(round_: Round, run: dict, k: int) -> dict[str, Any]:
    """One run as everyone may see it: counts from k answers, the no's (shuffled, with how
    many share a bit of each) once spread, the conditions once closed, the outcome."""
    state = {**round_.state, "runs": [run]}
    decision = poll.current(state)
    vote_stage, no_stage = poll.stage(state, "vote"), poll.stage(state, "no")
    spread_stage, condition_stage = poll.stage(state, "spread"), poll.stage(state, "condition")
    counts, answered = run["counts"], run["total"]
    if counts is None:  # still voting: how many answered, never what until the close
        answered = ballot_box.voters(round_, vote_stage)
    spread_by = ballot_box.voters(round_, spread_stage)
    record: dict[str, Any] = {
        "n": run["n"], "attempt": run["attempt"], "step": decision.step,
        "options": list(decision.options), "mode": decision.mode,
        "answered": answered,
        "counts": poll.shown_counts(counts, answered, k),
        "ties": run["ties"],
        "result": ({"winners": list(decision.result.winners),
                    "minority": list(decision.result.minority),
                    "tie": decision.result.tie} if decision.result else None),
        "no_count": ballot_box.count_texts(round_, no_stage),
        "spread_by": spread_by,
        "condition_count": ballot_box.count_texts(round_, condition_stage),
        "conditions_open": decision.conditions_open,
        "outcome": decision.outcome, "note": decision.note,
    }
    if poll.no_revealed(state):
        show = poll.shown_counts(ballot_box.resonance_counts(round_, no_stage), spread_by, k) \
            if poll.shares_shown(state) else None
        record["nos"] = [{"id": c.id, "text": c.text,
                          "shared": show.get(c.id) if show is not None else None}
                         for c in ballot_box.texts(round_, no_stage)]
    if poll.conditions_revealed(state):
        record["conditions"] = [{"id": c.id, "text": c.text}
                                for c in ballot_box.texts(round_, condition_stage)]
    return record


def extra(round_: Round) -> dict[str, Any]:
    """What a poll adds to a round's view, and its counts in place of the round's own."""
    state, k = round_.state, round_.session.k
    runs = [run_record(round_, r, k) for r in state["runs"]]
    current = runs[-1]
    joined = ballot_box.joined(round_)
    return {"poll": {"proposal": round_.prompt, "labels": state["labels"], "k": k,
                     "joined": joined, "current": current, "earlier": runs[:-1]},
            "counts": {"answered": current["answered"], "joined": joined,
                       "contributions": current["no_count"]}}


def record(round_: Round) -> dict[str, Any]:
    """Everything a poll leaves for the export: the proposal and every run with its counts,
    its no's and how many shared a bit of each, its conditions, outcome and note. The
    threshold does not apply to the record: the counts are totals of a closed vote."""
    state = round_.state
    hidden = hiding.hidden(state)  # hidden from the screens: left out of the record too
    runs = []
    for run in state["runs"]:
        shown = run_record(round_, run, k=0)
        shown_state = {**state, "runs": [run]}
        no_stage = poll.stage(shown_state, "no")
        shared = ballot_box.resonance_counts(round_, no_stage)
        shown["nos"] = [{"text": c.text, "shared": shared.get(c.id, 0)}
                        for c in ballot_box.texts(round_, no_stage) if c.id not in hidden]
        shown["conditions"] = [c.text for c in ballot_box.texts(
            round_, poll.stage(shown_state, "condition")) if c.id not in hidden]
        shown["options"] = [{"id": o, "label": poll.label(state, o)} for o in shown["options"]]
        runs.append(shown)
    return {"proposal": round_.prompt, "labels": state["labels"], "runs": runs}
