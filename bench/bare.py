"""Bare Flask-SocketIO (bench/bare_server.py) under the same phones: memory and OS threads
per connection, fan-out to the last phone and server CPU per recipient.

    python -m bench.bare --mode gevent|threading --clients 1000 [--size 200] [--reps 20]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import time

from bench.common import (Server, app_gc_thresholds, burst_figures, free_port, medians, python,
                          raise_nofile, rnd, rss_kb, settle, threads, wait_for_port)
from bench.fanout import repeat
from bench.phones import Fleet


# What a `bench:msg` adds to its padding (bench/bare_server.py): a broadcast of N bytes, as
# the app's, is one of N - PADDING_OVERHEAD bytes of padding.
PADDING_OVERHEAD = len('{"seq":0,"pad":""}')


class Bare:
    """The bare server with its own N phones, joined and warmed, kept running beside the
    app's so that its bursts can be taken between the app's (`burst`): a slow minute of the
    machine then lands on both servers' figures, not on one's. `fanout(size)` times its
    broadcasts; `result()` gathers the figures (the bursts' medians)."""

    def __init__(self, mode: str, phones: int, processes: int, skim: bool = True):
        self.mode, self.phones, self.processes, self.skim = mode, phones, processes, skim
        self.server = self.fleet = self.sender = None
        self.figures: dict = {}
        self.runs: list[dict] = []

    async def start(self) -> None:
        import socketio

        port = free_port()
        self.server = Server([python(), "bench/bare_server.py", "--mode", self.mode, "--port",
                              str(port), "--gc", ",".join(map(str, app_gc_thresholds()))],
                             {}, port)
        self.sender = socketio.AsyncClient(reconnection=False)
        self.server.wait_for("bare server")
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}"
        await self.sender.connect(base, auth={"role": "sender"}, transports=["websocket"])
        self.fleet = Fleet(self.processes, self.skim)
        await asyncio.sleep(1)
        idle_kb, idle_threads = rss_kb(self.server.pid), threads(self.server.pid)
        joined = await self.fleet.join(base, None, self.phones, "bare")
        await asyncio.to_thread(settle, self.server.pid)
        self.connected = self.phones - joined["failed"]
        full_kb, full_threads = rss_kb(self.server.pid), threads(self.server.pid)
        self.figures.update({
            "mode": self.mode, "clients": self.phones, "connected": self.connected,
            "kb_per_connection": (full_kb - idle_kb) / max(self.connected, 1),
            "os_threads_idle": idle_threads, "os_threads_connected": full_threads,
            "threads_per_connection": (full_threads - idle_threads) / max(self.connected, 1),
        })

    async def fanout(self, size: int, reps: int) -> None:
        pid, connected = self.server.pid, self.connected

        async def send(i):
            await self.sender.call("bench:broadcast", {"seq": i, "size": size}, timeout=60)

        # Warmed as the app is: the app's phones get the round's opening before the
        # submissions and the reveal before the measured edits; here one broadcast of the
        # same size, unmeasured.
        await repeat(self.fleet, pid, connected, 1, lambda i: send(-1), lambda i: "bare:-1")
        await asyncio.to_thread(settle, pid)
        fan = await repeat(self.fleet, pid, connected, reps, send, lambda i: f"bare:{i}")
        self.figures.update({
            "message_bytes": fan["message_bytes"],
            "fanout_p50_ms": fan["p50_ms"], "fanout_p95_ms": fan["p95_ms"],
            "missing": fan["missing"],
            "cpu_us_per_recipient": fan["cpu_us_per_recipient"],
        })

    async def burst(self) -> None:
        """Every phone sends one event at once: ack latency, events/s."""
        await asyncio.to_thread(settle, self.server.pid)  # as the app before its bursts
        start = time.monotonic()
        sub = await self.fleet.submit(None, "bare")
        self.runs.append(burst_figures(sub, start))

    def result(self) -> dict:
        if self.runs:
            self.figures.update(medians(self.runs, "submit_ack_p50_ms", "submit_ack_p99_ms",
                                        "submissions_per_s"))
            self.figures["submit_failed"] = sum(r["failed"] for r in self.runs)
        return self.figures

    async def close(self) -> None:
        if self.sender is not None and self.sender.connected:
            await self.sender.disconnect()
        if self.fleet:
            await self.fleet.close()
        if self.server is not None:
            self.server.stop()


async def measure_bare(mode: str, phones: int, size: int, reps: int, processes: int,
                       submit: bool = True, skim: bool = True, bursts: int = 1) -> dict:
    """The bare server alone: fan-out, then `bursts` bursts."""
    bare = Bare(mode, phones, processes, skim)
    try:
        await bare.start()
        await bare.fanout(size, reps)
        for _ in range(bursts if submit else 0):
            await bare.burst()
        return bare.result()
    finally:
        await bare.close()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bare", description=__doc__)
    parser.add_argument("--mode", choices=("gevent", "threading"), default="gevent")
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--size", type=int, default=200, help="broadcast padding, bytes")
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--client-decode", choices=("skim", "full"), default="skim",
                        help="skim: phones read big broadcasts only as far as needed")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    raise_nofile()
    result = asyncio.run(measure_bare(args.mode, args.clients, args.size, args.reps,
                                      args.client_processes,
                                      skim=args.client_decode == "skim"))
    for key, value in result.items():
        print(f"{key:24} {rnd(value, 2) if isinstance(value, float) else value}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
