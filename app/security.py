"""HTTP hardening and rate limits (HTTP routes and socket events alike)."""
from __future__ import annotations

from flask import current_app
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class RateLimits:
    """One limiter for the app, keyed by what the caller names (an address, a participant)."""

    def __init__(self, storage_uri: str):
        self.limiter = FixedWindowRateLimiter(storage_from_string(storage_uri))

    def hit(self, limit: str, *key: str) -> bool:
        """Counts one attempt; False when the limit is already reached."""
        return self.limiter.hit(parse(limit), *key)


def limits() -> RateLimits:
    return current_app.extensions["rate_limits"]


def init_app(app) -> None:
    app.extensions["rate_limits"] = RateLimits(app.config["RATELIMIT_STORAGE_URI"])

    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response
