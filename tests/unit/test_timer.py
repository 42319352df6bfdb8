"""The timer's rules and hiding's rules, as plain Python: time is passed in."""
import pytest

from facilitation import hiding, timer
from facilitation.errors import UnknownContribution, WrongStep
from facilitation.summary import build

NOW = 1_000_000.0


def test_a_timer_counts_down_from_its_deadline():
    running = timer.start(5, close_at_zero=False, now=NOW)

    assert running["deadline"] == NOW + 300
    assert timer.left(running, NOW + 100) == 200
    assert timer.left(running, NOW + 400) == 0


@pytest.mark.parametrize("minutes", [0, -1, 121, 1.5, "3", True, None])
def test_a_timer_needs_1_to_120_whole_minutes(minutes):
    with pytest.raises(timer.BadTimer):
        timer.start(minutes, close_at_zero=False, now=NOW)


def test_a_paused_timer_keeps_what_was_left_and_resumes_from_it():
    running = timer.start(2, close_at_zero=False, now=NOW)

    paused = timer.pause(running, now=NOW + 30)
    resumed = timer.resume(paused, now=NOW + 1000)

    assert not paused["running"] and timer.left(paused, NOW + 5000) == 90
    assert resumed["deadline"] == NOW + 1090


def test_a_minute_more_while_running_paused_or_run_out():
    running = timer.start(1, close_at_zero=False, now=NOW)

    assert timer.add_minute(running, now=NOW + 10)["deadline"] == NOW + 120
    assert timer.left(timer.add_minute(timer.pause(running, now=NOW + 10), now=NOW), NOW) == 110
    again = timer.add_minute(timer.expire(running), now=NOW + 500)
    assert again["running"] and not again["expired"] and again["deadline"] == NOW + 560


def test_pausing_needs_a_running_timer_and_resuming_a_paused_one():
    running = timer.start(1, close_at_zero=False, now=NOW)

    with pytest.raises(WrongStep):
        timer.pause(None, now=NOW)
    with pytest.raises(WrongStep):
        timer.resume(running, now=NOW)
    with pytest.raises(WrongStep):
        timer.pause(timer.pause(running, now=NOW), now=NOW)


def test_a_timer_is_due_once_at_zero_and_not_after_it_ran_out():
    running = timer.start(1, close_at_zero=True, now=NOW)

    assert not timer.due(running, NOW + 59)
    assert timer.due(running, NOW + 60)
    assert not timer.due(timer.expire(running), NOW + 60)
    assert not timer.due(timer.pause(running, now=NOW), NOW + 600)


@pytest.mark.parametrize("kind,status,expected", [
    ("checkin", "open", "reveal"), ("checkout", "open", "reveal"), ("topics", "open", "reveal"),
    ("weather", "open", "reveal"), ("poll", "open", "close_vote"),
    ("topics", "revealed", "close_vote"), ("checkin", "revealed", None),
    ("checkin", "closed", None)])
def test_at_zero_the_round_takes_the_facilitators_next_step(kind, status, expected):
    chosen = timer.start(1, close_at_zero=True, now=NOW)

    assert timer.at_zero(kind, status, chosen) == expected
    assert timer.at_zero(kind, status, {**chosen, "close_at_zero": False}) is None


def test_every_screen_is_told_the_deadline_and_the_servers_clock():
    shown = timer.view(timer.start(3, close_at_zero=False, now=NOW), NOW + 10)

    assert shown["deadline"] == NOW + 180 and shown["server_now"] == NOW + 10
    assert shown["left"] == 170 and timer.view(None, NOW) is None


def test_hiding_needs_a_contribution_of_the_round_and_can_be_undone():
    state = hiding.set_hidden({}, "a", True, known={"a", "b"})

    assert hiding.hidden(state) == {"a"}
    assert hiding.hidden(hiding.set_hidden(state, "a", False, known={"a", "b"})) == set()
    with pytest.raises(UnknownContribution):
        hiding.set_hidden(state, "z", True, known={"a", "b"})


def test_the_summary_leaves_hidden_texts_out_and_says_only_how_many():
    round_ = {"id": "r", "kind": "checkin", "position": 1, "prompt": "Hoe kom je binnen?",
              "status": "revealed", "state": {"hidden": ["b"]}, "k": 3,
              "contributions": {"checkin": [{"id": "a", "text": "Moe", "resonance": 0},
                                            {"id": "b", "text": "Een naam", "resonance": 0}]}}

    summary = build({"title": "T", "question": "Q", "language": "nl", "date": "2026-11-25",
                     "participants": 2}, [round_])

    section = summary["sections"][0]
    assert "Een naam" not in str(summary) and section["data"]["contributions"] == ["Moe"]
    assert section["hidden"] == 1 and section["blocks"][-1] == {
        "type": "paragraph", "label": "hidden", "text": "1"}
