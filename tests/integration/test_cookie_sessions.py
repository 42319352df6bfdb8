"""Signed cookie sessions, remembered for a minute once checked (every socket event opens
the session): a remembered cookie still says only what it said, and a forged one is still
refused."""
from flask import session

from app.security import RememberedCookieSessions


def cookie_of(client) -> str:
    return client.get_cookie("session").value


def test_a_changed_session_in_one_request_does_not_leak_into_the_next(app, phone_factory,
                                                                     code):
    phone = phone_factory("Bram")
    value = cookie_of(phone.http)

    with app.test_request_context(headers={"Cookie": f"session={value}"}):
        session["joined"][code] = "someone else"
        session["extra"] = True
    with app.test_request_context(headers={"Cookie": f"session={value}"}):
        again = dict(session)

    assert "extra" not in again and again["joined"][code] != "someone else"


def test_a_forged_cookie_is_refused_even_after_the_real_one_was_remembered(app, phone_factory,
                                                                         code):
    phone = phone_factory("Bram")
    value = cookie_of(phone.http)
    with app.test_request_context(headers={"Cookie": f"session={value}"}):
        assert code in session["joined"]
    payload, _, signature = value.rpartition(".")
    forged = f"{payload}.{'A' * len(signature)}"

    with app.test_request_context(headers={"Cookie": f"session={forged}"}):
        forged_session = dict(session)

    assert forged_session == {}


def test_a_remembered_cookie_is_checked_again_after_a_minute(app, phone_factory, monkeypatch):
    phone = phone_factory("Bram")
    value = cookie_of(phone.http)
    interface = app.session_interface
    assert isinstance(interface, RememberedCookieSessions)
    with app.test_request_context(headers={"Cookie": f"session={value}"}):
        dict(session)
    checked = []
    original = RememberedCookieSessions.__mro__[1].open_session
    monkeypatch.setattr(RememberedCookieSessions.__mro__[1], "open_session",
                        lambda self, a, r: checked.append(1) or original(self, a, r))

    with app.test_request_context(headers={"Cookie": f"session={value}"}):
        dict(session)
    stamp, data = interface._checked[value]
    interface._checked[value] = (stamp - 61, data)
    with app.test_request_context(headers={"Cookie": f"session={value}"}):
        dict(session)

    assert checked == [1]
