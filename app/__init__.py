"""The Flask shell around `facilitation/`: app factory, models, pages, socket events."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Request
from werkzeug.exceptions import NotFound
from werkzeug.routing import Map, MapAdapter

from app import assets, cli, i18n, security, sockets  # noqa: F401  (sockets: the handlers)
from app.config import DATA, INSTANCE, Config
from app.export import routes as export
from app.extensions import babel, csrf, db, login_manager, migrate, socketio
from app.pages import auth, console, phone
from app.pages.js_strings import for_page
from app.store import done, heat, off_record, roll


class LightRequest(Request):
    """Flask's request, keeping a routing error without its traceback. Flask-SocketIO
    handles every socket event in a request context for the socket's address
    (`/socket.io/`), which no route matches: the NotFound kept for it held its traceback,
    whose frames held the request context, so every event left the whole context (request,
    headers, app context, frames) in a reference cycle that only a garbage collection
    frees. Without the traceback it is freed at once, and a burst of a thousand answers
    no longer fills the young generation (py-spy and `gc.DEBUG_SAVEALL`). The error itself,
    raised again for a page that does not exist, is unchanged."""

    _routing_exception = None

    @property
    def routing_exception(self):
        return self._routing_exception

    @routing_exception.setter
    def routing_exception(self, error) -> None:
        if error is not None:
            error.__traceback__ = error.__context__ = error.__cause__ = None
        self._routing_exception = error


SOCKET_PATH = "/socket.io"  # Flask-SocketIO's; its middleware answers it before Flask


class SocketAdapter(MapAdapter):
    """The URL adapter of a socket event's request context: nothing of Flask is routed at
    the socket's address, so it is not matched against every route for each event (about
    a twentieth of an event's time, py-spy): the answer is NotFound, as it was."""

    def match(self, path_info=None, *args, **kwargs):
        if path_info is None:
            raise NotFound()
        return super().match(path_info, *args, **kwargs)


class LightMap(Map):
    def bind_to_environ(self, environ, *args, **kwargs):
        adapter = super().bind_to_environ(environ, *args, **kwargs)
        if adapter.path_info.rstrip("/") == SOCKET_PATH:
            adapter.__class__ = SocketAdapter
        return adapter


class App(Flask):
    request_class = LightRequest
    url_map_class = LightMap


def create_app(config: type | None = None) -> Flask:
    app = App(
        __name__,
        instance_path=str(INSTANCE),
        template_folder=str(DATA / "templates"),
        static_folder=str(DATA / "static"),
    )
    app.config.from_object(config or Config.from_env())
    # A statement the database refuses is raised (and may be logged) without the values it
    # carried: a participant's text, a receipt's hash. Whatever else the options say.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}), "hide_parameters": True}

    db.init_app(app)
    migrate.init_app(app, db, directory=str(DATA / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"

    i18n.compile_translations(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)

    app.jinja_env.globals["js_strings"] = for_page

    app.register_blueprint(auth.bp)
    app.register_blueprint(console.bp)
    app.register_blueprint(export.bp)
    app.register_blueprint(phone.bp)
    security.init_app(app)
    roll.init_app(app)
    done.init_app(app)
    off_record.init_app(app)
    heat.init_app(app)
    assets.init_app(app)

    cli.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config.get("SOCKETIO_ASYNC_MODE"),
        message_queue=app.config.get("SOCKETIO_MESSAGE_QUEUE"),
        channel=app.config.get("SOCKETIO_CHANNEL", "deepdemocracy"),
        cors_allowed_origins=_same_origin_or_public(app.config.get("PUBLIC_URL")),
        max_http_buffer_size=app.config["MAX_HTTP_BUFFER_SIZE"],
        # A socket's events are handled one after the other by the greenlet that reads
        # the socket, not each in a greenlet of its own: a phone sends one thing at a time,
        # and a burst of a thousand answers then starts no thousand greenlets.
        async_handlers=False,
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
