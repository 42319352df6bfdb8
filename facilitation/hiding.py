"""Hiding a contribution from the beamer and the phones: for abuse, a name, an accident. The
facilitator hides (and may unhide) one contribution of a round; the round's state keeps the
ids of what is hidden. Screens other than the console never receive a hidden text, and the
summary leaves it out, saying only how many were hidden."""
from __future__ import annotations

from typing import Any, Iterable

from facilitation.errors import UnknownContribution

State = dict[str, Any]


def hidden(state: State | None) -> set[str]:
    return set((state or {}).get("hidden") or [])


def set_hidden(state: State, contribution_id: Any, hide: bool, *, known: set[str]) -> State:
    """The state with `contribution_id` hidden (or shown again). Only a contribution of this
    round can be hidden; hiding what is hidden already changes nothing."""
    if not isinstance(contribution_id, str) or contribution_id not in known:
        raise UnknownContribution()
    ids = hidden(state)
    ids = ids | {contribution_id} if hide else ids - {contribution_id}
    return {**state, "hidden": sorted(ids)}


def without(items: Iterable[dict], ids: set[str], key: str = "id") -> list[dict]:
    """The items whose id is not hidden, in their order."""
    return [item for item in items if item.get(key) not in ids]


def count_hidden(state: State | None, present: Iterable[str]) -> int:
    """How many of the round's contributions (`present`: their ids) are hidden."""
    return len(hidden(state) & set(present))
