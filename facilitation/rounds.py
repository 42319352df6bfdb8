"""What every round shares: its kinds, its life (open, revealed, closed), who may act in it,
and how collected input is shown (shuffled, never in arrival order, counts only until k)."""
from __future__ import annotations

import random
from dataclasses import dataclass

from facilitation.errors import BelowThreshold, RoundNotOpen, WrongStep
from facilitation.tally import shuffled

KINDS = ("checkin", "topics", "poll", "shuffle", "argument")
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


def reveal(status: str, counts: Counts, k: int, *, confirmed: bool) -> str:
    """A round is revealed by the facilitator. With fewer than k contributions the few
    that came in could be traced to their authors, so the facilitator must confirm."""
    check_open(status)
    if counts.answered < k and not confirmed:
        error = BelowThreshold(
            f"Only {counts.answered} of the {k} people needed have answered: in so small a "
            "group a contribution may be traced to its author. Reveal anyway?"
        )
        error.answered, error.k = counts.answered, k
        raise error
    return move(status, REVEALED)


def display_order(ids: list[str], seed: int) -> list[str]:
    """The order a round's contributions are shown in: shuffled with the round's own seed,
    so that it is stable on every screen and says nothing about who sent what when."""
    return shuffled(sorted(ids), random.Random(seed))
