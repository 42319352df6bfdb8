"""Unlinkable for real (issue 11): nothing on disk or on the beamer ties input to a person.

These are the attacker's tests. A scripted session of ten phones answering one by one
(check-in with an edit and a withdrawal, agenda topics, steps 2 and 3, an agenda vote with
conditions, a poll with no's, resonance and conditions) runs over real Socket.IO test
clients on a real database file; after each stage closes the tests read what an attacker
could read later: every file of the database's folder as raw bytes (database, WAL,
journal), and the tables in every order the engine offers (primary key, a bare scan, rowid;
SQLite page and cell position of every b-tree through `dbstat`; PostgreSQL `ctid` and the
raw pages of table and indexes through `pageinspect`, dead tuples included).

The event names live in `tests/attack.py` (`Protocol`), with the statistics."""
from __future__ import annotations

import json
import logging
import random
import secrets
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from app.extensions import db, socketio
from tests import attack
from tests.conftest import ROOT, Phone, TestConfig, create_session, last

PG, ENGINES = attack.PG, attack.ENGINES
PHONES = 10
RUNS = 5
ARTIFACTS = ROOT / "test-artifacts"


# --- the database under attack: SQLite by default, PostgreSQL when there is one --------------

@pytest.fixture
def config(request, tmp_path):
    """The conftest's config, with the database file alone in its own folder (what an
    attacker copies), or a fresh PostgreSQL database with `pageinspect`."""
    engine = getattr(request, "param", "sqlite")
    folder = tmp_path / "instance"
    folder.mkdir()
    if engine == "sqlite":
        yield type("Config", (TestConfig,), {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'test.sqlite3'}",
            "ENGINE": "sqlite", "DB_FOLDER": folder})
        return
    import psycopg

    name = f"dd_unlinkable_{secrets.token_hex(4)}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    with psycopg.connect(f"{PG}/{name}", autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    yield type("Config", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}",
        # Durability is not under test: commits need not wait for the disk (storage order
        # is the same either way). A rewrite that waits for a lock held by the app itself
        # fails after 10 s instead of hanging the suite.
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {
            "options": "-c synchronous_commit=off -c lock_timeout=10000"}},
        "ENGINE": "postgresql", "DB_FOLDER": None})
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# --- a scripted session -----------------------------------------------------------------------

def cid() -> str:
    return f"u-{secrets.token_hex(8)}"


def receipt() -> str:
    return secrets.token_urlsafe(18)


class Room:
    """A facilitator, a projector and ten phones in one session; every phone event goes
    through `Protocol`, every phone keeps its receipts and roll tokens as a real phone does."""

    def __init__(self, app, facilitator, seed: int, phones: int = PHONES):
        self.app, self.rng, self.seed = app, random.Random(seed), seed
        self.protocol = attack.server_protocol()
        self.code = create_session(facilitator, title=f"Run {seed}")
        self.console = socketio.test_client(app, flask_test_client=facilitator,
                                            auth={"code": self.code, "role": "facilitator"})
        self.projector = socketio.test_client(app, flask_test_client=facilitator,
                                              auth={"code": self.code, "role": "projector"})
        self.names = [f"Naam{seed}x{i}{secrets.token_hex(3)}" for i in range(phones)]
        self.phones = [Phone(app, self.code, name) for name in self.names]
        self.rolls: list[list[str]] = [[] for _ in self.phones]
        self.texts: list[str] = []  # every text a phone sent
        self.gone: list[str] = []  # withdrawn or edited away
        self.phone_events: list[str] = []  # client ids of phone events
        self.facilitator_events = 0
        self.receipts: set[str] = set()
        self.new_rolls: list[tuple[str, int]] = []

    # who is who
    def participant_ids(self) -> list[str]:
        with self.app.app_context():
            return list(db.session.execute(text(
                "SELECT p.id FROM participant p JOIN session s ON s.id = p.session_id "
                "WHERE s.code = :c"), {"c": self.code}).scalars())

    def socket_ids(self) -> list[str]:
        ids = []
        for socket in [p.socket for p in self.phones]:
            ids.append(socket.eio_sid)
            sid = socketio.server.manager.sid_from_eio_sid(socket.eio_sid, "/")
            if sid:
                ids.append(sid)
        return ids

    # talking
    def act(self, event: str, **payload) -> dict:
        self.facilitator_events += 1
        ack = self.console.emit(event, {"id": cid(), **payload}, callback=True)
        assert ack and ack.get("ok"), (event, ack)
        return ack

    def send(self, i: int, message: tuple[str, dict], *, ok: bool = True) -> dict:
        event, payload = message
        client_id = cid()
        self.phone_events.append(client_id)
        for key in ("receipt", "ballot"):
            if key in payload:
                self.receipts.add(payload[key])
        ack = self.phones[i].send(event, {"id": client_id, **payload})
        if ok:
            assert ack and ack.get("ok"), (event, payload, ack)
        if isinstance(ack, dict) and ack.get("roll") and ack["roll"] not in self.rolls[i]:
            self.rolls[i].append(ack["roll"])
            self.new_rolls.append((attack.token_hash(ack["roll"]), i))
        return ack

    def take_rolls(self) -> list[tuple[str, int]]:
        """The roll tokens given since the last call, as (hash, phone) in the order given:
        the proofs that someone answered are rows too, and must keep no order either."""
        taken, self.new_rolls = self.new_rolls, []
        return taken

    def words(self, what: str) -> str:
        said = f"{what} {secrets.token_hex(5)} en verder"
        self.texts.append(said)
        return said

    def state(self) -> dict:
        self.console.emit("session:resync", {}, callback=True)
        return last(self.console, "session:state")

    def order(self, who=None) -> list[int]:
        who = list(range(len(self.phones))) if who is None else list(who)
        self.rng.shuffle(who)
        return who


def run_session(room: Room, at) -> None:
    """The whole scripted session. `at(moment, stage, sent)` is called just before the
    facilitator closes each stage (moment "open") and just after (moment "closed"); `sent`
    is that stage's rows as (receipt hash, phone) in sending order."""
    p, rng = room.protocol, room.rng

    def stage(name, sent, close):
        rolls = room.take_rolls()
        at("open", name, sent)
        close()
        at("closed", name, sent)
        if len(rolls) >= 3:
            at("closed", f"{name}.roll", rolls)

    # Check-in, with a contribution withdrawn and one edited.
    checkin = room.act("round:open", kind="checkin", prompt="Hoe kom je binnen?")["round"]
    sent = []
    for i in room.order():
        key = receipt()
        room.send(i, p.contribution(checkin, key, room.words("incheck")))
        sent.append((attack.token_hash(key), i))
    withdrawn, edited = rng.sample(range(PHONES), 2)
    extra = receipt()
    said = room.words("ingetrokken")
    room.send(withdrawn, p.contribution(checkin, extra, said))
    room.send(withdrawn, p.withdraw(checkin, extra))
    room.gone.append(said)
    room.texts.remove(said)
    # the edited phone sends a second contribution and edits it: its first words go away
    own_receipt = receipt()
    first = room.words("voor-de-wijziging")
    room.send(edited, p.contribution(checkin, own_receipt, first))
    room.send(edited, p.edit(checkin, own_receipt, room.words("na-de-wijziging")))
    room.gone.append(first)
    room.texts.remove(first)
    sent.append((attack.token_hash(own_receipt), edited))
    stage("checkin", sent, lambda: room.act("round:reveal", round=checkin))
    room.act("round:close", round=checkin)

    # Agenda: step 1, topics.
    topics_round = room.act("round:open", kind="topics", prompt="")["round"]
    sent = []
    for i in room.order():
        key = receipt()
        room.send(i, p.contribution(topics_round, key, room.words("onderwerp")))
        sent.append((attack.token_hash(key), i))
    stage("topics", sent, lambda: room.act("round:reveal", round=topics_round))
    topics = [t["id"] for t in room.state()["round"]["topics"]]
    assert len(topics) == PHONES

    # Step 2: the no, or nothing to add.
    room.act("agenda:step", round=topics_round, to="seek_no")
    naysayers = set(rng.sample(range(PHONES), 6))
    sent_no, sent_nothing = [], []
    for i in room.order():
        key = receipt()
        if i in naysayers:
            room.send(i, p.no("topics", topics_round, key, room.words("agenda-nee")))
            sent_no.append((attack.token_hash(key), i))
        else:
            room.send(i, p.nothing(topics_round, key))
            sent_nothing.append((attack.token_hash(key), i))
    rolls = room.take_rolls()
    at("open", "agenda.no", sent_no)
    at("open", "agenda.nothing", sent_nothing)
    room.act("agenda:step", round=topics_round, to="spread")
    at("closed", "agenda.no", sent_no)
    at("closed", "agenda.nothing", sent_nothing)
    if len(rolls) >= 3:
        at("closed", "agenda.no.roll", rolls)

    # Step 3: "I share a bit of this", one or two taps each.
    nos = [n["id"] for n in attack.agenda_nos(room.state()["round"]["steps"])]
    assert len(nos) == len(naysayers)
    taps = [(i, no) for i in range(PHONES) for no in rng.sample(nos, rng.choice((1, 2)))]
    rng.shuffle(taps)
    sent = []
    for i, no in taps:
        key = receipt()
        room.send(i, p.resonance("topics", topics_round, no, key))
        sent.append((attack.token_hash(key), i))
    stage("agenda.spread", sent,
          lambda: room.act("agenda:step", round=topics_round, to="vote", mode="single",
                           dots=1))

    # Step 4: the vote (one topic wins clearly), then the minority's conditions.
    first, second, third = rng.sample(topics, 3)
    picks = [first] * 5 + [second] * 3 + [third] * 2
    rng.shuffle(picks)
    ballots, sent = {}, []
    for i in room.order():
        ballots[i] = receipt()
        room.send(i, p.ballot("topics", topics_round, ballots[i], [picks[i]]))
        sent.append((attack.token_hash(ballots[i]), i))
    stage("agenda.vote", sent, lambda: room.act("agenda:close_vote", round=topics_round))
    sent = []
    for i in room.order(i for i in range(PHONES) if picks[i] != first):
        key = receipt()
        room.send(i, p.condition("topics", topics_round, ballots[i], key,
                                 room.words("agenda-voorwaarde")))
        sent.append((attack.token_hash(key), i))
    stage("agenda.condition", sent,
          lambda: room.act("agenda:close_conditions", round=topics_round))
    room.act("agenda:outcome", round=topics_round, outcome="carried", note="")

    # A poll: the vote, the no's, spread, and the minority's conditions.
    poll = room.act("poll:start", proposal="We lanceren in september")["round"]
    choices = ["yes"] * 5 + ["yes_bit_of_no"] * 2 + ["no"] * 3
    rng.shuffle(choices)
    ballots, sent = {}, []
    for i in room.order():
        ballots[i] = receipt()
        room.send(i, p.ballot("poll", poll, ballots[i], [choices[i]]))
        sent.append((attack.token_hash(ballots[i]), i))
    stage("poll.vote", sent, lambda: room.act("poll:close_vote", round=poll))
    sent = []
    for i in room.order(i for i in range(PHONES) if choices[i] != "yes"):
        key = receipt()
        room.send(i, p.no("poll", poll, key, room.words("poll-nee"), ballot=ballots[i]))
        sent.append((attack.token_hash(key), i))
    stage("poll.no", sent, lambda: room.act("poll:step", round=poll, step="spread"))
    nos = [n["id"] for n in room.state()["round"]["poll"]["current"]["nos"]]
    taps = [(i, no) for i in range(PHONES) for no in rng.sample(nos, rng.choice((1, 2)))]
    rng.shuffle(taps)
    sent = []
    for i, no in taps:
        key = receipt()
        room.send(i, p.resonance("poll", poll, no, key))
        sent.append((attack.token_hash(key), i))
    stage("poll.spread", sent, lambda: room.act("poll:step", round=poll, step="minority"))
    sent = []
    for i in room.order(i for i in range(PHONES) if choices[i] == "no"):
        key = receipt()
        room.send(i, p.condition("poll", poll, ballots[i], key, room.words("poll-voorwaarde")))
        sent.append((attack.token_hash(key), i))
    stage("poll.condition", sent, lambda: room.act("poll:close_conditions", round=poll))
    room.act("poll:outcome", round=poll, outcome="carried", note="")
    room.act("session:close")


# --- the storage-order attack -----------------------------------------------------------------

def stored_orders(app, tokens: set[str]) -> dict[str, list[str]]:
    folder = app.config.get("DB_FOLDER")
    with app.app_context(), db.engine.connect() as conn:
        if app.config["ENGINE"] == "sqlite":
            return attack.sqlite_orders(conn, folder / "test.sqlite3", tokens)
        return attack.postgresql_orders(conn, tokens)


def write_figures(name: str, figures: dict) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"unlinkable-{name}.json").write_text(json.dumps(figures, indent=1))


@pytest.mark.parametrize("config", ENGINES, indirect=True)
def test_a_stored_order_of_any_content_says_nothing_of_who_sent_it(app, facilitator, config):
    """Ten phones answer one by one, in an order drawn from the run's seed, through every
    stage of a session; five seeded runs. After each stage closes, and again once the
    session has ended, every stored order of that stage's rows (primary key, bare scan,
    rowid; SQLite: position in the pages of every b-tree, table and index, through
    `dbstat`, and first and last byte offset in every file of the folder, WAL and journal
    included; PostgreSQL: `ctid`, and position in the raw pages of table and indexes,
    dead tuples included) is lined up with the sending order.

    Thresholds, per order family (one family = one order of one table/b-tree/file, pooled
    over every stage of every run, "@close" and "@end" apart):
    - correlation: Spearman's rho between sending rank and stored position. With no link,
      rho over n untied rows has mean 0 and variance exactly 1/(n-1), and sqrt(n-1)*rho is
      close to normal, so sum (n-1)*rho^2 over K stages is close to chi-square with K
      degrees of freedom. A family fails above its 1 - 1e-5 quantile (Wilson-Hilferty):
      with about a hundred families the suite raises a false alarm well under once in 500
      runs, while a stored arrival order (|rho| near 1 at every stage) gives about 9*K
      against a limit near 2.7*K.
    - attribution: the attacker knows who answered in which order (from a roll, or from
      watching the room) and names the sender of the i-th stored row as the i-th to send,
      in the stored order and in its reverse. Under no link the number named right is the
      match count of a random permutation of the rows' senders: its mean (about one row per
      stage) and variance are computed exactly per stage, and a family fails above the
      larger of mean + 4.265 sd and the 1 - 1e-6 quantile of a Poisson of that mean (the
      sum is right-skewed; its variance never exceeds its mean). A simulation of 8,000
      families of shuffled orders shaped like this session raised no false alarm; today's
      WAL names 456 of 470 senders against a chance of 62 (limit 103)."""
    samples: list[attack.Sample] = []
    stages: dict[str, list] = {}
    engine = app.config["ENGINE"]

    def at(moment, name, sent):
        if moment != "closed":
            return
        stages[f"{room.seed}:{name}"] = sent
        tokens = {t for t, _ in sent}
        found = attack.judge(stored_orders(app, tokens), name, sent, "@close")
        sql = [s for s in found if s.family.startswith("sql:") and s.n == len(sent)]
        pages = [s for s in found if s.family.startswith(("page:", "pgpage:"))
                 and s.n == len(sent)]
        # A stage's content must be found (else the attack proves nothing); the proofs of
        # who answered may be gone once the stage closes.
        assert (sql and pages) or name.endswith(".roll"), \
            f"{name}: the attacker found none of its {len(sent)} rows"
        samples.extend(found)

    for seed in range(RUNS):
        room = Room(app, facilitator, seed)
        run_session(room, at)
    every = {t for sent in stages.values() for t, _ in sent}
    orders = stored_orders(app, every)
    for key, sent in stages.items():
        samples.extend(attack.judge(orders, key.split(":", 1)[1], sent, "@end"))

    verdicts = attack.verdicts(samples)
    leaks = [leak for v in verdicts.values() for leak in v.leaks()]
    rhos = [abs(s.rho) for s in samples]
    write_figures(engine, {
        "samples": len(samples), "mean_abs_rho": sum(rhos) / len(rhos), "max_abs_rho": max(rhos),
        "attributed_forward": sum(s.forward for s in samples),
        "attributed_backward": sum(s.backward for s in samples),
        "rows": sum(s.n for s in samples), "chance": sum(s.chance for s in samples),
        "families": {f: {"K": len(v.samples), "mean_rho": round(v.mean_rho, 3),
                         "max_abs_rho": round(v.max_rho, 3), "chi2": round(v.chi2, 1),
                         "chi2_limit": round(v.chi2_limit, 1),
                         "attributed": [v.attributed("forward"), v.attributed("backward")],
                         "rows": v.rows, "chance": round(v.chance, 1),
                         "attribution_limit": round(v.attribution_limit, 1)}
                     for f, v in sorted(verdicts.items())}})
    assert len(stages) >= RUNS * 11
    assert leaks == [], f"{len(leaks)} stored orders name who sent what:\n" + "\n".join(
        leaks[:25])


# --- what lies on disk next to what ----------------------------------------------------------

@pytest.fixture
def session_run(app, facilitator, caplog):
    """One scripted session; returns the room and, per stage, the rows as sent."""
    caplog.set_level(logging.DEBUG)
    room = Room(app, facilitator, seed=11)
    seen: dict[str, dict] = {}

    def at(moment, name, sent):
        seen.setdefault(name, {})[moment] = {"sent": sent, "files": attack.files_in(
            app.config["DB_FOLDER"])}

    ids = {}
    original = room.act

    def act(event, **payload):
        if event == "session:close" and "sockets" not in ids:
            ids["sockets"] = room.socket_ids()
        return original(event, **payload)

    room.act = act
    run_session(room, at)
    room.ids_before_close = ids.get("sockets", [])
    room.seen = seen
    return room


def identifiers(room: Room) -> dict[str, str]:
    """Everything that names a participant: display names, participant ids, socket ids."""
    found = {f"name {n}": n for n in room.names}
    found.update({f"participant {p}": p for p in room.participant_ids()})
    found.update({f"socket {s}": s for s in room.ids_before_close or room.socket_ids()})
    assert len(found) >= 3 * PHONES
    return found


def test_no_name_participant_id_or_socket_id_lies_within_reach_of_anything_said(
        app, session_run, caplog):
    """After the session: no page of the database file, no transaction of its WAL, no
    journal or other file of the folder, and no log record holds a text a participant sent
    together with a display name, a participant id or a socket id."""
    room = session_run
    names = identifiers(room)
    texts = room.texts
    files = attack.files_in(app.config["DB_FOLDER"])
    assert any(name.endswith(".sqlite3") for name in files)
    findings, texts_found = [], 0
    for name, data in files.items():
        for chunk, content in attack.chunks_of(name, data):
            said = [t for t in texts if t.encode() in content]
            texts_found += len(said)
            who = [label for label, value in names.items() if value.encode() in content]
            if said and who:
                findings.append(f"{chunk}: {said[0]!r} next to {who[:3]}")
    for record in caplog.records:
        message = record.getMessage()
        if any(t in message for t in texts) and any(v in message for v in names.values()):
            findings.append(f"log: {message[:120]}")
    assert texts_found >= len(texts), "the attacker did not even find what was said"
    assert findings == [], "\n".join(findings[:20])


def test_withdrawn_and_edited_away_text_is_in_no_file_once_its_stage_closes(app,
                                                                          session_run):
    room = session_run
    assert len(room.gone) == 2
    checkin = room.seen["checkin"]
    for moment, files in (("at the check-in's close", checkin["closed"]["files"]),
                          ("after the session", attack.files_in(app.config["DB_FOLDER"]))):
        assert files
        left = [f"{t!r} in {name}" for name, data in files.items() for t in room.gone
                if t.encode() in data]
        assert left == [], f"{moment}: " + "; ".join(left)


def test_who_has_answered_is_never_written_to_disk(app, facilitator):
    """While stages are open (a check-in, a poll's vote), no table but the attendance list
    holds a participant's id, and in the database's pages a participant's id lies only in
    the participant table's own b-trees: no roll of who answered, at any granularity."""
    room = Room(app, facilitator, seed=5)
    checked = []

    def at(moment, name, sent):
        if moment != "open" or name not in ("checkin", "poll.vote", "agenda.spread"):
            return
        ids = room.participant_ids()
        assert len(ids) == PHONES
        with app.app_context(), db.engine.connect() as conn:
            tables = [t for t in inspect(conn).get_table_names() if t != "participant"]
            rows = {t: conn.execute(text(f'SELECT * FROM "{t}"')).all() for t in tables}
            btrees = {}
            for btree, pageno in conn.execute(text("SELECT name, pageno FROM dbstat")).all():
                btrees[pageno] = btree
        held = sorted({t for t, found in rows.items() for row in found
                       for value in row if any(p in str(value) for p in ids)})
        pages = attack.live_pages(app.config["DB_FOLDER"] / "test.sqlite3")
        stray = sorted({btrees.get(pgno, "a free page") for pgno, page in pages.items()
                        if any(p.encode() in page for p in ids)
                        and "participant" not in btrees.get(pgno, "")})
        checked.append(name)
        assert (held, stray) == ([], []), f"while {name} is open"

    run_session(room, at)
    assert checked == ["checkin", "agenda.spread", "poll.vote"]


def test_idempotency_keys_keep_no_text_and_expire_with_their_stage(app, session_run):
    """Once the session has ended (every stage closed), the kept acknowledgements hold no
    text, receipt or roll token a phone sent, and none of a phone's events is kept."""
    room = session_run
    with app.app_context():
        session_id = db.session.execute(text("SELECT id FROM session WHERE code = :c"),
                                        {"c": room.code}).scalar_one()
        kept = db.session.execute(text("SELECT key, response FROM handled_event")).all()
    secrets_sent = [*room.texts, *room.gone, *room.receipts, *(r for rolls in room.rolls for r in rolls)]
    with_text = [str(response)[:80] for _, response in kept
                 if any(s in str(response) for s in secrets_sent)]
    phone_keys = {attack.token_hash(f"{session_id}:{c}") for c in room.phone_events}
    assert len(room.phone_events) > 50
    assert with_text == []
    assert [k for k, _ in kept if k in phone_keys] == []
    assert len(kept) <= room.facilitator_events


def test_a_shared_summary_link_is_stored_only_as_a_hash(app, session_run):
    room = session_run
    ack = room.act("summary:share")
    token = ack["url"].rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 20

    files = attack.files_in(app.config["DB_FOLDER"])
    assert files
    assert [name for name, data in files.items() if token.encode() in data] == []


def test_every_connection_zeroes_freed_space_and_keeps_no_old_journal(app):
    with app.app_context(), db.engine.connect() as conn:
        secure = conn.execute(text("PRAGMA secure_delete")).scalar()
    assert secure == 1
    assert not list(app.config["DB_FOLDER"].glob("*-journal"))


# --- the beamer -------------------------------------------------------------------------------

def frames(*sockets) -> list[tuple[str, dict]]:
    """Every round view the screens received since the last call; and every field that
    moved on any one screen meanwhile, other than how many answered, in `MOVED`."""
    found = []
    MOVED.clear()
    for socket in sockets:
        received = []
        for event in socket.get_received():
            data = event["args"][0] if event["args"] else None
            received.append((event["name"], data))
            view = attack.round_of(event["name"], data)
            if view is not None:
                found.append((event["name"], view))
        MOVED.update(attack.moving(received))
    return found


MOVED: dict[str, list] = {}


def ticking(views, pick) -> list:
    return [pick(v) for _, v in views]


@pytest.fixture
def beamer(app, facilitator):
    """Eight phones, the console and the projector; every count goes out at once
    (BROADCAST_INTERVAL is 0 in the tests), so each tap gets a frame of its own: the same
    proof as a tap a second, without the wait."""
    room = Room(app, facilitator, seed=8, phones=8)
    for socket in [room.console, room.projector, *(p.socket for p in room.phones)]:
        socket.get_received()
    return room


def screens(room):
    return (room.console, room.projector, *(p.socket for p in room.phones))


def test_a_poll_shows_only_how_many_answered_until_the_vote_closes(beamer):
    room, p = beamer, beamer.protocol
    poll = room.act("poll:start", proposal="Vrijdag vrij")["round"]
    frames(*screens(room))
    for i, choice in enumerate(["yes", "no", "yes", "no", "yes_bit_of_no", "yes", "no", "no"]):
        room.send(i, p.ballot("poll", poll, receipt(), [choice]))
    during = frames(*screens(room))
    moved = dict(MOVED)
    room.act("poll:close_vote", round=poll)
    after = frames(room.console, room.projector)

    answered = ticking(during, lambda v: v.get("poll", {}).get("current", {}).get("answered"))
    shown = [v["poll"]["current"]["counts"] for _, v in during if "poll" in v]
    assert 8 in answered, "the screens did not even hear how many answered"
    assert [c for c in shown if c is not None] == []
    assert moved == {}, "moved on a screen while the vote was open"
    closed = [v["poll"]["current"]["counts"] for _, v in after if "poll" in v]
    assert closed and closed[-1] == {"yes": 3, "yes_bit_of_no": 1, "no": 4}


def test_a_polls_spread_shows_no_shared_counts_until_the_facilitator_moves_on(beamer):
    room, p = beamer, beamer.protocol
    poll = room.act("poll:start", proposal="Vrijdag vrij")["round"]
    ballots = [receipt() for _ in room.phones]
    choices = ["yes", "no", "yes", "no", "yes_bit_of_no", "yes", "yes", "no"]
    for i, choice in enumerate(choices):
        room.send(i, p.ballot("poll", poll, ballots[i], [choice]))
    room.act("poll:close_vote", round=poll)
    for i in (1, 3):
        room.send(i, p.no("poll", poll, receipt(), room.words("poll-nee"), ballot=ballots[i]))
    room.act("poll:step", round=poll, step="spread")
    nos = [n["id"] for n in room.state()["round"]["poll"]["current"]["nos"]]
    frames(*screens(room))
    for i in range(8):
        room.send(i, p.resonance("poll", poll, nos[0], receipt()))
    during = frames(*screens(room))
    moved = dict(MOVED)
    room.act("poll:step", round=poll, step="minority")
    after = frames(room.console, room.projector)

    assert during, "the screens heard nothing while the no was spread"
    shared = [n.get("shared") for _, v in during if "poll" in v
              for n in v["poll"]["current"].get("nos") or []]
    assert [s for s in shared if s is not None] == []
    assert moved == {}, "moved on a screen while the no was spread"
    final = {n["id"]: n["shared"] for n in after[-1][1]["poll"]["current"]["nos"]}
    assert final[nos[0]] == 8


def agenda_at_step_2(room):
    p = room.protocol
    round_id = room.act("round:open", kind="topics", prompt="")["round"]
    for i in range(3):
        room.send(i, p.contribution(round_id, receipt(), room.words("onderwerp")))
    room.act("round:reveal", round=round_id)
    room.act("agenda:step", round=round_id, to="seek_no")
    return round_id


def test_agenda_step_2_shows_only_how_many_answered_not_how_many_said_no(beamer):
    room, p = beamer, beamer.protocol
    round_id = agenda_at_step_2(room)
    frames(*screens(room))
    for i in range(8):
        if i % 3 == 0:
            room.send(i, p.nothing(round_id, receipt()))
        else:
            room.send(i, p.no("topics", round_id, receipt(), room.words("agenda-nee")))
    during = frames(*screens(room))
    moved = dict(MOVED)
    room.act("agenda:step", round=round_id, to="spread")

    steps = [v["steps"] for _, v in during if "steps" in v]
    assert 8 in [s.get("answered") for s in steps], "no screen heard how many answered"
    moving = [(key, s[key]) for s in steps
              for key in ("no_count", "alternatives_count", "nothing_count")
              if s.get(key) is not None]
    assert moving == []
    assert moved == {}, "moved on a screen while the no was sought"


def test_agenda_step_3_shows_no_shared_counts_until_the_vote_opens(beamer):
    room, p = beamer, beamer.protocol
    round_id = agenda_at_step_2(room)
    for i in range(3):
        room.send(i, p.no("topics", round_id, receipt(), room.words("agenda-nee")))
    room.act("agenda:step", round=round_id, to="spread")
    nos = [n["id"] for n in attack.agenda_nos(room.state()["round"]["steps"])]
    frames(*screens(room))
    for i in range(8):
        room.send(i, p.resonance("topics", round_id, nos[i % 2], receipt()))
    during = frames(*screens(room))
    moved = dict(MOVED)
    room.act("agenda:step", round=round_id, to="vote", mode="single", dots=1)
    after = frames(room.console, room.projector)

    assert during, "the screens heard nothing while the no was spread"
    shared = [n.get("shared") for _, v in during if "steps" in v
              for n in attack.agenda_nos(v["steps"]) or []]
    assert [s for s in shared if s is not None] == []
    assert moved == {}, "moved on a screen while the no was spread"
    final = {n["id"]: n["shared"] for n in attack.agenda_nos(after[-1][1]["steps"])}
    assert (final[nos[0]], final[nos[1]]) == (4, 4)


def test_the_agendas_vote_shows_no_counts_until_it_closes(beamer):
    room, p = beamer, beamer.protocol
    round_id = agenda_at_step_2(room)
    room.act("agenda:step", round=round_id, to="spread")
    room.act("agenda:step", round=round_id, to="vote", mode="single", dots=1)
    topics = [t["id"] for t in room.state()["round"]["topics"]]
    frames(*screens(room))
    for i in range(8):
        room.send(i, p.ballot("topics", round_id, receipt(), [topics[[0, 1, 1, 0, 1, 1, 0, 1][i]]]))
    during = frames(*screens(room))
    moved = dict(MOVED)
    room.act("agenda:close_vote", round=round_id)
    after = frames(room.console, room.projector)

    counts = [v["steps"].get("counts") for _, v in during if "steps" in v]
    assert [c for c in counts if c is not None] == []
    assert moved == {}, "moved on a screen while the vote was open"
    assert after[-1][1]["steps"]["counts"] == {topics[0]: 3, topics[1]: 5, topics[2]: 0}
