"""Building the agenda with steps 1-4. Step 1 gathers topics anonymously; the facilitator
merges duplicates (every wording stays visible) and may reword a topic (the original is
kept). Steps 2-4 run on the shared step machine in `facilitation.decision`."""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from facilitation import decision as steps
from facilitation.errors import (
    N_,
    MethodError,
    NotInMinority,
    NotRevealed,
    UnknownContribution,
    WrongStep,
)
from facilitation.rounds import OPEN, check_threshold
from facilitation.tally import in_minority
from facilitation.text import clean_text

KIND = "topics"
# Where the agenda keeps its anonymous input, one stage per kind of input.
NO, NOTHING, SPREAD, VOTE, CONDITION = "no", "nothing", "spread", "vote", "condition"
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


def on_reveal(state: State, gathered: list[tuple[str, str]]) -> State:
    """At the reveal every gathered contribution becomes a topic, in the shuffled order
    they are shown in, and the agenda's decision starts at step 1."""
    return {**state, "topics": topics_from(gathered),
            "decision": steps.to_json(steps.start("agenda"))}


def title(topic: dict) -> str:
    """What a topic is called: the facilitator's rewording, else its first wording."""
    return topic["wording"] or topic["sources"][0]


def _check_gathered(status: str) -> None:
    if status == OPEN:
        raise NotRevealed()


def _check_editable(state: State) -> None:
    """Topics change while they are gathered and discussed, never once the vote is open."""
    if "decision" in state and steps.from_json(state["decision"]).step not in (
            steps.GATHER, steps.SEEK_NO, steps.SPREAD):
        raise WrongStep(N_("The topics are fixed once the vote has opened."))


def _find(state: State, topic_id: str) -> dict:
    for topic in state["topics"]:
        if topic["id"] == topic_id:
            return topic
    raise UnknownContribution()


def merge(state: State, status: str, topic_ids: list[str]) -> State:
    """Duplicates become one topic; every wording stays visible in it."""
    _check_gathered(status)
    _check_editable(state)
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
    _check_editable(state)
    _find(state, topic_id)
    wording = clean_text(text, TOPIC_LIMIT) if text.strip() else ""
    return {**state, "topics": [{**t, "wording": wording} if t["id"] == topic_id else t
                                for t in state["topics"]]}


def add_topic(state: State, status: str, text: str, *, origin: str,
              new_id: Callable[[], str]) -> State:
    """A topic added later: from an alternative raised in step 2-3, or typed."""
    _check_gathered(status)
    _check_editable(state)
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


# --- steps 2-4: seek the no, spread it, vote and add the minority's wisdom -----------------

VOTE_MODES = ("single", "dots")
MAX_DOTS = 10


def decision(state: State) -> steps.Decision:
    """The agenda's decision; it starts at step 1 (gather) once the topics are revealed."""
    if "decision" not in state:
        return steps.start("agenda")
    return steps.from_json(state["decision"])


def step(state: State) -> str:
    return decision(state).step


def _with(state: State, moved: steps.Decision, **changes: Any) -> State:
    return {**state, "decision": steps.to_json(moved), **changes}


def seek_the_no(state: State, status: str) -> State:
    """Step 2: ask everyone "who sees it differently? what is missing, what should not be
    here?" (from step 1, or back from step 3 to ask for more)."""
    _check_gathered(status)
    return _with(state, steps.advance(decision(state), steps.SEEK_NO))


def spread_the_no(state: State, status: str) -> State:
    """Step 3: every alternative is shown, and everyone can say they share a bit of it."""
    _check_gathered(status)
    return _with(state, steps.advance(decision(state), steps.SPREAD))


def open_vote(state: State, status: str, mode: str, dots: int = 1) -> State:
    """Step 4: vote on which topic comes first (one vote each), or a dot vote that orders
    the whole agenda (`dots` each)."""
    _check_gathered(status)
    if mode not in VOTE_MODES or not isinstance(dots, int) or not 1 <= dots <= MAX_DOTS:
        raise WrongStep(N_("Choose a single vote, or 1 to 10 dots each."))
    current = decision(state)
    if current.step != steps.SPREAD:
        raise WrongStep(N_("The vote opens after the no has been sought and spread."))
    current = replace(steps.set_options(current, [t["id"] for t in state["topics"]]),
                      mode=mode, dots=dots if mode == "dots" else 1)
    return _with(state, steps.advance(current, steps.VOTE), ties=state.get("ties", []))


def check_vote(state: State, choices: list[str]) -> None:
    steps.check_ballot(decision(state), choices)


# --- what a phone may send in steps 2-3 (the same questions a poll answers) -----------------

def input_stage(state: State, name: str) -> str:
    """Where the agenda keeps input of `name` (vote, no, nothing, spread, condition)."""
    return {"vote": VOTE, "no": NO, "nothing": NOTHING, "spread": SPREAD,
            "condition": CONDITION}[name]


def check_no(state: State, own_choices: list[str] | None = None) -> None:
    """Step 2: anyone may say what is missing, or what should not be here."""
    if step(state) != steps.SEEK_NO:
        raise WrongStep(N_("The facilitator is not asking for the no right now."))


def check_nothing(state: State) -> None:
    """Step 2: "nothing to add", one tap."""
    check_no(state)


def check_resonance(state: State) -> None:
    """Step 3: "I share a bit of this", about a no."""
    if step(state) != steps.SPREAD:
        raise WrongStep(N_("The no's are not being spread right now."))


def check_nudge(state: State) -> None:
    """The gentle second prompt belongs to step 2."""
    if step(state) != steps.SEEK_NO:
        raise WrongStep(N_("The no is not being sought right now."))


def close_vote(state: State, ballots: list[str], voters: int, k: int, *,
               confirmed: bool) -> State:
    """Counts the votes (a ballot per vote or per dot): a tie waits for a new vote or the
    facilitator; otherwise the majority is named and the agenda ordered. Fewer than k voters
    could be traced, so the facilitator must confirm."""
    check_threshold(voters, k, confirmed=confirmed, about="vote")
    moved, counted = steps.close_vote(decision(state), ballots)
    order = ordered([t["id"] for t in state["topics"]], counted.ranking,
                    first=None if counted.tie else moved.result.winners[0])
    return _with(state, moved, counts=counted.counts, total=counted.total,
                 ranking=counted.ranking, agenda=order)


def revote(state: State) -> State:
    """After a tie: vote again on the tied topics; the tied count stays in the record."""
    ties = [*state.get("ties", []), {"counts": state.get("counts"), "total": state.get("total")}]
    return _with(state, steps.revote(decision(state)), ties=ties, counts=None, total=0)


def decide_tie(state: State, topic_id: str) -> State:
    """The facilitator settles a tie: this topic comes first."""
    moved = steps.decide_tie(decision(state), topic_id)
    order = ordered([t["id"] for t in state["topics"]], state.get("ranking", []),
                    first=topic_id)
    return _with(state, moved, agenda=order)


def check_condition(state: State, own_choices: list[str]) -> None:
    """A condition comes from a phone whose vote lost, proved by its ballot's receipt."""
    current = decision(state)
    if not steps.accepts_condition(current):
        raise WrongStep(N_("Conditions are not being taken right now."))
    if not own_choices or not in_minority(own_choices, current.result):
        raise NotInMinority()


def close_conditions(state: State) -> State:
    return _with(state, steps.close_conditions(decision(state)))


def record_outcome(state: State, outcome: str, note: str = "") -> State:
    """The minority goes along (carried, with its conditions), or step 5 is needed."""
    current = decision(state)
    if current.step == steps.MINORITY and current.conditions_open:
        current = steps.close_conditions(current)
    return _with(state, steps.record_outcome(current, outcome, note))


def shows_alternatives(state: State) -> bool:
    return step(state) not in (steps.GATHER, steps.SEEK_NO)


def shares_shown(state: State) -> bool:
    """How many share a bit of each no is shown once step 3 is over, all at once."""
    return step(state) not in (steps.GATHER, steps.SEEK_NO, steps.SPREAD)


def answers_shown(state: State) -> bool:
    """How many no's and how many "nothing to add" came in is shown once step 2 is over;
    while it goes on, only how many answered (a no or nothing: the count does not say)."""
    return step(state) not in (steps.GATHER, steps.SEEK_NO)


def shows_conditions(state: State) -> bool:
    current = decision(state)
    return current.step == steps.DECIDED or (current.step == steps.MINORITY
                                             and not current.conditions_open)
