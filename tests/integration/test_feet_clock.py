"""The discussion on feet's own clock, running as it does on a server: the wall fills and the
bubbles move by themselves, in steps, and the clock stops when the round ends."""
import time

import pytest

from app.services import feet as feet_service
from tests.conftest import TestConfig, last
from tests.integration.test_checkin import eid
from tests.integration.test_feet import STATEMENTS, open_feet, say, stand


@pytest.fixture
def config(tmp_path):
    return type("Config", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "FEET_TICK_SECONDS": 0.2,
    })


def wait_for(check, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    return None


def test_the_wall_fills_and_the_bubbles_move_on_the_rounds_own_clock(app, console, phone_factory):
    phones = [phone_factory(name) for name in ("Anna", "Bram", "Chris")]
    round_id = open_feet(console)
    for phone, text in zip(phones, STATEMENTS):
        assert say(phone, round_id, text)["ok"]

    board = wait_for(lambda: last(phones[2].socket, "feet:board"))
    assert board and len(board["statements"]) == 3
    assert stand(phones[0], round_id, board["statements"][0]["id"])["ok"]
    moved = wait_for(lambda: (last(console, "feet:board") or {}).get("standing") == 1)
    assert moved

    console.emit("round:close", {"id": eid("close"), "round": round_id}, callback=True)
    assert wait_for(lambda: round_id not in feet_service._clocks)
