"""Counts and the attendance list are coalesced: a burst (a room of phones answering or
joining at once) sends a few broadcasts a second instead of one per phone, and the last
one always carries the final figures."""
import time

import pytest

from tests.conftest import last
from tests.integration.test_checkin import add, open_checkin


@pytest.fixture
def config(config):
    return type("Config", (config,), {"BROADCAST_INTERVAL": 0.2})


def test_a_burst_of_answers_sends_few_counts_and_the_last_are_the_final_ones(console,
                                                                             phone_factory):
    phones = [phone_factory(name) for name in ("Anna", "Bram", "Chris")]
    round_id = open_checkin(console)
    console.get_received()

    for i in range(6):
        assert add(phones[i % 3], round_id, f"antwoord {i}")["ok"]
    at_once = [e for e in console.get_received() if e["name"] == "round:counted"]
    time.sleep(0.6)

    assert len(at_once) <= 1
    counted = last(console, "round:counted")
    assert (counted["answered"], counted["joined"], counted["contributions"]) == (3, 3, 6)
    assert phones[0].received("round:counted") == []


def test_a_burst_of_joins_ends_with_everyone_on_the_attendance_list(console, phone_factory):
    for name in ("Anna", "Bram", "Chris", "Dirk"):
        phone_factory(name)
    time.sleep(0.6)

    presence = last(console, "presence:changed")
    assert presence["connected"] == 4 and presence["joined"] == 4
    assert [p["name"] for p in presence["attendance"]] == ["Anna", "Bram", "Chris", "Dirk"]


def test_phones_reconnecting_at_once_share_one_snapshot_until_a_change(app, console,
                                                                       phone_factory,
                                                                       monkeypatch):
    from app import broadcast

    app.config["BROADCAST_INTERVAL"] = 1.0  # the three joins fall well within it

    built = []
    state_for = broadcast.state_for
    monkeypatch.setattr(broadcast, "state_for",
                        lambda session, audience: built.append(audience) or
                        state_for(session, audience))
    first = [phone_factory(name) for name in ("Anna", "Bram", "Chris")]
    round_id = open_checkin(console)
    later = phone_factory("Dirk")

    assert built.count("participant") == 2  # one snapshot for the first three, one after
    assert [s["round"] for s in first[0].received("session:state")] == [None]
    assert later.received("session:state")[-1]["round"]["id"] == round_id


def test_phones_hear_how_many_voted_once_after_a_burst_not_at_its_first_vote(console,
                                                                            phone_factory):
    from app import broadcast
    from tests.integration.test_poll import Voter, start

    voters = [Voter(phone_factory(name)) for name in ("Anna", "Bram", "Chris", "Dirk")]
    round_id = start(console)
    for voter in voters:
        voter.phone.received()

    for voter, choice in zip(voters, ("yes", "no", "yes", "yes")):
        assert voter.answer(round_id, choice)["ok"]
    at_once = voters[0].phone.received("round:tallied")
    time.sleep(0.2 * broadcast.PHONE_TALLY_SLOWER + 0.5)
    after = voters[0].phone.received("round:tallied")

    assert at_once == []
    assert len(after) == 1 and after[0]["poll"]["current"]["answered"] == 4
    assert last(console, "round:tallied")["poll"]["current"]["answered"] == 4


def test_the_console_hears_a_bursts_count_after_its_answers_not_at_the_first(console,
                                                                           phone_factory):
    """The count for console and projector was computed at a burst's first answer, while
    the rest of the room waited for their acknowledgements behind it; it now goes out one
    interval (here 0.2 s) after the first answer, carrying every answer up to then."""
    phones = [phone_factory(name) for name in ("Anna", "Bram")]
    round_id = open_checkin(console)
    console.get_received()

    assert add(phones[0], round_id, "eerste")["ok"]
    assert add(phones[1], round_id, "tweede")["ok"]
    at_once = [e for e in console.get_received() if e["name"] == "round:counted"]
    time.sleep(0.5)

    assert at_once == []
    counted = last(console, "round:counted")
    assert (counted["answered"], counted["contributions"]) == (2, 2)
