import itertools

import pytest

from facilitation import agenda
from facilitation.errors import NotRevealed, TextTooLong, UnknownContribution
from facilitation.rounds import OPEN, REVEALED


@pytest.fixture
def gathered():
    return {"topics": agenda.topics_from([("a", "Vertrouwen"), ("b", "Onderling vertrouwen"),
                                          ("c", "Rapportages"), ("d", "De SLA-boetes")])}


def test_every_gathered_contribution_becomes_a_topic_in_display_order(gathered):
    assert [agenda.title(t) for t in gathered["topics"]] == [
        "Vertrouwen", "Onderling vertrouwen", "Rapportages", "De SLA-boetes"]


def test_merged_duplicates_keep_both_wordings(gathered):
    state = agenda.merge(gathered, REVEALED, ["a", "b"])

    assert [t["id"] for t in state["topics"]] == ["a", "c", "d"]
    assert state["topics"][0]["sources"] == ["Vertrouwen", "Onderling vertrouwen"]


def test_merging_needs_two_different_topics(gathered):
    with pytest.raises(agenda.BadMerge):
        agenda.merge(gathered, REVEALED, ["a", "a"])


def test_merging_an_unknown_topic_is_refused(gathered):
    with pytest.raises(UnknownContribution):
        agenda.merge(gathered, REVEALED, ["a", "zz"])


def test_nothing_is_merged_while_topics_are_still_being_gathered(gathered):
    with pytest.raises(NotRevealed):
        agenda.merge(gathered, OPEN, ["a", "b"])


def test_a_reworded_topic_keeps_its_original(gathered):
    state = agenda.reword(gathered, REVEALED, "d", "Boetes in de SLA")

    topic = state["topics"][3]
    assert agenda.title(topic) == "Boetes in de SLA"
    assert topic["sources"] == ["De SLA-boetes"]
    assert agenda.title(agenda.reword(state, REVEALED, "d", " ")["topics"][3]) == "De SLA-boetes"


def test_an_oversize_rewording_is_refused(gathered):
    with pytest.raises(TextTooLong):
        agenda.reword(gathered, REVEALED, "a", "x" * 201)


def test_an_alternative_becomes_a_topic(gathered):
    ids = itertools.count()

    state = agenda.add_topic(gathered, REVEALED, "Wat ontbreekt: de eindgebruiker",
                             origin="alternative", new_id=lambda: f"n{next(ids)}")

    assert state["topics"][-1] == {"id": "n0", "wording": "", "origin": "alternative",
                                   "sources": ["Wat ontbreekt: de eindgebruiker"]}


def test_the_agenda_is_ordered_by_votes_with_the_chosen_first_topic_first():
    order = agenda.ordered(["a", "b", "c", "d"], [["c"], ["a", "d"]], first="d")

    assert order == ["d", "c", "a", "b"]
