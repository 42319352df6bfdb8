import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation import agenda
from facilitation.errors import (BelowThreshold, NotInMinority, NotRevealed, TextTooLong,
                                 TooManyDots, UnknownContribution, WrongStep)
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


def walked_to_the_vote(state, mode="single", dots=1):
    state = agenda.seek_the_no(state, REVEALED)
    state = agenda.spread_the_no(state, REVEALED)
    return agenda.open_vote(state, REVEALED, mode, dots)


def test_the_agenda_walks_steps_two_to_four_in_order(gathered):
    state = agenda.seek_the_no(gathered, REVEALED)
    assert agenda.step(state) == "seek_no" and not agenda.shows_alternatives(state)

    state = agenda.spread_the_no(state, REVEALED)
    assert agenda.shows_alternatives(state)

    state = agenda.open_vote(state, REVEALED, "single")
    assert agenda.step(state) == "vote"


def test_the_vote_cannot_open_before_the_no_was_sought_and_spread(gathered):
    with pytest.raises(WrongStep):
        agenda.open_vote(gathered, REVEALED, "single")


def test_the_winner_comes_first_and_the_rest_follow_by_votes(gathered):
    state = walked_to_the_vote(gathered)

    state = agenda.close_vote(state, ["c", "c", "a", "d", "c"], voters=5, k=3, confirmed=False)

    assert state["agenda"] == ["c", "a", "d", "b"]
    assert agenda.step(state) == "minority"


def test_a_tie_is_declared_and_the_facilitator_can_decide_it(gathered):
    state = agenda.close_vote(walked_to_the_vote(gathered), ["a", "b", "a", "b"], voters=4, k=3,
                              confirmed=False)
    assert agenda.step(state) == "tie"

    state = agenda.decide_tie(state, "b")

    assert state["agenda"][0] == "b" and agenda.step(state) == "minority"


def test_a_tie_can_be_voted_again_on_the_tied_topics(gathered):
    state = agenda.close_vote(walked_to_the_vote(gathered), ["a", "b", "a", "b"], voters=4, k=3,
                              confirmed=False)

    state = agenda.revote(state)

    assert agenda.step(state) == "vote" and agenda.decision(state).options == ("a", "b")
    assert state["ties"][0]["counts"]["a"] == 2


def test_fewer_than_k_voters_asks_the_facilitator_to_confirm(gathered):
    state = walked_to_the_vote(gathered)

    with pytest.raises(BelowThreshold):
        agenda.close_vote(state, ["a", "a"], voters=2, k=3, confirmed=False)


def test_more_dots_than_allowed_are_refused(gathered):
    state = walked_to_the_vote(gathered, "dots", 3)

    agenda.check_vote(state, ["a", "a", "c"])
    with pytest.raises(TooManyDots):
        agenda.check_vote(state, ["a", "b", "c", "d"])


def test_only_a_phone_whose_vote_lost_may_add_a_condition(gathered):
    state = agenda.close_vote(walked_to_the_vote(gathered), ["c", "c", "a"], voters=3, k=3,
                              confirmed=False)

    agenda.check_condition(state, ["a"])
    with pytest.raises(NotInMinority):
        agenda.check_condition(state, ["c"])


def test_conditions_are_shown_once_closed_and_the_outcome_is_recorded(gathered):
    state = agenda.close_vote(walked_to_the_vote(gathered), ["c", "c", "a"], voters=3, k=3,
                              confirmed=False)
    assert not agenda.shows_conditions(state)

    state = agenda.record_outcome(state, "step5", "The argument, after lunch")

    assert agenda.shows_conditions(state)
    assert agenda.decision(state).outcome == "step5"
    assert agenda.decision(state).note == "The argument, after lunch"


@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=40))
def test_the_decided_agenda_is_always_every_topic_once(ballots):
    state = agenda.topics_from([(t, t) for t in "abcd"])
    state = walked_to_the_vote({"topics": state}, "dots", 10)

    state = agenda.close_vote(state, ballots, voters=len(ballots), k=1, confirmed=False)

    assert sorted(state["agenda"]) == ["a", "b", "c", "d"]
    assert sum(state["counts"].values()) == len(ballots) == state["total"]
