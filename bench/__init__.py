"""Load benchmark: the real server (`python serve.py`, gevent, one process) with N simulated
phones over real websockets, side by side with bare Flask-SocketIO in the same server mode.

`python -m bench --phones N --json FILE` runs both and prints a table; see README,
"Performance". `python -m bench.bare --mode gevent|threading --clients N` measures the bare
framework alone (the README's "Server mode" figures)."""
