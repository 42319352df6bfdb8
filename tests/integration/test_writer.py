"""The batched writer (app/store/writer.py): many contributions or poll answers in one transaction.
Under gevent a burst is written in batches; the socket tests run in threading mode, where
each request is a batch of one, so here batches of several are handed to `writer.process`
directly: the same rules, each request on its own, and one request's error fails no other."""
import hashlib
import secrets

import pytest
from sqlalchemy import text

from app import presence
from app.services import decision, rounds
from app.store import writer
from app.store.roll import roll as the_roll
from app.extensions import db
from app.models import Participant, Session
from tests.integration.test_checkin import open_checkin


def receipt() -> str:
    return secrets.token_urlsafe(18)


@pytest.fixture
def room(app, code, console, phone_factory):
    """Three joined phones and their identities, as the edge finds them."""
    phones = [phone_factory(name) for name in ("Anna", "Bram", "Chris")]
    with app.app_context():
        session = db.session.scalar(db.select(Session).filter_by(code=code))
        ids = db.session.scalars(db.select(Participant.id).filter_by(session_id=session.id)).all()
        return [presence.Identity(code, session.id, "participant", participant_id=i)
                for i in ids], phones


def contribution(identity, round_id, key, words):
    return rounds.contribution_request(identity, {"round": round_id, "receipt": key,
                                                  "text": words})


def answer(identity, round_id, key, choice, handled=None):
    request = decision.ballot_request(identity, {"round": round_id, "receipt": key,
                                                 "choices": [choice]})
    request.handled_key = handled
    return request


def who_answered(round_id, stages, identities) -> dict[str, int]:
    """The roll as the server knows it: who (in memory) answered how often (on disk, by the
    hash of the token their phone holds)."""
    found = {}
    for stage in stages:
        for identity in identities:
            token = the_roll().token(round_id, stage, identity.participant_id)
            if token:
                found[identity.participant_id] = db.session.execute(text(
                    "SELECT count FROM roll_proof WHERE token_hash = :h"),
                    {"h": hashlib.sha256(token.encode()).hexdigest()}).scalar()
    return found


def outcome(request):
    """The acknowledgement, less the phone's roll token (which differs per phone)."""
    try:
        return {k: v for k, v in request.outcome().items() if k != "roll"}
    except Exception as error:  # a named error: what the edge would acknowledge
        return {"ok": False, "error": error.code}


def test_a_batch_of_contributions_applies_each_on_its_own(app, console, room):
    (anna, bram, chris), _ = room
    round_id = open_checkin(console)
    key = receipt()
    batch = [contribution(anna, round_id, key, "Moe"),
             contribution(anna, round_id, key, "Moe"),  # a retry in the same batch
             contribution(bram, round_id, receipt(), "   "),
             contribution(chris, round_id, receipt(), "x" * 501),
             contribution(chris, "not-a-round", receipt(), "Hallo"),
             contribution(chris, round_id, "short", "Hallo"),
             contribution(bram, round_id, receipt(), "Zin in")]
    with app.app_context():
        writer.process(batch)
        acks = [outcome(r) for r in batch]
        stored = db.session.execute(text(
            "SELECT receipt_hash, text FROM contribution WHERE round_id = :r"),
            {"r": round_id}).all()
        roll = who_answered(round_id, ("checkin", "vote.1"), (anna, bram, chris))

    assert acks == [{"ok": True, "text": "Moe"}, {"ok": True, "text": "Moe"},
                    {"ok": False, "error": "empty_text"},
                    {"ok": False, "error": "text_too_long"},
                    {"ok": False, "error": "unknown_round"},
                    {"ok": False, "error": "malformed"},
                    {"ok": True, "text": "Zin in"}]
    assert sorted(t for _, t in stored) == ["Moe", "Zin in"]
    assert hashlib.sha256(key.encode()).hexdigest() in {h for h, _ in stored}
    assert roll == {anna.participant_id: 1, bram.participant_id: 1}


def test_a_later_batch_sees_the_earlier_one_and_a_closed_round(app, console, room):
    (anna, bram, _), _ = room
    round_id = open_checkin(console)
    key = receipt()
    first = [contribution(anna, round_id, key, "Eerste")]
    with app.app_context():
        writer.process(first)
    ack = console.emit("round:close", {"id": "close-round-1", "round": round_id}, callback=True)
    assert ack["ok"], ack
    again = [contribution(anna, round_id, key, "Eerste"),
             contribution(bram, round_id, receipt(), "Te laat")]
    with app.app_context():
        writer.process(again)

    assert outcome(first[0]) == {"ok": True, "text": "Eerste"}
    assert [outcome(r) for r in again] == [{"ok": True, "text": "Eerste"},
                                           {"ok": False, "error": "round_not_open"}]


def start_poll(console):
    ack = console.emit("poll:start", {"id": f"p-{secrets.token_hex(4)}",
                                      "proposal": "We gaan het proberen."}, callback=True)
    assert ack["ok"], ack
    return ack["round"]


def test_a_batch_of_poll_answers_keeps_one_vote_per_phone(app, console, room):
    (anna, bram, chris), _ = room
    round_id = start_poll(console)
    anna_key, bram_key = receipt(), receipt()
    batch = [answer(anna, round_id, anna_key, "yes", handled="h-anna"),
             answer(anna, round_id, anna_key, "no"),  # changes her answer
             answer(anna, round_id, receipt(), "yes"),  # a second ballot: refused
             answer(anna, round_id, anna_key, "yes", handled="h-anna"),  # a retried event
             answer(bram, round_id, bram_key, "maybe"),
             answer(bram, round_id, bram_key, "no"),
             answer(chris, "not-a-round", receipt(), "yes")]
    with app.app_context():
        writer.process(batch)
        acks = [outcome(r) for r in batch]
        ballots = db.session.execute(text(
            "SELECT receipt_hash, choice FROM ballot WHERE round_id = :r"),
            {"r": round_id}).all()
        roll = who_answered(round_id, ("checkin", "vote.1"), (anna, bram, chris))

    assert acks == [{"ok": True, "changed": False}, {"ok": True, "changed": True},
                    {"ok": False, "error": "already_voted"}, {"ok": True, "changed": False},
                    {"ok": False, "error": "unknown_option"}, {"ok": True, "changed": False},
                    {"ok": False, "error": "unknown_round"}]
    digest = lambda k: hashlib.sha256(k.encode()).hexdigest()  # noqa: E731
    assert sorted(ballots) == sorted([(digest(anna_key), "no"), (digest(bram_key), "no")])
    assert roll == {anna.participant_id: 1, bram.participant_id: 1}


def test_a_phone_is_acknowledged_over_the_socket_as_before(console, room):
    _, (anna, *_) = room
    round_id = start_poll(console)
    key = receipt()
    first = anna.send("ballot:cast", {"id": "answer-first", "round": round_id, "receipt": key,
                                      "choices": ["yes"]})
    retried = anna.send("ballot:cast", {"id": "answer-first", "round": round_id, "receipt": key,
                                        "choices": ["yes"]})
    changed = anna.send("ballot:cast", {"id": "answer-second", "round": round_id,
                                        "receipt": key, "choices": ["no"]})

    assert {**first, "roll": None} == {**retried, "roll": None} == \
        {"ok": True, "changed": False, "roll": None}
    assert changed == {"ok": True, "changed": True, "roll": first["roll"]}


def test_a_receipt_stored_by_another_process_meanwhile_is_answered_as_a_retry(
        app, console, room, monkeypatch):
    """Two server processes took the same contribution (a phone that reconnected to the
    other one): the other stored it between this batch's read and its write. The batch's
    insert fails on the receipt, and each request is handled again alone: the contribution
    is answered as a retry, stored once, and the other request in the batch is stored."""
    (anna, bram, _), _ = room
    round_id = open_checkin(console)
    key = receipt()
    read = writer._CONTRIBUTIONS.rows
    raced = []

    def read_then_race(conn, values):
        found = read(conn, values)
        if not raced:
            raced.append(True)
            with db.engine.begin() as other:  # another process, its own connection
                other.execute(text(
                    "INSERT INTO contribution (id, round_id, stage, text, receipt_hash) "
                    "VALUES ('raced-row-0000000001', :r, 'checkin', 'Moe', :h)"),
                    {"r": round_id, "h": hashlib.sha256(key.encode()).hexdigest()})
        return found

    monkeypatch.setattr(writer._CONTRIBUTIONS, "rows", read_then_race)
    batch = [contribution(anna, round_id, key, "Moe"),
             contribution(bram, round_id, receipt(), "Zin in")]
    with app.app_context():
        writer.process(batch)
        acks = [outcome(r) for r in batch]
        stored = db.session.execute(text(
            "SELECT text FROM contribution WHERE round_id = :r"), {"r": round_id}).scalars()

        assert raced and acks == [{"ok": True, "text": "Moe"}, {"ok": True, "text": "Zin in"}]
        assert sorted(stored) == ["Moe", "Zin in"]
