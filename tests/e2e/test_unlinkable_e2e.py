"""Unlinkable for real (issue 11), on the real server (`serve.py`, gevent, its own instance
folder): phones are python-socketio clients that join the way a browser does (POST /j/CODE,
then a websocket with that cookie); the console and the projector are clients with the
facilitator's cookie.

- a server killed with SIGKILL mid-vote comes back, rebuilds who has answered from the
  tokens the phones present, refuses a second vote and has lost no acknowledged ballot;
- SIGTERM and SIGINT close the database within 2 s, leaving no WAL and no journal;
- the projector and the console see no count move while phones vote one by one."""
from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
import re
import secrets
import signal
import sqlite3
import time
from collections import Counter

import pytest

from tests import attack
from tests.e2e.conftest import ARTIFACTS, LiveServer

P = attack.server_protocol()
PG, ENGINES = attack.PG, attack.ENGINES
REDIS = "redis://127.0.0.1:6379/5"  # a database of its own: its keys are this test's


@pytest.fixture
def live(request, tmp_path):
    """The real server: on SQLite in its instance folder, or scaled out (PostgreSQL, and
    Redis as the message queue and the memory of who has answered)."""
    if request.param == "sqlite":
        server = LiveServer(tmp_path)
        server.start()
        yield server
        server.stop()
        return
    import psycopg
    import redis

    name = f"dd_unlinkable_{secrets.token_hex(4)}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    server = LiveServer(tmp_path, DATABASE_URL=f"{PG}/{name}", SOCKETIO_MESSAGE_QUEUE=REDIS,
                        SOCKETIO_CHANNEL=f"dd-unlinkable-{secrets.token_hex(4)}")
    server.redis = redis.Redis.from_url(REDIS)
    server.redis_before = set(server.redis.keys("*"))
    server.start()
    yield server
    server.stop()
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def receipt() -> str:
    return secrets.token_urlsafe(18)


class Client:
    """One browser: a cookie jar, and a socket that records every frame it receives."""

    def __init__(self, server: LiveServer):
        import aiohttp

        self.server = server
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.sio = None
        self.frames: list[tuple[str, object]] = []
        self.state = None
        self.rolls: list[str] = []
        self.cookie_header: str | None = None

    def cookie(self) -> str:
        if self.cookie_header:
            return self.cookie_header
        return "; ".join(f"{c.key}={c.value}" for c in self.http.cookie_jar)

    async def connect(self, code: str, role: str, rolls: list[str] | None = None) -> dict:
        import socketio

        self.sio = socketio.AsyncClient(reconnection=False)
        got = asyncio.Event()

        async def anything(event, *args):
            data = args[0] if args else None
            self.frames.append((event, data))
            if event == "session:state":
                self.state = data
                got.set()

        self.sio.on("*", anything)
        auth = {"code": code, "role": role}
        if rolls is not None:
            auth["rolls"] = rolls
        await self.sio.connect(self.server.url, headers={"Cookie": self.cookie()}, auth=auth,
                               transports=["websocket"], wait_timeout=10)
        await asyncio.wait_for(got.wait(), 10)
        return self.state

    async def call(self, event: str, payload: dict) -> dict:
        return await self.sio.call(event, {"id": f"e-{secrets.token_hex(8)}", **payload},
                                   timeout=15)

    async def close(self) -> None:
        if self.sio is not None and self.sio.connected:
            await self.sio.disconnect()
        await self.http.close()


def run(coroutine):
    """Runs a coroutine in a thread of its own: after a browser test, Playwright's sync API
    owns this thread's event loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


async def form_token(client: Client, url: str) -> dict:
    """The page's CSRF token, as a browser would post it with the form (if there is one)."""
    async with client.http.get(url) as response:
        found = CSRF.search(await response.text())
    return {"csrf_token": found.group(1)} if found else {}


async def facilitator(server: LiveServer) -> tuple[Client, str]:
    client = Client(server)
    async with client.http.get(server.signin_link) as response:
        assert response.status == 200 and str(response.url).endswith("/console")
    token = await form_token(client, f"{server.url}/console")
    async with client.http.post(f"{server.url}/console", data={
            "title": "Onlinkbaar", "question": "Wat hebben we nodig?", "language": "nl",
            **token}) as r:
        code = re.search(r"/console/([A-Z0-9]+)$", str(r.url)).group(1)
    return client, code


async def phone(server: LiveServer, code: str, name: str) -> Client:
    client = Client(server)
    token = await form_token(client, f"{server.url}/j/{code}")
    async with client.http.post(f"{server.url}/j/{code}",
                                data={"display_name": name, **token}) as r:
        assert r.status == 200, await r.text()
    await client.connect(code, "participant")
    return client


async def act(console: Client, event: str, **payload) -> dict:
    ack = await console.call(event, payload)
    assert ack and ack.get("ok"), (event, ack)
    return ack


def poll_of(state: dict) -> dict:
    return state["round"]["poll"]["current"]


# --- a server killed mid-vote ------------------------------------------------------------------

@pytest.mark.parametrize("live", ENGINES, indirect=True)
def test_a_server_killed_mid_vote_rebuilds_who_voted_from_the_phones_and_loses_no_ballot(
        live):
    """Four of six phones vote; the server is killed (SIGKILL) and started again. The
    phones reconnect presenting the roll tokens their first answers gave them: the server
    knows again that four have voted, refuses a second vote from one of them, takes the two
    others, and the closed vote counts every acknowledged ballot."""
    server = live
    async def scenario():
        console, code = await facilitator(server)
        await console.connect(code, "facilitator")
        phones = [await phone(server, code, f"Naam{i}") for i in range(6)]
        poll = (await act(console, "poll:start", proposal="We lanceren in september"))["round"]
        choices = ["yes", "no", "yes", "yes_bit_of_no", "no", "yes"]
        for device, choice in zip(phones[:4], choices):
            ack = await device.call(*P.ballot("poll", poll, receipt(), [choice]))
            assert ack.get("ok"), ack
            assert isinstance(ack.get("roll"), str) and ack["roll"], \
                f"the first answer of a stage gives the phone a roll token: {ack}"
            device.rolls.append(ack["roll"])

        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=10)
        server.log.close()
        for client in [console, *phones]:
            try:
                await client.sio.disconnect()
            except Exception:  # noqa: BLE001  the server is gone
                pass
        server.start()

        for device in phones:
            await device.connect(code, "participant", rolls=device.rolls)
        state = await console.connect(code, "facilitator")
        rebuilt = poll_of(state)["answered"]
        again = await phones[0].call(*P.ballot("poll", poll, receipt(), ["no"]))
        for device, choice in zip(phones[4:], choices[4:]):
            late = await device.call(*P.ballot("poll", poll, receipt(), [choice]))
            assert late.get("ok"), late
        await act(console, "poll:close_vote", round=poll)
        await console.call("session:resync", {})
        await asyncio.sleep(0.3)
        closed = poll_of(console.state)
        for client in [console, *phones]:
            await client.close()
        return rebuilt, again, closed, dict(Counter(choices))

    rebuilt, again, closed, cast = run(scenario())

    assert rebuilt == 4, "who had voted was not rebuilt from the phones' tokens"
    assert again.get("ok") is False and again.get("error") == "already_voted", again
    assert closed["counts"] == {"yes": 3, "yes_bit_of_no": 1, "no": 2} == {
        o: cast.get(o, 0) for o in ("yes", "yes_bit_of_no", "no")}
    assert closed["answered"] == 6
    if hasattr(server, "redis"):
        forever = [k for k in set(server.redis.keys("*")) - server.redis_before
                   if server.redis.ttl(k) == -1]
        assert forever == [], "Redis keys kept without an expiry"


# --- stopping the server -----------------------------------------------------------------------

@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_the_server_closes_the_database_within_two_seconds_leaving_no_wal(
        server, stop):
    async def scenario():
        console, code = await facilitator(server)
        await console.connect(code, "facilitator")
        device = await phone(server, code, "Naam")
        checkin = (await act(console, "round:open", kind="checkin", prompt=""))["round"]
        said = f"incheck {secrets.token_hex(5)}"
        ack = await device.call(*P.contribution(checkin, receipt(), said))
        assert ack.get("ok"), ack
        await device.close()
        await console.close()
        return said

    said = run(scenario())
    database = server.instance / "deepdemocracy.sqlite3"
    assert database.exists()

    started = time.monotonic()
    server.process.send_signal(stop)
    try:
        server.process.wait(timeout=2)
    except Exception:  # noqa: BLE001
        pytest.fail(f"the server was still running 2 s after {stop.name}")
    took = time.monotonic() - started

    left = sorted(p.name for p in server.instance.iterdir()
                  if p.name.endswith(("-wal", "-journal")) and p.stat().st_size > 0)
    wal = database.with_name(database.name + "-wal")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"unlinkable-stop-{stop.name}.json").write_text(json.dumps({
        "seconds": round(took, 3), "wal_bytes": wal.stat().st_size if wal.exists() else None,
        "left": left}))
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        stored = conn.execute("SELECT text FROM contribution").fetchall()
    assert left == [], f"left after {stop.name} ({took:.2f} s): {left}"
    assert stored == [(said,)]


# --- the beamer --------------------------------------------------------------------------------

GAP = 0.3  # longer than the server's coalescing interval (0.15 s): each tap its own frame


def views(client: Client) -> list[dict]:
    found = [attack.round_of(e, d) for e, d in client.frames]
    return [v for v in found if v]


def test_the_projector_sees_no_count_move_while_phones_vote_and_share_one_by_one(server):
    async def scenario():
        console, code = await facilitator(server)
        await console.connect(code, "facilitator")
        projector = Client(server)
        projector.cookie_header = console.cookie()
        await projector.connect(code, "projector")
        phones = [await phone(server, code, f"Naam{i}") for i in range(8)]
        poll = (await act(console, "poll:start", proposal="Vrijdag vrij"))["round"]
        choices = ["yes", "no", "yes", "no", "yes_bit_of_no", "yes", "no", "no"]
        ballots = [receipt() for _ in phones]
        await asyncio.sleep(GAP)
        screens = [console, projector]
        for client in screens:
            client.frames.clear()
        for device, ballot, choice in zip(phones, ballots, choices):
            assert (await device.call(*P.ballot("poll", poll, ballot, [choice]))).get("ok")
            await asyncio.sleep(GAP)
        voting = [v for c in screens for v in views(c)]
        moved = {k: v for c in screens for k, v in attack.moving(c.frames).items()}
        await act(console, "poll:close_vote", round=poll)
        for i in (1, 3):
            await device_no(phones[i], poll, ballots[i])
        await act(console, "poll:step", round=poll, step="spread")
        await asyncio.sleep(GAP)
        await console.call("session:resync", {})
        await asyncio.sleep(GAP)
        nos = [n["id"] for n in poll_of(console.state)["nos"]]
        for client in screens:
            client.frames.clear()
        for device in phones:
            assert (await device.call(*P.resonance("poll", poll, nos[0], receipt()))).get("ok")
            await asyncio.sleep(GAP)
        spreading = [v for c in screens for v in views(c)]
        moved.update({k: v for c in screens for k, v in attack.moving(c.frames).items()})
        await act(console, "poll:step", round=poll, step="minority")
        await asyncio.sleep(GAP)
        after = views(projector)[-1]
        for client in [console, projector, *phones]:
            await client.close()
        return voting, spreading, after, nos, moved

    voting, spreading, after, nos, moved = run(scenario())

    answered = [v["poll"]["current"]["answered"] for v in voting if "poll" in v]
    assert 8 in answered, "the screens did not even hear how many answered"
    assert [v["poll"]["current"]["counts"] for v in voting if "poll" in v
            and v["poll"]["current"]["counts"] is not None] == []
    assert spreading, "the screens heard nothing while the no was spread"
    assert [n["shared"] for v in spreading if "poll" in v
            for n in v["poll"]["current"].get("nos") or [] if n.get("shared") is not None] == []
    assert {n["id"]: n["shared"] for n in after["poll"]["current"]["nos"]}[nos[0]] == 8
    assert moved == {}, "moved on the projector or the console while a stage was open"


async def device_no(device: Client, poll: str, ballot: str) -> None:
    ack = await device.call(*P.no("poll", poll, receipt(), "Te krap, echt", ballot=ballot))
    assert ack.get("ok"), ack


# --- the instance folder after a session on the real server -----------------------------------

def test_after_a_session_no_file_of_the_instance_holds_what_was_said_next_to_who(server):
    """Four named phones check in (one withdraws a second contribution) and vote in a poll;
    the session ends and the server stops as an operator stops it. Then every file of the
    instance folder (database, WAL, journal, the server's own log, the secret key) is read
    as raw bytes: no page, WAL transaction or other file holds a text a phone sent together
    with a display name, a participant id or a socket id, and the withdrawn text is in none."""
    names = [f"Naam{secrets.token_hex(3)}" for _ in range(4)]

    async def scenario():
        console, code = await facilitator(server)
        await console.connect(code, "facilitator")
        phones = [await phone(server, code, name) for name in names]
        sockets = [s for p in phones for s in (p.sio.sid, p.sio.eio.sid) if s]
        said, withdrawn = [], f"ingetrokken {secrets.token_hex(5)}"
        checkin = (await act(console, "round:open", kind="checkin", prompt=""))["round"]
        for device in phones:
            said.append(f"incheck {secrets.token_hex(5)}")
            assert (await device.call(*P.contribution(checkin, receipt(), said[-1]))).get("ok")
        extra = receipt()
        assert (await phones[0].call(*P.contribution(checkin, extra, withdrawn))).get("ok")
        assert (await phones[0].call(*P.withdraw(checkin, extra))).get("ok")
        await act(console, "round:reveal", round=checkin)
        poll = (await act(console, "poll:start", proposal="Vrijdag vrij"))["round"]
        for device, choice in zip(phones, ["yes", "no", "no", "yes"]):
            assert (await device.call(*P.ballot("poll", poll, receipt(), [choice]))).get("ok")
        await act(console, "poll:close_vote", round=poll)
        await act(console, "session:close")
        for client in [console, *phones]:
            await client.close()
        return said, withdrawn, sockets

    said, withdrawn, sockets = run(scenario())
    server.stop()
    files = attack.files_in(server.instance)  # before anything opens the database again
    with sqlite3.connect(f"file:{server.instance / 'deepdemocracy.sqlite3'}?mode=ro",
                         uri=True) as conn:
        participants = [r[0] for r in conn.execute("SELECT id FROM participant")]
    who = {**{f"name {n}": n for n in names}, **{f"participant {p}": p for p in participants},
           **{f"socket {s}": s for s in sockets}}
    assert len(participants) == 4 and len(sockets) >= 4

    assert "server.log" in files and "deepdemocracy.sqlite3" in files
    findings, found = [], 0
    for name, data in files.items():
        for chunk, content in attack.chunks_of(name, data):
            texts = [t for t in said if t.encode() in content]
            found += len(texts)
            near = [label for label, value in who.items() if value.encode() in content]
            if texts and near:
                findings.append(f"{chunk}: {texts[0]!r} next to {near[:3]}")
    assert found >= len(said), "the attacker did not even find what was said"
    assert findings == [], "\n".join(findings[:20])
    assert [name for name, data in files.items() if withdrawn.encode() in data] == []
