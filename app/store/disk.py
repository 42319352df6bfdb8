"""What the database keeps on disk, beyond the rows: their order, freed space and the
write-ahead log. Random keys are not enough: SQLite writes each new cell below the older
ones in its page and PostgreSQL appends to its heap, so storage order is arrival order,
and SQLite's write-ahead log keeps every commit, in order, until it is checkpointed.

So when a stage closes (and when a session ends, and when the server stops) the content
tables are rewritten in the order of their random keys, freed space is zeroed
(`secure_delete`, set on every connection), the log is checkpointed and truncated, and
answers kept for retries are dropped with their stage."""
from __future__ import annotations

import logging
import time

from app.extensions import db
from app.models import (Ballot, Contribution, HandledEvent, Participant, Resonance, RollProof,
                        Round, Session, SummaryShare)

log = logging.getLogger(__name__)

# Tables whose rows arrive one person at a time.
ARRIVING = [Contribution.__table__, Ballot.__table__, Resonance.__table__,
            RollProof.__table__, HandledEvent.__table__, Participant.__table__]


def forget_order(session_id: str | None = None) -> None:
    """Drops the answers kept for retries of `session_id`, then rewrites the tables so that
    nothing on disk keeps the order in which anything arrived."""
    if session_id is not None:
        with db.engine.begin() as conn:
            conn.execute(HandledEvent.__table__.delete()
                         .where(HandledEvent.session_id == session_id))
    dialect = db.engine.dialect.name
    if dialect == "sqlite":
        with db.engine.connect() as conn:
            raw = conn.connection.driver_connection
            raw.execute("VACUUM")
            checkpoint(raw)
    elif dialect == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in ARRIVING:
                conn.exec_driver_sql(f"CLUSTER {table.name} USING pk_{table.name}")


def checkpoint(raw, attempts: int = 20) -> None:
    """Copies the write-ahead log into the database and truncates it to nothing. A reader
    in the middle of a transaction holds it back: try again for a moment, then say so."""
    for attempt in range(attempts):
        busy, _, _ = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if not busy:
            return
        time.sleep(0.05 * (attempt + 1))
    log.error("the write-ahead log could not be truncated: a reader kept it busy")


def close() -> None:
    """Closes every connection, so SQLite checkpoints its log and removes it."""
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as conn:
            checkpoint(conn.connection.driver_connection)
    db.engine.dispose()


def delete_session(session_id: str) -> None:
    """Deletes a session and everything said in it, then rewrites the database so that no
    freed page or log frame still holds any of it."""
    rounds = db.select(Round.id).where(Round.session_id == session_id)
    contributions = db.select(Contribution.id).where(Contribution.round_id.in_(rounds))
    with db.engine.begin() as conn:
        conn.execute(Resonance.__table__.delete()
                     .where(Resonance.contribution_id.in_(contributions)))
        for table in (Contribution, Ballot, RollProof):
            conn.execute(table.__table__.delete().where(table.round_id.in_(rounds)))
        for table in (Round, Participant, SummaryShare, HandledEvent):
            conn.execute(table.__table__.delete().where(table.session_id == session_id))
        conn.execute(Session.__table__.delete().where(Session.id == session_id))
    forget_order()
