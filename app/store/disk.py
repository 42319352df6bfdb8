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

from app.extensions import db
from app.models import Ballot, Contribution, HandledEvent, Participant, Resonance, RollProof

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
            busy, _, _ = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if busy:
                log.warning("the write-ahead log could not be truncated yet (a reader)")
    elif dialect == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in ARRIVING:
                conn.exec_driver_sql(f"CLUSTER {table.name} USING pk_{table.name}")


def close() -> None:
    """Closes every connection, so SQLite checkpoints its log and removes it."""
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as conn:
            conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.engine.dispose()
