"""Services for the agenda round (kind "topics"): step 1 gathers topics anonymously; the
facilitator merges duplicates and rewords, with every original kept."""
from __future__ import annotations

from app import rounds
from app.models import Round, Session
from facilitation import agenda

KIND = "topics"


def _on_reveal(round_: Round) -> None:
    """Every gathered contribution becomes a topic, in the round's shuffled order."""
    gathered = [(c.id, c.text) for c in rounds.contributions(round_)]
    round_.state = {**round_.state, "topics": agenda.topics_from(gathered)}


def _view(round_: Round, data: dict) -> None:
    if round_.status != "open":
        data["topics"] = [{**t, "title": agenda.title(t)} for t in round_.state.get("topics", [])]


rounds.INITIAL_STATE[KIND] = agenda.empty
rounds.DEFAULT_PROMPT[KIND] = agenda.DEFAULT_PROMPT
rounds.ON_REVEAL[KIND] = _on_reveal
rounds.EXTRA_VIEW[KIND] = _view


def merge(session: Session, round_: Round, topic_ids: list[str]) -> None:
    rounds.update_state(session, round_, agenda.merge(round_.state, round_.status, topic_ids))


def reword(session: Session, round_: Round, topic_id: str, text: str) -> None:
    rounds.update_state(session, round_,
                        agenda.reword(round_.state, round_.status, topic_id, text))


def add_topic(session: Session, round_: Round, text: str, origin: str = "facilitator") -> None:
    rounds.update_state(session, round_, agenda.add_topic(
        round_.state, round_.status, text, origin=origin, new_id=rounds.new_id))
