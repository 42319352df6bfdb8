"""Plumbing shared by the app and bare runs: free ports, file-descriptor limits, starting a
server process, reading its RSS, threads and CPU time from /proc, percentiles."""
from __future__ import annotations

import ast
import functools
import math
import os
import queue
import re
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLK_TCK = os.sysconf("SC_CLK_TCK")


def raise_nofile() -> int:
    """Raises this process's open-file limit to the hard limit; children inherit it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def _child_limits() -> None:  # runs in the server process before exec (ulimit -n)
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port} after {timeout} s")


class Server:
    """A server process whose stdout is read line by line in a thread (so it never blocks
    on a full pipe); `wait_for(pattern)` returns the first match."""

    def __init__(self, argv: list[str], env: dict[str, str], port: int):
        self.port = port
        self.proc = subprocess.Popen(
            argv, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, preexec_fn=_child_limits)
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        for line in self.proc.stdout:
            self.output.append(line)
            self.lines.put(line)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_for(self, pattern: str, timeout: float = 60.0) -> re.Match:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                raise RuntimeError(f"server did not print {pattern!r}:\n" + "".join(self.output))
            try:
                line = self.lines.get(timeout=min(left, 0.5))
            except queue.Empty:
                continue
            found = re.search(pattern, line)
            if found:
                return found

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def python() -> str:
    return sys.executable


def rss_kb(pid: int) -> int:
    return _status_field(pid, "VmRSS")


def threads(pid: int) -> int:
    return _status_field(pid, "Threads")


def _status_field(pid: int, name: str) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    raise KeyError(name)


def cpu_seconds(pid: int) -> float:
    """utime + stime of the process (all its threads), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # fields 14 and 15 of stat(5)


def settle(pid: int, idle_share: float = 0.05, interval: float = 0.25,
           timeout: float = 60.0) -> float:
    """Waits until the process is (nearly) idle: a burst's queued work (broadcasts after
    joins, say) must not be counted in the next phase. Returns the seconds waited."""
    start = time.monotonic()
    before = cpu_seconds(pid)
    while time.monotonic() - start < timeout:
        time.sleep(interval)
        now = cpu_seconds(pid)
        if now - before <= idle_share * interval:
            break
        before = now
    return time.monotonic() - start


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile; nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def rnd(value: float, digits: int = 1) -> float:
    return value if value != value else round(value, digits)


@functools.cache
def app_gc_thresholds() -> tuple[int, ...]:
    """serve.GC_THRESHOLDS, read without importing serve (which monkey-patches and imports
    the app): the bare server and the phone processes use the app server's GC settings."""
    tree = ast.parse((ROOT / "serve.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "GC_THRESHOLDS":
            return tuple(ast.literal_eval(node.value))
    raise LookupError("GC_THRESHOLDS not found in serve.py")


def burst_figures(sub: dict, start: float) -> dict:
    """One burst of answers: ack latency percentiles and answers per second (all answers
    over the time from the first sent to the last acknowledged)."""
    took = (sub["last_ack"] or start) - start
    return {"p50": percentile(sub["ack_ms"], 50), "p99": percentile(sub["ack_ms"], 99),
            "rate": len(sub["ack_ms"]) / took if took > 0 else 0.0,
            "failed": sub["failed"], "errors": sub["failures"]}


def medians(runs: list[dict], p50_key: str, p99_key: str, rate_key: str) -> dict:
    """The median of each figure over the bursts, and each burst's own under `KEY_bursts`:
    one burst of 100 answers lasts about 20 ms, where a scheduler's hiccup is a third of
    the figure."""
    out = {}
    for key, name in ((p50_key, "p50"), (p99_key, "p99"), (rate_key, "rate")):
        values = [r[name] for r in runs if r[name] is not None]
        out[key] = statistics.median(values) if values else None
        out[f"{key}_bursts"] = [round(v, 2) for v in values]
    return out
