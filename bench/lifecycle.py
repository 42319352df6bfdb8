"""The server's life around a session, each on its own server and instance folder:

- restart: N phones are connected to an open check-in; the server is stopped and started
  again (same instance folder and port, as after a crash or a laptop's update); the time
  from the stop to each phone holding a `session:state` that agrees with the server's (the
  session's status, the open round and its status, as the facilitator sees them after the
  restart). Phones reconnect as static/js/live.js does (bench.phones.RECONNECT).
- idle: 40 phones connected and idle (no round, nothing sent but Engine.IO's pings); the
  server's CPU share of one core over the window, and its RSS at the start and the end.

    python -m bench.lifecycle restart --phones 1000
    python -m bench.lifecycle idle --phones 40 --seconds 300
"""
from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
import uuid
from pathlib import Path

from bench.app_bench import Run, connect_facilitator, start, start_server
from bench.common import cpu_seconds, percentile, raise_nofile, rss_kb, settle
from bench.phones import Fleet, round_digest


async def _facilitator_state(run: Run, timeout: float = 30) -> list:
    """The facilitator's snapshot after connecting: the server's view of the session."""
    got: asyncio.Future = asyncio.get_running_loop().create_future()

    async def on_state(state):
        if not got.done():
            got.set_result(round_digest(state))

    await connect_facilitator(run, on_state=on_state)
    return await asyncio.wait_for(got, timeout)


async def measure_restart(phones: int, processes: int = 2, timeout: float = 90) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-restart-") as tmp:
        run = Run(phones=phones, reps=0, processes=processes, instance=Path(tmp))
        try:
            await start(run)
            await connect_facilitator(run)
            ack = await run.facilitator.call("round:open", {
                "id": str(uuid.uuid4()), "kind": "checkin", "prompt": "Hoe kom je binnen?"})
            assert ack.get("ok"), ack
            run.fleet = Fleet(processes)
            joined = await run.fleet.join(run.base, run.code, phones, "app", reconnect=True)
            await asyncio.to_thread(settle, run.server.pid)
            await run.facilitator.disconnect()

            port = run.server.port
            stopped_at = time.monotonic()
            run.server.stop()
            await asyncio.to_thread(start_server, run, port)
            listening_ms = (time.monotonic() - stopped_at) * 1000
            truth = await _facilitator_state(run)

            deadline = time.monotonic() + timeout
            while True:
                done = await run.fleet.resynced(stopped_at, truth)
                if done["behind"] == 0 or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.1)
            ms = [(t - stopped_at) * 1000 for t in done["times"]]
            return {
                "restart_phones": phones - joined["failed"],
                "restart_join_failed": joined["failed"],
                "restart_server_listening_ms": listening_ms,
                "restart_resync_p50_ms": percentile(ms, 50),
                "restart_resync_p95_ms": percentile(ms, 95),
                "restart_resync_last_ms": max(ms, default=None),
                "restart_not_resynced": done["behind"],
                "restart_gave_up": done["disconnected"],
            }
        finally:
            await _close(run)


async def measure_idle(phones: int = 40, seconds: float = 300) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-idle-") as tmp:
        run = Run(phones=phones, reps=0, processes=1, instance=Path(tmp))
        try:
            await start(run)
            await connect_facilitator(run)  # the console is open on the laptop too
            run.fleet = Fleet(1)
            joined = await run.fleet.join(run.base, run.code, phones, "app")
            await asyncio.to_thread(settle, run.server.pid)
            await asyncio.sleep(2)
            pid = run.server.pid
            rss_start, cpu_start, started = rss_kb(pid), cpu_seconds(pid), time.monotonic()
            samples = [rss_start]
            while (left := seconds - (time.monotonic() - started)) > 0:
                await asyncio.sleep(min(left, 10))
                samples.append(rss_kb(pid))
            took = time.monotonic() - started
            cpu = cpu_seconds(pid) - cpu_start
            return {
                "idle_phones": phones - joined["failed"],
                "idle_seconds": round(took, 1),
                "idle_cpu_percent_40": cpu / took * 100,
                "idle_rss_start_kb": rss_start,
                "idle_rss_end_kb": samples[-1],
                "idle_rss_growth_kb": samples[-1] - rss_start,
                "idle_rss_max_kb": max(samples),
                # Growth that goes on, not a first settling: the second half's alone.
                "idle_rss_growth_late_kb": samples[-1] - samples[len(samples) // 2],
                "idle_rss_samples_kb": samples,  # every 10 s
            }
        finally:
            await _close(run)


async def _close(run: Run) -> None:
    if run.facilitator is not None and run.facilitator.connected:
        await run.facilitator.disconnect()
    if run.fleet is not None:
        await run.fleet.close()
    if run.http is not None:
        await run.http.close()
    if run.server is not None:
        run.server.stop()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.lifecycle", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("restart", "idle"))
    parser.add_argument("--phones", type=int)
    parser.add_argument("--seconds", type=float, default=300, help="idle window")
    args = parser.parse_args(argv)
    raise_nofile()
    if args.what == "restart":
        result = asyncio.run(measure_restart(args.phones or 1000))
    else:
        result = asyncio.run(measure_idle(args.phones or 40, args.seconds))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
