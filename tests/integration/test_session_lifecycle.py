"""The facilitator closes the session; every phone shows that it has ended."""
from tests.conftest import last


def test_closing_the_session_tells_every_phone_it_has_ended(console, phone_factory):
    phones = [phone_factory(), phone_factory()]

    ack = console.emit("session:close", {"id": "close-0001"}, callback=True)

    assert ack == {"ok": True}
    for phone in phones:
        assert phone.received("session:state")[-1]["session"]["status"] == "ended"


def test_a_closed_session_refuses_new_participants(client, console, code):
    console.emit("session:close", {"id": "close-0001"}, callback=True)

    response = client.get(f"/j/{code}", headers={"Accept-Language": "en"})

    assert response.status_code == 410
    assert b"This session has ended" in response.data


def test_the_same_close_sent_twice_is_answered_twice_and_applied_once(console, phone_factory):
    phone = phone_factory()
    phone.received()
    console.emit("session:close", {"id": "close-0001"}, callback=True)
    phone.received()

    again = console.emit("session:close", {"id": "close-0001"}, callback=True)

    assert again == {"ok": True}
    assert phone.received("session:state") == []


def test_the_facilitator_sets_the_projector_language(console, phone_factory):
    console.get_received()

    ack = console.emit("session:language", {"id": "lang-00001", "language": "en"}, callback=True)

    assert ack == {"ok": True}
    assert last(console, "session:state")["session"]["language"] == "en"


def test_an_unknown_language_is_refused_and_nothing_changes(console):
    ack = console.emit("session:language", {"id": "lang-00002", "language": "fr"}, callback=True)

    assert ack["ok"] is False and ack["error"] == "malformed"
    console.emit("session:resync", {}, callback=True)
    assert last(console, "session:state")["session"]["language"] == "nl"


def test_a_shared_question_too_long_is_refused_with_its_limit_not_cut(app, facilitator):
    from app.extensions import db
    from app.models import Session

    response = facilitator.post("/console", data={"title": "Lang", "question": "x" * 1001,
                                                  "language": "en"},
                                headers={"Accept-Language": "en"})

    assert response.status_code == 200
    assert "1000 characters or fewer" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(Session).filter_by(title="Lang")) is None
