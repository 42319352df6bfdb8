"""Fixtures that build on each other: app -> client -> facilitator -> a session -> phones."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask_migrate import upgrade

from app import broadcast, create_app, presence
from app.extensions import db, socketio
from app.models import Facilitator

ROOT = Path(__file__).resolve().parent.parent


class TestConfig:
    TESTING = True
    SECRET_KEY = "test-secret"
    PUBLIC_URL = "http://phones.example:5000"
    PORT = 5000
    SOCKETIO_MESSAGE_QUEUE = None
    SOCKETIO_ASYNC_MODE = "threading"
    MAX_HTTP_BUFFER_SIZE = 16 * 1024
    MAX_CONTENT_LENGTH = 64 * 1024
    TEXT_LIMIT = 500
    DISPLAY_NAME_LIMIT = 40
    K_THRESHOLD = 3
    JOIN_RATE_LIMIT = "1000/minute"
    CODE_GUESS_LIMIT = "1000/minute"
    EVENT_RATE_LIMIT = "1000/second"
    RATELIMIT_STORAGE_URI = "memory://"
    LANGUAGES = ("nl", "en")
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "app" / "translations")
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 3600
    SUMMARY_SHARE_DAYS = 7
    # Forms are posted by test clients; the CSRF tests switch the check on.
    WTF_CSRF_ENABLED = False
    RETENTION_DAYS = 30


@pytest.fixture
def config(tmp_path):
    return type("Config", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}",
    })


@pytest.fixture
def app(config):
    app = create_app(config)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    presence.reset()
    broadcast.reset_coalescing()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


def make_facilitator(app, name: str, password: str = "correct horse") -> int:
    with app.app_context():
        facilitator = Facilitator(name=name)
        facilitator.set_password(password)
        db.session.add(facilitator)
        db.session.commit()
        return facilitator.id


def sign_in(client, name: str, password: str = "correct horse"):
    return client.post("/login", data={"name": name, "password": password})


@pytest.fixture
def facilitator(app, client):
    """The test client, signed in as the facilitator "Anna"."""
    make_facilitator(app, "Anna")
    sign_in(client, "Anna")
    return client


def create_session(client, title="Account review", question="What can we do together?",
                   language="nl") -> str:
    response = client.post("/console", data={"title": title, "question": question,
                                              "language": language})
    assert response.status_code == 302, response.data
    return re.search(r"/console/([A-Z0-9]+)$", response.headers["Location"]).group(1)


@pytest.fixture
def code(facilitator) -> str:
    return create_session(facilitator)


class Phone:
    """A participant's phone: its own cookie jar, joined over HTTP, then a socket."""

    def __init__(self, app, code: str, name: str | None = None):
        self.http = app.test_client()
        response = self.http.post(f"/j/{code}", data={"display_name": name or ""})
        assert response.status_code == 302, response.data
        self.socket = socketio.test_client(app, flask_test_client=self.http,
                                           auth={"code": code, "role": "participant"})
        assert self.socket.is_connected()

    def received(self, name: str | None = None) -> list:
        events = self.socket.get_received()
        return [e["args"][0] if e["args"] else None for e in events
                if name is None or e["name"] == name]

    def send(self, event: str, payload: dict | None = None):
        return self.socket.emit(event, payload, callback=True)


@pytest.fixture
def phone_factory(app, code):
    phones = []

    def make(name: str | None = None, session_code: str | None = None) -> Phone:
        phone = Phone(app, session_code or code, name)
        phones.append(phone)
        return phone

    yield make
    for phone in phones:
        if phone.socket.is_connected():
            phone.socket.disconnect()


@pytest.fixture
def console(app, facilitator, code):
    """The facilitator's console socket for the session `code`."""
    socket = socketio.test_client(app, flask_test_client=facilitator,
                                  auth={"code": code, "role": "facilitator"})
    assert socket.is_connected()
    yield socket
    if socket.is_connected():
        socket.disconnect()


def last(socket, name: str):
    events = [e for e in socket.get_received() if e["name"] == name]
    return events[-1]["args"][0] if events else None
