"""Running a round over real sockets: the facilitator's timer (every screen gets the same
deadline; at zero the round moves on only if the facilitator chose it), "I'm done" (a count
for the console only, nothing on disk) and hiding a contribution from beamer and phones."""
import json
import time

import jsonschema
import pytest
from sqlalchemy import text

from app.extensions import db, socketio
from app.services import timer as timer_service
from tests.conftest import ROOT, last
from tests.integration.test_checkin import add, eid, open_checkin, three  # noqa: F401

SCHEMA = json.loads((ROOT / "docs" / "summary.schema.json").read_text())


@pytest.fixture
def projector(app, facilitator, code):
    socket = socketio.test_client(app, flask_test_client=facilitator,
                                  auth={"code": code, "role": "projector"})
    yield socket
    if socket.is_connected():
        socket.disconnect()


def send(socket, event, **payload):
    return socket.emit(event, {"id": eid(event.replace(":", "-")), **payload}, callback=True)


def reveal(console, round_id):
    return send(console, "round:reveal", round=round_id)


# --- the timer -------------------------------------------------------------------------------

def test_starting_a_timer_gives_every_screen_the_same_deadline(console, projector, three):
    round_id = open_checkin(console)
    before = time.time()

    ack = send(console, "timer:start", round=round_id, minutes=5, close_at_zero=False)

    assert ack["ok"]
    shown = [last(console, "round:changed")["timer"], last(projector, "round:changed")["timer"],
             three[0].received("round:changed")[-1]["timer"]]
    assert len({t["deadline"] for t in shown}) == 1
    assert before + 300 <= shown[0]["deadline"] <= time.time() + 300
    assert all(t["running"] and not t["expired"] for t in shown)


def test_a_reconnected_phone_gets_the_running_timer_back(app, console, three):
    round_id = open_checkin(console)
    send(console, "timer:start", round=round_id, minutes=3, close_at_zero=False)

    three[0].socket.disconnect()
    three[0].socket.connect(auth={"code": console_code(console), "role": "participant"})

    state = three[0].received("session:state")[-1]
    assert state["round"]["timer"]["running"] and 170 < state["round"]["timer"]["left"] <= 180


def console_code(console):
    return last_state(console)["session"]["code"]


def last_state(socket):
    socket.emit("session:resync", {})
    return last(socket, "session:state")


def test_pause_resume_and_a_minute_more(console, three):
    round_id = open_checkin(console)
    send(console, "timer:start", round=round_id, minutes=2, close_at_zero=False)

    assert send(console, "timer:pause", round=round_id)["ok"]
    paused = last(console, "round:changed")["timer"]
    assert send(console, "timer:add_minute", round=round_id)["ok"]
    longer = last(console, "round:changed")["timer"]
    assert send(console, "timer:resume", round=round_id)["ok"]
    running = last(console, "round:changed")["timer"]
    assert send(console, "timer:reset", round=round_id)["ok"]

    assert not paused["running"] and 119 < paused["left"] <= 120
    assert not longer["running"] and 179 < longer["left"] <= 180
    assert running["running"] and 179 < running["deadline"] - time.time() <= 180
    assert last(console, "round:changed")["timer"] is None


@pytest.mark.parametrize("minutes", [0, 121, 2.5, "5", True, None])
def test_a_timer_outside_1_to_120_whole_minutes_is_refused(console, minutes):
    round_id = open_checkin(console)

    ack = send(console, "timer:start", round=round_id, minutes=minutes)

    assert not ack["ok"] and ack["error"] == "bad_timer" and "120" in ack["message"]


@pytest.mark.parametrize("event", ["timer:start", "timer:add_minute", "timer:pause",
                                   "timer:resume", "timer:reset", "contribution:hide"])
def test_a_participant_cannot_run_the_timer_or_hide(console, three, event):
    round_id = open_checkin(console)
    send(console, "timer:start", round=round_id, minutes=2)

    ack = send(three[0].socket, event, round=round_id, minutes=5, contribution="x",
               hidden=True)

    assert not ack["ok"] and ack["error"] == "not_allowed"
    assert last_state(console)["round"]["timer"]["left"] > 100


def test_at_zero_the_timer_says_time_is_up_and_leaves_the_round_open(app, console, three):
    round_id = open_checkin(console)
    send(console, "timer:start", round=round_id, minutes=1, close_at_zero=False)
    for phone, words in zip(three, ["Moe", "Blij", "Nieuwsgierig"]):
        add(phone, round_id, words)

    with app.test_request_context():
        assert timer_service.at_deadline(round_id, now=time.time() + 61)

    view = last(console, "round:changed")
    assert view["status"] == "open" and view["timer"]["expired"]
    assert three[0].received("round:changed")[-1]["timer"]["expired"]


def test_at_zero_the_round_is_revealed_if_the_facilitator_chose_it(app, console, three):
    round_id = open_checkin(console)
    send(console, "timer:start", round=round_id, minutes=1, close_at_zero=True)
    for phone, words in zip(three, ["Moe", "Blij", "Nieuwsgierig"]):
        add(phone, round_id, words)

    with app.test_request_context():
        assert not timer_service.at_deadline(round_id, now=time.time() + 30)  # not yet
        assert timer_service.at_deadline(round_id, now=time.time() + 61)

    view = three[0].received("round:changed")[-1]
    assert view["status"] == "revealed" and view["timer"]["expired"]
    assert sorted(c["text"] for c in view["contributions"]) == ["Blij", "Moe", "Nieuwsgierig"]


def test_at_zero_below_k_the_round_stays_open_as_the_facilitator_would_be_asked(app, console,
                                                                                three):
    round_id = open_checkin(console)
    send(console, "timer:start", round=round_id, minutes=1, close_at_zero=True)
    add(three[0], round_id, "Moe")

    with app.test_request_context():
        assert timer_service.at_deadline(round_id, now=time.time() + 61)

    view = last(console, "round:changed")
    assert view["status"] == "open" and view["timer"]["expired"]


def test_a_deadline_that_passed_while_the_server_was_down_is_applied_on_start(
        app, console, three):
    round_id = open_checkin(console)
    send(console, "timer:start", round=round_id, minutes=1, close_at_zero=True)
    for phone, words in zip(three, ["Moe", "Blij", "Nieuwsgierig"]):
        add(phone, round_id, words)
    with app.app_context():  # the deadline passed while nobody ran the server
        row = db.session.execute(text("SELECT state FROM round WHERE id = :id"),
                                 {"id": round_id}).scalar()
        state = json.loads(row) if isinstance(row, str) else row
        state["timer"]["deadline"] = time.time() - 5
        db.session.execute(text("UPDATE round SET state = :s WHERE id = :id"),
                           {"s": json.dumps(state), "id": round_id})
        db.session.commit()
    app.extensions.pop("timers_awake", None)  # a new process

    three[1].socket.disconnect()
    three[1].socket.connect(auth={"code": console_code(console), "role": "participant"})

    view = three[1].received("session:state")[-1]["round"]
    assert view["status"] == "revealed" and view["timer"]["expired"]


# --- "I'm done" ------------------------------------------------------------------------------

def test_the_console_alone_hears_how_many_are_done(console, projector, three):
    round_id = open_checkin(console)
    console.get_received()
    projector.get_received()

    assert send(three[0].socket, "round:done", round=round_id, done=True)["done"] is True
    assert send(three[1].socket, "round:done", round=round_id, done=True)["ok"]
    assert send(three[1].socket, "round:done", round=round_id, done=True)["ok"]  # again

    assert last(console, "round:done_counted") == {"round": round_id, "done": 2, "joined": 3}
    assert not [e for e in projector.get_received() if "done" in e["name"]]
    assert not [e for e in three[2].socket.get_received() if "done" in e["name"]]


def test_a_phone_takes_back_its_done(console, three):
    round_id = open_checkin(console)
    send(three[0].socket, "round:done", round=round_id, done=True)

    send(three[0].socket, "round:done", round=round_id, done=False)

    assert last(console, "round:done_counted")["done"] == 0
    assert last_state(console)["done"] == {"round": round_id, "done": 0, "joined": 3}


def test_who_is_done_is_written_nowhere_on_disk(app, console, three):
    round_id = open_checkin(console)
    tables = ("handled_event", "roll_proof", "contribution", "ballot", "round")

    def on_disk():
        with app.app_context():
            return [db.session.execute(text(f"SELECT * FROM {table}")).all()
                    for table in tables]
    before = on_disk()

    send(three[0].socket, "round:done", round=round_id, done=True)
    send(three[1].socket, "round:done", round=round_id, done=True)

    assert on_disk() == before


def test_a_phone_says_it_is_done_again_after_the_server_forgot(app, console, three):
    round_id = open_checkin(console)
    send(three[0].socket, "round:done", round=round_id, done=True)
    app.extensions["done"].forget(round_id)  # a restart

    three[0].socket.disconnect()
    three[0].socket.connect(auth={"code": console_code(console), "role": "participant",
                                  "done": [round_id]})

    assert last(console, "round:done_counted")["done"] == 1


def test_done_must_be_true_or_false(console, three):
    round_id = open_checkin(console)

    ack = send(three[0].socket, "round:done", round=round_id, done="yes")

    assert not ack["ok"] and ack["error"] == "malformed"


# --- hidden from the screens -----------------------------------------------------------------

SAID = ["Moe", "Jan de Vries is een sukkel", "Nieuwsgierig"]


@pytest.fixture
def revealed(console, three):
    round_id = open_checkin(console)
    for phone, words in zip(three, SAID):
        add(phone, round_id, words)
    reveal(console, round_id)
    ids = {c["text"]: c["id"] for c in last(console, "round:changed")["contributions"]}
    return round_id, ids


def test_a_hidden_text_reaches_neither_projector_nor_phones(console, projector, three,
                                                           revealed):
    round_id, ids = revealed
    projector.get_received()
    three[0].socket.get_received()

    ack = send(console, "contribution:hide", round=round_id, contribution=ids[SAID[1]],
               hidden=True)

    assert ack["ok"]
    for payload in (last(projector, "round:changed"), three[0].received("round:changed")[-1],
                    last_state(projector), last_state(three[2].socket)):
        assert SAID[1] not in json.dumps(payload)
        assert "Moe" in json.dumps(payload)
    console_view = last(console, "round:changed")
    assert {"id": ids[SAID[1]], "text": SAID[1], "hidden": True} in console_view["hideable"]
    assert [c for c in console_view["contributions"] if c.get("hidden")] == [
        {"id": ids[SAID[1]], "text": SAID[1], "hidden": True}]


def test_an_unhidden_text_comes_back(console, projector, revealed):
    round_id, ids = revealed
    send(console, "contribution:hide", round=round_id, contribution=ids[SAID[1]], hidden=True)

    send(console, "contribution:hide", round=round_id, contribution=ids[SAID[1]], hidden=False)

    assert SAID[1] in json.dumps(last(projector, "round:changed"))


def test_only_a_contribution_of_the_round_can_be_hidden(console, revealed):
    round_id, _ = revealed

    ack = send(console, "contribution:hide", round=round_id, contribution="not-one",
               hidden=True)

    assert not ack["ok"] and ack["error"] == "unknown_contribution"


def test_the_exports_leave_hidden_texts_out_and_say_how_many(facilitator, console, code,
                                                             revealed):
    round_id, ids = revealed
    send(console, "contribution:hide", round=round_id, contribution=ids[SAID[1]], hidden=True)

    summary = facilitator.get(f"/console/{code}/summary.json").get_json()
    exports = [facilitator.get(f"/console/{code}/summary{suffix}").get_data(as_text=True)
               for suffix in ("", ".md", ".json")]

    jsonschema.validate(summary, SCHEMA)
    assert summary["sections"][0]["hidden"] == 1
    for exported in exports:
        assert SAID[1] not in exported and "Moe" in exported
    assert "voor de schermen verborg" in exports[1]


def test_a_hidden_weather_word_reaches_neither_projector_nor_phones(console, projector, three):
    from tests.integration.test_weather import open_weather, tap, word
    round_id = open_weather(console)
    for phone, weather, words in zip(three, ["sunny", "rain", "storm"],
                                     ["Fris", "Jan is een eikel", "Moe"]):
        tap(phone, round_id, weather)
        word(phone, round_id, words)
    reveal(console, round_id)
    ids = {w["text"]: w["id"] for w in last(console, "round:changed")["weather"]["words"]}

    send(console, "contribution:hide", round=round_id, contribution=ids["Jan is een eikel"],
         hidden=True)

    for payload in (last(projector, "round:changed"), last_state(three[0].socket)):
        assert "Jan is een eikel" not in json.dumps(payload) and "Fris" in json.dumps(payload)
    assert {"id": ids["Jan is een eikel"], "text": "Jan is een eikel", "hidden": True} in \
        last(console, "round:changed")["hideable"]
