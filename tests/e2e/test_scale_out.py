"""The scale-out path, for real: two server processes on PostgreSQL with Redis as the
Socket.IO message queue. What the facilitator does on one process reaches phones on the other."""
from playwright.sync_api import expect
import secrets

import psycopg
import pytest
from sqlalchemy import create_engine, inspect

from tests.e2e.conftest import LAPTOP, LiveServer, create_session, join, sign_in

PG = "postgresql://postgres@127.0.0.1:5432"


@pytest.fixture
def database():
    name = f"dd_test_{secrets.token_hex(4)}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield f"{PG}/{name}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def two_servers(tmp_path, database):
    env = {"DATABASE_URL": database, "SOCKETIO_MESSAGE_QUEUE": "redis://127.0.0.1:6379/0",
           "SOCKETIO_CHANNEL": f"dd-test-{secrets.token_hex(4)}"}
    first = LiveServer(tmp_path / "a", **env)
    first.start()  # migrates the database first
    second = LiveServer(tmp_path / "b", **env)
    second.start()
    yield first, second
    second.stop()
    first.stop()


def test_the_migrations_build_the_same_anonymous_schema_on_postgresql(two_servers, database):
    inspector = inspect(create_engine(database))

    for table in ("contribution", "ballot", "resonance"):
        columns = {c["name"] for c in inspector.get_columns(table)}
        assert not any("participant" in c or c.endswith("_at") for c in columns)
        assert all(fk["referred_table"] != "participant" for fk in inspector.get_foreign_keys(table))


def test_a_facilitator_on_one_process_reaches_phones_on_the_other(two_servers, contexts):
    first, second = two_servers
    console = sign_in(contexts(LAPTOP), second)
    code = create_session(console)
    phone = join(contexts(), f"{first.url}/j/{code}")

    console.click("#open-checkin button[type=submit]")
    phone.wait_for_selector("#contribution")
    phone.fill("#contribution", "Verbonden via Redis")
    phone.click("#send")
    expect(console.locator("#round-panel .contributions-count")).to_have_text("1")

    console.once("dialog", lambda dialog: dialog.accept())
    console.click("#close-session")
    phone.wait_for_selector("#ended:not([hidden])")
