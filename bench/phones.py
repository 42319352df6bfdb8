"""Simulated phones: python-socketio asyncio clients over real websockets, spread over one or
more client processes (the phones and the server share the machine's cores, so one Python
process receiving every broadcast can be the bottleneck itself).

A phone joins the way a browser does: POST /j/CODE (display_name) sets the `session`
cookie, then the socket connects with that cookie and auth {code, role: "participant"}.
Every phone notes when it receives a broadcast (time.monotonic(), one clock for all
processes on Linux), keyed by a tag, so the controller can ask for the time the LAST phone
received each broadcast."""
from __future__ import annotations

import asyncio
import json
import logging
import multiprocessing
import re
import secrets
import time
import uuid
from collections import defaultdict
from typing import Any

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')  # a form's token, as a browser posts it

CONNECT_CONCURRENCY = 40
ACK_TIMEOUT = 60


# How the simulated phones answer a poll: yes wins clearly (no tie, at any N), and some
# answers ask for the no, as in a real room.
POLL_CHOICES = ("yes", "yes", "yes_bit_of_no", "no")


def tag_of(event: str, data: Any) -> str:
    """What a broadcast is, so that the same broadcast on every phone has the same tag.
    (A poll's `round:changed` is tagged by the phone itself: see `Phone._recorder`.)"""
    if event == "round:changed":
        return f"round:{data.get('status')}:{data.get('summary', '')}"
    if event == "bench:msg":
        return f"bare:{data.get('seq')}"
    return event


class Skimmed(dict):
    """A big broadcast a phone received, read only as far as the bench needs (status,
    summary, seq). Parsing 100 KB of JSON per phone is the phone's own CPU in real life;
    here the phones share the server's cores, so with `--client-decode skim` they skip it
    (for the app and the bare server alike)."""


class SkimJSON:
    """A `json` module for python-socketio's packets that parses small payloads in full and
    skims large ones for the fields `tag_of` reads."""

    THRESHOLD = 2048
    _decoder = json.JSONDecoder()

    dumps = staticmethod(json.dumps)

    @classmethod
    def loads(cls, s, **kwargs):
        if len(s) < cls.THRESHOLD or not s.startswith('["'):
            return json.loads(s, **kwargs)
        end = s.index('"', 2)
        data = Skimmed(_size=len(s) - end - 3)
        for key in ("status", "seq", "kind"):
            at = s.find(f'"{key}":')
            if at >= 0:
                data[key] = cls._decoder.raw_decode(s, at + len(key) + 3)[0]
        at = s.rfind('"summary":')
        if at >= 0:
            data["summary"] = cls._decoder.raw_decode(s, at + 10)[0]
        return [s[2:end], data]


class Phone:
    def __init__(self, fleet: "Worker"):
        import socketio

        self.fleet = fleet
        options = {"json": SkimJSON} if fleet.skim else {}
        self.sio = socketio.AsyncClient(reconnection=False, logger=False,
                                        engineio_logger=False, **options)
        self.ready = asyncio.Event()
        self.seen: set[str] = set()
        self.polls = 0  # poll broadcasts received so far
        for event in ("round:changed", "bench:msg"):
            self.sio.on(event, self._recorder(event))
        self.sio.on("session:state", self._state)

    async def _state(self, _data):
        self.ready.set()

    def _recorder(self, event):
        async def record(data):
            now = time.monotonic()
            if event == "round:changed" and data.get("kind") == "poll":
                # Poll moves repeat the same status and step (seek the no, spread, seek the
                # no again): the n-th poll broadcast is the same on every phone.
                self.polls += 1
                tag = f"poll:{self.polls}"
            else:
                tag = tag_of(event, data)
            if tag in self.seen:
                return
            self.seen.add(tag)
            arrivals = self.fleet.arrivals[tag]
            if not arrivals:  # the first phone measures the message's size
                self.fleet.sizes[tag] = (data["_size"] if isinstance(data, Skimmed) else
                                         len(json.dumps(data, separators=(",", ":"))))
            arrivals.append(now)
        return record


class Worker:
    """One client process's phones. Commands come over a pipe; each returns a dict."""

    def __init__(self, skim: bool):
        self.skim = skim
        self.phones: list[Phone] = []
        self.arrivals: dict[str, list[float]] = defaultdict(list)
        self.sizes: dict[str, int] = {}

    async def join(self, base: str, code: str | None, count: int, mode: str) -> dict:
        import aiohttp

        limit = asyncio.Semaphore(CONNECT_CONCURRENCY)
        times: list[float] = []
        failures: list[str] = []

        async def one(i: int):
            async with limit:
                phone = Phone(self)
                start = time.monotonic()
                try:
                    headers = {}
                    if mode == "app":
                        async with aiohttp.ClientSession(
                                cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
                            # As a browser: the form's page first, for its CSRF token.
                            async with http.get(f"{base}/j/{code}") as response:
                                token = CSRF.search(await response.text())
                            async with http.post(f"{base}/j/{code}", allow_redirects=False, data={
                                    "display_name": "",
                                    "csrf_token": token.group(1) if token else ""}) as response:
                                if response.status != 302:
                                    raise RuntimeError(f"join answered {response.status}")
                            cookie = next(c.value for c in http.cookie_jar if c.key == "session")
                        headers = {"Cookie": f"session={cookie}"}
                        auth = {"code": code, "role": "participant"}
                    else:
                        auth = {"role": "phone"}
                    await phone.sio.connect(base, headers=headers, auth=auth,
                                            transports=["websocket"], wait_timeout=30)
                    if mode == "app":
                        await asyncio.wait_for(phone.ready.wait(), 30)
                except Exception as error:  # noqa: BLE001 (reported, counted as a failure)
                    failures.append(f"{type(error).__name__}: {error}")
                    return
                times.append((time.monotonic() - start) * 1000)
                self.phones.append(phone)

        await asyncio.gather(*(one(i) for i in range(count)))
        return {"join_ms": times, "failures": failures[:5], "failed": len(failures)}

    async def submit(self, round_id: str | None, mode: str, what: str = "contribution") -> dict:
        """Every phone sends one contribution (or, `what="answer"`, one poll answer) at
        once; returns ack latencies and the receipts that were acknowledged."""
        latencies: list[float] = []
        acked: list[str] = []
        ends: list[float] = []
        failures: list[str] = []

        async def one(i: int, phone: Phone):
            receipt = secrets.token_urlsafe(24)
            payload = {"id": str(uuid.uuid4()), "round": round_id, "receipt": receipt}
            if what == "answer":
                payload["choices"] = [POLL_CHOICES[i % len(POLL_CHOICES)]]
                event = "ballot:cast"
            else:
                payload["text"] = f"Benchmark phone {i}: a bit tired, curious about today."
                event = "contribution:add"
            if mode != "app":
                event = "bench:submit"
            start = time.monotonic()
            try:
                ack = await phone.sio.call(event, payload, timeout=ACK_TIMEOUT)
            except Exception as error:  # noqa: BLE001
                failures.append(f"{type(error).__name__}: {error}")
                return
            end = time.monotonic()
            if isinstance(ack, dict) and ack.get("ok"):
                latencies.append((end - start) * 1000)
                ends.append(end)
                acked.append(receipt)
            else:
                failures.append(repr(ack)[:200])

        await asyncio.gather(*(one(i, p) for i, p in enumerate(self.phones)))
        return {"ack_ms": latencies, "receipts": acked, "last_ack": max(ends, default=None),
                "failures": failures[:5], "failed": len(failures)}

    def arrivals_of(self, tag: str) -> dict:
        return {"times": list(self.arrivals.get(tag, [])), "size": self.sizes.get(tag)}

    async def close(self) -> dict:
        await asyncio.gather(*(p.sio.disconnect() for p in self.phones),
                             return_exceptions=True)
        return {}


def _serve(conn, skim: bool) -> None:
    logging.basicConfig(level=logging.ERROR)
    from bench.common import raise_nofile

    raise_nofile()
    loop = asyncio.new_event_loop()
    worker = Worker(skim)

    async def main():
        while True:
            command, args = await loop.run_in_executor(None, conn.recv)
            if command == "arrivals":
                result = worker.arrivals_of(**args)
            else:
                result = await getattr(worker, command)(**args)
            conn.send(result)
            if command == "close":
                return

    loop.run_until_complete(main())


class Fleet:
    """The controller's handle on the client processes; async, for the controller's loop."""

    def __init__(self, processes: int, skim: bool = True):
        context = multiprocessing.get_context("spawn")
        self.conns = []
        self.procs = []
        for _ in range(processes):
            ours, theirs = context.Pipe()
            proc = context.Process(target=_serve, args=(theirs, skim), daemon=True)
            proc.start()
            self.conns.append(ours)
            self.procs.append(proc)

    async def _ask(self, conn, command: str, args: dict, timeout: float = 300) -> dict:
        loop = asyncio.get_running_loop()
        conn.send((command, args))
        ready = await loop.run_in_executor(None, conn.poll, timeout)
        if not ready:
            raise TimeoutError(f"client process did not answer {command!r} in {timeout} s")
        return conn.recv()

    async def all(self, command: str, args: dict | None = None,
                  per_process: list[dict] | None = None) -> list[dict]:
        calls = [self._ask(conn, command, {**(args or {}), **(per_process[i] if per_process
                                                              else {})})
                 for i, conn in enumerate(self.conns)]
        return await asyncio.gather(*calls)

    async def join(self, base: str, code: str | None, phones: int, mode: str) -> dict:
        n = len(self.conns)
        shares = [phones // n + (1 if i < phones % n else 0) for i in range(n)]
        results = await self.all("join", {"base": base, "code": code, "mode": mode},
                                 [{"count": s} for s in shares])
        return {"join_ms": [t for r in results for t in r["join_ms"]],
                "failed": sum(r["failed"] for r in results),
                "failures": [f for r in results for f in r["failures"]]}

    async def submit(self, round_id: str | None, mode: str, what: str = "contribution") -> dict:
        results = await self.all("submit", {"round_id": round_id, "mode": mode, "what": what})
        ends = [r["last_ack"] for r in results if r["last_ack"] is not None]
        return {"ack_ms": [t for r in results for t in r["ack_ms"]],
                "receipts": [x for r in results for x in r["receipts"]],
                "last_ack": max(ends, default=None),
                "failed": sum(r["failed"] for r in results),
                "failures": [f for r in results for f in r["failures"]]}

    async def wait_arrivals(self, tag: str, expected: int, timeout: float = 60) -> dict:
        """Waits until `expected` phones received the broadcast tagged `tag` (or the
        timeout); returns their arrival times and the message size."""
        deadline = time.monotonic() + timeout
        while True:
            results = await self.all("arrivals", {"tag": tag})
            times = [t for r in results for t in r["times"]]
            if len(times) >= expected or time.monotonic() > deadline:
                size = next((r["size"] for r in results if r["size"]), None)
                return {"times": times, "size": size}
            await asyncio.sleep(0.02)

    async def close(self) -> None:
        try:
            await self.all("close")
        finally:
            for proc in self.procs:
                proc.join(timeout=10)
                if proc.is_alive():
                    proc.terminate()
