"""The discussion on feet (*gesprek op voeten*, soft shoe shuffle), off the record.

Someone states a view; whoever shares a bit of it walks over and stands beside it; others state
other views. The room sees where people stand, not who started what. No notes are taken.

In the app:
- Any phone posts a short statement (at most STATEMENT_LIMIT characters, at most
  STATEMENTS_PER_PHONE of them). Statements never appear the moment they are sent: they wait,
  and go out together, shuffled, on the round's own clock: at the first tick once BATCH_SIZE
  are waiting, or once the oldest batch is BATCH_SECONDS old. So the moment a statement
  appears says nothing about who just typed.
- Every phone stands with at most ONE statement at a time, as on foot: standing with another
  statement leaves the first; stepping away leaves it. (One place per person is what makes
  the bubbles mean "how many people are here"; sharing a bit of several views is the check-in
  and the agenda's business.)
- The bubbles grow and shrink on the same clock (every TICK_SECONDS), never per tap: the room
  sees movement, not who moved.
- The facilitator may ask "who shares a bit of this?" on one statement: it pulses.
- Nothing of it is kept. What the record says is only that a discussion on feet took place,
  on which topic, and for how long.

Everything here is plain: time and randomness are passed in."""
from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from facilitation.errors import N_, MethodError, RoundNotOpen, TooManyTexts
from facilitation.rounds import OPEN
from facilitation.text import clean_text

KIND = "feet"
DEFAULT_PROMPT = {"nl": "Waar staan we, als we eerlijk zijn?",
                  "en": "Where do we stand, if we are honest?"}
STATEMENT_LIMIT = 140  # a statement is said standing up: a sentence, not a speech
STATEMENTS_PER_PHONE = 5
MAX_STATEMENTS = 40  # what a wall can show legibly from the back of a room
BATCH_SIZE = 3
BATCH_SECONDS = 6.0
TICK_SECONDS = 2.5


class UnknownStatement(MethodError):
    code = "unknown_statement"
    message = N_("That statement is not on the wall (yet).")


class WallFull(MethodError):
    code = "wall_full"
    message = N_("The wall is full: stand with one of the statements on it.")


def check_open(status: str) -> None:
    if status != OPEN:
        raise RoundNotOpen()


def check_statement(status: str, text: Any, sent: int, on_wall: int,
                    limit: int = STATEMENT_LIMIT) -> str:
    """A statement a phone may post: the round is open, the text is text of at most `limit`
    characters, the phone has sent fewer than STATEMENTS_PER_PHONE and the wall has room.
    Returns it cleaned."""
    check_open(status)
    if sent >= STATEMENTS_PER_PHONE:
        raise TooManyTexts(STATEMENTS_PER_PHONE)
    if on_wall >= MAX_STATEMENTS:
        raise WallFull()
    return clean_text(text if isinstance(text, str) else "", limit)


def batch_due(waiting: int, seconds_since_batch: float, *, size: int = BATCH_SIZE,
              every: float = BATCH_SECONDS) -> bool:
    """Whether the waiting statements go out at this tick: once `size` are waiting, or
    once the last batch is `every` seconds old; never when none are waiting."""
    return waiting > 0 and (waiting >= size or seconds_since_batch >= every)


def batch(waiting: list[dict], rng: random.Random) -> list[dict]:
    """The order a batch appears in: shuffled, never the order it was sent in."""
    shown = list(waiting)
    rng.shuffle(shown)
    return shown


def check_stand(status: str, statement_id: str | None, on_wall: Iterable[str]) -> str | None:
    """Where a phone may stand: with a statement that is on the wall, or (None) with none."""
    check_open(status)
    if statement_id is not None and statement_id not in set(on_wall):
        raise UnknownStatement()
    return statement_id


def stand(places: Mapping[str, str], phone: str, statement_id: str | None) -> dict[str, str]:
    """Where every phone stands after `phone` moves to `statement_id` (None: steps away).
    One place per phone: moving leaves the place before."""
    after = dict(places)
    if statement_id is None:
        after.pop(phone, None)
    else:
        after[phone] = statement_id
    return after


def counts(places: Mapping[str, str], on_wall: Iterable[str]) -> dict[str, int]:
    """How many stand with each statement on the wall (0 for those nobody stands with)."""
    shown = {statement_id: 0 for statement_id in on_wall}
    for statement_id in places.values():
        if statement_id in shown:
            shown[statement_id] += 1
    return shown


def check_pulse(status: str, statement_id: str | None, on_wall: Iterable[str]) -> str | None:
    """"Who shares a bit of this?" on one statement on the wall (None: on none)."""
    return check_stand(status, statement_id, on_wall)


def board(statements: list[dict], standing: Mapping[str, int],
          pulse: str | None) -> dict[str, Any]:
    """What every screen shows: the statements in the order they appeared (batches shuffled),
    how many stand with each, and the one the facilitator asks about. Nothing else: no time,
    no author, no side unless the statement carries one."""
    on_wall = [s["id"] for s in statements]
    shown = {statement_id: int(standing.get(statement_id, 0)) for statement_id in on_wall}
    return {
        "statements": [{"id": s["id"], "text": s["text"], "count": shown[s["id"]],
                        **({"side": s["side"]} if s.get("side") else {})} for s in statements],
        "standing": sum(shown.values()),
        "pulse": pulse if pulse in shown else None,
    }


def minutes(started: datetime | None, ended: datetime | None) -> int | None:
    """How long it took, in whole minutes (at least 1), for the record; None if unknown."""
    if started is None or ended is None or ended < started:
        return None
    return max(1, round((ended - started).total_seconds() / 60))
