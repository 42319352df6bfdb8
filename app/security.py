"""HTTP hardening and rate limits (HTTP routes and socket events alike)."""
from __future__ import annotations

import copy
import functools
import time
from collections import OrderedDict
from threading import Lock

from flask import current_app, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.middleware.proxy_fix import ProxyFix

from app.errors import RateLimited

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# On every response, pages and static files alike (app/assets.py serves the latter).
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class MemoryWindows:
    """Fixed windows in this process's memory, for `memory://`. The `limits` package's own
    memory storage starts a timer thread to expire its keys whenever none is running, and
    waits for it to start: under gevent that made nearly every socket event start a
    greenlet and yield in the middle of the edge. Here expired windows are dropped while
    counting, now and then."""

    PRUNE_AT = 10_000

    def __init__(self):
        self._lock = Lock()
        self._windows: dict[str, list[float]] = {}  # key -> [ends at, hits]

    def hit(self, item, *key: str) -> bool:
        name, now = item.key_for(*key), time.time()
        with self._lock:
            window = self._windows.get(name)
            if window is None or window[0] <= now:
                if len(self._windows) >= self.PRUNE_AT:
                    self._windows = {k: w for k, w in self._windows.items() if w[0] > now}
                window = self._windows[name] = [now + item.get_expiry(), 0]
            if window[1] >= item.amount:
                return False
            window[1] += 1
            return True

    def test(self, item, *key: str) -> bool:
        """Whether a hit would still be allowed, without counting one."""
        window = self._windows.get(item.key_for(*key))
        return window is None or window[0] <= time.time() or window[1] < item.amount


class RateLimits:
    """One limiter for the app, keyed by what the caller names (an address, a participant)."""

    def __init__(self, storage_uri: str):
        if storage_uri.startswith("memory://"):
            self.limiter = MemoryWindows()
        else:
            self.limiter = FixedWindowRateLimiter(storage_from_string(storage_uri))

    def hit(self, limit: str, *key: str) -> bool:
        """Counts one attempt; False when the limit is already reached."""
        return self.limiter.hit(_parsed(limit), *key)

    def test(self, limit: str, *key: str) -> bool:
        """Whether one more attempt would be allowed, without counting it."""
        return self.limiter.test(_parsed(limit), *key)


@functools.lru_cache(maxsize=64)
def _parsed(limit: str):
    return parse(limit)


class RememberedCookieSessions(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, but a cookie checked a moment ago is not checked
    again. Flask-SocketIO opens the session for every socket event (a request context per
    event), and deriving the key, checking the signature and decoding the JSON was about a
    tenth of the server's time in a burst of answers (py-spy). A cookie is remembered by
    its exact value for REMEMBER_SECONDS, then checked again (so its age still counts);
    each request gets its own copy of the data.

    A socket's events after its connect open nothing at all: Flask opens a session for
    every request context, and Flask-SocketIO then replaces it with the copy it keeps for
    the socket since its connect (`saved_session` in the socket's environ), so what would
    be opened there is thrown away unread."""

    REMEMBER_SECONDS = 60
    SIZE = 8192

    def __init__(self):
        self._lock = Lock()
        self._checked: OrderedDict[str, tuple[float, dict]] = OrderedDict()

    def open_session(self, app, request):
        if "saved_session" in request.environ:  # a socket event: see above
            return self.session_class()
        value = request.cookies.get(self.get_cookie_name(app))
        if not value or not app.secret_key:
            return super().open_session(app, request)
        now = time.monotonic()
        with self._lock:
            found = self._checked.get(value)
        if found and now - found[0] < self.REMEMBER_SECONDS:
            return self.session_class(copy.deepcopy(found[1]))
        session = super().open_session(app, request)
        if session:  # a valid, non-empty cookie
            with self._lock:
                self._checked[value] = (now, copy.deepcopy(dict(session)))
                self._checked.move_to_end(value)
                while len(self._checked) > self.SIZE:
                    self._checked.popitem(last=False)
        return session


def limits() -> RateLimits:
    return current_app.extensions["rate_limits"]


def find_by_code(find, code: str):
    """Every lookup of a session by its join code passes here, whichever page asks: an
    address that guessed wrong too often (CODE_GUESS_LIMIT) is refused, for real codes too,
    while right guesses cost nothing, so a room behind one NAT address joins freely."""
    limit, address = current_app.config["CODE_GUESS_LIMIT"], request.remote_addr or "-"
    if not limits().test(limit, "guess", address):
        raise RateLimited()
    found = find(code)
    if found is None:
        limits().hit(limit, "guess", address)
    return found


def init_app(app) -> None:
    app.extensions["rate_limits"] = RateLimits(app.config["RATELIMIT_STORAGE_URI"])
    app.session_interface = RememberedCookieSessions()
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        # Only the proxies the configuration names are believed about who is calling.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    # No cookie of ours goes along with a form or a request from another site, and behind
    # https none travels in the clear.
    https = (app.config.get("PUBLIC_URL") or "").startswith("https://")
    for cookie in ("SESSION_COOKIE", "REMEMBER_COOKIE"):
        app.config[f"{cookie}_SAMESITE"] = app.config.get(f"{cookie}_SAMESITE") or "Lax"
        app.config[f"{cookie}_HTTPONLY"] = True
        app.config[f"{cookie}_SECURE"] = app.config.get(f"{cookie}_SECURE") or https

    @app.errorhandler(CSRFError)
    def refused_form(_error):
        return render_template("refused.html"), 400

    @app.after_request
    def headers(response):
        if https:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
