"""The round kinds there are, each with its first state, its default prompt (a poll's
proposal must be typed) and what happens to its state at the reveal."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from facilitation import agenda, checkin, poll

State = dict[str, Any]


@dataclass(frozen=True)
class Kind:
    first_state: Callable[[], State]
    default_prompt: dict[str, str]
    # The state after the reveal, from the state before it and the gathered contributions
    # as (id, text) in display order; None when the reveal changes nothing.
    on_reveal: Callable[[State, list[tuple[str, str]]], State] | None = None


KINDS: dict[str, Kind] = {
    checkin.KIND: Kind(checkin.empty, checkin.DEFAULT_PROMPT),
    agenda.KIND: Kind(agenda.empty, agenda.DEFAULT_PROMPT, agenda.on_reveal),
    poll.KIND: Kind(poll.start, {}),
}


def default_prompt(kind: str, language: str) -> str:
    return KINDS[kind].default_prompt.get(language, "")
