"""The check-in and the check-out: everyone says how they arrive (or leave); the facilitator
groups what says the same thing, names the polarities ("dit, maar ook dat") and writes a
short summary. The check-out closes a session the way the check-in opened it, by the same
rules: only its kind and default prompt differ. Nothing here knows who said what. The state
is plain JSON-able data kept with the round."""
from __future__ import annotations

from typing import Any, Callable

from facilitation.errors import BadGroup, BadPolarity, NotRevealed, UnknownContribution
from facilitation.rounds import REVEALED
from facilitation.text import clean_text

KIND = "checkin"
DEFAULT_PROMPT = {"nl": "Hoe kom je binnen?", "en": "How are you arriving?"}
CHECKOUT_KIND = "checkout"
CHECKOUT_DEFAULT_PROMPT = {"nl": "Hoe ga je naar buiten?", "en": "How are you leaving?"}
# The round kinds these rules serve.
KINDS = (KIND, CHECKOUT_KIND)
SUMMARY_LIMIT = 2000
LABEL_LIMIT = 120

State = dict[str, Any]


def empty() -> State:
    return {"groups": [], "polarities": [], "summary": ""}


def _check_revealed(status: str) -> None:
    if status != REVEALED:
        raise NotRevealed()


def grouped(state: State) -> set[str]:
    return {member for group in state["groups"] for member in group["members"]}


def group(state: State, status: str, members: list[str], label: str, *, known: set[str],
          new_id: Callable[[], str]) -> State:
    """Puts contributions that say the same thing together, under a label."""
    _check_revealed(status)
    members = list(dict.fromkeys(members))
    if any(m not in known for m in members):
        raise UnknownContribution()
    if len(members) < 2 or set(members) & grouped(state):
        raise BadGroup()
    label = clean_text(label, LABEL_LIMIT) if label.strip() else ""
    return {**state, "groups": [*state["groups"], {"id": new_id(), "label": label,
                                                   "members": members}]}


def ungroup(state: State, status: str, group_id: str) -> State:
    _check_revealed(status)
    groups = [g for g in state["groups"] if g["id"] != group_id]
    if len(groups) == len(state["groups"]):
        raise BadGroup()
    refs = {group_id}
    polarities = [p for p in state["polarities"]
                  if p["left"].get("ref") not in refs and p["right"].get("ref") not in refs]
    return {**state, "groups": groups, "polarities": polarities}


def pole(spec: Any, *, known: set[str], state: State) -> dict[str, str]:
    """A pole is a contribution or a group (by reference) or a text the facilitator types."""
    if not isinstance(spec, dict):
        raise BadPolarity()
    if isinstance(spec.get("ref"), str):
        if spec["ref"] not in known | {g["id"] for g in state["groups"]}:
            raise UnknownContribution()
        return {"ref": spec["ref"]}
    if isinstance(spec.get("text"), str):
        return {"text": clean_text(spec["text"], LABEL_LIMIT)}
    raise BadPolarity()


def name_polarity(state: State, status: str, left: Any, right: Any, *, known: set[str],
                  new_id: Callable[[], str]) -> State:
    """Names a pair of opposites alive in the group: "some ..., and others ..."."""
    _check_revealed(status)
    left, right = pole(left, known=known, state=state), pole(right, known=known, state=state)
    if left == right:
        raise BadPolarity()
    return {**state, "polarities": [*state["polarities"],
                                    {"id": new_id(), "left": left, "right": right}]}


def remove_polarity(state: State, status: str, polarity_id: str) -> State:
    _check_revealed(status)
    polarities = [p for p in state["polarities"] if p["id"] != polarity_id]
    if len(polarities) == len(state["polarities"]):
        raise BadPolarity()
    return {**state, "polarities": polarities}


def write_summary(state: State, status: str, text: str) -> State:
    """The facilitator's summary of where the group is; may be emptied again."""
    _check_revealed(status)
    text = text.strip()
    if len(text) > SUMMARY_LIMIT:
        clean_text(text, SUMMARY_LIMIT)  # raises TextTooLong
    return {**state, "summary": text}
