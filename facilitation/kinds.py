"""The round kinds there are, each with its first state, its default prompt (a poll's
proposal must be typed) and what happens to its state at the reveal."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from facilitation import agenda, checkin, feet, poll, step5, weather

State = dict[str, Any]


@dataclass(frozen=True)
class Kind:
    first_state: Callable[[], State]
    default_prompt: dict[str, str]
    # The state after the reveal, from the state before it and the gathered contributions
    # as (id, text) in display order; None when the reveal changes nothing.
    on_reveal: Callable[[State, list[tuple[str, str]]], State] | None = None
    # Off the record: what is said lives in memory (or Redis) only, never on disk; the round
    # has no reveal, and the record says only that it took place.
    off_record: bool = False
    # Opened from a decision recorded as not carried (step 5), never on its own: `round:open`
    # refuses it, and a run sheet's item of it takes up the session's latest decision.
    from_decision: bool = False


KINDS: dict[str, Kind] = {
    checkin.KIND: Kind(checkin.empty, checkin.DEFAULT_PROMPT),
    checkin.CHECKOUT_KIND: Kind(checkin.empty, checkin.CHECKOUT_DEFAULT_PROMPT),
    agenda.KIND: Kind(agenda.empty, agenda.DEFAULT_PROMPT, agenda.on_reveal),
    poll.KIND: Kind(poll.start, {}),
    weather.KIND: Kind(weather.empty, weather.DEFAULT_PROMPT),
    feet.KIND: Kind(dict, feet.DEFAULT_PROMPT, off_record=True),
    # Opened from a decision that went to step 5 (`step5:open`), never by `round:open`.
    step5.KIND: Kind(dict, {}, from_decision=True),
}


def default_prompt(kind: str, language: str) -> str:
    return KINDS[kind].default_prompt.get(language, "")


@dataclass(frozen=True)
class Inputs:
    """What a phone may send in a decision round (the agenda's steps 2-4, a poll), and
    where the kind keeps it: the same questions, each kind's own answers."""

    stage: Callable[[State, str], str]  # "vote", "no", "nothing", "spread", "condition"
    check_ballot: Callable[[State, list[str]], None]
    no_needs_ballot: bool  # a poll's no comes from a ballot that said no
    check_no: Callable[..., None]  # (state, the ballot's choices or None)
    check_nothing: Callable[[State], None]
    check_resonance: Callable[[State], None]
    check_condition: Callable[[State, list[str]], None]


DECISION_INPUTS: dict[str, Inputs] = {
    agenda.KIND: Inputs(agenda.input_stage, agenda.check_vote, False, agenda.check_no,
                        agenda.check_nothing, agenda.check_resonance, agenda.check_condition),
    poll.KIND: Inputs(poll.stage, poll.check_ballot, True, poll.check_no, poll.check_nothing,
                      poll.check_resonance, poll.check_condition),
    # Step 5 takes a ballot when the decision is put again; no no's, no conditions.
    step5.KIND: Inputs(step5.input_stage, step5.check_ballot, False, step5.refuse, step5.refuse,
                       step5.refuse, step5.refuse),
}
