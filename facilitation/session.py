"""Rules of a live session that need no server: join codes, display names, who may act."""
from __future__ import annotations

import random

from facilitation.errors import EmptyText, TextTooLong

# No 0/O, 1/I/L: a code is read off a beamer and typed on a phone.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
LANGUAGES = ("nl", "en")


def new_join_code(rng: random.Random, length: int = JOIN_CODE_LENGTH) -> str:
    return "".join(rng.choice(JOIN_CODE_ALPHABET) for _ in range(length))


def normalise_join_code(typed: str) -> str:
    """What a person types ("ab c-d2 3") as the code it means ("ABCD23")."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def clean_display_name(name: str | None, limit: int = 40) -> str | None:
    """A display name is optional; an empty one means "anonymous on the attendance list"."""
    name = " ".join((name or "").split())
    if not name:
        return None
    if len(name) > limit:
        raise TextTooLong(limit)
    return name


QUESTION_LIMIT = 1000


def clean_question(question: str | None, limit: int = QUESTION_LIMIT) -> str:
    """The shared question may be left empty; a longer one than `limit` is refused, never
    cut short, like a title."""
    question = " ".join((question or "").split())
    if len(question) > limit:
        raise TextTooLong(limit)
    return question


def clean_title(title: str | None, limit: int = 200) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise EmptyText()
    if len(title) > limit:
        raise TextTooLong(limit)
    return title
