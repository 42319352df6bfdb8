"""Facilitator accounts: the one-time sign-in link, of which only the hash is kept."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from app.extensions import db
from app.models import Facilitator, utcnow

# A printed sign-in link is good for this long, and once.
SIGNIN_LINK_LIFETIME = timedelta(minutes=15)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_signin_token(facilitator: Facilitator) -> str:
    """A fresh one-time sign-in token; only its hash is kept."""
    token = secrets.token_urlsafe(24)
    facilitator.signin_token_hash = token_hash(token)
    facilitator.signin_token_expires = utcnow() + SIGNIN_LINK_LIFETIME
    db.session.commit()
    return token


def redeem_signin_token(token: str) -> Facilitator | None:
    """The facilitator a one-time token signs in, once and in time; None for a used, expired
    or unknown one."""
    facilitator = db.session.scalar(
        db.select(Facilitator).filter_by(signin_token_hash=token_hash(token)))
    if facilitator is None:
        return None
    expired = facilitator.signin_token_expires is None \
        or facilitator.signin_token_expires <= utcnow()
    facilitator.signin_token_hash = facilitator.signin_token_expires = None
    db.session.commit()
    return None if expired else facilitator


def signed_in(cookie_id: str) -> Facilitator | None:
    """The facilitator a session or remember cookie names, unless they signed out since."""
    facilitator_id, _, nonce = str(cookie_id).partition(":")
    facilitator = db.session.get(Facilitator, int(facilitator_id)) \
        if facilitator_id.isdigit() else None
    if facilitator is None or (facilitator.cookie_nonce or "") != nonce:
        return None
    return facilitator


def sign_out_everywhere(facilitator: Facilitator) -> None:
    """Every cookie of this account, copies included, stops signing anyone in."""
    facilitator.cookie_nonce = secrets.token_urlsafe(12)
    db.session.commit()
