import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.errors import EmptyBallot, TooManyDots, UnknownOption
from facilitation.tally import (
    POLL_CHOICES,
    asks_for_the_no,
    check_dots,
    in_minority,
    shuffled,
    tally,
    visible,
)

TOPICS = ["sla", "trust", "pricing"]

option_ids = st.lists(st.text(min_size=1, max_size=4), min_size=1, max_size=6, unique=True)


@st.composite
def options_and_ballots(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    options = draw(option_ids)
    ballots = draw(st.lists(st.sampled_from(options), max_size=30))
    return options, ballots


def test_the_topic_with_the_most_votes_wins():
    ballots = ["sla", "trust", "sla"]

    result = tally(TOPICS, ballots)

    assert result.winners == ["sla"]
    assert result.tie is False
    assert result.counts == {"sla": 2, "trust": 1, "pricing": 0}
    assert result.total == 3


def test_a_tie_is_declared_when_two_topics_share_the_most_votes():
    ballots = ["sla", "trust", "pricing", "trust", "sla"]

    result = tally(TOPICS, ballots)

    assert result.tie is True
    assert result.winners == ["sla", "trust"]


def test_the_ranking_groups_equal_counts_in_the_order_given():
    ballots = ["pricing", "pricing", "sla", "trust"]

    result = tally(TOPICS, ballots)

    assert result.ranking == [["pricing"], ["sla", "trust"]]


def test_the_minority_are_the_topics_that_got_votes_but_lost():
    ballots = ["sla", "sla", "trust"]

    result = tally(TOPICS, ballots)

    assert result.minority == ["trust"]


def test_nobody_wins_while_no_vote_is_cast():
    result = tally(TOPICS, [])

    assert result.winners == []
    assert result.tie is False
    assert result.minority == []


def test_a_vote_for_an_unknown_option_is_refused():
    ballots = ["sla", "coffee"]

    with pytest.raises(UnknownOption):
        tally(TOPICS, ballots)


def test_a_tally_is_hidden_until_enough_people_answered():
    assert not visible(2, k=3)
    assert visible(3, k=3)


def test_several_dots_may_go_to_one_topic():
    ballot = ["sla", "sla", "trust"]

    check_dots(ballot, TOPICS, dots=3)


def test_more_dots_than_allowed_are_refused():
    ballot = ["sla", "sla", "trust"]

    with pytest.raises(TooManyDots):
        check_dots(ballot, TOPICS, dots=2)


def test_a_dot_on_an_unknown_topic_is_refused():
    with pytest.raises(UnknownOption):
        check_dots(["coffee"], TOPICS, dots=3)


def test_an_empty_ballot_is_refused():
    with pytest.raises(EmptyBallot):
        check_dots([], TOPICS, dots=3)


def test_a_phone_that_voted_with_the_majority_is_not_in_the_minority():
    result = tally(TOPICS, ["sla", "sla", "trust"])

    assert not in_minority(["sla"], result)
    assert not in_minority(["trust", "sla"], result)


def test_a_phone_whose_choices_all_lost_is_in_the_minority():
    result = tally(TOPICS, ["sla", "sla", "trust", "pricing"])

    assert in_minority(["trust", "pricing"], result)


def test_a_phone_that_did_not_vote_is_not_in_the_minority():
    result = tally(TOPICS, ["sla"])

    assert not in_minority([], result)


def test_the_no_is_asked_of_every_answer_but_a_plain_yes():
    asked = [choice for choice in POLL_CHOICES if asks_for_the_no(choice)]

    assert asked == ["yes_bit_of_no", "no"]


def test_shuffling_with_the_same_seed_gives_the_same_order():
    items = list(range(20))

    first = shuffled(items, random.Random(7))
    second = shuffled(items, random.Random(7))

    assert first == second
    assert first != items
    assert items == list(range(20))


@given(options_and_ballots())
def test_the_total_equals_the_ballots_cast(case):
    options, ballots = case

    result = tally(options, ballots)

    assert result.total == len(ballots) == sum(result.counts.values())


@given(options_and_ballots())
def test_every_option_appears_in_the_counts(case):
    options, ballots = case

    result = tally(options, ballots)

    assert list(result.counts) == options
    assert sorted(sum(result.ranking, [])) == sorted(options)


@given(options_and_ballots())
def test_winners_all_have_the_most_votes(case):
    options, ballots = case

    result = tally(options, ballots)

    most = max(result.counts.values())
    assert all(result.counts[winner] == most for winner in result.winners)
    assert bool(result.winners) == bool(ballots)
    assert not set(result.minority) & set(result.winners)


@given(options_and_ballots(), st.integers(min_value=1, max_value=5))
def test_check_dots_never_accepts_more_than_the_limit(case, dots):
    options, ballot = case

    try:
        check_dots(ballot, options, dots)
        accepted = True
    except (TooManyDots, EmptyBallot):
        accepted = False

    assert accepted == (1 <= len(ballot) <= dots)


@given(st.lists(st.integers()), st.integers())
def test_shuffled_returns_a_permutation(items, seed):
    result = shuffled(items, random.Random(seed))

    assert sorted(result) == sorted(items)
    assert result is not items
