"""Configuration, read from the environment once, in the factory."""
import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(__file__).resolve().parent


def _data_root() -> Path:
    """Where templates/, static/ and migrations/ are: beside app/ in a checkout, inside
    app/ once installed as a package (`pipx install .`, see pyproject.toml)."""
    if (ROOT / "templates").is_dir() and (ROOT / "migrations" / "env.py").is_file():
        return ROOT
    return PACKAGE


def _user_data_dir() -> Path:
    """The per-user folder an installed app keeps its data in."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "deepdemocracy"


DATA = _data_root()
INSTANCE = Path(os.environ.get("INSTANCE_PATH")
                or (ROOT / "instance" if DATA == ROOT else _user_data_dir()))


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one kept in instance/ so that a restart
    does not sign every phone out."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    INSTANCE.mkdir(parents=True, exist_ok=True)
    path = INSTANCE / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    SECRET_KEY = None  # filled in by from_env()
    SQLALCHEMY_DATABASE_URI = None
    PUBLIC_URL = None
    PORT = 5000
    SOCKETIO_MESSAGE_QUEUE = None
    SOCKETIO_CHANNEL = "deepdemocracy"
    SOCKETIO_ASYNC_MODE = None  # None: let Flask-SocketIO pick (gevent when `app.serve` runs)
    # Socket.IO payloads are small; a big buffer only helps an attacker.
    MAX_HTTP_BUFFER_SIZE = 16 * 1024
    MAX_CONTENT_LENGTH = 64 * 1024
    TEXT_LIMIT = 500
    DISPLAY_NAME_LIMIT = 40
    K_THRESHOLD = 3
    # Counts and the attendance list go out at most once per this many seconds per session
    # or round (the last change always goes out): see broadcast.coalesced.
    BROADCAST_INTERVAL = 0.15
    # Wrong join codes (or summary links) one address may try; right ones cost nothing.
    CODE_GUESS_LIMIT = "20/minute"
    # Joins from one address: a whole room may share one (a venue's NAT, a proxy).
    JOIN_RATE_LIMIT = "600/minute"
    TRUSTED_PROXIES = 0  # how many proxies in front set X-Forwarded-For/-Proto/-Host
    EVENT_RATE_LIMIT = "30/10second"
    # Cookies are SameSite=Lax and HttpOnly, and Secure behind an https PUBLIC_URL
    # (app/security.py).
    WTF_CSRF_TIME_LIMIT = None  # a form stays valid as long as the session cookie
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 7
    LANGUAGES = ("nl", "en")
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_TRANSLATION_DIRECTORIES = str(PACKAGE / "translations")
    RATELIMIT_STORAGE_URI = "memory://"
    SUMMARY_SHARE_DAYS = 7
    # Ended sessions, and everything said in them, are deleted this many days after.
    RETENTION_DAYS = 30
    # A timer's minute in seconds: 60, but shorter where tests watch a timer reach zero.
    TIMER_MINUTE_SECONDS = 60.0
    # The discussion on feet: its clock's step in seconds, and where its live round lives in
    # Redis (with a message queue) - a prefix of its own lets several installs share a Redis.
    FEET_TICK_SECONDS = 2.5
    OFF_RECORD_PREFIX = "deepdemocracy:offrecord"
    TESTING = False

    @classmethod
    def from_env(cls):
        cls.SECRET_KEY = _secret_key()
        INSTANCE.mkdir(parents=True, exist_ok=True)
        cls.SQLALCHEMY_DATABASE_URI = os.environ.get(
            "DATABASE_URL", f"sqlite:///{INSTANCE / 'deepdemocracy.sqlite3'}"
        )
        cls.PUBLIC_URL = os.environ.get("PUBLIC_URL") or None
        cls.PORT = int(os.environ.get("PORT", "5000"))
        cls.SOCKETIO_MESSAGE_QUEUE = os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None
        cls.SOCKETIO_CHANNEL = os.environ.get("SOCKETIO_CHANNEL", cls.SOCKETIO_CHANNEL)
        if os.environ.get("RATELIMIT_STORAGE_URI"):
            cls.RATELIMIT_STORAGE_URI = os.environ["RATELIMIT_STORAGE_URI"]
        if os.environ.get("CODE_GUESS_LIMIT"):
            cls.CODE_GUESS_LIMIT = os.environ["CODE_GUESS_LIMIT"]
        cls.TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0") or 0)
        if os.environ.get("JOIN_RATE_LIMIT"):
            cls.JOIN_RATE_LIMIT = os.environ["JOIN_RATE_LIMIT"]
        if os.environ.get("EVENT_RATE_LIMIT"):
            cls.EVENT_RATE_LIMIT = os.environ["EVENT_RATE_LIMIT"]
        if os.environ.get("RETENTION_DAYS"):
            cls.RETENTION_DAYS = int(os.environ["RETENTION_DAYS"])
        if os.environ.get("TIMER_MINUTE_SECONDS"):
            cls.TIMER_MINUTE_SECONDS = float(os.environ["TIMER_MINUTE_SECONDS"])
        if os.environ.get("OFF_RECORD_PREFIX"):
            cls.OFF_RECORD_PREFIX = os.environ["OFF_RECORD_PREFIX"]
        if os.environ.get("FEET_TICK_SECONDS"):
            cls.FEET_TICK_SECONDS = float(os.environ["FEET_TICK_SECONDS"])
        if os.environ.get("SUMMARY_SHARE_DAYS"):
            cls.SUMMARY_SHARE_DAYS = int(os.environ["SUMMARY_SHARE_DAYS"])
        return cls
