"""Facilitator accounts: the one-time sign-in link, of which only the hash is kept."""
from __future__ import annotations

import hashlib
import secrets

from app.extensions import db
from app.models import Facilitator


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_signin_token(facilitator: Facilitator) -> str:
    """A fresh one-time sign-in token; only its hash is kept."""
    token = secrets.token_urlsafe(24)
    facilitator.signin_token_hash = token_hash(token)
    db.session.commit()
    return token


def redeem_signin_token(token: str) -> Facilitator | None:
    """The facilitator a one-time token signs in, once; None for a used or unknown one."""
    facilitator = db.session.scalar(
        db.select(Facilitator).filter_by(signin_token_hash=token_hash(token)))
    if facilitator is None:
        return None
    facilitator.signin_token_hash = None
    db.session.commit()
    return facilitator
