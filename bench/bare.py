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


async def measure_bare(mode: str, phones: int, size: int, reps: int, processes: int,
                       submit: bool = True, skim: bool = True, bursts: int = 1) -> dict:
    import socketio

    port = free_port()
    server = Server([python(), "bench/bare_server.py", "--mode", mode, "--port", str(port),
                     "--gc", ",".join(map(str, app_gc_thresholds()))], {}, port)
    fleet = None
    sender = socketio.AsyncClient(reconnection=False)
    try:
        server.wait_for("bare server")
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}"
        await sender.connect(base, auth={"role": "sender"}, transports=["websocket"])
        fleet = Fleet(processes, skim)
        await asyncio.sleep(1)
        idle_kb, idle_threads = rss_kb(server.pid), threads(server.pid)
        joined = await fleet.join(base, None, phones, "bare")
        await asyncio.to_thread(settle, server.pid)
        connected = phones - joined["failed"]
        full_kb, full_threads = rss_kb(server.pid), threads(server.pid)

        async def send(i):
            await sender.call("bench:broadcast", {"seq": i, "size": size}, timeout=60)

        # Warmed as the app is: the app's phones get the round's opening before the
        # submissions and the reveal before the measured edits; here one broadcast of the
        # same size, unmeasured.
        await repeat(fleet, server.pid, connected, 1, lambda i: send(-1), lambda i: "bare:-1")
        await asyncio.to_thread(settle, server.pid)
        fan = await repeat(fleet, server.pid, connected, reps, send, lambda i: f"bare:{i}")
        result = {
            "mode": mode, "clients": phones, "connected": connected,
            "kb_per_connection": (full_kb - idle_kb) / max(connected, 1),
            "os_threads_idle": idle_threads, "os_threads_connected": full_threads,
            "threads_per_connection": (full_threads - idle_threads) / max(connected, 1),
            "message_bytes": fan["message_bytes"],
            "fanout_p50_ms": fan["p50_ms"], "fanout_p95_ms": fan["p95_ms"],
            "missing": fan["missing"],
            "cpu_us_per_recipient": fan["cpu_us_per_recipient"],
        }
        if submit:
            runs = []
            for _ in range(bursts):
                await asyncio.to_thread(settle, server.pid)  # as the app before its bursts
                start = time.monotonic()
                sub = await fleet.submit(None, "bare")
                runs.append(burst_figures(sub, start))
            result.update(medians(runs, "submit_ack_p50_ms", "submit_ack_p99_ms",
                                  "submissions_per_s"))
            result["submit_failed"] = sum(r["failed"] for r in runs)
        return result
    finally:
        if sender.connected:
            await sender.disconnect()
        if fleet:
            await fleet.close()
        server.stop()


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
