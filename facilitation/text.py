"""Validation of free text: contributions, the no, conditions, notes."""

from facilitation.errors import EmptyText, TextTooLong

TEXT_LIMIT = 500


def clean_text(text: str, limit: int = TEXT_LIMIT) -> str:
    """Return `text` stripped; refuse it if empty or longer than `limit` characters."""
    cleaned = text.strip()
    if not cleaned:
        raise EmptyText()
    if len(cleaned) > limit:
        raise TextTooLong(limit)
    return cleaned
