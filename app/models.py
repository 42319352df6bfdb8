"""The schema. Content tables (contribution, ballot, resonance) hold no participant, no time
and no sequence. "Who has answered" is never on disk at participant granularity: it lives
in memory (`app.store.roll`); on disk there are only the hashes of the tokens phones were
given when they answered (`roll_proof`), so that the memory can be rebuilt from what the
phones prove after a restart. Content tables are WITHOUT ROWID with random keys, and are
rewritten in key order when a stage closes (`app.store.disk`), so neither their logical
nor their physical order says anything about arrival order."""
from __future__ import annotations

import secrets
from datetime import datetime, timezone
from typing import Any, Optional

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db

NO_ROWID = {"sqlite_with_rowid": False}


def random_id() -> str:
    return secrets.token_urlsafe(16)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Facilitator(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[Optional[str]] = mapped_column(String(256))
    signin_token_hash: Mapped[Optional[str]] = mapped_column(String(256))
    signin_token_expires: Mapped[Optional[datetime]] = mapped_column()
    # Part of what the session and remember cookies carry; signing out changes it, so a
    # cookie copied before then no longer signs anyone in.
    cookie_nonce: Mapped[Optional[str]] = mapped_column(String(32))

    sessions: Mapped[list["Session"]] = relationship(back_populates="facilitator")

    def get_id(self) -> str:
        return f"{self.id}:{self.cookie_nonce or ''}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)


class Session(db.Model):
    """One live workshop."""

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5), default="nl")
    k: Mapped[int] = mapped_column(Integer, default=3)
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[Optional[datetime]] = mapped_column()
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitator.id"))
    # The facilitator's plan (facilitation.runsheet): rounds in order with prompts, minutes
    # and private notes. Only the console ever sees it.
    run_sheet: Mapped[Optional[list[dict[str, Any]]]] = mapped_column(JSON, default=list)
    # The beamer: the QR large on the facilitator's request (it is large anyway before the
    # first round), and the high-contrast palette for a washed-out projector.
    qr_large: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    high_contrast: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    facilitator: Mapped[Facilitator] = relationship(back_populates="sessions")
    participants: Mapped[list["Participant"]] = relationship(back_populates="session")
    rounds: Mapped[list["Round"]] = relationship(
        back_populates="session", order_by="Round.position"
    )

    @property
    def ended(self) -> bool:
        return self.status == "ended"


class Participant(db.Model):
    """Someone on a phone. The display name is for the attendance list only."""

    __table_args__ = NO_ROWID
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    session_id: Mapped[str] = mapped_column(ForeignKey("session.id"), index=True)
    display_name: Mapped[Optional[str]] = mapped_column(String(80))

    session: Mapped[Session] = relationship(back_populates="participants")


class Round(db.Model):
    """One round of input. `state` holds what the facilitator made of it (groups,
    polarities, summary, options, results); never anything that names a participant."""

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    session_id: Mapped[str] = mapped_column(ForeignKey("session.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="open")
    off_record: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    session: Mapped[Session] = relationship(back_populates="rounds")


class RollProof(db.Model):
    """That someone answered a stage (and how often), proved by a token only their phone
    holds. Names nobody: the phone presents its token after a restart, and the server's
    memory of who has answered is rebuilt from it."""

    __table_args__ = NO_ROWID
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    round_id: Mapped[str] = mapped_column(ForeignKey("round.id"), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    count: Mapped[int] = mapped_column(Integer, default=0)


class Contribution(db.Model):
    """A piece of anonymous input. The phone keeps the receipt; we keep its hash."""

    __table_args__ = NO_ROWID
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    round_id: Mapped[str] = mapped_column(ForeignKey("round.id"), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    receipt_hash: Mapped[str] = mapped_column(String(64), unique=True)


class Ballot(db.Model):
    """One vote (or one dot) in a round; it belongs to the round alone."""

    __table_args__ = NO_ROWID
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    round_id: Mapped[str] = mapped_column(ForeignKey("round.id"), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    choice: Mapped[str] = mapped_column(String(64))
    receipt_hash: Mapped[str] = mapped_column(String(64), index=True)


class Resonance(db.Model):
    """"I share a bit of this", about one contribution."""

    __table_args__ = (UniqueConstraint("contribution_id", "receipt_hash"), NO_ROWID)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    contribution_id: Mapped[str] = mapped_column(ForeignKey("contribution.id"), index=True)
    receipt_hash: Mapped[str] = mapped_column(String(64))


class HandledEvent(db.Model):
    """Acknowledgements of state-changing events, keyed by a hash of the client's id, so
    that a retry after a reconnect is answered again instead of applied twice."""

    __table_args__ = NO_ROWID
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Kept only until the session's next stage closes (`app.store.disk`).
    session_id: Mapped[Optional[str]] = mapped_column(String(32), index=True)
    response: Mapped[dict[str, Any]] = mapped_column(JSON)


class SummaryShare(db.Model):
    """A summary shared with a session's participants until `expires_at`. Only the hash of the
    link's token is kept; the token itself is derived from the secret key (app/summary.py)."""

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("session.id"), index=True)
    expires_at: Mapped[datetime] = mapped_column()


class RunSheetTemplate(db.Model):
    """A run sheet a facilitator saved to start other sessions from (their own only)."""

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitator.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
