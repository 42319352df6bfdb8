""""Seek the no" polls as pure rules, on top of the shared step machine."""
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation import decision as steps
from facilitation import poll
from facilitation.errors import (
    BelowThreshold,
    EmptyText,
    NotANo,
    NotInMinority,
    TooFewOptions,
    UnknownOption,
    VoteNotOpen,
    WrongStep,
)
from facilitation.tally import POLL_CHOICES, in_minority

K = 3
VOTES = ["yes", "yes", "yes", "yes_bit_of_no", "no"]


def closed(votes=VOTES, options=None):
    return poll.close_vote(poll.start(options), votes, K, confirmed=False)


def at_minority(votes=VOTES):
    state = closed(votes)
    for to in (steps.SPREAD, steps.MINORITY):
        state = poll.advance(state, to)
    return state


def test_a_poll_offers_yes_a_bit_of_no_and_no():
    state = poll.start()

    assert poll.current(state).options == POLL_CHOICES
    assert poll.step(state) == steps.VOTE
    assert poll.stage(state, "vote") == "vote.1"


def test_a_multiple_choice_poll_offers_the_typed_options():
    state = poll.start(["Launch in September", "  Launch in January "])

    assert poll.current(state).options == ("o1", "o2")
    assert poll.label(state, "o2") == "Launch in January"


@pytest.mark.parametrize("options", [["Only one"], ["Same", "same"], ["", "  "],
                                     [f"o{i}" for i in range(9)]])
def test_a_multiple_choice_poll_needs_two_to_eight_different_options(options):
    with pytest.raises((TooFewOptions, UnknownOption)):
        poll.start(options)


def test_an_unknown_answer_is_refused():
    with pytest.raises(UnknownOption):
        poll.check_answer(poll.start(), "maybe")


def test_no_answer_is_taken_once_the_vote_is_closed():
    with pytest.raises(VoteNotOpen):
        poll.check_answer(closed(), "yes")


def test_closing_with_fewer_than_k_answers_needs_confirmation():
    with pytest.raises(BelowThreshold):
        poll.close_vote(poll.start(), ["yes", "no"], K, confirmed=False)

    state = poll.close_vote(poll.start(), ["yes", "no", "no"], K, confirmed=False)
    assert poll.step(state) == steps.SEEK_NO


def test_after_the_vote_the_no_and_the_bit_of_no_are_asked_for_their_no():
    state = closed()

    assert poll.run(state)["counts"] == {"yes": 3, "yes_bit_of_no": 1, "no": 1}
    poll.check_no(state, "no")
    poll.check_no(state, "yes_bit_of_no")
    with pytest.raises(NotANo):
        poll.check_no(state, "yes")


def test_in_a_multiple_choice_poll_the_options_that_lost_are_asked_for_their_no():
    state = closed(["o1", "o1", "o2"], options=["A", "B", "C"])

    poll.check_no(state, "o2")
    with pytest.raises(NotANo):
        poll.check_no(state, "o1")


def test_no_is_taken_only_while_the_facilitator_seeks_it():
    state = poll.advance(closed(), steps.SPREAD)

    with pytest.raises(WrongStep):
        poll.check_no(state, "no")
    poll.check_resonance(state)
    poll.check_no(poll.advance(state, steps.SEEK_NO), "no")


def test_only_the_minority_gives_conditions_and_only_while_they_are_taken():
    state = at_minority()

    poll.check_condition(state, "no")
    with pytest.raises(NotInMinority):
        poll.check_condition(state, "yes")
    with pytest.raises(WrongStep):
        poll.check_condition(poll.close_conditions(state), "no")


def test_conditions_are_shown_once_closed_and_the_no_once_spread():
    state = closed()
    assert not poll.no_revealed(state)

    state = at_minority()
    assert poll.no_revealed(state) and not poll.conditions_revealed(state)
    assert poll.conditions_revealed(poll.close_conditions(state))


def test_not_carried_needs_a_note_and_can_be_run_again_keeping_both_runs():
    with pytest.raises(EmptyText):
        poll.record_outcome(at_minority(), steps.STEP5, "")

    state = poll.record_outcome(at_minority(), steps.STEP5, "De ruzie, na de lunch")
    state = poll.rerun(state)

    assert [r["n"] for r in state["runs"]] == [1, 2]
    assert state["runs"][0]["decision"]["outcome"] == "step5"
    assert state["runs"][0]["decision"]["note"] == "De ruzie, na de lunch"
    assert poll.step(state) == steps.VOTE and poll.stage(state, "no") == "no.2"


def test_a_carried_poll_is_not_run_again():
    state = poll.record_outcome(at_minority(), steps.CARRIED)

    with pytest.raises(WrongStep):
        poll.rerun(state)


def test_a_tie_is_voted_again_and_the_tied_count_stays_in_the_record():
    state = closed(["yes", "no", "yes", "no"])
    assert poll.step(state) == steps.TIE

    state = poll.revote(state)

    assert poll.step(state) == steps.VOTE and poll.run(state)["attempt"] == 2
    assert poll.run(state)["ties"][0]["counts"]["no"] == 2
    assert poll.current(state).options == POLL_CHOICES


def test_the_facilitator_can_settle_a_tie():
    state = poll.decide_tie(closed(["yes", "no", "yes", "no"]), "yes")

    assert poll.step(state) == steps.SEEK_NO
    assert poll.current(state).result.minority == ("no",)


def test_counts_are_shown_only_from_k_answers():
    assert poll.shown_counts({"yes": 2}, 2, K) is None
    assert poll.shown_counts({"yes": 3}, 3, K) == {"yes": 3}


def test_the_state_is_plain_json_and_names_nobody():
    state = poll.record_outcome(at_minority(), steps.CARRIED, "")

    assert json.loads(json.dumps(state)) == state


answers = st.lists(st.sampled_from(POLL_CHOICES), min_size=K, max_size=40)


@given(answers)
def test_every_closed_poll_either_ties_or_names_a_majority_and_a_minority(votes):
    state = closed(votes)
    decision = poll.current(state)

    assert sum(poll.run(state)["counts"].values()) == len(votes)
    if decision.step == steps.TIE:
        return
    assert decision.step == steps.SEEK_NO
    assert set(decision.result.winners).isdisjoint(decision.result.minority)
    for choice in set(votes):
        # The phone's own check and the server's check agree, for every ballot.
        phone_says = in_minority([choice], decision.result)
        state_at_minority = poll.advance(poll.advance(state, steps.SPREAD), steps.MINORITY)
        try:
            poll.check_condition(state_at_minority, choice)
            server_says = True
        except NotInMinority:
            server_says = False
        assert phone_says == server_says


@given(answers, st.sampled_from([steps.CARRIED, steps.STEP5]))
def test_every_run_ends_in_a_record_that_survives_json(votes, outcome):
    state = closed(votes)
    if poll.step(state) == steps.TIE:
        state = poll.decide_tie(state, poll.current(state).result.winners[0])
    state = poll.advance(poll.advance(state, steps.SPREAD), steps.MINORITY)

    state = poll.record_outcome(state, outcome, "Na de lunch")

    assert poll.step(json.loads(json.dumps(state))) == steps.DECIDED
    assert poll.current(state).outcome == outcome
    if outcome == steps.STEP5:
        assert poll.step(poll.rerun(state)) == steps.VOTE


@given(st.lists(st.text(alphabet="abcdefgh ", min_size=1, max_size=10), min_size=2, max_size=8,
                unique_by=lambda s: s.strip().casefold()).filter(
                    lambda opts: all(o.strip() for o in opts)))
def test_any_two_to_eight_distinct_options_make_a_poll_whose_answers_are_those_options(opts):
    state = poll.start(opts)

    for option in poll.current(state).options:
        poll.check_answer(state, option)
    assert [poll.label(state, o) for o in poll.current(state).options] == [o.strip() for o in opts]
