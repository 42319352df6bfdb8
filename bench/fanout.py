"""Fan-out: the time from the sender's emit to the LAST phone receiving the broadcast,
repeated for a stable p95, with the server's CPU time around the repetitions."""
from __future__ import annotations

import asyncio
import time
from typing import Awaitable, Callable

from bench.common import cpu_seconds, percentile


async def repeat(fleet, server_pid: int, expected: int, reps: int,
                 send: Callable[[int], Awaitable[None]], tag: Callable[[int], str]) -> dict:
    """`send(i)` emits the i-th broadcast; every phone must then receive `tag(i)`."""
    last_ms: list[float] = []
    all_ms: list[float] = []
    missing = 0
    size = None
    cpu_before = cpu_seconds(server_pid)
    for i in range(reps):
        start = time.monotonic()
        await send(i)
        arrived = await fleet.wait_arrivals(tag(i), expected)
        size = size or arrived["size"]
        missing += max(0, expected - len(arrived["times"]))
        if arrived["times"]:
            last_ms.append((max(arrived["times"]) - start) * 1000)
            all_ms.extend((t - start) * 1000 for t in arrived["times"])
        await asyncio.sleep(0.05)
    cpu = cpu_seconds(server_pid) - cpu_before  # the short idle waits cost ~nothing
    return {
        "last_ms": last_ms,
        "p50_ms": percentile(last_ms, 50),
        "p95_ms": percentile(last_ms, 95),
        "any_phone_p50_ms": percentile(all_ms, 50),
        "missing": missing,
        "message_bytes": size,
        "cpu_us_per_recipient": cpu * 1e6 / (reps * expected) if reps and expected else None,
    }
