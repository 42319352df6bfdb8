"""The Flask shell around `facilitation/`: app factory, models, pages, socket events."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.config import DATA, INSTANCE, Config
from app.extensions import babel, db, login_manager, migrate, socketio


def create_app(config: type | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(INSTANCE),
        template_folder=str(DATA / "templates"),
        static_folder=str(DATA / "static"),
    )
    app.config.from_object(config or Config.from_env())

    db.init_app(app)
    migrate.init_app(app, db, directory=str(DATA / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"

    from app import i18n

    i18n.compile_translations(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)

    from app.js_strings import for_page

    app.jinja_env.globals["js_strings"] = for_page

    from app import assets, auth, console, export, participant, security

    app.register_blueprint(auth.bp)
    app.register_blueprint(console.bp)
    app.register_blueprint(export.bp)
    app.register_blueprint(participant.bp)
    security.init_app(app)
    assets.init_app(app)

    from app import agenda_events, cli, events, export_events, poll_events  # noqa: F401  (they register socket handlers)

    cli.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config.get("SOCKETIO_ASYNC_MODE"),
        message_queue=app.config.get("SOCKETIO_MESSAGE_QUEUE"),
        channel=app.config.get("SOCKETIO_CHANNEL", "deepdemocracy"),
        cors_allowed_origins=_same_origin_or_public(app.config.get("PUBLIC_URL")),
        max_http_buffer_size=app.config["MAX_HTTP_BUFFER_SIZE"],
        logger=False,
        engineio_logger=False,
    )
    return app


def _same_origin_or_public(public_url: str | None):
    """Websocket connections are accepted from this server's own origin, or from
    PUBLIC_URL's when a proxy sits in front; never from anywhere else."""
    public = None
    if public_url:
        parts = urlsplit(public_url)
        public = f"{parts.scheme}://{parts.netloc}"

    def allowed(origin, environ) -> bool:
        if origin is None:
            return True  # not a browser: no cross-origin page is involved
        own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
        forwarded = environ.get("HTTP_X_FORWARDED_HOST")
        candidates = {own, public}
        if forwarded:
            scheme = environ.get("HTTP_X_FORWARDED_PROTO", "https")
            candidates.add(f"{scheme}://{forwarded}")
        return origin in candidates

    return allowed


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """Every SQLite connection waits for locks, writes ahead and checks foreign keys."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()
