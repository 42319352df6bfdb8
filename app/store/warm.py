"""Warming the busiest paths when the server starts, so that a room's first burst of answers
does not pay for what only the first time costs (SQLAlchemy compiles each statement the
first time it runs). Everything runs in a transaction that is rolled back, or reads rows
that do not exist: the database is left as it was."""
from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.models import Round, random_id
from app.store import ballot_box, writer


def warm() -> None:
    """In an app context: rehearses the write path and the counts the screens are sent."""
    try:
        with db.engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if sqlite:  # the rehearsal's rows point at nothing; outside a transaction only
                conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
                conn.commit()
            try:
                transaction = conn.begin()
                try:
                    # PostgreSQL checks foreign keys at once, and turning that off needs a
                    # superuser: there, only the reads are rehearsed.
                    writer.rehearse(conn, writes=sqlite)
                finally:
                    transaction.rollback()
            finally:
                if sqlite:
                    conn.exec_driver_sql("PRAGMA foreign_keys = ON")
                    conn.commit()
        # The counts console, projector and phones are sent (`app.broadcast`), for a round
        # that is not in the database: each reads zero.
        db.session.get(Round, random_id())
        round_ = Round(id=random_id(), session_id=random_id(), kind="checkin", state={})
        ballot_box.counts(round_, "checkin")
        with ballot_box.reading(round_):
            ballot_box.counts(round_, "checkin")
    except SQLAlchemyError:  # a warm-up must never keep the server from starting
        pass
    finally:
        db.session.rollback()
        db.session.remove()
