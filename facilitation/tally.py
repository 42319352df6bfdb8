"""Counting votes and poll answers, and the rules around what a result reveals.

A ballot is the id of the option chosen; a dot vote gives one ballot per dot.
Ballots carry no voter: the server never knows who voted what.
"""

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from facilitation.errors import N_, EmptyBallot, TooManyDots, UnknownOption

POLL_CHOICES = ("yes", "yes_bit_of_no", "no")

T = TypeVar("T")


@dataclass(frozen=True)
class Tally:
    """The count of one closed vote."""

    counts: dict[str, int]
    total: int
    ranking: list[list[str]]
    winners: list[str]
    tie: bool
    minority: list[str]


class HasWinners(Protocol):
    @property
    def winners(self) -> Sequence[str]: ...


def tally(options: Sequence[str], ballots: Iterable[str]) -> Tally:
    """Count `ballots` for `options`.

    Winners are the options with the most ballots; nobody wins while no ballot is cast.
    The minority are the options that got a ballot but did not win.
    """
    if len(set(options)) != len(options):
        raise ValueError("options must be distinct")
    cast = Counter(ballots)
    for option in cast:
        if option not in options:
            raise UnknownOption()
    counts = {option: cast[option] for option in options}
    total = sum(counts.values())
    ranking = [
        [option for option in options if counts[option] == count]
        for count in sorted(set(counts.values()), reverse=True)
    ]
    winners = ranking[0] if total else []
    minority = [o for o in options if counts[o] and o not in winners]
    return Tally(
        counts=counts,
        total=total,
        ranking=ranking,
        winners=winners,
        tie=len(winners) > 1,
        minority=minority,
    )


def visible(count_answered: int, k: int) -> bool:
    """Whether a tally may be shown: only once at least `k` people answered."""
    return count_answered >= k


def shown_counts(counts: dict[str, int] | None, answered: int, k: int) -> dict[str, int] | None:
    """Counts per option, only once at least k people answered: below k no screen shows
    them, even when the facilitator confirmed closing the vote."""
    return dict(counts) if counts is not None and visible(answered, k) else None


def check_dots(ballot: Sequence[str], options: Sequence[str], dots: int) -> None:
    """Refuse one participant's dot ballot unless it has 1..`dots` known options.

    Several dots on one option are fine.
    """
    if not ballot:
        raise EmptyBallot()
    if len(ballot) > dots:
        raise TooManyDots(N_("You have %(dots)s dots to place."), dots=dots)
    if any(choice not in options for choice in ballot):
        raise UnknownOption()


def in_minority(own_choices: Iterable[str], result: HasWinners) -> bool:
    """Whether a phone's own choices all lost, so it is asked what it needs to come along.

    Runs on the phone, which alone knows its choices. A phone that did not vote,
    or a vote without winners, has no minority to speak for.
    """
    own = set(own_choices)
    if not own or not result.winners:
        return False
    return own.isdisjoint(result.winners)


def shuffled(items: Iterable[T], rng: random.Random) -> list[T]:
    """A new list of `items` in random order, so nothing shows in arrival order."""
    out = list(items)
    rng.shuffle(out)
    return out


def asks_for_the_no(choice: str) -> bool:
    """Whether a poll answer is followed by asking for the no behind it."""
    return choice in ("yes_bit_of_no", "no")
