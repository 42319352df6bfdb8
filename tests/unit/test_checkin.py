import itertools

import pytest

from facilitation import checkin, rounds
from facilitation.errors import (BadGroup, BadPolarity, BelowThreshold, EmptyText, NotRevealed,
                                 RoundNotOpen, TextTooLong, UnknownContribution)

KNOWN = {"a", "b", "c", "d"}


@pytest.fixture
def new_id():
    counter = itertools.count()
    return lambda: f"g{next(counter)}"


def test_a_round_with_fewer_than_k_answers_asks_the_facilitator_to_confirm():
    counts = rounds.Counts(answered=2, joined=5, contributions=2)

    with pytest.raises(BelowThreshold) as refused:
        rounds.reveal(rounds.OPEN, counts, k=3, confirmed=False)

    assert "2 of the 3" in str(refused.value)
    assert rounds.reveal(rounds.OPEN, counts, k=3, confirmed=True) == rounds.REVEALED


def test_a_round_with_k_answers_is_revealed_without_asking():
    counts = rounds.Counts(answered=3, joined=3, contributions=4)

    assert rounds.reveal(rounds.OPEN, counts, k=3, confirmed=False) == rounds.REVEALED


def test_a_revealed_round_cannot_be_revealed_again():
    with pytest.raises(RoundNotOpen):
        rounds.reveal(rounds.REVEALED, rounds.Counts(5, 5, 5), k=3, confirmed=True)


def test_the_display_order_is_stable_for_a_round_and_not_the_order_sent():
    sent = [f"id{i:02d}" for i in range(20)]

    first = rounds.display_order(sent, seed=42)

    assert first == rounds.display_order(list(reversed(sent)), seed=42)
    assert sorted(first) == sorted(sent)
    assert first != sent


def test_contributions_that_say_the_same_thing_are_grouped(new_id):
    state = checkin.group(checkin.empty(), rounds.REVEALED, ["a", "b"], "Tired",
                          known=KNOWN, new_id=new_id)

    assert state["groups"] == [{"id": "g0", "label": "Tired", "members": ["a", "b"]}]


def test_a_contribution_is_in_one_group_at_most(new_id):
    state = checkin.group(checkin.empty(), rounds.REVEALED, ["a", "b"], "", known=KNOWN,
                          new_id=new_id)

    with pytest.raises(BadGroup):
        checkin.group(state, rounds.REVEALED, ["b", "c"], "", known=KNOWN, new_id=new_id)


def test_a_group_needs_two_contributions(new_id):
    with pytest.raises(BadGroup):
        checkin.group(checkin.empty(), rounds.REVEALED, ["a", "a"], "", known=KNOWN,
                      new_id=new_id)


def test_nothing_is_grouped_before_the_round_is_revealed(new_id):
    with pytest.raises(NotRevealed):
        checkin.group(checkin.empty(), rounds.OPEN, ["a", "b"], "", known=KNOWN, new_id=new_id)


def test_a_group_of_unknown_contributions_is_refused(new_id):
    with pytest.raises(UnknownContribution):
        checkin.group(checkin.empty(), rounds.REVEALED, ["a", "zz"], "", known=KNOWN,
                      new_id=new_id)


def test_a_polarity_pairs_a_group_with_a_typed_pole(new_id):
    state = checkin.group(checkin.empty(), rounds.REVEALED, ["a", "b"], "", known=KNOWN,
                          new_id=new_id)

    state = checkin.name_polarity(state, rounds.REVEALED, {"ref": "g0"},
                                  {"text": " eager to start "}, known=KNOWN, new_id=new_id)

    assert state["polarities"] == [{"id": "g1", "left": {"ref": "g0"},
                                    "right": {"text": "eager to start"}}]


@pytest.mark.parametrize("left,right,error", [
    ({"ref": "a"}, {"ref": "a"}, BadPolarity),
    ({"ref": "a"}, {"ref": "nope"}, UnknownContribution),
    ({"text": "  "}, {"ref": "a"}, EmptyText),
    ("a", {"ref": "b"}, BadPolarity),
    ({"text": "x" * 200}, {"ref": "b"}, TextTooLong),
])
def test_a_polarity_needs_two_different_real_poles(left, right, error, new_id):
    with pytest.raises(error):
        checkin.name_polarity(checkin.empty(), rounds.REVEALED, left, right, known=KNOWN,
                              new_id=new_id)


def test_ungrouping_removes_the_polarities_that_named_the_group(new_id):
    state = checkin.group(checkin.empty(), rounds.REVEALED, ["a", "b"], "", known=KNOWN,
                          new_id=new_id)
    state = checkin.name_polarity(state, rounds.REVEALED, {"ref": "g0"}, {"ref": "c"},
                                  known=KNOWN, new_id=new_id)

    state = checkin.ungroup(state, rounds.REVEALED, "g0")

    assert state["groups"] == [] and state["polarities"] == []


def test_the_summary_is_written_and_may_be_emptied_again():
    state = checkin.write_summary(checkin.empty(), rounds.REVEALED, " Most arrive curious. ")

    assert state["summary"] == "Most arrive curious."
    assert checkin.write_summary(state, rounds.REVEALED, "")["summary"] == ""


def test_an_oversize_summary_is_refused():
    with pytest.raises(TextTooLong):
        checkin.write_summary(checkin.empty(), rounds.REVEALED, "x" * 2001)


def test_the_check_out_is_a_kind_of_its_own_with_the_check_ins_rules():
    from facilitation.kinds import KINDS, default_prompt

    assert checkin.CHECKOUT_KIND in checkin.KINDS and checkin.KIND in checkin.KINDS
    assert KINDS["checkout"].first_state() == checkin.empty()
    assert default_prompt("checkout", "nl") == "Hoe ga je naar buiten?"
    assert default_prompt("checkout", "en") == "How are you leaving?"
