"""`make run`: the production server. gevent, one process, no reloader. It lives outside
the `app` package so that monkey-patching runs before `app/__init__` imports anything.

Monkey-patching comes first, before anything imports sockets, threads or the Redis client
(a known hang otherwise).

Installed as a package (`pipx install .`), this module is also the `deepdemocracy` command:
`deepdemocracy serve`, `deepdemocracy facilitator create NAME`,
`deepdemocracy signin-link NAME` (see `command`)."""
from gevent import monkey

monkey.patch_all()

import gc  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402

import gevent  # noqa: E402

from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import socketio  # noqa: E402
from app.services import sessions  # noqa: E402
from app.store import disk  # noqa: E402
from app.store.warm import warm  # noqa: E402


def main() -> None:
    app = create_app()
    with app.app_context():
        upgrade()  # the migrations folder create_app gave Flask-Migrate
        sessions.delete_expired(app.config["RETENTION_DAYS"])
        warm()  # the first burst of answers pays no first-time costs
        from app import qr
        from app.cli import first_signin_link
        from app.network import lan_base_url

        phones = lan_base_url(app.config)
        port = app.config["PORT"]
        quiet = os.environ.get("QUIET") == "1"
        signin = None if quiet else first_signin_link()
    if not quiet:
        print(f"\nDeep Democracy is running (gevent, one process).\n"
              f"  Facilitator console: http://127.0.0.1:{port}/console\n"
              f"  First facilitator's one-time sign-in: {signin}\n"
              f"  Phones on the same Wi-Fi join at:    {phones}/join\n", flush=True)
        print(qr.ascii_art(f"{phones}/join"), flush=True)
    tune_gc()
    stop_cleanly_on_signals(app)
    socketio.run(app, host=os.environ.get("HOST", "0.0.0.0"), port=port, log_output=False,
                 use_reloader=False, debug=False)


def stop_cleanly_on_signals(app) -> None:
    """SIGTERM or Ctrl-C (SIGINT): rewrite the tables out of arrival order, checkpoint and
    close the database (SQLite then removes its write-ahead log), and exit, at once."""

    def stop() -> None:
        try:
            with app.app_context():
                disk.forget_order()
                disk.close()
        finally:
            os._exit(0)

    for signum in (signal.SIGTERM, signal.SIGINT):
        gevent.signal_handler(signum, stop)


# With 1,000 phones connected the heap holds some hundreds of thousands of long-lived
# objects, and Python's default thresholds (700, 10, 10) ran a full collection of all of
# them (140-200 ms at N = 1,000, every time the heap had grown by a quarter) in the middle
# of a burst of answers, stalling every greenlet. Young collections now wait for 50,000 new
# objects (10-30 ms each), so full ones come far more rarely; what the server loaded at
# start is frozen out of every collection.
GC_THRESHOLDS = (50_000, 20, 10)


def tune_gc() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def command() -> None:
    """The `deepdemocracy` console command (pyproject.toml). The facilitator commands are
    the app's own (`flask --app app facilitator ...`); the database is migrated first, so
    that they work on a fresh install before the first `serve`."""
    import click
    from flask.cli import FlaskGroup

    from app.cli import signin_link

    def migrated_app():
        app = create_app()
        with app.app_context():
            upgrade()
        return app

    group = FlaskGroup(name="deepdemocracy", create_app=migrated_app, load_dotenv=False,
                       add_default_commands=False, add_version_option=False,
                       help="Deep Democracy live sessions. Data: INSTANCE_PATH, else a "
                            "per-user folder.")
    def serve() -> None:
        # FlaskGroup marks the process as `flask run`, and Flask-SocketIO then picks its
        # threading mode (Werkzeug's server) over gevent.
        os.environ.pop("FLASK_RUN_FROM_CLI", None)
        main()

    group.add_command(click.Command("serve", callback=serve,
                                    help="Start the server (gevent, one process)."))
    group.add_command(signin_link)
    group.main(prog_name="deepdemocracy")


if __name__ == "__main__":
    sys.exit(main())
