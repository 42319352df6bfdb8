"""Building the agenda with steps 1-4. Step 1 gathers topics anonymously; the facilitator
merges duplicates (every wording stays visible) and may reword a topic (the original is
kept). Steps 2-4 run on the shared step machine in `facilitation.decision`."""
from __future__ import annotations

from typing import Any, Callable

from facilitation.errors import MethodError, NotRevealed, UnknownContribution
from facilitation.rounds import OPEN
from facilitation.text import clean_text

TOPIC_LIMIT = 200
DEFAULT_PROMPT = {
    "nl": "Welke onderwerpen horen op de agenda om deze vraag te beantwoorden?",
    "en": "Which topics belong on the agenda to answer this question?",
}

State = dict[str, Any]


class BadMerge(MethodError):
    code = "bad_merge"
    message = "Merging needs at least two different topics."


def empty() -> State:
    return {"topics": []}


def topics_from(contributions: list[tuple[str, str]]) -> list[dict]:
    """One topic per gathered contribution, in the (shuffled) display order."""
    return [{"id": cid, "wording": "", "sources": [text]} for cid, text in contributions]


def title(topic: dict) -> str:
    """What a topic is called: the facilitator's rewording, else its first wording."""
    return topic["wording"] or topic["sources"][0]


def _check_gathered(status: str) -> None:
    if status == OPEN:
        raise NotRevealed()


def _find(state: State, topic_id: str) -> dict:
    for topic in state["topics"]:
        if topic["id"] == topic_id:
            return topic
    raise UnknownContribution()


def merge(state: State, status: str, topic_ids: list[str]) -> State:
    """Duplicates become one topic; every wording stays visible in it."""
    _check_gathered(status)
    topic_ids = list(dict.fromkeys(topic_ids))
    if len(topic_ids) < 2:
        raise BadMerge()
    merged = [_find(state, tid) for tid in topic_ids]
    keeper = {**merged[0],
              "sources": [s for t in merged for s in t["sources"]],
              "wording": next((t["wording"] for t in merged if t["wording"]), "")}
    gone = set(topic_ids[1:])
    topics = [keeper if t["id"] == keeper["id"] else t
              for t in state["topics"] if t["id"] not in gone]
    return {**state, "topics": topics}


def reword(state: State, status: str, topic_id: str, text: str) -> State:
    """The facilitator's wording of a topic; an empty text goes back to the original."""
    _check_gathered(status)
    _find(state, topic_id)
    wording = clean_text(text, TOPIC_LIMIT) if text.strip() else ""
    return {**state, "topics": [{**t, "wording": wording} if t["id"] == topic_id else t
                                for t in state["topics"]]}


def add_topic(state: State, status: str, text: str, *, origin: str,
              new_id: Callable[[], str]) -> State:
    """A topic added later: from an alternative raised in step 2-3, or typed."""
    _check_gathered(status)
    topic = {"id": new_id(), "wording": "", "sources": [clean_text(text, TOPIC_LIMIT)],
             "origin": origin}
    return {**state, "topics": [*state["topics"], topic]}


def ordered(topic_ids: list[str], ranking: list[list[str]], first: str | None = None) -> list[str]:
    """The agenda in its decided order: the chosen first topic, then by votes (ties keep
    the order they had), then topics that got no vote at all."""
    order = [tid for group in ranking for tid in group if tid in topic_ids]
    order += [tid for tid in topic_ids if tid not in order]
    if first in order:
        order.remove(first)
        order.insert(0, first)
    return order
