"""Who may do what, generated (issue 12): the events come from docs/asyncapi.yaml and the pages
from Flask's url_map, so a new event or a new route is covered without anyone writing a test.

Every event whose operation says "Facilitator only" is sent by a participant's socket, by the
facilitator of another session, and by a socket that never signed in; every event that says
"Participant only" by the facilitator and by a socket that never joined. Each is refused and
the session's state (the whole `session:state` its own facilitator gets, and the row count of
every table) is what it was. Every route is requested without signing in and as another
facilitator; a route that is not on the short public list is the facilitator's and never
answers with someone else's session."""
from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest
import yaml
from sqlalchemy import inspect, text

import app.sockets  # noqa: F401  (registers the handlers)
from app import create_app
from app.extensions import db, socketio
from app.sockets.edge import HANDLERS
from tests.conftest import ROOT, TestConfig, create_session, last, make_facilitator, sign_in

SPEC = yaml.safe_load((ROOT / "docs" / "asyncapi.yaml").read_text())


def events_whose_summary_says(prefix: str) -> list[str]:
    """The Socket.IO event names of every operation whose summary starts with `prefix`."""
    found = []
    for operation in SPEC["operations"].values():
        if not operation.get("summary", "").startswith(prefix):
            continue
        for ref in operation["messages"]:
            channel_message = ref["$ref"].rsplit("/", 1)[1]
            target = SPEC["channels"]["session"]["messages"][channel_message]["$ref"]
            found.append(SPEC["components"]["messages"][target.rsplit("/", 1)[1]]["name"])
    return sorted(found)


FACILITATOR_ONLY = events_whose_summary_says("Facilitator only")
PARTICIPANT_ONLY = events_whose_summary_says("Participant only")

# Pages anyone may open: signing in, choosing a language, a phone's own pages, and the
# summary a facilitator shared (its token is the key). Every other route is a facilitator's.
PUBLIC_ENDPOINTS = {"console.home", "auth.login", "auth.signin", "auth.logout", "i18n.switch",
                    "participant.enter_code", "participant.join", "participant.phone",
                    "export.shared"}
SECRET_TITLE = "Geheime sessie van Anna"
SECRET_QUESTION = "Hoe gaat het met de reorganisatie?"
SECRET_CONTRIBUTION = "Ik ben bang voor mijn baan"
SECRET_NAME = "Chris Verborgen"


def rules(app) -> list:
    return sorted((r for r in app.url_map.iter_rules() if r.endpoint != "static"),
                  key=lambda r: r.rule)


def _route_app():
    return create_app(type("Routes", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": "sqlite://"}))


ROUTES = [(rule.rule, method, rule.endpoint) for rule in rules(_route_app())
          for method in sorted(rule.methods & {"GET", "POST"})]


def client_id() -> str:
    return f"probe-{secrets.token_hex(6)}"


def receipt() -> str:
    return secrets.token_urlsafe(18)


# --- the room under attack ------------------------------------------------------------------

class Room:
    """Anna's session with an open check-in and three phones that contributed; what its
    own console sees, and how many rows each table holds."""

    def __init__(self, app, facilitator, console, phone_factory, code):
        self.app, self.code, self.console = app, code, console
        self.phones = [phone_factory(SECRET_NAME if i == 0 else None) for i in range(3)]
        ack = console.emit("round:open", {"id": client_id(), "kind": "checkin"}, callback=True)
        assert ack["ok"], ack
        self.round = ack["round"]
        for phone in self.phones:
            sent = phone.send("contribution:add", {"id": client_id(), "round": self.round,
                                                   "receipt": receipt(),
                                                   "text": SECRET_CONTRIBUTION})
            assert sent["ok"], sent

    def payload(self, event: str) -> dict:
        """A payload the facilitator could send for this event: every field the yaml knows,
        filled with a value that names this session's round."""
        return {"id": client_id(), "round": self.round, "kind": "checkin", "language": "en",
                "prompt": "Aanval", "text": "Aanval", "proposal": "Aanval", "confirm": True,
                "to": "seek_no", "step": "seek_no", "mode": "single", "dots": 1,
                "outcome": "carried", "note": "Aanval", "label": "Aanval",
                "members": ["a", "b"], "topics": ["a", "b"], "topic": "a", "group": "a",
                "polarity": "a", "left": {"text": "Aanval"}, "right": {"text": "Aanval"},
                "options": ["ja", "nee"], "option": "o1", "receipt": receipt(),
                "ballot": receipt(), "choices": ["yes"], "no": "a", "large": True,
                "high": True}

    def snapshot(self) -> tuple[dict, dict]:
        """What the session's own facilitator sees (live counts of sockets aside), and the
        number of rows in every table."""
        self.console.get_received()
        ack = self.console.emit("session:resync", {}, callback=True)
        assert ack["ok"], ack
        state = dict(last(self.console, "session:state"))
        state.pop("presence", None)
        return state, table_counts(self.app, self.code)


def table_counts(app, code: str | None = None) -> dict[str, int]:
    """Rows per table; with `code`, only the rows of that session (its own row, the rows
    naming it, and those naming one of its rounds), so another session's work is apart."""
    with app.app_context():
        with db.engine.connect() as conn:
            inspector, counts = inspect(conn), {}
            for table in inspector.get_table_names():
                columns = {c["name"] for c in inspector.get_columns(table)} if code else ()
                query = f'SELECT COUNT(*) FROM "{table}"'
                if code and table == "session":
                    query += " WHERE code = :code"
                elif "session_id" in columns:
                    query += " WHERE session_id = (SELECT id FROM session WHERE code = :code)"
                elif "round_id" in columns:
                    query += (" WHERE round_id IN (SELECT r.id FROM round r JOIN session s"
                              " ON s.id = r.session_id WHERE s.code = :code)")
                counts[table] = conn.execute(text(query),
                                             {"code": code} if ":code" in query else {}).scalar()
            return counts


@pytest.fixture
def room(app, facilitator, console, phone_factory, code):
    return Room(app, facilitator, console, phone_factory, code)


@pytest.fixture
def other(app):
    """Bea, who runs a session of her own, signed in with her own console socket."""
    make_facilitator(app, "Bea")
    client = app.test_client()
    sign_in(client, "Bea")
    own = create_session(client, title="Bea's workshop")
    socket = socketio.test_client(app, flask_test_client=client,
                                  auth={"code": own, "role": "facilitator"})
    assert socket.is_connected()
    yield client, socket
    if socket.is_connected():
        socket.disconnect()


def test_the_lists_are_built_from_the_yaml_and_hold_the_events_we_know():
    assert len(FACILITATOR_ONLY) >= 25 and len(PARTICIPANT_ONLY) >= 8
    assert {"session:close", "round:reveal", "poll:start", "agenda:outcome",
            "checkin:summary", "summary:share"} <= set(FACILITATOR_ONLY)
    assert {"contribution:add", "ballot:cast", "no:add", "condition:add",
            "resonance:add"} <= set(PARTICIPANT_ONLY)
    assert not set(FACILITATOR_ONLY) & set(PARTICIPANT_ONLY)


def test_the_yaml_says_who_may_send_each_event_as_the_server_enforces_it():
    said = {e: ("facilitator",) for e in FACILITATOR_ONLY}
    said.update({e: ("participant",) for e in PARTICIPANT_ONLY})
    enforced = {e: spec["who"] for e, spec in HANDLERS.items()
                if spec["who"] in (("facilitator",), ("participant",))}

    assert said == enforced


@pytest.mark.parametrize("event", FACILITATOR_ONLY)
def test_a_facilitator_event_from_anyone_else_is_refused_and_changes_nothing(
        event, app, room, other, phone_factory):
    before = room.snapshot()
    refusals = []

    # (a) a participant of this very session
    phone = room.phones[0]
    refusals.append(phone.send(event, room.payload(event)))
    # (b) the facilitator of another session: her own socket, this session's ids; and a
    # socket of hers that asks to be this session's console or projector
    other_client, other_socket = other
    other_ack = other_socket.emit(event, room.payload(event), callback=True)
    intruders = [socketio.test_client(app, flask_test_client=other_client,
                                      auth={"code": room.code, "role": role})
                 for role in ("facilitator", "projector")]
    # (c) a socket that never signed in, asking to be the console, and without any auth
    stranger = app.test_client()
    intruders += [socketio.test_client(app, flask_test_client=stranger,
                                       auth={"code": room.code, "role": role})
                  for role in ("facilitator", "projector", "participant")]
    intruders.append(socketio.test_client(app, flask_test_client=stranger))
    after = room.snapshot()

    assert [a["error"] for a in refusals] == ["not_allowed"]
    assert phone.received("action:refused")[-1]["error"] == "not_allowed"
    assert other_ack is None or other_ack.get("ok") is False or event in OWN_SESSION_ONLY, \
        other_ack
    assert [s.is_connected() for s in intruders] == [False] * 6
    assert after == before


# A facilitator may close or share her own session: sent by Bea these act on Bea's session
# (the snapshot above proves Anna's did not change).
OWN_SESSION_ONLY = {"session:close", "session:language", "round:open", "poll:start",
                    "summary:share", "session:qr", "session:contrast", "runsheet:add",
                    "runsheet:template", "runsheet:save"}


@pytest.mark.parametrize("event", PARTICIPANT_ONLY)
def test_a_phones_event_from_the_facilitator_or_a_stranger_is_refused_and_changes_nothing(
        event, app, room):
    before = room.snapshot()

    ack = room.console.emit(event, room.payload(event), callback=True)
    stranger = socketio.test_client(app, flask_test_client=app.test_client(),
                                    auth={"code": room.code, "role": "participant"})
    after = room.snapshot()

    assert ack["ok"] is False and ack["error"] == "not_allowed", ack
    assert not stranger.is_connected()
    assert after == before


def test_the_probes_above_were_real_the_facilitator_herself_changes_the_state_with_them(room):
    """The same payloads, sent by the session's own facilitator, do change things: the
    refusals above were refusals of who sent them, not of what was sent."""
    changed = []
    for event in ["session:language", "round:reveal", "checkin:summary", "round:close"]:
        before = room.snapshot()
        ack = room.console.emit(event, room.payload(event), callback=True)
        assert ack["ok"], (event, ack)
        changed.append(room.snapshot() != before)

    assert changed == [True, True, True, True]


# --- pages ----------------------------------------------------------------------------------

def test_the_routes_are_built_from_the_url_map_and_hold_the_pages_we_know():
    endpoints = {endpoint for _, _, endpoint in ROUTES}

    assert len(ROUTES) >= 15
    assert {"console.session", "console.projector", "console.delete", "export.page",
            "export.download", "participant.join"} <= endpoints
    assert PUBLIC_ENDPOINTS <= endpoints, "a public page was renamed: update the list"


def fill(rule: str, code: str) -> str:
    values = {"code": code, "token": "x" * 43, "extension": "pdf", "language": "en"}
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: values[m.group(1)], rule)


def leaks(body: bytes) -> list[str]:
    secrets_ = [SECRET_TITLE, SECRET_QUESTION, SECRET_CONTRIBUTION, SECRET_NAME]
    return [s for s in secrets_ if s.encode() in body]


@pytest.fixture
def anna(app, facilitator):
    """Anna's session with a revealed contribution and a named phone, as data to protect."""
    code = create_session(facilitator, title=SECRET_TITLE, question=SECRET_QUESTION)
    console = socketio.test_client(app, flask_test_client=facilitator,
                                   auth={"code": code, "role": "facilitator"})
    from tests.conftest import Phone
    phone = Phone(app, code, SECRET_NAME)
    round_id = console.emit("round:open", {"id": client_id(), "kind": "checkin"},
                            callback=True)["round"]
    phone.send("contribution:add", {"id": client_id(), "round": round_id,
                                    "receipt": receipt(), "text": SECRET_CONTRIBUTION})
    assert console.emit("round:reveal", {"id": client_id(), "round": round_id,
                                         "confirm": True}, callback=True)["ok"]
    phone.socket.disconnect()
    console.disconnect()
    return code


def request(client, method: str, path: str):
    if method == "POST":
        return client.post(path, data={"title": "Aanval", "code": "X", "name": "Anna",
                                       "password": "fout", "display_name": "Aanval"})
    return client.get(path)


@pytest.mark.parametrize("rule,method,endpoint", ROUTES,
                         ids=[f"{m} {r}" for r, m, _ in ROUTES])
def test_a_route_gives_nobody_but_its_facilitator_her_session(rule, method, endpoint, app,
                                                              anna):
    path = fill(rule, anna)
    make_facilitator(app, "Bea")
    bea = app.test_client()
    sign_in(bea, "Bea")
    before = table_counts(app)

    anonymous = request(app.test_client(), method, path)
    as_bea = request(bea, method, path)

    if endpoint in PUBLIC_ENDPOINTS:
        # Public pages: no error, and never what was said or who was there.
        for response in (anonymous, as_bea):
            assert response.status_code < 500
            assert not {SECRET_CONTRIBUTION, SECRET_NAME} & set(leaks(response.data))
        return
    assert anonymous.status_code in (302, 404, 405), anonymous.status_code
    if anonymous.status_code == 302:
        assert "/login" in anonymous.headers["Location"]
    assert as_bea.status_code in ((404, 405) if "<code>" in rule else (200, 302, 405))
    assert leaks(anonymous.data) == [] and leaks(as_bea.data) == []
    if "<code>" in rule:
        assert table_counts(app) == before
