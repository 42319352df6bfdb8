"""The weather report (*weerbericht*): everyone gives their inner weather with one tap, from
sunny to storm, and may add a word. A quick temperature of the room at the start, the end,
or in between.

A tap is a ballot (one per phone; the same receipt changes it, like any ballot); the word is
an anonymous contribution, at most one per phone. While the round is open every screen shows
only how many have answered. When the facilitator closes it (the reveal: with fewer than k
answers they must confirm), the distribution appears all at once, and only from k; the words
appear then, shuffled. Nothing here knows who tapped what."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from facilitation.errors import EmptyBallot, UnknownOption
from facilitation.rounds import OPEN, check_open, check_text_allowed
from facilitation.tally import shown_counts, tally

KIND = "weather"
# The scale, from the brightest weather to the darkest; a tap is one of these.
SCALE = ("sunny", "partly_cloudy", "cloudy", "rain", "storm")
DEFAULT_PROMPT = {"nl": "Hoe is het weer bij jou van binnen?",
                  "en": "What is your inner weather right now?"}
# The stages a weather report keeps its input under: the taps (the round's own stage, so
# "how many answered" is how many tapped) and the optional words.
TAP, WORD = KIND, "word"
WORDS_PER_PHONE = 1

State = dict[str, Any]


def empty() -> State:
    return {}


def check_tap(status: str, choices: Any) -> str:
    """A tap while the round is open: exactly one weather of the scale."""
    check_open(status)
    if not isinstance(choices, list) or not choices:
        raise EmptyBallot()
    if len(choices) != 1 or choices[0] not in SCALE:
        raise UnknownOption()
    return choices[0]


def check_word(status: str, sent: int) -> None:
    """A word while the round is open, one per phone."""
    check_open(status)
    check_text_allowed(sent, WORDS_PER_PHONE)


def distribution(status: str, taps: Iterable[str], answered: int, k: int) -> dict[str, int] | None:
    """How many tapped each weather, in the order of the scale: nothing while the round is
    open, and nothing below k answers (even when the facilitator confirmed closing it)."""
    if status == OPEN:
        return None
    return shown_counts(tally(SCALE, taps).counts, answered, k)
