"""Every facilitator page and event is refused for participants and for facilitators of other
sessions; nothing changes."""
import logging

import pytest

import app.sockets  # noqa: F401  (registers the handlers)
from app.sockets.edge import HANDLERS
from app.extensions import socketio
from tests.conftest import create_session, last, make_facilitator, sign_in

FACILITATOR_EVENTS = sorted(e for e, spec in HANDLERS.items() if spec["who"] == ("facilitator",))
FACILITATOR_PAGES = ["/console/{code}", "/console/{code}/projector", "/console/{code}/qr.svg"]


def test_there_are_facilitator_events_to_check():
    assert {"session:close", "session:language"} <= set(FACILITATOR_EVENTS)


@pytest.mark.parametrize("event", FACILITATOR_EVENTS)
def test_a_participant_cannot_send_a_facilitator_event(event, app, code, phone_factory, console):
    phone = phone_factory()
    phone.received()

    ack = phone.send(event, {"id": "attempt-0001", "language": "en", "text": "x"})

    assert ack["ok"] is False and ack["error"] == "not_allowed"
    assert phone.received("action:refused")[-1]["error"] == "not_allowed"
    console.emit("session:resync", {}, callback=True)
    session = last(console, "session:state")["session"]
    assert (session["status"], session["language"]) == ("open", "nl")


@pytest.mark.parametrize("page", FACILITATOR_PAGES)
def test_a_participant_cannot_open_a_facilitator_page(page, app, code, phone_factory):
    phone = phone_factory()

    response = phone.http.get(page.format(code=code))

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("page", FACILITATOR_PAGES)
def test_a_facilitator_of_another_session_cannot_open_its_pages(page, app, code):
    make_facilitator(app, "Other")
    other = app.test_client()
    sign_in(other, "Other")

    assert other.get(page.format(code=code)).status_code == 404


@pytest.mark.parametrize("role", ["facilitator", "projector"])
def test_a_facilitator_of_another_session_cannot_connect_to_its_console(role, app, code):
    make_facilitator(app, "Other")
    other = app.test_client()
    sign_in(other, "Other")

    socket = socketio.test_client(app, flask_test_client=other, auth={"code": code, "role": role})

    assert not socket.is_connected()


@pytest.mark.parametrize("role", ["facilitator", "projector"])
def test_a_participant_cannot_connect_as_facilitator_or_projector(role, app, code, phone_factory):
    phone = phone_factory()

    socket = socketio.test_client(app, flask_test_client=phone.http,
                                  auth={"code": code, "role": role})

    assert not socket.is_connected()


def test_facilitators_see_only_their_own_sessions(app, facilitator, code):
    make_facilitator(app, "Other")
    other = app.test_client()
    sign_in(other, "Other")
    create_session(other, title="Their own workshop")

    listing = facilitator.get("/console").data

    assert b"Account review" in listing and b"Their own workshop" not in listing


@pytest.mark.parametrize("payload", [None, "text", 42, ["list"], {"id": 7}, {"id": "short"},
                                     {"language": "en"}])
def test_a_malformed_event_gets_an_error_and_changes_nothing(payload, console):
    console.get_received()

    ack = console.emit("session:language", payload, callback=True)

    assert ack["ok"] is False and ack["error"] == "malformed"
    assert last(console, "action:refused")["error"] == "malformed"
    console.emit("session:resync", {}, callback=True)
    assert last(console, "session:state")["session"]["language"] == "nl"


def test_a_strict_content_security_policy_forbids_inline_script(client, code):
    response = client.get(f"/j/{code}")

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert b"<script>" not in response.data


def test_the_one_time_sign_in_link_works_once(app):
    from app.cli import first_signin_link

    with app.app_context():
        link = first_signin_link()
    path = link.split("5000", 1)[1]
    browser = app.test_client()

    first = browser.get(path)
    second = app.test_client().get(path)

    assert first.status_code == 302 and first.headers["Location"].endswith("/console")
    assert browser.get("/console").status_code == 200
    assert second.headers["Location"].endswith("/login")


def test_a_wrong_password_does_not_sign_in(app, client):
    make_facilitator(app, "Anna")

    response = sign_in(client, "Anna", "wrong")

    assert response.status_code == 200
    assert client.get("/console").status_code == 302


def test_an_event_with_two_arguments_is_refused_and_nothing_of_it_is_logged(console, caplog):
    caplog.set_level(logging.DEBUG)
    console.get_received()

    ack = console.emit("session:language", {"id": "two-args-1", "language": "en"},
                       "Geheime tekst van Chris", callback=True)

    assert ack["ok"] is False and ack["error"] == "malformed"
    console.emit("session:resync", {}, callback=True)
    assert last(console, "session:state")["session"]["language"] == "nl"
    assert not any("Geheime" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize("no", [{"id": "x"}, ["x"], 7])
def test_a_topic_from_a_no_that_is_not_an_id_is_refused_and_nothing_is_logged(no, console,
                                                                             caplog):
    caplog.set_level(logging.DEBUG)
    round_id = console.emit("round:open", {"id": "open-topics-1", "kind": "topics"},
                            callback=True)["round"]
    console.emit("round:reveal", {"id": "reveal-topics-1", "round": round_id, "confirm": True},
                 callback=True)

    ack = console.emit("agenda:add", {"id": "add-topic-1", "round": round_id, "no": no,
                                      "text": ""}, callback=True)
    as_text = console.emit("agenda:add", {"id": "add-topic-2", "round": round_id,
                                          "text": ["Geheime", "tekst"]}, callback=True)

    assert ack["ok"] is False and ack["error"] == "malformed"
    assert as_text["ok"] is False and as_text["error"] == "malformed"
    assert not any("Geheime" in record.getMessage() for record in caplog.records)
