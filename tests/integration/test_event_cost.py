"""What a socket event costs the server beyond its own work (issue 15): a room of phones
answering at once must not leave garbage that stalls the server for a collection."""
import gc
from contextlib import contextmanager

from tests.integration.test_checkin import add, open_checkin


def test_a_burst_of_answers_leaves_no_garbage_for_the_collector(console, phone_factory):
    phones = [phone_factory(name) for name in ("Anna", "Bram", "Chris")]
    round_id = open_checkin(console)
    for phone in phones:  # the first event of each socket opens things that stay
        assert phone.send("session:resync", {})["ok"]
    # What earlier tests left: a collection runs finalizers (a failed commit's connection)
    # that let go of more, found only by the next one.
    for _ in range(5):
        if not gc.collect():
            break

    for i in range(30):
        assert add(phones[i % 3], round_id, f"antwoord {i}")["ok"]
        assert phones[i % 3].send("session:resync", {})["ok"]
    left_in_cycles = gc.collect()

    # Each event's request context was held in a reference cycle by its routing error's
    # traceback: these 60 events left 865 objects for the collector (the real server, with
    # its websocket frames, about 60 per event). Now about 270.
    assert left_in_cycles < 500, left_in_cycles


def test_a_polls_count_on_the_screens_costs_a_few_reads_however_many_runs_it_has(
        app, console, phone_factory):
    """Console and projector hear a vote's count a few times a second while a room votes;
    each time the poll's view counted every stage of every run with a query of its own
    (nine for one run, thirteen after a vote held again), slowing the room's answers."""
    from sqlalchemy import event

    from app.extensions import db
    from app.models import Round
    from app.views.rounds import whole_view
    from tests.integration.test_poll import Voter, act, start

    voters = [Voter(phone_factory(name)) for name in ("Anna", "Bram", "Chris")]
    round_id = start(console)
    for voter, choice in zip(voters, ("yes", "no", "yes")):
        assert voter.answer(round_id, choice)["ok"]
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        statements = []
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            view = whole_view(round_)
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)

    assert view["poll"]["current"]["answered"] == 3 and view["poll"]["joined"] == 3
    assert view["counts"] == {"answered": 3, "joined": 3, "contributions": 0}
    assert len(statements) <= 4, statements  # the three counts, and the session (its k)


def _cache_misses(app, action):
    """The statements SQLAlchemy had to compile (not found in its cache) while `action` ran."""
    from sqlalchemy import event
    from sqlalchemy.engine.interfaces import CacheStats

    from app.extensions import db

    with app.app_context():
        engine = db.engine
    missed = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        if context is not None and context.cache_hit is CacheStats.CACHE_MISS:
            missed.append(" ".join(statement.split())[:80])

    event.listen(engine, "after_cursor_execute", listen)
    try:
        action()
    finally:
        event.remove(engine, "after_cursor_execute", listen)
    return missed


@contextmanager
def sent_to_sqlite(app):
    """Every statement SQLite is given while the block runs, as SQLite traces it: those
    the writer runs on the driver's cursor (`app.store.bulk`) included, which SQLAlchemy's
    events do not see."""
    from sqlalchemy import event

    from app.extensions import db

    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def trace(dbapi_connection, _record, _proxy):
        dbapi_connection.set_trace_callback(lambda sql: statements.append(" ".join(sql.split())))

    def untrace(dbapi_connection, _record):
        dbapi_connection.set_trace_callback(None)

    event.listen(engine, "checkout", trace)
    event.listen(engine, "checkin", untrace)
    try:
        yield statements
    finally:
        event.remove(engine, "checkout", trace)
        event.remove(engine, "checkin", untrace)


def test_after_the_start_warm_up_a_rooms_first_answers_compile_no_statement(app, console,
                                                                           phone_factory):
    """The first answer a server took compiled every statement of the write path and of the
    counts (10-14 ms for a batch of one instead of 2): the first burst of a session paid it.
    `serve.py` warms them at start."""
    from app.store import bulk
    from app.store.warm import warm
    from tests.integration.test_poll import Voter, start

    phones = [phone_factory(name) for name in ("Anna", "Bram", "Chris")]
    bulk.forget()  # as in a new server process
    with app.app_context():
        warm()
    compiled = bulk.compilations()
    round_id = open_checkin(console)

    missed = _cache_misses(app, lambda: add(phones[0], round_id, "eerste"))
    assert missed == [], "\n".join(missed)
    assert add(phones[1], round_id, "tweede")["ok"]

    poll_id = start(console)
    voter = Voter(phones[2])
    missed = _cache_misses(app, lambda: voter.answer(poll_id, "yes"))
    assert not [m for m in missed if "ballot" in m or "roll_proof" in m or "handled" in m], \
        missed
    # The writer's own statements, run on the driver's cursor, were compiled by the warm-up.
    assert bulk.compilations() == compiled


def test_the_start_warm_up_leaves_the_database_as_it_was(app, console, phone_factory):
    from sqlalchemy import inspect, text

    from app.extensions import db
    from app.store.warm import warm

    phone_factory("Anna")
    open_checkin(console)
    with app.app_context():
        tables = inspect(db.engine).get_table_names()

        def rows():
            return {t: db.session.execute(text(f'SELECT * FROM "{t}"')).all() for t in tables}

        before = rows()
        db.session.remove()
        warm()
        after = rows()
        with db.engine.connect() as conn:
            checks_keys = conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
    assert after == before
    assert checks_keys == 1  # the connection it borrowed checks foreign keys again


def test_a_contribution_is_stored_without_counting_the_rounds_texts(app, console, phone_factory,
                                                                    monkeypatch):
    """Each batch of contributions counted every text of the round (a scan that grows with
    the round) only to keep a count no rule of a check-in reads. The writer reads the
    count only when a rule asks for it (a resonance's, in a decision)."""
    from app import broadcast

    phones = [phone_factory(name) for name in ("Anna", "Bram")]
    round_id = open_checkin(console)
    assert add(phones[0], round_id, "eerste")["ok"]
    # The count for the screens, which the writer announces after its commit, is not what
    # this test looks at.
    monkeypatch.setattr(broadcast, "counted", lambda *args: None)
    with sent_to_sqlite(app) as statements:
        assert add(phones[1], round_id, "tweede")["ok"]

    assert any(s.startswith("INSERT INTO contribution") for s in statements), statements
    assert not [s for s in statements if "count(" in s.lower()], statements
