"""`make run`: the production server. gevent, one process, no reloader. It lives outside
the `app` package so that monkey-patching runs before `app/__init__` imports anything.

Monkey-patching comes first, before anything imports sockets, threads or the Redis client
(a known hang otherwise)."""
from gevent import monkey

monkey.patch_all()

import os  # noqa: E402
import sys  # noqa: E402

from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import socketio  # noqa: E402


def main() -> None:
    app = create_app()
    with app.app_context():
        upgrade(directory=os.path.join(app.root_path, "..", "migrations"))
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
    socketio.run(app, host=os.environ.get("HOST", "0.0.0.0"), port=port, log_output=False,
                 use_reloader=False, debug=False)


if __name__ == "__main__":
    sys.exit(main())
