"""What is kept, and until when: a facilitator deletes a session and everything said in
it at once; ended sessions go by themselves after RETENTION_DAYS; the phone says so."""
from datetime import timedelta
from pathlib import Path

import secrets

from app.extensions import db
from app.models import Session, utcnow
from tests.conftest import create_session


def files_of(app) -> bytes:
    path = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def said(app, code, phone_factory, console, words):
    phone = phone_factory("Chris Verborgen")
    round_id = console.emit("round:open", {"id": secrets.token_hex(6), "kind": "checkin"},
                            callback=True)["round"]
    ack = phone.send("contribution:add", {"id": secrets.token_hex(6), "round": round_id,
                                          "receipt": secrets.token_urlsafe(18),
                                          "text": words})
    assert ack["ok"]


def test_the_facilitator_deletes_a_session_and_everything_said_in_it(app, facilitator, code,
                                                                    phone_factory, console):
    said(app, code, phone_factory, console, "Geheim-woord-van-de-klant")
    kept = create_session(facilitator, title="Een andere sessie")
    assert b"Geheim-woord-van-de-klant" in files_of(app)

    asked = facilitator.get(f"/console/{code}/delete")
    deleted = facilitator.post(f"/console/{code}/delete")

    assert asked.status_code == 200 and b"delete-session" in asked.data
    assert deleted.status_code == 302
    with app.app_context():
        assert db.session.scalars(db.select(Session.code)).all() == [kept]
    on_disk = files_of(app)
    assert b"Geheim-woord-van-de-klant" not in on_disk
    assert b"Chris Verborgen" not in on_disk and code.encode() not in on_disk
    assert facilitator.get(f"/console/{code}").status_code == 404


def test_another_facilitator_cannot_delete_a_session(app, code, client):
    from tests.conftest import make_facilitator, sign_in

    make_facilitator(app, "Mallory")
    other = app.test_client()
    sign_in(other, "Mallory")

    response = other.post(f"/console/{code}/delete")

    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(db.select(Session.code)) == code


def test_ended_sessions_are_deleted_after_the_retention_days(app, facilitator):
    old, recent, live = (create_session(facilitator, title=t) for t in ("Oud", "Recent", "Open"))
    with app.app_context():
        for code, days in ((old, 31), (recent, 29)):
            session = db.session.scalar(db.select(Session).filter_by(code=code))
            session.status, session.ended_at = "ended", utcnow() - timedelta(days=days)
        db.session.commit()

    listing = facilitator.get("/console").get_data(as_text=True)

    with app.app_context():
        left = set(db.session.scalars(db.select(Session.code)))
    assert left == {recent, live}
    assert "30 dagen" in listing


def test_the_join_page_says_what_is_kept_and_until_when(client, code):
    dutch = client.get(f"/j/{code}", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    english = client.get(f"/j/{code}", headers={"Accept-Language": "en"}).get_data(as_text=True)

    assert "zonder je naam" in dutch and "30 dagen" in dutch
    assert "without your name" in english and "30 days" in english
