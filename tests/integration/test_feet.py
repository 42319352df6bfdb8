"""The discussion on feet over real sockets, off the record: statements appear in shuffled
batches on the round's clock, never when sent; each phone stands with one statement at a
time; the bubbles move in steps; the facilitator's events are refused to phones; when it
ends nothing of it is anywhere (database files read as raw bytes, log, every export)."""
from __future__ import annotations

import logging

import jsonschema
import pytest

from app.extensions import db
from app.models import Round
from app.services import feet as feet_service
from app.store.off_record import off_record
from tests.conftest import TestConfig, last
from tests.integration.test_checkin import eid, open_round, receipt
from tests.integration.test_summary import SCHEMA, pdf_text

STATEMENTS = ["Wij leveren te laat omdat de specificaties schuiven",
              "Het SLA meet de verkeerde dingen",
              "Niemand durft te zeggen dat het budget op is",
              "We praten over elkaar in plaats van met elkaar",
              "Eigenlijk vertrouwen we elkaar wel"]


@pytest.fixture
def config(tmp_path):
    # No clock of its own: the tests step it by hand (`step`), so nothing depends on timing.
    return type("Config", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "FEET_TICK_SECONDS": 0,
    })


@pytest.fixture
def five(phone_factory):
    return [phone_factory(name) for name in ("Anna", "Bram", "Chris", "Dana", "Eli")]


def open_feet(console, topic="Hoe staan we ervoor met dit account?"):
    return open_round(console, "feet", topic)


def say(phone, round_id, text, key=None):
    return phone.send("feet:say", {"id": eid("say"), "round": round_id,
                                   "receipt": key or receipt(), "text": text})


def stand(phone, round_id, statement):
    return phone.send("feet:stand", {"id": eid("stand"), "round": round_id,
                                     "statement": statement})


def step(app, code, round_id, **kwargs):
    """One step of the round's clock, as its background task takes it."""
    with app.app_context():
        return feet_service.tick(code, round_id, **kwargs)


def board_of(socket):
    return last(socket, "feet:board")


def on_wall(app, code, console, five, round_id, texts=STATEMENTS):
    for phone, text in zip(five, texts):
        assert say(phone, round_id, text)["ok"]
    step(app, code, round_id, force=True)
    return {s["text"]: s["id"] for s in board_of(console)["statements"]}


def test_the_round_opens_off_the_record_on_its_topic(app, console, five):
    round_id = open_feet(console, "Waar staan we?")

    view = last(five[0].socket, "round:changed")
    assert (view["kind"], view["prompt"], view["status"], view["off_record"]) == (
        "feet", "Waar staan we?", "open", True)
    assert view["feet"]["statements"] == []
    with app.app_context():
        assert db.session.get(Round, round_id).off_record is True


def test_a_statement_appears_with_a_batch_not_the_moment_it_is_sent(app, code, console, five):
    round_id = open_feet(console)
    console.get_received()
    for phone in five:
        phone.socket.get_received()

    assert say(five[0], round_id, STATEMENTS[0])["ok"]
    assert say(five[1], round_id, STATEMENTS[1])["ok"]

    assert board_of(console) is None and board_of(five[2].socket) is None
    step(app, code, round_id, now=0)  # too few waiting, too soon: nothing yet
    assert board_of(console) is None
    assert say(five[2], round_id, STATEMENTS[2])["ok"]
    assert board_of(console) is None  # three waiting: they go at the next step, not now
    step(app, code, round_id)
    board = board_of(five[4].socket)
    assert sorted(s["text"] for s in board["statements"]) == sorted(STATEMENTS[:3])
    assert all(set(s) == {"id", "text", "count"} for s in board["statements"])


def test_a_lone_statement_goes_out_once_the_batch_is_old_enough(app, code, console, five):
    round_id = open_feet(console)
    with app.app_context():
        started = off_record().get(round_id, "batched_at")
    say(five[0], round_id, STATEMENTS[0])

    step(app, code, round_id, now=started + 1)
    assert board_of(console) is None or not board_of(console)["statements"]
    step(app, code, round_id, now=started + 60)

    assert [s["text"] for s in board_of(console)["statements"]] == [STATEMENTS[0]]


def test_a_statement_too_long_is_refused_clearly_and_nothing_is_kept(app, code, console, five):
    round_id = open_feet(console)

    refused = say(five[0], round_id, "x" * 141)
    empty = say(five[0], round_id, "   ")

    assert not refused["ok"] and refused["error"] == "text_too_long"
    assert "140" in refused["message"]
    assert not empty["ok"] and empty["error"] == "empty_text"
    step(app, code, round_id, force=True)
    assert not (board_of(console) or {"statements": []})["statements"]


def test_a_retry_with_the_same_receipt_is_one_statement(app, code, console, five):
    round_id = open_feet(console)
    key = receipt()

    first, again = say(five[0], round_id, "Eén keer", key), say(five[0], round_id, "Eén keer", key)
    step(app, code, round_id, force=True)

    assert first["statement"] == again["statement"]
    assert [s["text"] for s in board_of(console)["statements"]] == ["Eén keer"]


def test_one_phone_may_post_only_so_many_statements(app, code, console, five):
    round_id = open_feet(console)
    for n in range(5):
        assert say(five[0], round_id, f"Punt {n}")["ok"]

    refused = say(five[0], round_id, "Nog een")

    assert not refused["ok"] and refused["error"] == "too_many_texts"


def test_each_phone_stands_with_one_statement_and_moving_leaves_the_first(
        app, code, console, five):
    round_id = open_feet(console)
    ids = on_wall(app, code, console, five, round_id)
    first, second = ids[STATEMENTS[0]], ids[STATEMENTS[1]]

    for phone in five[:3]:
        assert stand(phone, round_id, first)["standing"] == first
    assert stand(five[3], round_id, second)["ok"]
    assert stand(five[0], round_id, second)["ok"]  # moves: leaves the first
    assert stand(five[1], round_id, None)["ok"]  # steps away
    assert stand(five[1], round_id, None)["ok"]  # twice away is away
    step(app, code, round_id)

    counts = {s["id"]: s["count"] for s in board_of(five[4].socket)["statements"]}
    assert counts[first] == 1 and counts[second] == 2
    assert board_of(console)["standing"] == 3


def test_the_bubbles_move_with_the_clock_not_with_a_tap(app, code, console, five):
    round_id = open_feet(console)
    ids = on_wall(app, code, console, five, round_id)
    console.get_received()
    five[4].socket.get_received()

    stand(five[0], round_id, ids[STATEMENTS[0]])

    assert board_of(console) is None and board_of(five[4].socket) is None
    step(app, code, round_id)
    assert board_of(console)["standing"] == 1
    step(app, code, round_id)
    assert board_of(console) is None  # nothing changed: nothing sent


def test_standing_with_a_statement_not_on_the_wall_is_refused(app, code, console, five):
    round_id = open_feet(console)
    say(five[0], round_id, STATEMENTS[0])

    waiting = stand(five[1], round_id, "not-a-statement")

    assert not waiting["ok"] and waiting["error"] == "unknown_statement"


def test_who_shares_a_bit_of_this_pulses_on_every_screen(app, code, console, five):
    round_id = open_feet(console)
    ids = on_wall(app, code, console, five, round_id)

    ack = console.emit("feet:pulse", {"id": eid("pulse"), "round": round_id,
                                      "statement": ids[STATEMENTS[2]]}, callback=True)
    step(app, code, round_id)

    assert ack == {"ok": True}
    assert board_of(five[0].socket)["pulse"] == ids[STATEMENTS[2]]


@pytest.mark.parametrize("event", ["feet:pulse", "round:close"])
def test_a_phone_cannot_send_the_facilitators_events(app, code, console, five, event):
    round_id = open_feet(console)
    ids = on_wall(app, code, console, five, round_id)

    refused = five[0].send(event, {"id": eid("x"), "round": round_id,
                                   "statement": ids[STATEMENTS[0]]})

    assert not refused["ok"] and refused["error"] == "not_allowed"
    step(app, code, round_id)
    with app.app_context():
        assert off_record().alive(round_id) and off_record().get(round_id, "pulse") is None


def test_the_round_has_no_reveal(app, code, console, five):
    round_id = open_feet(console)

    refused = console.emit("round:reveal", {"id": eid("r"), "round": round_id, "confirm": True},
                           callback=True)

    assert not refused["ok"] and refused["error"] == "wrong_step"


def test_ending_the_round_forgets_everything_said(app, code, console, five):
    round_id = open_feet(console)
    on_wall(app, code, console, five, round_id)

    ack = console.emit("round:close", {"id": eid("close"), "round": round_id}, callback=True)

    assert ack["ok"]
    view = last(five[0].socket, "round:changed")
    assert view["status"] == "closed" and "feet" not in view
    with app.app_context():
        assert not off_record().alive(round_id)
        assert off_record().shown(round_id) == []
    late = say(five[0], round_id, "Te laat")
    assert not late["ok"] and late["error"] == "round_not_open"


def test_opening_another_round_ends_the_discussion_on_feet(app, code, console, five):
    round_id = open_feet(console)
    on_wall(app, code, console, five, round_id)

    open_round(console, "weather")

    with app.app_context():
        assert not off_record().alive(round_id)
        assert db.session.get(Round, round_id).status == "closed"


def test_a_restart_ends_it_and_the_console_says_nothing_was_kept(
        app, code, facilitator, console, five):
    round_id = open_feet(console)
    on_wall(app, code, console, five, round_id)

    with app.app_context():
        off_record().clear(round_id)  # what a restart does to a store in memory
    console.emit("session:resync", {"id": eid("resync")})

    state = last(console, "session:state")
    assert state["round"]["status"] == "closed" and state["round"]["ended_by_restart"]
    assert "feet" not in state["round"]
    open_round(console, "weather")  # the facilitator moves on
    section = facilitator.get(f"/console/{code}/summary.json").get_json()["sections"][0]
    assert section["data"]["minutes"] is None  # how long it lasted was lost with it


def test_the_summary_says_only_that_it_took_place_on_which_topic_and_how_long(
        app, code, facilitator, console, five):
    round_id = open_feet(console, "Hoe staan we ervoor?")
    on_wall(app, code, console, five, round_id)
    console.emit("round:close", {"id": eid("close"), "round": round_id}, callback=True)

    summary = facilitator.get(f"/console/{code}/summary.json").get_json()

    jsonschema.validate(summary, SCHEMA)
    section = summary["sections"][0]
    assert section["kind"] == "feet" and section["data"] == {"topic": "Hoe staan we ervoor?",
                                                             "minutes": 1}
    page = facilitator.get(f"/console/{code}/summary").get_data(as_text=True)
    assert "Hoe staan we ervoor?" in page and "1 min" in page


# --- nothing of it anywhere ---------------------------------------------------------------------

def database_bytes(app) -> bytes:
    """The database file and its WAL and journal, as raw bytes."""
    with app.app_context():
        path = db.engine.url.database
        db.session.remove()
    found = b""
    for suffix in ("", "-wal", "-journal", "-shm"):
        try:
            with open(path + suffix, "rb") as file:
                found += file.read()
        except FileNotFoundError:
            pass
    return found


def exports(facilitator, code, tmp_path) -> dict[str, str]:
    pdf = facilitator.get(f"/console/{code}/summary.pdf")
    assert pdf.status_code == 200
    (tmp_path / "summary.pdf").write_bytes(pdf.data)
    return {
        "md": facilitator.get(f"/console/{code}/summary.md").get_data(as_text=True),
        "json": facilitator.get(f"/console/{code}/summary.json").get_data(as_text=True),
        "page": facilitator.get(f"/console/{code}/summary").get_data(as_text=True),
        "pdf": pdf_text(tmp_path / "summary.pdf"),
    }


def test_after_the_round_nothing_said_is_in_the_database_the_log_or_any_export(
        app, code, facilitator, console, five, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    round_id = open_feet(console, "Het onderwerp")
    ids = on_wall(app, code, console, five, round_id)
    for phone, text in zip(five, [STATEMENTS[0], STATEMENTS[0], STATEMENTS[1], STATEMENTS[4],
                                  STATEMENTS[2]]):
        assert stand(phone, round_id, ids[text])["ok"]
    stand(five[0], round_id, ids[STATEMENTS[3]])
    step(app, code, round_id)
    assert len(board_of(console)["statements"]) == 5  # it was all there, live

    console.emit("round:close", {"id": eid("close"), "round": round_id}, callback=True)
    console.emit("session:close", {"id": eid("end")}, callback=True)

    raw = database_bytes(app)
    written = exports(facilitator, code, tmp_path)
    assert "Het onderwerp" in written["md"] and "Het onderwerp" in written["pdf"]
    assert b"Het onderwerp" in raw  # the topic is kept, and the bytes are readable
    for text in STATEMENTS:
        for word in (text, text[:24]):
            assert word.encode() not in raw, word
            assert word not in caplog.text
            for name, content in written.items():
                assert word not in content, (name, word)
    for statement_id in ids.values():
        assert statement_id.encode() not in raw
