"""Step 5's rules: it starts only from a decision not carried; its phases go one at a time;
the heat needs a side and goes to the screens in shuffled batches; the decision is put again
on the same options; the summary keeps both runs and the insights, never the heat."""
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation import decision as steps
from facilitation import poll, step5, summary
from facilitation.errors import (BelowThreshold, EmptyText, TextTooLong, TooManyDots,
                                 UnknownOption, WrongStep)
from facilitation.kinds import DECISION_INPUTS, KINDS


def went_to_step5(ballots=("yes", "yes", "yes", "no", "no")):
    state = poll.start()
    state = poll.close_vote(state, list(ballots), k=3, confirmed=False)
    state = poll.advance(state, steps.SPREAD)
    state = poll.advance(state, steps.MINORITY)
    return poll.record_outcome(state, steps.STEP5, "Eerst de ruzie")


def source(state, **changes):
    run = poll.run(state)
    return {"round": "r1", "kind": "poll", "decision": run["decision"], "labels": {},
            "counts": run["counts"], "total": run["total"], "run": run["n"], "attempt": 1,
            **changes}


def at(phase, state=None):
    state = state or step5.start(source(went_to_step5()))
    for to in step5.PHASES[1:step5.PHASES.index(phase) + 1]:
        state = step5.move(state, to, answered=5, k=3, confirmed=False,
                           ballots=["yes"] * 5 if to == step5.DECIDED else ())
    return state


def test_step5_is_a_round_kind_that_takes_a_ballot_and_nothing_else_of_a_decision():
    assert "step5" in KINDS and "step5" in DECISION_INPUTS
    inputs = DECISION_INPUTS["step5"]
    with pytest.raises(WrongStep):
        inputs.check_no(at(step5.VOTE), None)
    with pytest.raises(WrongStep):
        inputs.stage(at(step5.VOTE), "condition")


def test_a_decision_not_carried_starts_the_heat_on_its_own_options():
    state = step5.start(source(went_to_step5()))

    assert state["phase"] == step5.HEAT
    assert state["again"]["options"] == ["yes", "yes_bit_of_no", "no"]
    assert step5.side_words(state) == {"majority": ["yes"], "minority": ["no"]}


def test_a_carried_or_undecided_decision_does_not_go_into_step5():
    carried = poll.record_outcome(
        poll.advance(poll.advance(poll.close_vote(poll.start(), ["yes"] * 3, k=3,
                                                  confirmed=False), steps.SPREAD),
                     steps.MINORITY), steps.CARRIED)
    for state in (carried, poll.start()):
        with pytest.raises(step5.NotStep5):
            step5.start(source(state))


@given(st.sampled_from(step5.PHASES), st.one_of(st.sampled_from(step5.PHASES), st.text(),
                                                 st.none(), st.integers()))
def test_the_phases_move_only_to_the_next_one(phase, to):
    state = at(phase)

    if to is not None and to == step5.next_phase(phase):
        assert step5.move(state, to, answered=5, k=3, confirmed=False,
                          ballots=["no"] * 5)["phase"] == to
    else:
        with pytest.raises(WrongStep):
            step5.move(state, to, answered=5, k=3, confirmed=False)


def test_showing_the_insights_or_the_count_below_k_needs_the_facilitators_confirmation():
    with pytest.raises(BelowThreshold):
        step5.move(at(step5.INSIGHTS), step5.HEARD, answered=2, k=3, confirmed=False)
    with pytest.raises(BelowThreshold):
        step5.move(at(step5.VOTE), step5.DECIDED, answered=2, k=3, confirmed=False,
                   ballots=["yes", "no"])

    shown = step5.move(at(step5.VOTE), step5.DECIDED, answered=2, k=3, confirmed=True,
                       ballots=["yes", "no"])
    assert shown["phase"] == step5.DECIDED and step5.again_counts(shown, 3) is None


def test_the_vote_put_again_is_counted_and_shown_only_once_closed():
    voting = at(step5.VOTE)
    decided = step5.move(voting, step5.DECIDED, answered=4, k=3, confirmed=False,
                         ballots=["yes", "yes", "yes_bit_of_no", "no"])

    assert step5.again_counts(voting, 3) is None
    assert step5.again_counts(decided, 3) == {"yes": 2, "yes_bit_of_no": 1, "no": 1}
    assert decided["again"]["result"] == {"winners": ["yes"], "tie": False,
                                          "minority": ["yes_bit_of_no", "no"]}


def test_a_ballot_put_again_is_one_of_the_same_options_and_only_while_voting():
    step5.check_ballot(at(step5.VOTE), ["no"])
    with pytest.raises(UnknownOption):
        step5.check_ballot(at(step5.VOTE), ["maybe"])
    with pytest.raises(UnknownOption):
        step5.check_ballot(at(step5.VOTE), ["yes", "no"])
    with pytest.raises(WrongStep):
        step5.check_ballot(at(step5.HEARD), ["no"])


def test_a_dot_vote_is_put_again_with_the_same_dots():
    agenda_vote = steps.record_outcome(
        steps.close_vote(steps.advance(steps.advance(steps.advance(
            steps.start("agenda", ("a", "b", "c"), "dots", 2), steps.SEEK_NO), steps.SPREAD),
            steps.VOTE), ["a", "a", "b"])[0], steps.STEP5, "Ruzie")
    state = step5.start({"round": "r", "kind": "topics", "decision": steps.to_json(agenda_vote),
                         "labels": {"a": "A", "b": "B", "c": "C"}, "counts": None, "total": 3,
                         "run": 1, "attempt": 1})
    voting = at(step5.VOTE, state)

    step5.check_ballot(voting, ["b", "b"])
    with pytest.raises(TooManyDots):
        step5.check_ballot(voting, ["a", "b", "c"])


def test_a_statement_in_the_heat_needs_a_side_and_a_short_text():
    assert step5.check_statement(step5.HEAT, "minority", "  Te vroeg!  ") == ("minority",
                                                                             "Te vroeg!")
    with pytest.raises(step5.WrongSide):
        step5.check_statement(step5.HEAT, "neutral", "Hm")
    with pytest.raises(EmptyText):
        step5.check_statement(step5.HEAT, "majority", " ")
    with pytest.raises(TextTooLong):
        step5.check_statement(step5.HEAT, "majority", "x" * (step5.HEAT_LIMIT + 1))
    with pytest.raises(step5.HeatOver):
        step5.check_statement(step5.INSIGHTS, "majority", "Nog één ding")


def test_insights_are_taken_only_after_the_heat():
    step5.check_insight(step5.INSIGHTS)
    for phase in (step5.HEAT, step5.HEARD, step5.VOTE, step5.DECIDED):
        with pytest.raises(WrongStep):
            step5.check_insight(phase)


# The heat's batches --------------------------------------------------------------------------

@given(st.integers(0, 50), st.floats(0, 60, allow_nan=False))
def test_a_batch_is_due_once_three_wait_or_the_oldest_has_waited_long_enough(waiting, waited):
    expected = waiting > 0 and (waiting >= step5.BATCH_SIZE or waited >= step5.BATCH_SECONDS)

    assert step5.due(waiting, waited) is expected


@given(st.lists(st.floats(0, 5, allow_nan=False), min_size=1, max_size=40), st.integers())
def test_every_statement_reaches_the_screens_once_and_never_alone_at_once(gaps, seed):
    """Statements arriving at any pace: each is released exactly once; a batch is released
    either because three wait or because its oldest waited BATCH_SECONDS, never the moment
    a lone statement arrives."""
    rng, now, waiting, since, batches = random.Random(seed), 0.0, [], None, []

    def tick(waited):
        nonlocal waiting, since
        if since is not None and step5.due(len(waiting), waited):
            batches.append((step5.release(waiting, rng), waited))
            waiting, since = [], None

    for n, gap in enumerate(gaps):
        if since is not None and now + gap - since >= step5.BATCH_SECONDS:
            tick(step5.BATCH_SECONDS)  # the oldest's timer fires before this arrival
        now += gap
        waiting.append(n)
        since = now if since is None else since
        tick(now - since)
    tick(step5.BATCH_SECONDS)

    released = [s for batch, _ in batches for s in batch]
    assert sorted(released) == list(range(len(gaps)))
    for batch, waited in batches:
        assert len(batch) >= step5.BATCH_SIZE or waited >= step5.BATCH_SECONDS


@given(st.lists(st.integers(), max_size=30), st.integers())
def test_a_batch_is_released_in_an_order_of_its_own(statements, seed):
    released = step5.release(list(statements), random.Random(seed))

    assert sorted(released) == sorted(statements)


def test_a_batch_order_is_not_the_order_of_arrival():
    orders = {tuple(step5.release(list(range(6)), random.Random(seed))) for seed in range(50)}

    assert len(orders) > 20


# In the record -----------------------------------------------------------------------------

def record(phase=step5.DECIDED, insights=("Dat wachten ook iets kost",), again_answered=5):
    state = at(phase)
    run = poll.run(went_to_step5())
    return {"id": "s", "kind": "step5", "position": 2, "prompt": "We lanceren in september",
            "status": "open", "k": 3, "state": state,
            "step5": {"proposal": "We lanceren in september", "phase": phase, "labels": {},
                      "first": {"options": ["yes", "yes_bit_of_no", "no"], "mode": "poll",
                                "counts": run["counts"], "total": run["total"],
                                "result": {"winners": ["yes"], "minority": ["no"],
                                           "tie": False}, "note": "Eerst de ruzie"},
                      "insights": list(insights),
                      "again": {"options": ["yes", "yes_bit_of_no", "no"], "mode": "poll",
                                "counts": state["again"]["counts"],
                                "total": state["again"]["total"], "answered": again_answered,
                                "result": state["again"]["result"],
                                "closed": phase == step5.DECIDED}}}


def test_the_record_keeps_both_runs_and_the_insights_and_says_the_heat_stays_in_the_room():
    section = summary.step5_section(record())

    assert section["data"]["first"]["counts"] == {"yes": 3, "yes_bit_of_no": 0, "no": 2}
    assert section["data"]["again"]["counts"] == {"yes": 5, "yes_bit_of_no": 0, "no": 0}
    assert section["data"]["insights"] == ["Dat wachten ook iets kost"]
    labels = [b.get("label") for b in section["blocks"]]
    assert labels.count("votes") == 2 and "heat_off_record" in labels and "insights" in labels


def test_a_vote_put_again_below_k_or_still_open_writes_down_no_counts():
    below = summary.step5_section(record(again_answered=2))
    open_ = summary.step5_section(record(phase=step5.VOTE))

    assert below["data"]["again"]["counts"] is None
    assert open_["data"]["again"] == {"closed": False, "counts": None, "majority": None,
                                      "tie": False}
    assert "vote_open" in [b.get("label") for b in open_["blocks"]]
