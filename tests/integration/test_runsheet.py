"""The run sheet over real sockets: a template laid out, the next round started with one
event, items edited, moved and skipped; the facilitator's notes reach the console and
nowhere else (not the projector, not a phone, not an export); nobody else may touch it."""
import json

import pytest

from app.extensions import socketio
from tests.conftest import create_session, last, make_facilitator, sign_in
from tests.integration.test_checkin import eid

SECRET = "Geheim script: laat Bram als laatste"


def send(console, event, **payload):
    return console.emit(event, {"id": eid("rs"), **payload}, callback=True)


def sheet(console):
    console.get_received()
    console.emit("session:resync", {})
    return last(console, "session:state")["run_sheet"]


@pytest.fixture
def projector(app, facilitator, code):
    socket = socketio.test_client(app, flask_test_client=facilitator,
                                  auth={"code": code, "role": "projector"})
    yield socket
    socket.disconnect()


@pytest.fixture
def planned(console):
    """The "Client and supplier" template laid out, with a private note on its first round."""
    assert send(console, "runsheet:template", template="client_supplier")["ok"]
    items = last(console, "runsheet:changed")["items"]
    assert send(console, "runsheet:edit", item=items[0]["id"], note=SECRET)["ok"]
    return items


def test_the_client_and_supplier_template_lays_out_the_seed_session_in_dutch(console, planned):
    items = sheet(console)["items"]

    kinds = [i["kind"] for i in items]
    assert kinds[:2] == ["checkin", "topics"] and kinds[-2:] == ["poll", "checkout"]
    assert items[0]["prompt"].startswith("Hoe kom je binnen")
    assert [i["stage"] for i in items[:2]] == ["next", "planned"]


def test_starting_the_next_round_is_one_event_and_phones_get_its_prompt(console, planned,
                                                                         phone_factory):
    phone = phone_factory("Anna")
    phone.socket.get_received()

    ack = send(console, "runsheet:start", item=planned[0]["id"])

    assert ack["ok"]
    view = last(phone.socket, "round:changed")
    assert (view["id"], view["kind"], view["prompt"]) == (
        ack["round"], "checkin", planned[0]["prompt"])
    items = last(console, "runsheet:changed")["items"]
    assert [i["stage"] for i in items[:2]] == ["now", "next"]
    assert items[0]["round"] == ack["round"]


def test_a_poll_on_the_run_sheet_starts_with_its_proposal(console, planned, phone_factory):
    poll = next(i for i in planned if i["kind"] == "poll")
    phone = phone_factory()

    assert send(console, "runsheet:start", item=poll["id"])["ok"]

    view = last(phone.socket, "round:changed")
    assert view["kind"] == "poll" and view["prompt"] == poll["prompt"]


def test_the_private_note_reaches_neither_projector_nor_phones_nor_exports(
        app, facilitator, code, console, projector, phone_factory):
    phone = phone_factory("Anna")
    assert send(console, "runsheet:template", template="client_supplier")["ok"]
    items = last(console, "runsheet:changed")["items"]
    for item in items:
        assert send(console, "runsheet:edit", item=item["id"], note=SECRET)["ok"]
    assert send(console, "runsheet:start", item=items[0]["id"])["ok"]
    assert send(console, "runsheet:move", item=items[2]["id"], direction="up")["ok"]
    phone.send("session:resync", {})
    projector.emit("session:resync", {})

    assert SECRET in json.dumps(sheet(console))
    for socket in (phone.socket, projector):
        received = socket.get_received()
        assert received  # they did hear the round open
        assert all(e["name"] != "runsheet:changed" for e in received)
        assert SECRET not in json.dumps(received)
        assert "Geheim" not in json.dumps(received)
    for extension in ("md", "json"):
        response = facilitator.get(f"/console/{code}/summary.{extension}")
        assert response.status_code == 200
        assert "Geheim" not in response.get_data(as_text=True)
    assert "Geheim" not in facilitator.get(f"/console/{code}/summary").get_data(as_text=True)
    assert "Geheim" not in phone.http.get(f"/p/{code}").get_data(as_text=True)


def test_items_can_be_added_moved_skipped_and_edited(console, planned):
    last_id = planned[-1]["id"]
    ack = send(console, "runsheet:add", kind="weather", prompt="", minutes=5, note="Kort",
               after=planned[0]["id"])
    assert ack["ok"]
    assert send(console, "runsheet:move", item=ack["item"], direction="up")["ok"]
    assert send(console, "runsheet:skip", item=planned[1]["id"], skipped=True)["ok"]
    assert send(console, "runsheet:edit", item=last_id, prompt="Wat neem je mee?",
                minutes=7)["ok"]

    items = sheet(console)["items"]
    assert items[0]["kind"] == "weather" and items[0]["stage"] == "next"
    assert items[2]["stage"] == "skipped"
    assert (items[-1]["prompt"], items[-1]["minutes"]) == ("Wat neem je mee?", 7)
    assert send(console, "runsheet:remove", item=ack["item"])["ok"]
    assert len(sheet(console)["items"]) == len(planned)


@pytest.mark.parametrize("event, payload", [
    ("runsheet:add", {"kind": "nope"}),
    ("runsheet:add", {"kind": "poll", "prompt": ""}),
    ("runsheet:add", {"kind": "checkin", "minutes": -3}),
    ("runsheet:edit", {"item": "nope", "note": "x"}),
    ("runsheet:move", {"item": None, "direction": "up"}),
    ("runsheet:skip", {"item": "nope", "skipped": "yes"}),
    ("runsheet:template", {"template": "nope"}),
    ("runsheet:template", {"template": "saved:nope"}),
    ("runsheet:start", {"item": "nope"}),
    ("runsheet:save", {"name": "   "}),
])
def test_bad_input_gets_a_clear_error_and_changes_nothing(console, planned, event, payload):
    before = sheet(console)

    ack = send(console, event, **payload)

    assert not ack["ok"] and ack["message"]
    assert sheet(console) == before


def test_a_started_round_cannot_be_started_again(console, planned):
    assert send(console, "runsheet:start", item=planned[0]["id"])["ok"]

    ack = send(console, "runsheet:start", item=planned[0]["id"])

    assert ack["error"] == "item_started"


def test_a_phone_or_the_projector_may_not_touch_the_run_sheet(console, planned, projector,
                                                             phone_factory):
    phone = phone_factory()
    before = sheet(console)

    for event in ("runsheet:start", "runsheet:skip", "runsheet:template"):
        payload = {"id": eid("x"), "item": planned[0]["id"], "skipped": True,
                   "template": "checkin_only"}
        assert phone.send(event, payload)["error"] == "not_allowed"
        assert projector.emit(event, payload, callback=True)["error"] == "not_allowed"
    assert sheet(console) == before


def test_a_saved_template_is_the_facilitators_own(app, console, planned):
    ack = send(console, "runsheet:save", name="Mijn sessie")
    assert ack["ok"]
    assert sheet(console)["saved"] == [{"id": ack["template"], "name": "Mijn sessie"}]
    assert send(console, "runsheet:template", template=f"saved:{ack['template']}")["ok"]
    assert len(sheet(console)["items"]) == 2 * len(planned)

    make_facilitator(app, "Bob")
    other = app.test_client()
    sign_in(other, "Bob")
    other_code = create_session(other)
    bob = socketio.test_client(app, flask_test_client=other,
                               auth={"code": other_code, "role": "facilitator"})
    refused = bob.emit("runsheet:template", {"id": eid("t"), "template": f"saved:{ack['template']}"},
                       callback=True)
    assert not refused["ok"]
    bob.emit("session:resync", {})
    state = last(bob, "session:state")
    assert state["run_sheet"]["saved"] == [] and state["run_sheet"]["items"] == []
    bob.disconnect()
