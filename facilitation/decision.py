"""The step machine behind every decision: building the agenda and "seek the no" polls.

Agenda: gather -> seek_no -> spread -> vote -> minority -> decided (steps 1-4).
Poll:   vote -> seek_no -> spread -> minority -> decided (the no is asked of those
        who answered "no" or "yes, with a bit of no").
A tied vote waits in "tie" until the group votes again or the facilitator decides.
Going to step 5 is recorded as the outcome; a poll may then be run again.

Who may move a decision (the facilitator) is checked by the caller.
"""

from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from facilitation.errors import (
    N_,
    NoVotesCast,
    TieNotResolved,
    TooFewOptions,
    UnknownOption,
    UnknownOutcome,
    VoteNotOpen,
    WrongStep,
)
from facilitation.tally import POLL_CHOICES, Tally, check_dots, tally
from facilitation.text import clean_text

GATHER = "gather"
SEEK_NO = "seek_no"
SPREAD = "spread"
VOTE = "vote"
TIE = "tie"
MINORITY = "minority"
DECIDED = "decided"

CARRIED = "carried"
STEP5 = "step5"

Flow = Literal["agenda", "poll"]
Mode = Literal["single", "dots", "poll"]

# Every move a decision can make, and the one action that makes it.
FLOWS: dict[str, dict[tuple[str, str], str]] = {
    "agenda": {
        (GATHER, SEEK_NO): "advance",
        (SEEK_NO, SPREAD): "advance",
        (SPREAD, SEEK_NO): "advance",
        (SPREAD, VOTE): "advance",
        (VOTE, TIE): "close_vote",
        (VOTE, MINORITY): "close_vote",
        (TIE, VOTE): "revote",
        (TIE, MINORITY): "decide_tie",
        (MINORITY, DECIDED): "record_outcome",
    },
    "poll": {
        (VOTE, TIE): "close_vote",
        (VOTE, SEEK_NO): "close_vote",
        (TIE, VOTE): "revote",
        (TIE, SEEK_NO): "decide_tie",
        (SEEK_NO, SPREAD): "advance",
        (SPREAD, SEEK_NO): "advance",
        (SPREAD, MINORITY): "advance",
        (MINORITY, DECIDED): "record_outcome",
    },
}

@dataclass(frozen=True)
class Result:
    """What a closed vote decided. `broken_tie` lists the tied options the facilitator chose among."""

    winners: tuple[str, ...]
    tie: bool
    minority: tuple[str, ...]
    broken_tie: tuple[str, ...] = ()

    @classmethod
    def of(cls, counted: Tally) -> "Result":
        return cls(tuple(counted.winners), counted.tie, tuple(counted.minority))


@dataclass(frozen=True)
class Decision:
    """One decision process; every function here returns a new one."""

    flow: Flow
    step: str
    options: tuple[str, ...] = ()
    mode: Mode = "single"
    dots: int = 1
    result: Result | None = None
    outcome: Literal["carried", "step5"] | None = None
    note: str = ""
    conditions_open: bool = False


def start(
    flow: Flow,
    options: tuple[str, ...] | list[str] = (),
    mode: Mode | None = None,
    dots: int = 1,
) -> Decision:
    """A new decision at its flow's first step.

    A poll offers `POLL_CHOICES` (mode "poll"), or, given options, is a multiple-choice
    poll on them (mode "single").
    """
    if flow not in FLOWS:
        raise ValueError(f"unknown flow {flow!r}")
    if flow == "poll":
        if options:
            if mode not in (None, "single"):
                raise ValueError("a multiple-choice poll is in mode 'single'")
            if len(options) < 2:
                raise TooFewOptions()
            return Decision(flow="poll", step=VOTE, options=_distinct(options), mode="single")
        if mode not in (None, "poll"):
            raise ValueError("a poll offers POLL_CHOICES in mode 'poll'")
        return Decision(flow="poll", step=VOTE, options=POLL_CHOICES, mode="poll")
    mode = mode or "single"
    if mode not in ("single", "dots"):
        raise ValueError(f"an agenda vote is 'single' or 'dots', not {mode!r}")
    if dots < 1:
        raise ValueError("dots must be at least 1")
    return Decision(
        flow="agenda",
        step=GATHER,
        options=_distinct(options),
        mode=mode,
        dots=dots if mode == "dots" else 1,
    )


def set_options(decision: Decision, options: tuple[str, ...] | list[str]) -> Decision:
    """Put the gathered topics on the ballot; only in an agenda, before the vote opens."""
    if decision.flow != "agenda" or decision.step not in (GATHER, SEEK_NO, SPREAD):
        raise WrongStep(N_("The options can only change before the vote opens."))
    return replace(decision, options=_distinct(options))


def advance(decision: Decision, to_step: str) -> Decision:
    """Move between the talking steps (seek the no, spread it, open the vote).

    Closing a vote, settling a tie and recording the outcome have their own functions.
    """
    moved = _move(decision, to_step, "advance")
    if moved.step == VOTE and len(moved.options) < 2:
        raise TooFewOptions()
    return moved


def check_ballot(decision: Decision, ballot: list[str]) -> None:
    """Refuse one participant's ballot unless voting is open and it fits the mode."""
    if decision.step != VOTE:
        raise VoteNotOpen()
    check_dots(ballot, decision.options, decision.dots)


def close_vote(decision: Decision, ballots: list[str]) -> tuple[Decision, Tally]:
    """Count the ballots; a tie waits in "tie", otherwise the flow moves on."""
    if decision.step != VOTE:
        raise VoteNotOpen()
    counted = tally(decision.options, ballots)
    if not counted.total:
        raise NoVotesCast()
    to_step = TIE if counted.tie else _after_vote(decision.flow)
    return _move(decision, to_step, "close_vote", result=Result.of(counted)), counted


def revote(decision: Decision, *, only_tied: bool = True) -> Decision:
    """Open the vote again after a tie, on the tied options only or on all of them."""
    options = _tied(decision) if only_tied else decision.options
    return _move(decision, VOTE, "revote", options=options, result=None)


def decide_tie(decision: Decision, option: str) -> Decision:
    """The facilitator settles a tie by choosing one of the tied options."""
    tied = _tied(decision)
    if option not in tied:
        raise UnknownOption(N_("Choose one of the tied options."))
    assert decision.result is not None
    lost = set(decision.result.minority) | (set(tied) - {option})
    result = Result(
        winners=(option,),
        tie=False,
        minority=tuple(o for o in decision.options if o in lost),
        broken_tie=tied,
    )
    return _move(decision, _after_vote(decision.flow), "decide_tie", result=result)


def accepts_condition(decision: Decision) -> bool:
    """Whether the minority can still say what it needs to come along."""
    return decision.step == MINORITY and decision.conditions_open


def close_conditions(decision: Decision) -> Decision:
    """Stop taking conditions before the outcome is recorded."""
    if decision.step != MINORITY:
        raise WrongStep(N_("Conditions are only taken after the vote."))
    return replace(decision, conditions_open=False)


def record_outcome(decision: Decision, outcome: str, note: str = "") -> Decision:
    """Record that the decision is carried, or goes to step 5.

    Step 5 needs a note saying what happens next; for a carried decision it is optional.
    """
    if outcome not in (CARRIED, STEP5):
        raise UnknownOutcome()
    note = clean_text(note) if outcome == STEP5 or note.strip() else ""
    return _move(decision, DECIDED, "record_outcome", outcome=outcome, note=note)


def rerun(decision: Decision) -> Decision:
    """A fresh decision with the same settings, after step 5; the caller keeps both."""
    if decision.step != DECIDED or decision.outcome != STEP5:
        raise WrongStep(N_("Only a decision that went to step 5 can be run again."))
    if decision.flow == "poll":
        return start("poll", () if decision.mode == "poll" else decision.options)
    return start("agenda", decision.options, decision.mode, decision.dots)


def to_json(decision: Decision) -> dict[str, Any]:
    """A decision as plain JSON-able data, to keep with its round."""
    data = asdict(decision)
    data["options"] = list(decision.options)
    if decision.result is not None:
        data["result"] = {k: list(v) if isinstance(v, tuple) else v
                          for k, v in asdict(decision.result).items()}
    return data


def from_json(data: dict[str, Any]) -> Decision:
    result = data.get("result")
    return Decision(
        flow=data["flow"], step=data["step"], options=tuple(data["options"]),
        mode=data["mode"], dots=data.get("dots", 1),
        result=Result(tuple(result["winners"]), result["tie"], tuple(result["minority"]),
                            tuple(result.get("broken_tie", ()))) if result else None,
        outcome=data.get("outcome"), note=data.get("note", ""),
        conditions_open=data.get("conditions_open", False))


def _move(decision: Decision, to_step: str, action: str, **changes: object) -> Decision:
    if FLOWS[decision.flow].get((decision.step, to_step)) != action:
        if decision.step == TIE:
            raise TieNotResolved()
        raise WrongStep(N_("The decision cannot take that step from here."))
    return replace(decision, step=to_step, conditions_open=to_step == MINORITY, **changes)


def _after_vote(flow: str) -> str:
    """The step a vote with a clear winner leads to: where a settled tie goes too."""
    (step,) = [to for (frm, to), act in FLOWS[flow].items() if act == "decide_tie"]
    return step


def _tied(decision: Decision) -> tuple[str, ...]:
    if decision.step != TIE or decision.result is None:
        raise WrongStep(N_("There is no tie to settle."))
    return decision.result.winners


def _distinct(options: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if len(set(options)) != len(options):
        raise ValueError("options must be distinct")
    return tuple(options)
