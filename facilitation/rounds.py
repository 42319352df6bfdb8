"""What every round shares: its kinds, its life (open, revealed, closed), who may act in it,
and how collected input is shown (shuffled, never in arrival order, counts only until k)."""
from __future__ import annotations

import random
from dataclasses import dataclass

from facilitation.errors import (
    N_,
    AlreadyVoted,
    BelowThreshold,
    RoundNotOpen,
    TooManyTexts,
    WrongReceipt,
    WrongStep,
)
from facilitation.tally import shuffled

OPEN, REVEALED, CLOSED = "open", "revealed", "closed"
# How many no's, or conditions, one phone may send in one stage: enough to say what it
# has to say, too few to drown out the room.
TEXTS_PER_PHONE = 3
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


def check_not_closed(status: str) -> None:
    """A decision takes input at its steps (the agenda's after the reveal) until the round
    is closed; which input when is the step machine's to say."""
    if status == CLOSED:
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


# --- one phone, one voice ------------------------------------------------------------------

def check_ballot_allowed(*, changes_own: bool, receipt_elsewhere: bool, answered: int) -> bool:
    """One ballot per participant. The receipt of the phone's own ballot in this stage
    changes it (nothing ties the new choice to the participant); a receipt from another
    round or stage is refused; a new ballot from someone who answered already is refused.
    Returns whether this is a change of an earlier ballot."""
    if changes_own:
        return True
    if receipt_elsewhere:
        raise WrongReceipt()
    if answered > 0:
        raise AlreadyVoted()
    return False


def check_text_allowed(sent: int, limit: int = TEXTS_PER_PHONE) -> None:
    """A phone sends at most `limit` no's, or conditions, in one stage."""
    if sent >= limit:
        raise TooManyTexts(limit)


def check_resonance_allowed(*, already: bool, taps: int, texts: int) -> bool:
    """"I share a bit of this": once per contribution (the same receipt again is the same
    tap), and never more taps than there are contributions to share. Returns whether the
    tap is new."""
    if already:
        return False
    if taps >= texts:
        raise AlreadyVoted(N_("You have already shared a bit of each of these."))
    return True
