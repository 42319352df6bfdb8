"""What every round shares: its kinds, its life (open, revealed, closed), who may act in it,
and how collected input is shown (shuffled, never in arrival order, counts only until k)."""
from __future__ import annotations

import random
from dataclasses import dataclass

from facilitation.errors import BelowThreshold, RoundNotOpen, WrongStep
from facilitation.tally import shuffled

OPEN, REVEALED, CLOSED = "open", "revealed", "closed"
MOVES = {(OPEN, REVEALED), (OPEN, CLOSED), (REVEALED, CLOSED)}


@dataclass(frozen=True)
class Counts:
    """Counts are the only thing shown live: how many answered, how much came in."""

    answered: int
    joined: int
    contributions: int


def check_open(status: str) -> None:
    if status != OPEN:
        raise RoundNotOpen()


def move(status: str, to: str) -> str:
    if (status, to) not in MOVES:
        raise WrongStep()
    return to


def check_threshold(answered: int, k: int, *, confirmed: bool, about: str) -> None:
    """With fewer than k people answered, what they said or chose could be traced to them:
    showing it needs the facilitator's confirmation. `about` is "reveal" or "vote", so the
    question put to the facilitator fits what they are doing."""
    if answered < k and not confirmed:
        action = "Close the vote" if about == "vote" else "Reveal"
        error = BelowThreshold(
            f"Only {answered} of the {k} people needed have answered: in so small a group "
            f"an answer may be traced to its author. {action} anyway?")
        error.answered, error.k, error.about = answered, k, about
        raise error


def reveal(status: str, counts: Counts, k: int, *, confirmed: bool) -> str:
    """A round is revealed by the facilitator. With fewer than k contributions the few
    that came in could be traced to their authors, so the facilitator must confirm."""
    check_open(status)
    check_threshold(counts.answered, k, confirmed=confirmed, about="reveal")
    return move(status, REVEALED)


def display_order(ids: list[str], seed: int) -> list[str]:
    """The order a round's contributions are shown in: shuffled with the round's own seed,
    so that it is stable on every screen and says nothing about who sent what when."""
    return shuffled(sorted(ids), random.Random(seed))
