"""The rules of the discussion on feet: batches, one place per phone, limits, the board."""
import random
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation import feet
from facilitation.errors import EmptyText, RoundNotOpen, TextTooLong, TooManyTexts
from facilitation.kinds import KINDS, default_prompt

phones = st.sampled_from([f"phone{i}" for i in range(8)])
statements = st.sampled_from([f"s{i}" for i in range(5)])
moves = st.lists(st.tuples(phones, st.one_of(st.none(), statements)), max_size=60)


def test_the_kind_is_off_the_record_with_a_default_topic_in_both_languages():
    assert KINDS["feet"].off_record and not KINDS["checkin"].off_record
    assert default_prompt("feet", "nl") and default_prompt("feet", "en")


def test_a_statement_is_cleaned_and_refused_when_too_long_or_empty():
    assert feet.check_statement("open", "  Het SLA meet het verkeerde  ", 0, 0) == \
        "Het SLA meet het verkeerde"
    with pytest.raises(TextTooLong) as refused:
        feet.check_statement("open", "x" * (feet.STATEMENT_LIMIT + 1), 0, 0)
    assert refused.value.limit == feet.STATEMENT_LIMIT
    with pytest.raises(EmptyText):
        feet.check_statement("open", "   ", 0, 0)
    with pytest.raises(EmptyText):
        feet.check_statement("open", None, 0, 0)


def test_a_phone_posts_at_most_its_share_and_the_wall_has_an_end():
    with pytest.raises(TooManyTexts):
        feet.check_statement("open", "Nog een", feet.STATEMENTS_PER_PHONE, 0)
    with pytest.raises(feet.WallFull):
        feet.check_statement("open", "Nog een", 0, feet.MAX_STATEMENTS)


def test_nothing_is_said_or_stood_with_once_the_round_is_closed():
    with pytest.raises(RoundNotOpen):
        feet.check_statement("closed", "Te laat", 0, 0)
    with pytest.raises(RoundNotOpen):
        feet.check_stand("closed", None, [])


def test_a_batch_goes_out_once_three_wait_or_once_it_is_old_enough_never_empty():
    assert not feet.batch_due(0, 1000)
    assert not feet.batch_due(2, 1)
    assert feet.batch_due(3, 0)
    assert feet.batch_due(1, feet.BATCH_SECONDS)


@given(st.integers(0, 50), st.floats(0, 100))
def test_a_batch_is_due_exactly_when_something_waits_and_size_or_age_says_so(waiting, age):
    due = feet.batch_due(waiting, age)

    assert due == (waiting > 0 and (waiting >= feet.BATCH_SIZE or age >= feet.BATCH_SECONDS))


@given(st.lists(st.text(min_size=1, max_size=5), unique=True, max_size=12), st.integers())
def test_a_batch_shows_every_waiting_statement_once(texts, seed):
    waiting = [{"id": t, "text": t} for t in texts]

    shown = feet.batch(waiting, random.Random(seed))

    assert sorted(s["id"] for s in shown) == sorted(texts)


def test_a_batch_is_not_always_in_the_order_it_was_sent():
    waiting = [{"id": str(i), "text": str(i)} for i in range(6)]

    orders = {tuple(s["id"] for s in feet.batch(waiting, random.Random(seed)))
              for seed in range(20)}

    assert len(orders) > 1


@given(moves)
def test_a_phone_stands_in_at_most_one_place_and_its_last_move_decides(steps):
    places: dict[str, str] = {}
    last: dict[str, str | None] = {}
    for phone, statement in steps:
        places = feet.stand(places, phone, statement)
        last[phone] = statement

    counted = feet.counts(places, [f"s{i}" for i in range(5)])
    assert sum(counted.values()) == len(places) == sum(1 for s in last.values() if s)
    for phone, statement in last.items():
        assert places.get(phone) == statement


def test_moving_leaves_the_first_statement_and_stepping_away_leaves_any():
    places = feet.stand({}, "a", "s1")
    places = feet.stand(places, "b", "s1")
    places = feet.stand(places, "a", "s2")

    assert feet.counts(places, ["s1", "s2"]) == {"s1": 1, "s2": 1}
    assert feet.counts(feet.stand(places, "b", None), ["s1", "s2"]) == {"s1": 0, "s2": 1}


def test_standing_with_a_statement_not_on_the_wall_is_refused():
    with pytest.raises(feet.UnknownStatement):
        feet.check_stand("open", "waiting", ["s1"])
    assert feet.check_stand("open", None, ["s1"]) is None


@given(st.lists(statements, unique=True), st.dictionaries(statements, st.integers(0, 9)),
       st.one_of(st.none(), statements))
def test_the_board_shows_the_wall_in_order_with_counts_and_no_more(wall, standing, pulse):
    shown = [{"id": s, "text": s.upper()} for s in wall]

    board = feet.board(shown, standing, pulse)

    assert [s["id"] for s in board["statements"]] == wall
    assert all(set(s) == {"id", "text", "count"} for s in board["statements"])
    assert all(s["count"] == standing.get(s["id"], 0) for s in board["statements"])
    assert board["standing"] == sum(standing.get(s, 0) for s in wall)
    assert board["pulse"] == (pulse if pulse in wall else None)


def test_a_statement_with_a_side_keeps_it_on_the_board():
    board = feet.board([{"id": "a", "text": "A", "side": "for"}], {}, None)

    assert board["statements"][0]["side"] == "for"


def test_the_record_says_how_long_in_whole_minutes():
    start = datetime(2026, 11, 25, 21, 0)

    assert feet.minutes(start, start + timedelta(minutes=12, seconds=20)) == 12
    assert feet.minutes(start, start + timedelta(seconds=5)) == 1
    assert feet.minutes(start, None) is None
