"""The discussion on feet scaled out: two server processes on PostgreSQL with Redis as the
message queue. The live round lives in Redis (under its own key prefix, with an expiry), so
the projector on one process shows the bubbles of phones on the other; nothing said is ever
in the SQL database, and ending the round leaves no key behind."""
import secrets

import psycopg
import pytest
import redis
from playwright.sync_api import expect

from tests.e2e.conftest import BEAMER, LAPTOP, LiveServer, create_session, join, sign_in
from tests.e2e.test_feet import bubble, item, say
from tests.e2e.test_scale_out import database  # noqa: F401 (a fixture)

REDIS = "redis://127.0.0.1:6379/0"
SAID = ["Op twee servers tegelijk gezegd", "Redis onthoudt dit een paar uur",
        "Niemand schrijft dit op"]


@pytest.fixture
def prefix():
    name = f"dd-test-feet-{secrets.token_hex(4)}"
    yield name
    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter(f"{name}:*"):
        client.delete(key)


@pytest.fixture
def two_servers(tmp_path, database, prefix):  # noqa: F811
    env = {"DATABASE_URL": database, "SOCKETIO_MESSAGE_QUEUE": REDIS,
           "SOCKETIO_CHANNEL": f"dd-test-{secrets.token_hex(4)}", "OFF_RECORD_PREFIX": prefix}
    first = LiveServer(tmp_path / "a", **env)
    first.start()
    second = LiveServer(tmp_path / "b", **env)
    second.start()
    yield first, second
    second.stop()
    first.stop()


def everything_in(database: str) -> str:  # noqa: F811
    """Every row of every table, as text: what anyone reading the database would see."""
    with psycopg.connect(database) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return "\n".join(str(row) for table in tables
                         for row in connection.execute(f'SELECT * FROM "{table}"'))


def test_bubbles_of_phones_on_one_process_show_on_the_other_and_never_in_sql(
        two_servers, contexts, database, prefix):  # noqa: F811
    first, second = two_servers
    console = sign_in(contexts(LAPTOP), second)
    code = create_session(console)
    projector = console.context.new_page()
    projector.set_viewport_size(BEAMER["viewport"])
    projector.goto(f"{second.url}/console/{code}/projector")
    phones = [join(contexts(), f"{first.url}/j/{code}", name=name)
              for name in ("Annelies", "Bram", "Chris")]

    console.click("#open-feet button[type=submit]")
    for phone, text in zip(phones, SAID):
        phone.wait_for_selector("#feet-statement")
        say(phone, text)
    expect(projector.locator(".feet-bubble")).to_have_count(3, timeout=15_000)
    for phone in phones[:2]:
        expect(item(phone, SAID[2])).to_be_visible(timeout=10_000)
        item(phone, SAID[2]).locator("button").click()
    expect(bubble(projector, SAID[2]).locator(".feet-bubble-count")).to_have_text(
        "2 staan hier", timeout=10_000)

    keys = redis.Redis.from_url(REDIS, decode_responses=True)
    live = list(keys.scan_iter(f"{prefix}:*"))
    assert live and all(0 < keys.ttl(k) <= 4 * 60 * 60 for k in live)
    stored = everything_in(database)
    assert not any(text in stored for text in SAID)
    phones[2].reload()  # a phone reconnecting (to the first process) gets the same wall
    expect(item(phones[2], SAID[0])).to_be_visible()
    expect(item(phones[2], SAID[2])).to_contain_text("2 staan hier")

    console.once("dialog", lambda dialog: dialog.accept())
    console.click("#feet-end")
    expect(projector.locator(".feet-ended")).to_be_visible()
    for phone in phones:
        expect(phone.locator(".feet-ended")).to_be_visible()

    assert list(keys.scan_iter(f"{prefix}:*")) == []
    stored = everything_in(database)
    assert not any(text in stored for text in SAID)
    assert "feet" in stored  # the round itself is on the record: that it took place
