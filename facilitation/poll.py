""""Seek the no" polls: the facilitator puts a proposal to the group; the poll looks for the
no, spreads it, and carries the minority's conditions into the decision (steps 1-5).

The steps are those of the shared step machine (`facilitation.decision`, flow "poll"):
vote -> seek_no -> spread -> minority -> decided, with a tie waiting in "tie". A poll that
went to step 5 may be run again; every run stays in the state, so the record keeps them all.

The state is plain JSON-able data kept with the round. It never names a participant: the
phone alone knows its own answer, and proves it with the receipt of its ballot.
"""
from __future__ import annotations

from typing import Any

from facilitation import decision as steps
from facilitation.errors import (
    N_,
    NotANo,
    NotInMinority,
    TooFewOptions,
    UnknownOption,
    WrongStep,
)
from facilitation.rounds import check_threshold
from facilitation.tally import asks_for_the_no as _asks_for_the_no
from facilitation.tally import shown_counts  # noqa: F401  (part of the poll's rules)
from facilitation.text import clean_text

KIND = "poll"
LABEL_LIMIT = 120
MAX_OPTIONS = 8
# The no's are revealed (spread) from this step on; before it only their count is shown.
SPREAD_AND_AFTER = (steps.SPREAD, steps.MINORITY, steps.DECIDED)

State = dict[str, Any]


# --- the decision of one run, as JSON ---------------------------------------------------

def _new_run(n: int, decision: steps.Decision) -> dict[str, Any]:
    return {"n": n, "attempt": 1, "decision": steps.to_json(decision), "counts": None, "total": 0,
            "ties": []}


# --- reading the state --------------------------------------------------------------------

def run(state: State) -> dict[str, Any]:
    """The current run: the last one."""
    return state["runs"][-1]


def current(state: State) -> steps.Decision:
    return steps.from_json(run(state)["decision"])


def step(state: State) -> str:
    return current(state).step


def stage(state: State, name: str, n: int | None = None) -> str:
    """Where a run keeps its input: "vote.1", "no.1", "condition.1", "spread.1", ..."""
    if name not in ("vote", "no", "condition", "spread"):
        raise WrongStep()
    return f"{name}.{n or run(state)['n']}"


def label(state: State, option: str) -> str:
    return state["labels"].get(option, option)


def _with(state: State, decision: steps.Decision, **changes: Any) -> State:
    runs = [*state["runs"][:-1], {**run(state), "decision": steps.to_json(decision), **changes}]
    return {**state, "runs": runs}


# --- the facilitator's moves ----------------------------------------------------------------

def start(options: list[str] | None = None) -> State:
    """A new poll: yes / yes, with a bit of no / no, or a multiple choice on 2+ typed options."""
    labels: dict[str, str] = {}
    if options:
        typed = [clean_text(o, LABEL_LIMIT) for o in options if isinstance(o, str) and o.strip()]
        if len(typed) < 2:
            raise TooFewOptions()
        if len(typed) > MAX_OPTIONS or len({t.casefold() for t in typed}) != len(typed):
            raise UnknownOption(N_("Give 2 to %(most)s different options."), most=MAX_OPTIONS)
        labels = {f"o{i}": text for i, text in enumerate(typed, start=1)}
    decision = steps.start("poll", tuple(labels))
    return {"labels": labels, "runs": [_new_run(1, decision)]}


def close_vote(state: State, ballots: list[str], k: int, *, confirmed: bool) -> State:
    """Counts the answers. With fewer than k, a result could be traced to the few who
    answered, so the facilitator must confirm."""
    if current(state).step == steps.VOTE:
        check_threshold(len(ballots), k, confirmed=confirmed, about="vote")
    decision, counted = steps.close_vote(current(state), ballots)
    return _with(state, decision, counts=counted.counts, total=counted.total)


def revote(state: State) -> State:
    """After a tie: the group answers again (a yes/no poll on all its answers, a multiple
    choice on the tied options). The tied count stays in the record."""
    decision = current(state)
    moved = steps.revote(decision, only_tied=decision.mode != "poll")
    ties = [*run(state)["ties"], {"counts": run(state)["counts"], "total": run(state)["total"]}]
    return _with(state, moved, counts=None, total=0, ties=ties,
                 attempt=run(state)["attempt"] + 1)


def decide_tie(state: State, option: str) -> State:
    return _with(state, steps.decide_tie(current(state), option))


def advance(state: State, to_step: str) -> State:
    """Seek the no -> spread it (revealing the no's) -> name the majority and ask the
    minority what it needs; spreading may go back to seeking more no's."""
    if to_step not in (steps.SEEK_NO, steps.SPREAD, steps.MINORITY):
        raise WrongStep()
    return _with(state, steps.advance(current(state), to_step))


def close_conditions(state: State) -> State:
    """Stops taking conditions; they are shown to everyone from now on."""
    return _with(state, steps.close_conditions(current(state)))


def record_outcome(state: State, outcome: str, note: str = "") -> State:
    """Carried (with the conditions), or not carried: step 5, with a note on what happens
    next. Conditions are closed first, so what is recorded is what everyone saw."""
    decision = current(state)
    if decision.step == steps.MINORITY and decision.conditions_open:
        decision = steps.close_conditions(decision)
    return _with(state, steps.record_outcome(decision, outcome, note))


def rerun(state: State) -> State:
    """After a step-5 conversation: a new run of the same poll, on all its options."""
    decision = current(state)
    steps.rerun(decision)  # refuses unless this run went to step 5
    fresh = steps.start("poll", tuple(state["labels"]))
    return {**state, "runs": [*state["runs"], _new_run(run(state)["n"] + 1, fresh)]}


# --- what a phone may send -----------------------------------------------------------------

def check_answer(state: State, choice: Any) -> None:
    if not isinstance(choice, str):
        raise UnknownOption()
    steps.check_ballot(current(state), [choice])


def check_ballot(state: State, choices: list[str]) -> None:
    """A poll's ballot holds one answer."""
    if len(choices) != 1:
        raise UnknownOption(N_("Choose one answer."))
    check_answer(state, choices[0])


def check_nothing(state: State) -> None:
    raise WrongStep(N_("A poll asks for the no of those who said no."))


def _one(choice: str | list[str]) -> str:
    """The answer of a ballot, given as it was cast (a list of one) or as the answer."""
    if isinstance(choice, list):
        return choice[0] if len(choice) == 1 else ""
    return choice


def asks_for_the_no(state: State, choice: str) -> bool:
    """Whether an answer is asked what its no is about: "no" and "yes, with a bit of no" in
    a yes/no poll; an option that lost in a multiple-choice poll."""
    decision = current(state)
    if decision.mode == "poll":
        return _asks_for_the_no(choice)
    return decision.result is not None and choice in decision.result.minority


def check_no(state: State, choice: str | list[str]) -> None:
    """A no is taken while the facilitator seeks it, from a ballot that said no."""
    if step(state) != steps.SEEK_NO:
        raise WrongStep(N_("The facilitator is not asking for the no right now."))
    if not asks_for_the_no(state, _one(choice)):
        raise NotANo()


def check_resonance(state: State) -> None:
    if step(state) != steps.SPREAD:
        raise WrongStep(N_("The no's are not being spread right now."))


def check_condition(state: State, choice: str | list[str]) -> None:
    """A condition is taken while the minority is asked, from a ballot that lost."""
    decision = current(state)
    if not steps.accepts_condition(decision):
        raise WrongStep(N_("Conditions are not being taken right now."))
    assert decision.result is not None
    if _one(choice) not in decision.result.minority:
        raise NotInMinority()


# --- what may be shown ----------------------------------------------------------------------

def shares_shown(state: State) -> bool:
    """How many share a bit of each no is shown once the spreading is over, all at once:
    while it goes on, a count that moves the moment someone taps would name them."""
    return step(state) in (steps.MINORITY, steps.DECIDED)


def no_revealed(state: State) -> bool:
    return step(state) in SPREAD_AND_AFTER


def conditions_revealed(state: State) -> bool:
    decision = current(state)
    return decision.step == steps.DECIDED or (decision.step == steps.MINORITY
                                              and not decision.conditions_open)

