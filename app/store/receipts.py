"""What a phone proves with: a receipt it alone holds, of which we keep only the hash."""
from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

from app.errors import Malformed

RECEIPT = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


def receipt_hash(receipt: Any) -> str:
    key = receipt_key(receipt)
    if key is None:
        raise Malformed("a receipt is required")
    return key


def receipt_key(receipt: Any) -> str | None:
    """The hash of a well-formed receipt, else None (the request fails on its own later,
    or had none)."""
    if not isinstance(receipt, str) or not RECEIPT.match(receipt):
        return None
    return hashlib.sha256(receipt.encode()).hexdigest()


def new_id() -> str:
    return secrets.token_urlsafe(9)


def new_token() -> str:
    """A token a phone is given with its first answer in a stage; we keep only its hash."""
    return secrets.token_urlsafe(24)
