"""The anonymity model, checked on the live schema that `flask db upgrade` built: no table
holding what someone said, chose or shared can be joined to a participant, or carries a
time or a sequence."""
import re

import pytest
from sqlalchemy import inspect, text

from app.extensions import db

CONTENT_TABLES = {"contribution", "ballot", "resonance"}
TIME_OR_SEQUENCE = re.compile(r"(time|_at$|date|seq|order|position|created|updated|serial)", re.I)


def reachable_tables(inspector, start: str) -> set[str]:
    """Every table reachable from `start` by following foreign keys either way."""
    edges: dict[str, set[str]] = {}
    for table in inspector.get_table_names():
        for fk in inspector.get_foreign_keys(table):
            edges.setdefault(table, set()).add(fk["referred_table"])
            edges.setdefault(fk["referred_table"], set()).add(table)
    seen, todo = set(), [start]
    while todo:
        table = todo.pop()
        if table in seen:
            continue
        seen.add(table)
        # A round belongs to a session that participants joined: a path through it links
        # a participant to a round, never to what they said.
        todo += [t for t in edges.get(table, ()) if t != "round"]
    return seen


@pytest.fixture
def inspector(app):
    with app.app_context():
        yield inspect(db.engine)


def test_the_content_tables_exist(inspector):
    assert CONTENT_TABLES <= set(inspector.get_table_names())


@pytest.mark.parametrize("table", sorted(CONTENT_TABLES))
def test_no_content_table_can_be_joined_to_a_participant(table, inspector):
    columns = {c["name"] for c in inspector.get_columns(table)}

    assert not any("participant" in c for c in columns)
    assert "participant" not in reachable_tables(inspector, table)


@pytest.mark.parametrize("table", sorted(CONTENT_TABLES))
def test_no_content_table_carries_a_time_or_a_sequence(table, inspector):
    columns = inspector.get_columns(table)

    assert [c["name"] for c in columns if TIME_OR_SEQUENCE.search(c["name"])] == []
    assert all(not c.get("autoincrement") is True for c in columns)
    primary = inspector.get_pk_constraint(table)["constrained_columns"]
    assert primary == ["id"]
    assert {c["name"]: str(c["type"]) for c in columns}["id"].startswith("VARCHAR")


@pytest.mark.parametrize("table", sorted(CONTENT_TABLES | {"handled_event", "participant",
                                                           "roll_proof"}))
def test_storage_order_reveals_nothing_because_there_is_no_rowid(table, app):
    with app.app_context():
        sql = db.session.execute(
            text("SELECT sql FROM sqlite_master WHERE type='table' AND name=:n"), {"n": table}
        ).scalar_one()

    assert "WITHOUT ROWID" in sql.upper()


def test_no_table_keeps_who_answered(inspector):
    """Who answered is kept in memory alone: on disk, a stage's answers are counted by the
    hashes of tokens the phones hold, which name nobody."""
    tables = set(inspector.get_table_names())
    columns = {c["name"] for c in inspector.get_columns("roll_proof")}

    assert "answer_roll" not in tables
    assert columns == {"token_hash", "round_id", "stage", "count"}
    assert "participant" not in reachable_tables(inspector, "roll_proof")


def test_the_schema_is_the_one_the_models_describe(app):
    """The schema is only ever changed through migrations: none is missing."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with app.app_context(), db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), db.metadata)

    assert diff == []
