"""Forms and cookies against a hostile page: every form needs the token its own page
carries (Flask-WTF's CSRF protection), and no cookie travels with a cross-site form."""
import re

import pytest
from flask_migrate import upgrade

from app import create_app
from app.extensions import db
from app.models import Session
from tests.conftest import ROOT, make_facilitator


@pytest.fixture
def guarded(config):
    """The app as it runs: forms are checked for their token."""
    app = create_app(type("Guarded", (config,), {"WTF_CSRF_ENABLED": True}))
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    yield app
    with app.app_context():
        db.engine.dispose()


def token_of(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def signed_in(app, client) -> None:
    make_facilitator(app, "Anna")
    response = client.post("/login", data={"name": "Anna", "password": "correct horse",
                                           "csrf_token": token_of(client, "/login")})
    assert response.status_code == 302


def sessions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(db.select(Session.title)))


def test_signing_in_from_another_site_is_refused(guarded):
    make_facilitator(guarded, "Mallory")
    victim = guarded.test_client()

    response = victim.post("/login", data={"name": "Mallory", "password": "correct horse"})

    assert response.status_code == 400
    assert victim.get("/console").status_code == 302  # not signed in as anyone


def test_a_session_is_not_created_by_a_form_from_another_site(guarded):
    client = guarded.test_client()
    signed_in(guarded, client)

    forged = client.post("/console", data={"title": "Aanval", "language": "nl"})
    real = client.post("/console", data={"title": "Echt", "language": "nl",
                                         "csrf_token": token_of(client, "/console")})

    assert forged.status_code == 400 and "Niet verstuurd" in forged.get_data(as_text=True)
    assert real.status_code == 302
    assert sessions(guarded) == ["Echt"]


def test_signing_out_needs_the_pages_own_form(guarded):
    client = guarded.test_client()
    signed_in(guarded, client)

    forged = client.post("/logout")

    assert forged.status_code == 400
    assert client.get("/console").status_code == 200


def test_joining_needs_the_join_pages_own_form(guarded):
    facilitator = guarded.test_client()
    signed_in(guarded, facilitator)
    facilitator.post("/console", data={"title": "Echt", "language": "nl",
                                       "csrf_token": token_of(facilitator, "/console")})
    with guarded.app_context():
        code = db.session.scalar(db.select(Session.code))
    phone = guarded.test_client()

    forged = phone.post(f"/j/{code}", data={"display_name": "Chris"})
    typed = phone.post("/join", data={"code": code})
    real = phone.post(f"/j/{code}", data={"display_name": "Chris",
                                          "csrf_token": token_of(phone, f"/j/{code}")})

    assert forged.status_code == 400 and typed.status_code == 400
    assert real.status_code == 302


def test_the_remember_cookie_goes_with_no_cross_site_form(guarded):
    client = guarded.test_client()
    make_facilitator(guarded, "Anna")

    response = client.post("/login", data={"name": "Anna", "password": "correct horse",
                                           "csrf_token": token_of(client, "/login")})

    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and all("SameSite=Lax" in c and "HttpOnly" in c for c in remember)
    assert all("SameSite=Lax" in c for c in cookies)


def test_behind_https_every_cookie_is_secure_and_the_browser_is_told_to_stay(config):
    https = type("Https", (config,), {"PUBLIC_URL": "https://dd.example.org"})
    app = create_app(https)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    make_facilitator(app, "Anna")
    client = app.test_client()

    response = client.post("/login", data={"name": "Anna", "password": "correct horse"})

    cookies = response.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in c for c in cookies)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    with app.app_context():
        db.engine.dispose()
