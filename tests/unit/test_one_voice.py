"""Rules every round shares about what one phone may send, and the agenda's step gates:
plain functions, decided in facilitation/ and only applied by the shell."""
import pytest

from facilitation import agenda, rounds
from facilitation import decision as steps
from facilitation.errors import AlreadyVoted, TooManyTexts, WrongReceipt, WrongStep


def test_a_first_ballot_is_taken_and_the_same_receipt_changes_it():
    assert rounds.check_ballot_allowed(changes_own=False, receipt_elsewhere=False,
                                       answered=0) is False
    assert rounds.check_ballot_allowed(changes_own=True, receipt_elsewhere=False,
                                       answered=1) is True


def test_a_second_ballot_without_the_receipt_is_refused():
    with pytest.raises(AlreadyVoted):
        rounds.check_ballot_allowed(changes_own=False, receipt_elsewhere=False, answered=1)


def test_a_receipt_from_another_vote_is_refused():
    with pytest.raises(WrongReceipt):
        rounds.check_ballot_allowed(changes_own=False, receipt_elsewhere=True, answered=0)


def test_a_phone_sends_at_most_three_texts_in_a_stage():
    for sent in range(rounds.TEXTS_PER_PHONE):
        rounds.check_text_allowed(sent)

    with pytest.raises(TooManyTexts) as refused:
        rounds.check_text_allowed(rounds.TEXTS_PER_PHONE)
    assert refused.value.params == {"limit": 3}


def test_sharing_a_bit_is_once_per_no_and_never_more_than_the_nos():
    assert rounds.check_resonance_allowed(already=False, taps=0, texts=2) is True
    assert rounds.check_resonance_allowed(already=True, taps=2, texts=2) is False
    with pytest.raises(AlreadyVoted):
        rounds.check_resonance_allowed(already=False, taps=2, texts=2)


@pytest.fixture
def gathered():
    return {"topics": agenda.topics_from([("a", "Vertrouwen"), ("b", "Rapportages")])}


def test_the_no_and_nothing_to_add_are_taken_in_step_two_only(gathered):
    seeking = agenda.seek_the_no(gathered, "revealed")
    spreading = agenda.spread_the_no(seeking, "revealed")

    agenda.check_no(seeking)
    agenda.check_nothing(seeking)
    agenda.check_nudge(seeking)
    for check in (agenda.check_no, agenda.check_nothing, agenda.check_nudge):
        with pytest.raises(WrongStep):
            check(spreading)
        with pytest.raises(WrongStep):
            check(gathered)


def test_sharing_a_bit_of_a_no_is_taken_in_step_three_only(gathered):
    seeking = agenda.seek_the_no(gathered, "revealed")
    spreading = agenda.spread_the_no(seeking, "revealed")

    agenda.check_resonance(spreading)
    with pytest.raises(WrongStep):
        agenda.check_resonance(seeking)
    assert agenda.step(spreading) == steps.SPREAD


def test_counts_come_when_their_stage_is_over(gathered):
    seeking = agenda.seek_the_no(gathered, "revealed")
    spreading = agenda.spread_the_no(seeking, "revealed")
    voting = agenda.open_vote(spreading, "revealed", "single")

    assert not agenda.answers_shown(seeking) and agenda.answers_shown(spreading)
    assert not agenda.shares_shown(spreading) and agenda.shares_shown(voting)
