import pytest

from facilitation import errors
from facilitation.decision import (
    CARRIED,
    DECIDED,
    GATHER,
    MINORITY,
    SEEK_NO,
    SPREAD,
    STEP5,
    TIE,
    VOTE,
    Decision,
    accepts_condition,
    advance,
    check_ballot,
    close_conditions,
    close_vote,
    decide_tie,
    record_outcome,
    rerun,
    revote,
    set_options,
    start,
)
from facilitation.errors import (
    EmptyText,
    NoVotesCast,
    TieNotResolved,
    TooFewOptions,
    TooManyDots,
    UnknownOption,
    UnknownOutcome,
    VoteNotOpen,
    WrongStep,
)
from facilitation.tally import POLL_CHOICES

TOPICS = ("sla", "trust", "pricing")


def agenda_at_vote(mode: str = "single", dots: int = 1) -> Decision:
    decision = start("agenda", TOPICS, mode=mode, dots=dots)
    for step in (SEEK_NO, SPREAD, VOTE):
        decision = advance(decision, step)
    return decision


def agenda_tied() -> Decision:
    decision, _ = close_vote(agenda_at_vote(), ["sla", "trust", "pricing", "trust", "sla"])
    return decision


def poll_at_minority() -> Decision:
    decision, _ = close_vote(start("poll"), ["yes", "yes", "no"])
    for step in (SPREAD, MINORITY):
        decision = advance(decision, step)
    return decision


def test_an_agenda_starts_by_gathering_topics():
    decision = start("agenda")

    assert decision.step == GATHER
    assert decision.result is None


def test_a_poll_starts_with_the_answers_open():
    decision = start("poll")

    assert decision.step == VOTE
    assert decision.mode == "poll"
    assert decision.options == POLL_CHOICES


def test_an_agenda_walks_through_seeking_and_spreading_the_no_to_the_vote():
    decision = start("agenda", TOPICS)

    for step in (SEEK_NO, SPREAD, SEEK_NO, SPREAD, VOTE):
        decision = advance(decision, step)

    assert decision.step == VOTE


def test_the_vote_cannot_open_before_the_no_was_sought():
    decision = start("agenda", TOPICS)

    with pytest.raises(WrongStep):
        advance(decision, VOTE)


def test_the_vote_cannot_open_with_fewer_than_two_topics():
    decision = advance(advance(start("agenda", ["sla"]), SEEK_NO), SPREAD)

    with pytest.raises(TooFewOptions):
        advance(decision, VOTE)


def test_gathered_topics_can_be_put_on_the_ballot_before_the_vote():
    decision = advance(start("agenda"), SEEK_NO)

    decision = set_options(decision, TOPICS)

    assert decision.options == TOPICS


def test_the_ballot_cannot_change_once_the_vote_is_open():
    decision = agenda_at_vote()

    with pytest.raises(WrongStep):
        set_options(decision, ["sla", "trust"])


def test_a_vote_cannot_be_closed_by_advancing():
    decision = agenda_at_vote()

    with pytest.raises(WrongStep):
        advance(decision, MINORITY)


def test_a_ballot_is_refused_before_the_vote_opens():
    decision = start("agenda", TOPICS)

    with pytest.raises(VoteNotOpen):
        check_ballot(decision, ["sla"])


def test_a_single_vote_ballot_allows_one_choice():
    decision = agenda_at_vote()

    with pytest.raises(TooManyDots):
        check_ballot(decision, ["sla", "trust"])


def test_a_dot_ballot_allows_as_many_dots_as_given():
    decision = agenda_at_vote(mode="dots", dots=3)

    check_ballot(decision, ["sla", "sla", "trust"])


def test_closing_the_vote_with_a_winner_asks_the_minority_for_its_conditions():
    decision = agenda_at_vote()

    decision, counted = close_vote(decision, ["sla", "sla", "trust"])

    assert decision.step == MINORITY
    assert decision.result.winners == ("sla",)
    assert decision.result.minority == ("trust",)
    assert counted.counts == {"sla": 2, "trust": 1, "pricing": 0}
    assert accepts_condition(decision)


def test_a_vote_nobody_took_part_in_cannot_be_closed():
    decision = agenda_at_vote()

    with pytest.raises(NoVotesCast):
        close_vote(decision, [])


def test_a_tied_vote_waits_for_a_revote_or_the_facilitator():
    decision = agenda_tied()

    assert decision.step == TIE
    assert decision.result.tie is True
    assert not accepts_condition(decision)


def test_a_tie_must_be_resolved_before_the_outcome():
    decision = agenda_tied()

    with pytest.raises(TieNotResolved):
        record_outcome(decision, CARRIED)


def test_a_revote_after_a_tie_offers_only_the_tied_topics():
    decision = agenda_tied()

    decision = revote(decision)

    assert decision.step == VOTE
    assert decision.options == ("sla", "trust")
    assert decision.result is None


def test_a_revote_may_offer_all_topics_again():
    decision = agenda_tied()

    decision = revote(decision, only_tied=False)

    assert decision.options == TOPICS


def test_the_facilitator_can_settle_a_tie():
    decision = agenda_tied()

    decision = decide_tie(decision, "trust")

    assert decision.step == MINORITY
    assert decision.result.winners == ("trust",)
    assert decision.result.minority == ("sla", "pricing")
    assert decision.result.broken_tie == ("sla", "trust")


def test_a_tie_cannot_be_settled_with_a_topic_that_was_not_tied():
    decision = agenda_tied()

    with pytest.raises(UnknownOption):
        decide_tie(decision, "pricing")


def test_there_is_no_tie_to_settle_after_a_clear_vote():
    decision, _ = close_vote(agenda_at_vote(), ["sla"])

    with pytest.raises(WrongStep):
        decide_tie(decision, "sla")


def test_a_closed_vote_takes_no_more_ballots():
    decision, _ = close_vote(agenda_at_vote(), ["sla"])

    with pytest.raises(VoteNotOpen):
        close_vote(decision, ["sla"])


def test_a_carried_decision_closes_the_conditions():
    decision, _ = close_vote(agenda_at_vote(), ["sla", "sla", "trust"])

    decision = record_outcome(decision, CARRIED)

    assert decision.step == DECIDED
    assert decision.outcome == CARRIED
    assert not accepts_condition(decision)


def test_the_facilitator_can_stop_taking_conditions_before_the_outcome():
    decision, _ = close_vote(agenda_at_vote(), ["sla", "sla", "trust"])

    decision = close_conditions(decision)

    assert decision.step == MINORITY
    assert not accepts_condition(decision)


def test_going_to_step_5_needs_a_note_on_what_happens_next():
    decision = poll_at_minority()

    with pytest.raises(EmptyText):
        record_outcome(decision, STEP5, note="  ")


def test_an_outcome_other_than_carried_or_step_5_is_refused():
    decision = poll_at_minority()

    with pytest.raises(UnknownOutcome):
        record_outcome(decision, "postponed")


def test_a_poll_seeks_the_no_after_the_answers_are_in():
    decision = start("poll")

    decision, counted = close_vote(decision, ["yes", "yes_bit_of_no", "yes"])

    assert decision.step == SEEK_NO
    assert counted.winners == ["yes"]
    assert decision.result.minority == ("yes_bit_of_no",)


def test_a_poll_takes_conditions_only_after_the_no_was_spread():
    decision, _ = close_vote(start("poll"), ["yes", "no", "yes"])

    assert not accepts_condition(decision)
    assert accepts_condition(advance(advance(decision, SPREAD), MINORITY))


def test_a_poll_that_went_to_step_5_can_be_run_again():
    decision = record_outcome(poll_at_minority(), STEP5, note="the argument, after lunch")

    again = rerun(decision)

    assert again == start("poll")
    assert decision.note == "the argument, after lunch"


def test_a_carried_poll_is_not_run_again():
    decision = record_outcome(poll_at_minority(), CARRIED)

    with pytest.raises(WrongStep):
        rerun(decision)


def test_a_decided_decision_moves_no_further():
    decision = record_outcome(poll_at_minority(), CARRIED)

    with pytest.raises(WrongStep):
        advance(decision, SEEK_NO)


def test_every_method_error_has_its_own_code():
    codes = [cls.code for cls in errors.MethodError.__subclasses__()]

    assert len(codes) == len(set(codes))
    assert errors.AlreadyVoted().code == "already_voted"
    assert str(errors.AlreadyVoted()) == errors.AlreadyVoted.message


def test_a_multiple_choice_poll_offers_its_options_and_keeps_them_when_run_again():
    decision = start("poll", ("a", "b"))
    decision, _ = close_vote(decision, ["a", "a", "b"])
    for step in (SPREAD, MINORITY):
        decision = advance(decision, step)

    again = rerun(record_outcome(decision, STEP5, note="talk first"))

    assert again.options == ("a", "b") and again.mode == "single" and again.step == VOTE
    with pytest.raises(TooFewOptions):
        start("poll", ("only",))
