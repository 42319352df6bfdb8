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
import gc
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
        if data.get("status") == "open":  # rounds opened one after another: by their prompt
            return f"round:open:{data.get('prompt', '')}"
        return f"round:{data.get('status')}:{data.get('summary', '')}"
    if event == "bench:msg":
        return f"bare:{data.get('seq')}"
    if event == "feet:board":
        # A step of a discussion on feet: the same counts are the same board on every phone.
        counts = ",".join(str(s.get("count")) for s in data.get("statements") or [])
        return f"feet:{counts}:{data.get('pulse')}"
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


# As static/js/live.js reconnects (Socket.IO's defaults but for reconnectionDelayMax): first
# attempt after 1 s, doubling up to 4 s, each +-50 %, never giving up.
RECONNECT = {"reconnection": True, "reconnection_attempts": 0, "reconnection_delay": 1,
             "reconnection_delay_max": 4, "randomization_factor": 0.5}


def BrowserLikeClient():  # noqa: N802 (a class, made when socketio is imported)
    """python-socketio's client, but a reconnect waits for the server's answer as long as
    a browser's Socket.IO client does (its `timeout`, 20 s) instead of 1 s: with 1,000
    phones coming back at once, a 1 s wait gives up on answers that are on their way and
    tries again 4 s later."""
    import socketio

    class Client(socketio.AsyncClient):
        async def connect(self, *args, wait_timeout=20, **kwargs):
            return await super().connect(*args, wait_timeout=wait_timeout, **kwargs)

    return Client


def round_digest(state: dict) -> list | None:
    """What a phone's state must agree on with the server's after a resync."""
    current = state.get("round") if isinstance(state, dict) else None
    session = (state.get("session") or {}) if isinstance(state, dict) else {}
    return [session.get("status"), current and current.get("id"),
            current and current.get("status")]


class Phone:
    def __init__(self, fleet: "Worker", reconnect: bool = False):
        import socketio

        self.fleet = fleet
        options = {"json": SkimJSON} if fleet.skim else {}
        options.update(RECONNECT if reconnect else {"reconnection": False})
        self.http = None
        if reconnect:
            import aiohttp

            # python-engineio moves the Cookie header into its HTTP session's jar and drops
            # it from the headers it reconnects with, then closes that session on a
            # disconnect: a reconnect came without the cookie (a browser sends it always).
            # A session of our own keeps the jar (unsafe: the server is an IP address).
            self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
            options["http_session"] = self.http
        client = BrowserLikeClient() if reconnect else socketio.AsyncClient
        self.sio = client(logger=False, engineio_logger=False, **options)
        self.ready = asyncio.Event()
        self.states: list[tuple[float, list | None]] = []  # (arrival, round_digest)
        self.seen: set[str] = set()
        self.polls = 0  # poll broadcasts received so far
        for event in ("round:changed", "bench:msg", "feet:board"):
            self.sio.on(event, self._recorder(event))
        self.sio.on("session:state", self._state)

    async def _state(self, data):
        self.states.append((time.monotonic(), round_digest(data)))
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

    async def join(self, base: str, code: str | None, count: int, mode: str,
                   reconnect: bool = False) -> dict:
        import aiohttp

        limit = asyncio.Semaphore(CONNECT_CONCURRENCY)
        times: list[float] = []
        failures: list[str] = []

        async def one(i: int):
            async with limit:
                phone = Phone(self, reconnect)
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
        self.quiet_gc()
        return {"join_ms": times, "failures": failures[:5], "failed": len(failures)}

    @staticmethod
    def quiet_gc() -> None:
        """A full collection of a phone process's heap (~140 ms with 500 phones in it)
        must not land in a measured window: collect now, then freeze what is there, as the
        server does at start (serve.tune_gc), so that later collections are short."""
        gc.collect()
        gc.freeze()

    async def resynced(self, since: float, digest: list) -> dict:
        """For each phone: when it first received, after `since`, a state that agrees with
        `digest`; and how many never did or are not connected (gave up)."""
        times, behind, gave_up = [], 0, 0
        for phone in self.phones:
            when = next((t for t, d in phone.states if t > since and d == digest), None)
            if when is None:
                behind += 1
            else:
                times.append(when)
            if not phone.sio.connected and when is None:
                gave_up += 1
        return {"times": times, "behind": behind, "disconnected": gave_up}

    async def connected(self) -> dict:
        return {"connected": sum(p.sio.connected for p in self.phones)}

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

    async def feet_say(self, round_id: str, count: int) -> dict:
        """The first `count` phones of this process each say one statement."""
        acks = await asyncio.gather(*(phone.sio.call("feet:say", {
            "id": str(uuid.uuid4()), "round": round_id, "receipt": secrets.token_urlsafe(24),
            "text": f"View {i}: we could say this more plainly."}, timeout=ACK_TIMEOUT)
            for i, phone in enumerate(self.phones[:count])))
        return {"failed": sum(not (isinstance(a, dict) and a.get("ok")) for a in acks)}

    async def size(self) -> dict:
        return {"phones": len(self.phones)}

    async def feet_stand(self, round_id: str, start: int, split: int, first: str,
                         rest: str) -> dict:
        """Every phone of this process moves at once: the phones numbered below `split`
        (over all processes; this one's first is `start`) stand with `first`, the others
        with `rest`; returns ack latencies and when the last ack came."""
        places = [first if start + i < split else rest for i in range(len(self.phones))]
        latencies: list[float] = []
        ends: list[float] = []
        failures: list[str] = []

        async def one(phone: Phone, statement):
            start = time.monotonic()
            try:
                ack = await phone.sio.call("feet:stand", {
                    "id": str(uuid.uuid4()), "round": round_id, "statement": statement},
                    timeout=ACK_TIMEOUT)
            except Exception as error:  # noqa: BLE001
                failures.append(f"{type(error).__name__}: {error}")
                return
            if isinstance(ack, dict) and ack.get("ok"):
                latencies.append((time.monotonic() - start) * 1000)
                ends.append(time.monotonic())
            else:
                failures.append(repr(ack)[:200])

        await asyncio.gather(*(one(p, s) for p, s in zip(self.phones, places)))
        return {"ack_ms": latencies, "last_ack": max(ends, default=None),
                "failures": failures[:5], "failed": len(failures)}

    def arrivals_of(self, tag: str) -> dict:
        return {"times": list(self.arrivals.get(tag, [])), "size": self.sizes.get(tag)}

    async def close(self) -> dict:
        await asyncio.gather(*(p.sio.shutdown() for p in self.phones),
                             return_exceptions=True)
        await asyncio.gather(*(p.http.close() for p in self.phones if p.http),
                             return_exceptions=True)
        return {}


def _serve(conn, skim: bool) -> None:
    logging.basicConfig(level=logging.CRITICAL)  # reconnect attempts log refusals
    from bench.common import app_gc_thresholds, raise_nofile

    raise_nofile()
    gc.set_threshold(*app_gc_thresholds())  # as the servers: see Worker.quiet_gc
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

    async def join(self, base: str, code: str | None, phones: int, mode: str,
                   reconnect: bool = False) -> dict:
        n = len(self.conns)
        shares = [phones // n + (1 if i < phones % n else 0) for i in range(n)]
        results = await self.all("join", {"base": base, "code": code, "mode": mode,
                                          "reconnect": reconnect},
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

    async def feet_say(self, round_id: str, count: int) -> dict:
        """`count` statements, from phones of the first client process."""
        results = await self.all("feet_say", {"round_id": round_id},
                                 [{"count": count if i == 0 else 0}
                                  for i in range(len(self.conns))])
        return {"failed": sum(r["failed"] for r in results)}

    async def feet_stand(self, round_id: str, split: int, first: str, rest: str) -> dict:
        """Every phone moves at once: the first `split` phones (over all client processes)
        stand with `first`, the others with `rest`."""
        counts = [r["phones"] for r in await self.all("size")]
        starts = [sum(counts[:i]) for i in range(len(counts))]
        results = await self.all("feet_stand", {"round_id": round_id, "split": split,
                                                "first": first, "rest": rest},
                                 [{"start": start} for start in starts])
        ends = [r["last_ack"] for r in results if r["last_ack"] is not None]
        return {"ack_ms": [t for r in results for t in r["ack_ms"]],
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

    async def resynced(self, since: float, digest: list) -> dict:
        results = await self.all("resynced", {"since": since, "digest": digest})
        return {"times": [t for r in results for t in r["times"]],
                "behind": sum(r["behind"] for r in results),
                "disconnected": sum(r["disconnected"] for r in results)}

    async def close(self) -> None:
        try:
            await self.all("close")
        finally:
            for proc in self.procs:
                proc.join(timeout=10)
                if proc.is_alive():
                    proc.terminate()
