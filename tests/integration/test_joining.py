"""A participant joins by code or QR link; the console sees them arrive, live."""
import pytest

from app.extensions import socketio
from tests.conftest import create_session, last


def test_an_unknown_join_code_gets_a_clear_message(client):
    response = client.get("/j/ZZZZZZ", headers={"Accept-Language": "en"})

    assert response.status_code == 404
    assert b"There is no session with that code" in response.data


def test_a_typed_code_with_spaces_and_lower_case_leads_to_the_session(client, code):
    typed = f" {code[:3].lower()} {code[3:]} "

    response = client.post("/join", data={"code": typed})

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/j/{code}")


def test_a_participant_joins_and_the_console_sees_them_live(app, console, phone_factory):
    console.get_received()

    phone_factory("Bram")

    presence = last(console, "presence:changed")
    assert presence["connected"] == 1
    assert presence["joined"] == 1
    assert presence["attendance"] == [{"name": "Bram", "connected": True}]


def test_the_projector_sees_counts_but_no_names(app, facilitator, code, phone_factory):
    projector = socketio.test_client(app, flask_test_client=facilitator,
                                     auth={"code": code, "role": "projector"})
    projector.get_received()

    phone_factory("Bram")

    presence = last(projector, "presence:changed")
    assert presence == {"connected": 1, "joined": 1}


def test_a_phone_gets_the_whole_state_when_it_connects(phone_factory, code):
    phone = phone_factory()

    state = phone.received("session:state")[-1]

    assert state["session"]["code"] == code
    assert state["session"]["status"] == "open"
    assert "presence" not in state and "join_url" not in state


def test_a_phone_that_reconnects_is_back_without_joining_again(app, console, phone_factory, code):
    phone = phone_factory("Bram")
    phone.socket.disconnect()
    assert last(console, "presence:changed")["connected"] == 0

    again = socketio.test_client(app, flask_test_client=phone.http,
                                 auth={"code": code, "role": "participant"})

    assert again.is_connected()
    assert last(again, "session:state")["session"]["code"] == code
    presence = last(console, "presence:changed")
    assert (presence["connected"], presence["joined"]) == (1, 1)
    again.disconnect()


def test_a_phone_that_never_joined_cannot_connect(app, code):
    stranger = app.test_client()

    socket = socketio.test_client(app, flask_test_client=stranger,
                                  auth={"code": code, "role": "participant"})

    assert not socket.is_connected()


def test_a_joined_phone_cannot_connect_to_another_session(app, facilitator, phone_factory):
    other = create_session(facilitator, title="Other")
    phone = phone_factory()

    socket = socketio.test_client(app, flask_test_client=phone.http,
                                  auth={"code": other, "role": "participant"})

    assert not socket.is_connected()


def test_an_oversize_display_name_is_refused_with_a_message(client, code):
    response = client.post(f"/j/{code}", data={"display_name": "x" * 200},
                           headers={"Accept-Language": "en"})

    assert response.status_code == 400
    assert b"Please keep it to 40 characters or fewer" in response.data


def test_join_attempts_are_rate_limited_per_client(app, code):
    app.config["CODE_GUESS_LIMIT"] = "5/minute"
    guesser = app.test_client()

    statuses = [guesser.get(f"/j/GUESS{i}").status_code for i in range(8)]

    assert statuses[:5] == [404] * 5
    assert statuses[5:] == [429] * 3
    assert guesser.get(f"/j/{code}").status_code == 429


def test_guessing_codes_on_the_phone_page_is_limited_like_joining(app, code):
    app.config["CODE_GUESS_LIMIT"] = "5/minute"
    guesser = app.test_client()

    statuses = [guesser.get(f"/p/GUESS{i}").status_code for i in range(6)]
    shared = guesser.get(f"/p/{code}/summary/not-a-token").status_code

    assert statuses == [404] * 5 + [429]
    assert shared == 429
    assert guesser.get(f"/j/{code}").status_code == 429


def test_a_room_of_300_joins_through_one_address_within_a_minute(app, code):
    from app.config import Config

    app.config["CODE_GUESS_LIMIT"] = Config.CODE_GUESS_LIMIT
    app.config["JOIN_RATE_LIMIT"] = Config.JOIN_RATE_LIMIT
    room = [app.test_client() for _ in range(300)]

    joined = [phone.post(f"/j/{code}", data={"display_name": ""}).status_code for phone in room]

    assert joined == [302] * 300


@pytest.mark.parametrize("proxies,separate", [(0, False), (1, True)])
def test_a_forwarded_address_is_believed_only_from_a_named_proxy(proxies, separate, config):
    from flask_migrate import upgrade

    from app import create_app
    from tests.conftest import ROOT

    app = create_app(type("Proxied", (config,), {"TRUSTED_PROXIES": proxies,
                                                 "CODE_GUESS_LIMIT": "3/minute"}))
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    client = app.test_client()

    first = [client.get(f"/j/GUESS{i}", headers={"X-Forwarded-For": "10.0.0.1"}).status_code
             for i in range(3)]
    other = client.get("/j/GUESSX", headers={"X-Forwarded-For": "10.0.0.2"}).status_code

    assert first == [404] * 3
    assert other == (404 if separate else 429)
