"""The bare framework: a minimal Flask-SocketIO server in the app's server mode (gevent,
monkey-patched first, one process), or in threading mode for comparison. Phones join one
room; `bench:broadcast` {seq, size} sends `bench:msg` with `size` bytes of padding to that
room; `bench:submit` only acknowledges.

    python bench/bare_server.py --mode gevent|threading --port PORT
"""
import argparse
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--mode", choices=("gevent", "threading"), default="gevent")
parser.add_argument("--host", default="127.0.0.1")
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--gc", default="", help="GC thresholds, as serve.py sets them (a,b,c)")
args = parser.parse_args()

if args.mode == "gevent":
    from gevent import monkey

    monkey.patch_all()

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402

app = Flask(__name__)
socketio = SocketIO(app, async_mode=args.mode, max_http_buffer_size=16 * 1024)


@socketio.on("connect")
def connect(auth=None):
    if isinstance(auth, dict) and auth.get("role") == "phone":
        join_room("phones")


@socketio.on("bench:broadcast")
def broadcast(payload):
    socketio.emit("bench:msg", {"seq": payload["seq"], "pad": "x" * int(payload["size"])},
                  to="phones")
    return {"ok": True}


@socketio.on("bench:submit")
def submit(payload):
    return {"ok": True}


if __name__ == "__main__":
    if args.gc:  # the app server's own settings (serve.tune_gc), for a fair comparison
        import gc

        gc.collect()
        gc.freeze()
        gc.set_threshold(*(int(x) for x in args.gc.split(",")))
    print(f"bare server ({args.mode}) on port {args.port}", flush=True)
    socketio.run(app, host=args.host, port=args.port, log_output=False, use_reloader=False,
                 debug=False, allow_unsafe_werkzeug=True)
    sys.exit(0)
