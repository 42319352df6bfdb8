"""Step 5, when the minority will not go along (*de ruzie*, the argument).

A decision (an agenda vote or a poll) that was recorded "not carried: step 5" may be taken
into a step-5 round. Its phases, in the one order the facilitator moves them:

    heat -> insights -> heard -> vote -> decided

- **heat**: both sides say everything they have to say, sharp and without holding back,
  anonymously from their phones. Each statement carries its side ("majority" or
  "minority"), which the phone takes from its own remembered vote: the server learns the
  side of a statement, never the side of a phone. The heat is off the record: statements
  live in memory only (or in Redis with a short expiry), reach the screens in shuffled
  batches (`due`, `release`), and are forgotten when the heat ends.
- **insights**: everyone answers "what did you hear that is a bit true for you?"; while it
  goes on only "n of m have answered" is shown.
- **heard**: the insights are shown, shuffled, like a revealed check-in (with fewer than k
  the facilitator confirms).
- **vote**: the decision is put again: the same proposal, the same options and mode.
- **decided**: the second run's result is recorded (counts from k).

The state is plain JSON-able data kept with the round; the heat is never in it.
"""
from __future__ import annotations

import random
from typing import Any, Sequence, TypeVar

from facilitation import decision as steps
from facilitation.errors import N_, MethodError, UnknownOption, WrongStep
from facilitation.rounds import check_threshold
from facilitation.tally import check_dots, shown_counts, shuffled, tally
from facilitation.text import clean_text

KIND = "step5"
HEAT, INSIGHTS, HEARD, VOTE, DECIDED = "heat", "insights", "heard", "vote", "decided"
PHASES = (HEAT, INSIGHTS, HEARD, VOTE, DECIDED)
SIDES = ("majority", "minority")
# Where a step-5 round keeps its input: the insights and the second vote. The heat has no
# stage: it is never stored.
INSIGHT, BALLOT = "insight", "vote"
INSIGHTS_PER_PHONE = 3
HEAT_LIMIT = 280  # a statement, sharp and short: read from the back of the room
# Statements reach the screens in batches: once this many are waiting, or after
# BATCH_SECONDS, whichever comes first; never the moment one is sent.
BATCH_SIZE = 3
BATCH_SECONDS = 4.0
HEAT_MAX = 400  # statements one round holds in memory; the room has said enough by then
INSIGHT_PROMPT = {"nl": "Wat hoorde je dat een beetje waar is voor jou?",
                  "en": "What did you hear that is a bit true for you?"}

State = dict[str, Any]
T = TypeVar("T")


class NotStep5(MethodError):
    code = "not_step5"
    message = "Only a decision recorded as not carried (step 5) can go into step 5."


class WrongSide(MethodError):
    code = "wrong_side"
    message = "Say which side you speak for: the majority or the minority."


class HeatGone(MethodError):
    code = "heat_gone"
    message = ("The server restarted, and the heat it kept in memory is gone. The "
               "facilitator can move on to the insights.")


class HeatOver(MethodError):
    code = "heat_over"
    message = "The heat is over; what was said stays in the room."


# --- opening, from a decision that went to step 5 --------------------------------------------

def start(source: dict[str, Any]) -> State:
    """A step-5 round from the decision it takes up. `source` describes that decision:
    {"round", "kind" ("poll" | "topics"), "decision" (`decision.to_json` of the run that
    went to step 5), "labels" {option: its words}, "counts" {option: n} | None, "total",
    "run" (a poll's run number), "attempt"}. Refused unless that decision went to step 5."""
    decision = steps.from_json(source["decision"])
    if decision.step != steps.DECIDED or decision.outcome != steps.STEP5:
        raise NotStep5()
    if len(decision.options) < 2:
        raise WrongStep(N_("The decision has no options to vote on again."))
    return {"phase": HEAT, "source": source,
            "again": {"options": list(decision.options), "mode": decision.mode,
                      "dots": decision.dots, "counts": None, "total": 0, "result": None}}


# --- the facilitator moves it, one phase at a time ----------------------------------------------

def next_phase(phase: str) -> str | None:
    """The phase after `phase`, or None at the end."""
    at = PHASES.index(phase)
    return PHASES[at + 1] if at + 1 < len(PHASES) else None


def move(state: State, to: Any, *, answered: int, k: int, confirmed: bool,
         ballots: Sequence[str] = ()) -> State:
    """Moves to the next phase, and only to it. Showing the insights, or the second
    vote's count, with fewer than k answers needs the facilitator's confirmation. Closing
    the vote counts `ballots`."""
    if not isinstance(to, str) or to != next_phase(state["phase"]):
        raise WrongStep(N_("Step 5 goes heat, insights, the insights shown, the vote, "
                           "the result: one phase at a time."))
    if to == HEARD:
        check_threshold(answered, k, confirmed=confirmed, about="reveal")
    if to == DECIDED:
        check_threshold(answered, k, confirmed=confirmed, about="vote")
        counted = tally(state["again"]["options"], ballots)
        again = {**state["again"], "counts": counted.counts, "total": counted.total,
                 "answered": answered,
                 "result": {"winners": list(counted.winners), "tie": counted.tie,
                            "minority": list(counted.minority)}}
        return {**state, "phase": to, "again": again}
    return {**state, "phase": to}


# --- what a phone may send ------------------------------------------------------------------------

def check_statement(phase: str, side: Any, text: Any) -> tuple[str, str]:
    """A statement in the heat: a side and a short text. Returns them cleaned."""
    if phase != HEAT:
        raise HeatOver()
    if side not in SIDES:
        raise WrongSide()
    if not isinstance(text, str):
        raise WrongStep(N_("A statement is text."))
    return side, clean_text(text, HEAT_LIMIT)


def check_insight(phase: str) -> None:
    if phase != INSIGHTS:
        raise WrongStep(N_("Insights are asked for after the heat."))


def check_ballot(state: State, choices: list[str]) -> None:
    """The decision put again: the same options, the same mode (one choice, or dots)."""
    if state["phase"] != VOTE:
        raise WrongStep(N_("The decision is not being put again right now."))
    again = state["again"]
    if again["mode"] != "dots" and len(choices) != 1:
        raise UnknownOption(N_("Choose one answer."))
    check_dots(choices, again["options"], again["dots"] if again["mode"] == "dots" else 1)


def refuse(*_: Any) -> None:
    raise WrongStep(N_("Step 5 does not ask for that."))


def input_stage(state: State, name: str) -> str:
    """Where a step-5 round keeps a phone's input of `name`: only its ballot."""
    if name != "vote":
        raise WrongStep(N_("Step 5 does not ask for that."))
    return BALLOT


# --- the heat's batches ----------------------------------------------------------------------

def due(waiting: int, waited: float) -> bool:
    """Whether the statements waiting go to the screens now: once BATCH_SIZE are waiting,
    or once the oldest has waited BATCH_SECONDS."""
    return waiting >= BATCH_SIZE or (waiting > 0 and waited >= BATCH_SECONDS)


def release(waiting: list[T], rng: random.Random) -> list[T]:
    """A batch goes to the screens in an order that says nothing about who sent what when."""
    return shuffled(waiting, rng)


# --- what may be shown ------------------------------------------------------------------------

def insights_shown(phase: str) -> bool:
    return phase in (HEARD, VOTE, DECIDED)


def again_counts(state: State, k: int) -> dict[str, int] | None:
    """The second vote's counts: once it is closed, and only from k."""
    again = state["again"]
    if state["phase"] != DECIDED:
        return None
    return shown_counts(again["counts"], again.get("answered", again["total"]), k)


def side_words(state: State) -> dict[str, list[str]]:
    """The options each side stood for in the first run (for the screens' headings)."""
    result = steps.from_json(state["source"]["decision"]).result
    if result is None:
        return {"majority": [], "minority": []}
    return {"majority": list(result.winners), "minority": list(result.minority)}
