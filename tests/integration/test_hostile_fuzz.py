"""A hostile room, fuzzed (issue 12): every Socket.IO event the server handles gets payloads
drawn by Hypothesis (None, numbers, text up to 100,000 characters, lists, nested objects, the
right keys with the wrong types, extra arguments), sent from a phone and from the console.
Every one is answered with an acknowledgement, none is a defect of ours (`server_error`), a
refused one writes nothing, and the server's log holds none of what was sent. Every form is
posted with fuzzed fields and never answers with a server error.

Bounded: MAX_EXAMPLES per event (both roles per example), so the file runs in well under a
minute; the number of cases run is written to test-artifacts/hardening-figures.json."""
from __future__ import annotations

import json
import logging
import secrets
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import app.sockets  # noqa: F401  (registers the handlers)
from app.sockets.edge import HANDLERS
from tests.conftest import ROOT
from tests.integration.test_hostile_matrix import SPEC, table_counts

MAX_EXAMPLES = 25
CANARY = "Fz9q"  # every fuzzed text worth finding starts with it
FUZZ_SETTINGS = settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
                         suppress_health_check=list(HealthCheck))
EVENTS = sorted(HANDLERS)
FIGURES = ROOT / "test-artifacts" / "hardening-figures.json"


def record(name: str, value) -> None:
    FIGURES.parent.mkdir(exist_ok=True)
    figures = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
    figures[name] = value
    FIGURES.write_text(json.dumps(figures, indent=2, sort_keys=True))


def yaml_keys(event: str) -> list[str]:
    """The payload keys the yaml documents for this event."""
    for message in SPEC["components"]["messages"].values():
        if message.get("name") == event:
            keys = (message.get("payload") or {}).get("properties", {})
            # PyYAML reads YAML 1.1, where a bare `no` key is False; AsyncAPI means "no".
            return sorted({False: "no", True: "yes"}.get(k, k) if isinstance(k, bool) else k
                          for k in keys)
    return []


marked_text = st.text(max_size=30).map(lambda s: f"{CANARY}{s}")
texts = st.one_of(st.text(max_size=20), marked_text,
                  st.integers(600, 3000).map(lambda n: f"{CANARY}" + "é<" * n),
                  st.just(CANARY + "x" * 100_000))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**63, 2**63),
                    st.floats(allow_nan=False, allow_infinity=False), texts)
json_like = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=10), inner, max_size=5)),
    max_leaves=12)
receipts = st.one_of(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", min_size=16,
                             max_size=128), json_like)
client_ids = st.one_of(st.text(alphabet="abcdefghijklmnop0123456789-_", min_size=8,
                               max_size=64), json_like)


def payloads(event: str, round_ids: list[str]):
    """Anything at all; or the documented keys, each with anything (the right keys with the
    wrong types), a well-formed id and a real round so that the handler goes deep."""
    keys = yaml_keys(event)
    special = {"receipt": receipts, "ballot": receipts, "text": st.one_of(texts, json_like)}
    documented = st.fixed_dictionaries(
        {"id": client_ids, "round": st.one_of(st.sampled_from(round_ids), json_like)},
        optional={key: special.get(key, json_like) for key in keys
                  if key not in ("id", "round")})
    with_extra = st.tuples(documented, st.dictionaries(st.text(max_size=8), json_like,
                                                       max_size=3)).map(
        lambda pair: {**pair[1], **pair[0]})
    valid_ids = st.text(alphabet="abcdefghijklmnop0123456789-_", min_size=8, max_size=64)
    valid_receipts = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", min_size=16,
                             max_size=128)
    well_formed = st.fixed_dictionaries(  # only the method's own fields are fuzzed: deep
        {"id": valid_ids, "round": st.sampled_from(round_ids),
         **{k: valid_receipts for k in ("receipt", "ballot") if k in keys}},
        optional={key: special.get(key, json_like) for key in keys
                  if key not in ("id", "round", "receipt", "ballot")})
    return st.one_of(json_like, documented, with_extra, well_formed, well_formed)


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in strings_in(k) + strings_in(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in strings_in(v)]
    return []


# An extra argument is refused whatever the payload, so most examples send none.
extra_args = st.one_of(st.just([]), st.just([]), st.just([]),
                       st.lists(json_like, min_size=1, max_size=2))


@pytest.fixture
def room(app, console, phone_factory):
    """A round of every kind (an open check-in with two contributions, an agenda gathering
    topics, a poll), and the phone that will fuzz."""
    phones = [phone_factory() for _ in range(2)]
    round_ids = [console.emit("round:open", {"id": f"fuzz-open-{kind}", "kind": kind},
                              callback=True)["round"] for kind in ("checkin", "topics")]
    round_ids.append(console.emit("poll:start", {"id": "fuzz-poll-1", "proposal": "Ja?"},
                                  callback=True)["round"])
    for i, phone in enumerate(phones):
        for round_id in round_ids[:2]:
            assert phone.send("contribution:add", {
                "id": f"fuzz-add-{secrets.token_hex(4)}", "round": round_id,
                "receipt": secrets.token_urlsafe(18), "text": "Gewoon"})["ok"]
    return round_ids, phones[0]


def test_every_documented_event_is_fuzzed():
    assert len(EVENTS) >= 35 and {"contribution:add", "agenda:add", "session:language",
                                  "ballot:cast", "poll:start"} <= set(EVENTS)
    assert all(yaml_keys(e) or e == "session:resync" for e in EVENTS)


@pytest.mark.parametrize("event", EVENTS)
def test_a_fuzzed_event_is_always_answered_never_half_written_and_never_logged(
        event, app, console, room, caplog):
    caplog.set_level(logging.DEBUG)
    round_ids, phone = room
    sent: list = []
    answers: list = []
    partial: list = []

    @FUZZ_SETTINGS
    @given(payload=payloads(event, round_ids), extra=extra_args)
    def fuzz(payload, extra):
        for socket in (phone.socket, console):
            before = table_counts(app)
            ack = socket.emit(event, payload, *extra, callback=True)
            answers.append(ack)
            if not (isinstance(ack, dict) and ack.get("ok") is True):
                if table_counts(app) != before:
                    partial.append((payload, extra))
            socket.get_received()
        sent.append((payload, extra))

    fuzz()

    assert len(sent) >= 10, f"only {len(sent)} cases ran"
    not_acks = [a for a in answers if not (isinstance(a, dict) and isinstance(a.get("ok"), bool))]
    assert not_acks == []
    assert [a for a in answers if a.get("error") == "server_error"] == []
    assert partial == []
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert CANARY not in logged
    assert [s for s in strings_in(sent) if len(s) >= 12 and s in logged] == []
    record(f"fuzz:{event}", dict(sorted(Counter(
        "ok" if a.get("ok") else a.get("error") for a in answers).items())))


# --- forms ------------------------------------------------------------------------------------

form_values = st.one_of(st.text(max_size=50), st.just("x" * 70_000), marked_text,
                        st.integers(1000, 5000).map(lambda n: "<" * n))
FORM_FIELDS = {
    "login": ("/login", ["name", "password", "csrf_token"]),
    "create": ("/console", ["title", "question", "language", "csrf_token"]),
    "join": ("/j/{code}", ["display_name", "csrf_token"]),
    "enter_code": ("/join", ["code", "csrf_token"]),
    "delete": ("/console/{code}/delete", ["confirm", "csrf_token"]),
}


@pytest.mark.parametrize("form", sorted(FORM_FIELDS))
def test_a_fuzzed_form_never_gets_a_server_error(form, app, facilitator, code, caplog):
    caplog.set_level(logging.DEBUG)
    path, fields = FORM_FIELDS[form]
    statuses: list[int] = []

    @FUZZ_SETTINGS
    @given(data=st.fixed_dictionaries({}, optional={f: form_values for f in fields}),
           extra=st.dictionaries(st.text(min_size=1, max_size=10), form_values, max_size=3))
    def fuzz(data, extra):
        for client in (facilitator, app.test_client()):
            response = client.post(path.format(code=code), data={**extra, **data})
            statuses.append(response.status_code)

    fuzz()

    assert len(statuses) >= 20
    assert [s for s in statuses if s >= 500] == []
    assert CANARY not in "\n".join(r.getMessage() for r in caplog.records)
    record(f"form:{form}", len(statuses))


# --- text no database can store ---------------------------------------------------------------

UNSTORABLE = {  # event -> payload; "\ud800" is valid JSON ("\\ud800"), as JSON.stringify writes it
    "contribution:add": lambda rounds: {"round": rounds[0], "receipt": secrets.token_urlsafe(18),
                                        "text": "Hallo \ud800"},
    "poll:start": lambda rounds: {"proposal": "Voorstel \ud800"},
}


@pytest.mark.parametrize("event", sorted(UNSTORABLE))
def test_text_with_a_lone_surrogate_is_refused_as_malformed_not_met_as_a_defect(
        event, app, console, room):
    round_ids, phone = room
    sender = phone.socket if event == "contribution:add" else console
    before = table_counts(app)

    ack = sender.emit(event, {"id": f"s-{secrets.token_hex(6)}", **UNSTORABLE[event](round_ids)},
                      callback=True)

    assert table_counts(app) == before
    assert ack["ok"] is False and ack["error"] != "server_error", ack


# --- the connect handshake ---------------------------------------------------------------------

def auths(code: str):
    # A bare number cannot travel as a CONNECT payload: the Socket.IO packet would read its
    # digits as a packet id (python-socketio's encoder, client side, trips on it).
    anything = json_like.filter(lambda v: isinstance(v, bool) or not isinstance(v, (int, float)))
    return st.one_of(anything, st.fixed_dictionaries(
        {"code": st.one_of(st.just(code), json_like)},
        optional={"role": st.one_of(st.sampled_from(["participant", "facilitator", "projector"]),
                                    json_like),
                  "rolls": st.one_of(st.lists(st.text(min_size=16, max_size=40), max_size=5),
                                     json_like)}))


def test_a_fuzzed_connect_is_refused_or_accepted_never_an_error(app, code, console, caplog):
    from app.extensions import socketio
    from tests.conftest import Phone

    caplog.set_level(logging.DEBUG)
    phone = Phone(app, code)
    outcomes = Counter()

    @FUZZ_SETTINGS
    @given(auth=auths(code))
    def fuzz(auth):
        socket = socketio.test_client(app, flask_test_client=phone.http, auth=auth)
        outcomes["connected" if socket.is_connected() else "refused"] += 1
        if socket.is_connected():
            socket.disconnect()

    fuzz()

    assert sum(outcomes.values()) >= 20 and outcomes["refused"] > 0, outcomes
    assert CANARY not in "\n".join(r.getMessage() for r in caplog.records)
    record("connect", dict(outcomes))


def test_a_phone_presenting_an_unencodable_roll_token_is_connected_or_refused_cleanly(
        app, code, console):
    from app.extensions import socketio
    from tests.conftest import Phone

    phone = Phone(app, code)
    phone.socket.disconnect()

    socket = socketio.test_client(app, flask_test_client=phone.http, auth={
        "code": code, "role": "participant", "rolls": ["\ud800" * 16]})

    assert socket.is_connected() in (True, False)
