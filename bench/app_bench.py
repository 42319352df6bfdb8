"""The app under load: the real server, started as `make run` starts it, a facilitator
who signs in with the printed link and creates a session, N phones that join as a browser
does, then one function per phase of a session. A phase takes the `Run` and adds figures
to `run.figures`: `phase_checkin` (contributions, reveal, summary edits) and `phase_poll`
(every phone answers a poll, the vote closes, the facilitator moves through the steps)
and `phase_feet` (a discussion on feet: every phone moves between statements, the bubbles
go out on the round's clock)."""
from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bench.bare import PADDING_OVERHEAD
from bench.common import (Server, burst_figures, cpu_seconds, free_port, medians,
                          percentile, python, rss_kb, settle, wait_for_port)
from bench.fanout import repeat
from bench.phones import CSRF, Fleet

UNLIMITED = "1000000/second"


@dataclass
class Run:
    phones: int
    reps: int
    processes: int
    instance: Path
    bursts: int = 1  # bursts of answers measured per kind (the figures are their medians)
    baseline: object = None  # bench.bare.Bare, running beside: its bursts go between ours
    skim: bool = True
    server: Server | None = None
    base: str = ""
    code: str = ""
    http: object = None  # the facilitator's aiohttp session (cookie jar)
    facilitator: object = None  # the facilitator's socketio.AsyncClient
    fleet: Fleet | None = None
    connected: int = 0
    figures: dict = field(default_factory=dict)
    receipts: dict = field(default_factory=dict)  # round id -> acknowledged receipts
    ballots: dict = field(default_factory=dict)  # poll round id -> acknowledged receipts


@contextlib.contextmanager
def profiled(run: Run, name: str):
    """With `BENCH_PROFILE=FOLDER`, samples the server with py-spy (if installed; it is not
    in requirements.txt) while the block runs, and writes its stacks to FOLDER/NAME.txt
    (collapsed: one line per stack, its sample count last) for `bench.profile` to rank.
    Without it, nothing: a profiled run's figures are not comparable to a plain one's."""
    folder = os.environ.get("BENCH_PROFILE")
    spy = shutil.which("py-spy", path=f"{Path(sys.executable).parent}{os.pathsep}"
                                     f"{os.environ.get('PATH', '')}")
    if not folder or not spy or run.server is None:
        yield
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    out = Path(folder) / f"{name}-{run.phones}.txt"
    proc = subprocess.Popen([spy, "record", "--pid", str(run.server.pid), "--rate", "1000",
                             "--format", "raw", "--output", str(out), "--nonblocking"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)  # py-spy attaches before the burst starts
    try:
        yield
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def new_id() -> str:
    return str(uuid.uuid4())


def start_server(run: Run, port: int) -> str:
    """`python serve.py` as `make run` runs it, in the run's instance directory; returns
    the sign-in link it prints."""
    run.base = f"http://127.0.0.1:{port}"
    run.server = Server([python(), "serve.py"], {
        "INSTANCE_PATH": str(run.instance), "PORT": str(port), "HOST": "127.0.0.1",
        "PUBLIC_URL": run.base, "JOIN_RATE_LIMIT": UNLIMITED, "EVENT_RATE_LIMIT": UNLIMITED,
    }, port)
    link = run.server.wait_for(r"sign-in: (http\S+)").group(1)
    wait_for_port(port)
    return link


async def start(run: Run) -> None:
    """The server in a fresh instance directory; the facilitator signs in and creates a
    session."""
    import aiohttp

    link = start_server(run, free_port())
    run.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    async with run.http.get(link) as response:
        assert response.status == 200, f"sign-in answered {response.status}"
    async with run.http.get(f"{run.base}/console") as response:
        token = CSRF.search(await response.text())
    async with run.http.post(f"{run.base}/console", allow_redirects=False, data={
            "title": "Benchmark", "question": "How do we keep this fast?",
            "language": "nl", "csrf_token": token.group(1) if token else ""}) as response:
        assert response.status == 302, f"creating a session answered {response.status}"
        run.code = response.headers["Location"].rstrip("/").rsplit("/", 1)[1]


def cookie_header(http) -> str:
    return "; ".join(f"{c.key}={c.value}" for c in http.cookie_jar)


async def connect_facilitator(run: Run, on_state=None) -> None:
    import socketio

    run.facilitator = socketio.AsyncClient(reconnection=False)
    if on_state is not None:
        run.facilitator.on("session:state", on_state)
    await run.facilitator.connect(run.base, headers={"Cookie": cookie_header(run.http)},
                                  auth={"code": run.code, "role": "facilitator"},
                                  transports=["websocket"], wait_timeout=20)


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in ("stylesheet", "modulepreload", "icon"):
            self.urls.append(attrs.get("href"))
        elif tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "img" and attrs.get("src") and not attrs["src"].startswith("data:"):
            self.urls.append(attrs["src"])


IMPORT = re.compile(r"""(?:\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?|\bimport\s*\(\s*|"""
                    r"""\bexport\s*[\w*{}\s,$]+\s*from\s*)["']([^"']+)["']""")


async def phase_page_bytes(run: Run) -> None:
    """Everything a phone downloads to join: the join page, the phone page, and every
    stylesheet, script and module they reference, each once (as a browser caches)."""
    import aiohttp

    total = 0
    fetched: set[str] = set()
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async def get(url: str, method: str = "GET", **kw) -> str:
            nonlocal total
            async with http.request(method, url, **kw) as response:
                assert response.status in (200, 302), f"{url} answered {response.status}"
                body = await response.read()
                total += len(body)
                return body.decode("utf-8", "replace")

        async def assets(html: str, page_url: str) -> None:
            parser = _Assets()
            parser.feed(html)
            pending = [urljoin(page_url, u) for u in parser.urls if u]
            while pending:
                url = pending.pop()
                if url in fetched or urlsplit(url).netloc != urlsplit(run.base).netloc:
                    continue
                fetched.add(url)
                text = await get(url)
                if url.split("?")[0].endswith((".js", ".mjs")):
                    pending.extend(urljoin(url, m) for m in IMPORT.findall(text))

        join_url = f"{run.base}/j/{run.code}"
        join_page = await get(join_url)
        await assets(join_page, join_url)
        token = CSRF.search(join_page)
        await get(join_url, "POST", allow_redirects=False, data={
            "display_name": "", "csrf_token": token.group(1) if token else ""})
        phone_url = f"{run.base}/p/{run.code}"
        await assets(await get(phone_url), phone_url)
    run.figures["phone_page_bytes"] = total
    run.figures["phone_page_files"] = len(fetched) + 2


async def phase_join(run: Run) -> None:
    """N phones join with bounded concurrency; server RSS from idle to all connected."""
    run.fleet = Fleet(run.processes, run.skim)
    await asyncio.sleep(1)
    idle_kb = rss_kb(run.server.pid)
    joined = await run.fleet.join(run.base, run.code, run.phones, "app")
    run.figures["join_settle_s"] = await asyncio.to_thread(settle, run.server.pid)
    run.connected = run.phones - joined["failed"]
    run.figures.update({
        "join_p50_ms": percentile(joined["join_ms"], 50),
        "join_p95_ms": percentile(joined["join_ms"], 95),
        "join_failed": joined["failed"],
        "rss_kb_per_phone": (rss_kb(run.server.pid) - idle_kb) / max(run.connected, 1),
    })
    if joined["failures"]:
        run.figures["join_errors"] = joined["failures"][:3]


async def open_checkin(run: Run, prompt: str) -> str:
    ack = await run.facilitator.call("round:open", {"id": new_id(), "kind": "checkin",
                                                    "prompt": prompt})
    assert ack.get("ok"), ack
    await run.fleet.wait_arrivals(f"round:open:{prompt}", run.connected)
    await asyncio.to_thread(settle, run.server.pid)
    return ack["round"]


async def baseline_burst(run: Run) -> None:
    """The bare server's burst, right after each of the app's (once the app is quiet):
    the machine's slow and fast minutes fall on both servers alike."""
    if run.baseline is not None:
        await asyncio.to_thread(settle, run.server.pid)
        await run.baseline.burst()


async def baseline_fanout(run: Run, message_bytes: int | None) -> None:
    """The bare server's broadcasts of the same size, right after the app's."""
    if run.baseline is not None:
        await asyncio.to_thread(settle, run.server.pid)
        padding = max(0, (message_bytes or 200) - PADDING_OVERHEAD)
        await run.baseline.fanout(padding, run.reps)


async def checkin_burst(run: Run, round_id: str, name: str) -> dict:
    """Every phone contributes once, at the same moment."""
    with profiled(run, name):
        start = time.monotonic()
        sub = await run.fleet.submit(round_id, "app")
    run.receipts.setdefault(round_id, []).extend(sub["receipts"])
    figures = burst_figures(sub, start)
    await baseline_burst(run)
    return figures


async def phase_checkin(run: Run) -> None:
    """Open a check-in; every phone contributes at once (ack latency, submissions/s);
    reveal (timed apart: it carries every contribution), then edit the summary `reps` times:
    each sends `round:changed` to every phone (fan-out to the last phone, server CPU per
    recipient). With more than one burst, each further burst goes to a check-in of its own,
    opened after those edits and never revealed: a round holds one contribution per phone,
    as the revealed one does, and its reveal and edits carry what they carried before."""
    round_id = await open_checkin(run, "Hoe kom je binnen?")
    runs = [await checkin_burst(run, round_id, "checkin")]
    run.figures["submit_settle_s"] = await asyncio.to_thread(settle, run.server.pid)

    async def send(i: int) -> None:
        if i == 0:
            payload = {"id": new_id(), "round": round_id, "confirm": True}
            started = time.monotonic()
            ack = await run.facilitator.call("round:reveal", payload)
            # The close of a stage: the reveal, and rewriting the database out of arrival
            # order before the facilitator's acknowledgement.
            run.figures["stage_close_ms"] = (time.monotonic() - started) * 1000
        else:
            payload = {"id": new_id(), "round": round_id, "text": f"Samenvatting {i}"}
            ack = await run.facilitator.call("checkin:summary", payload)
        assert ack.get("ok"), ack

    def tag(i: int) -> str:
        return "round:revealed:" + (f"Samenvatting {i}" if i else "")

    # The reveal sends every contribution once; the edits after it are what a facilitator
    # repeats all session long (and what is compared with the bare framework).
    revealed = await repeat(run.fleet, run.server.pid, run.connected, 1, send, tag)
    with profiled(run, "fanout"):
        fan = await repeat(run.fleet, run.server.pid, run.connected, run.reps,
                           lambda i: send(i + 1), lambda i: tag(i + 1))
    run.figures.update({
        "reveal_fanout_ms": revealed["p50_ms"],
        "reveal_message_bytes": revealed["message_bytes"],
        "fanout_p50_ms": fan["p50_ms"], "fanout_p95_ms": fan["p95_ms"],
        "fanout_reps": run.reps, "fanout_missing": fan["missing"],
        "fanout_message_bytes": fan["message_bytes"],
        "server_cpu_us_per_recipient": fan["cpu_us_per_recipient"],
    })
    await baseline_fanout(run, fan["message_bytes"])
    for burst in range(1, run.bursts):
        extra = await open_checkin(run, f"Ronde {burst + 1}: hoe gaat het nu?")
        runs.append(await checkin_burst(run, extra, f"checkin{burst}"))
    run.figures.update(medians(runs, "submit_ack_p50_ms", "submit_ack_p99_ms",
                               "submissions_per_s"))
    run.figures["submit_failed"] = sum(r["failed"] for r in runs)
    errors = [e for r in runs for e in r["errors"]]
    if errors:
        run.figures["submit_errors"] = errors[:3]


async def phase_poll(run: Run) -> None:
    """The facilitator starts a poll; every phone answers at once (ack latency, answers/s);
    the vote closes (`round:changed` with the result to every phone), then the facilitator
    moves between seeking the no and spreading it, `reps - 1` times, each again a
    `round:changed` to every phone (fan-out to the last phone, server CPU per recipient)."""
    # With more than one burst, the polls before the last are started, answered and closed:
    # two poll broadcasts each (the opening and the result) before the measured poll's own.
    runs, seen = [], 0
    run.figures["poll_open_missing"] = 0
    for burst in range(run.bursts):
        await asyncio.to_thread(settle, run.server.pid)
        ack = await run.facilitator.call("poll:start", {
            "id": new_id(), "proposal": "We try the new schedule for a month."})
        assert ack.get("ok"), ack
        round_id = ack["round"]
        opened = await run.fleet.wait_arrivals(f"poll:{seen + 1}", run.connected)
        run.figures["poll_open_missing"] += max(0, run.connected - len(opened["times"]))
        await asyncio.to_thread(settle, run.server.pid)

        with profiled(run, "poll" if burst == 0 else f"poll{burst}"):
            start = time.monotonic()
            sub = await run.fleet.submit(round_id, "app", what="answer")
        runs.append(burst_figures(sub, start))
        run.ballots[round_id] = sub["receipts"]
        await baseline_burst(run)
        if burst < run.bursts - 1:
            await asyncio.to_thread(settle, run.server.pid)
            ack = await run.facilitator.call("poll:close_vote", {
                "id": new_id(), "round": round_id, "confirm": True})
            assert ack.get("ok"), ack
            await run.fleet.wait_arrivals(f"poll:{seen + 2}", run.connected)
            seen += 2
    run.figures.update(medians(runs, "poll_ack_p50_ms", "poll_ack_p99_ms", "answers_per_s"))
    run.figures["answer_failed"] = sum(r["failed"] for r in runs)
    errors = [e for r in runs for e in r["errors"]]
    if errors:
        run.figures["answer_errors"] = errors[:3]
    run.figures["answer_settle_s"] = await asyncio.to_thread(settle, run.server.pid)

    async def send(i: int) -> None:
        if i == 0:
            ack = await run.facilitator.call("poll:close_vote", {
                "id": new_id(), "round": round_id, "confirm": True})
        else:
            step = "spread" if i % 2 else "seek_no"
            ack = await run.facilitator.call("poll:step", {
                "id": new_id(), "round": round_id, "step": step})
        assert ack.get("ok"), ack

    fan = await repeat(run.fleet, run.server.pid, run.connected, run.reps, send,
                       lambda i: f"poll:{seen + i + 2}")
    run.figures.update({
        "poll_fanout_p50_ms": fan["p50_ms"], "poll_fanout_p95_ms": fan["p95_ms"],
        "poll_close_fanout_ms": fan["last_ms"][0] if fan["last_ms"] else None,
        "poll_fanout_missing": fan["missing"],
        "poll_fanout_message_bytes": fan["message_bytes"],
        "poll_server_cpu_us_per_recipient": fan["cpu_us_per_recipient"],
    })


FEET_STATEMENTS = 6


async def phase_feet(run: Run) -> None:
    """A discussion on feet: six statements go up; then, `reps` times, every phone moves at
    once (stand with one statement, or move to another). The bubbles go out on the round's
    clock, not per tap: figures are the stand's ack latency, the board's fan-out (its first
    phone to its last: the time one step takes to reach the room) and the wait from the last
    move to the last phone's new bubbles (the clock's step and the fan-out together)."""
    boards: list[dict] = []
    run.facilitator.on("feet:board", lambda board: boards.append(board))
    await asyncio.to_thread(settle, run.server.pid)
    ack = await run.facilitator.call("round:open", {"id": new_id(), "kind": "feet",
                                                    "prompt": "Where do we stand?"})
    assert ack.get("ok"), ack
    round_id = ack["round"]
    said = await run.fleet.feet_say(round_id, FEET_STATEMENTS)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (
            boards and len(boards[-1]["statements"]) == FEET_STATEMENTS):
        await asyncio.sleep(0.1)
    ids = [s["id"] for s in boards[-1]["statements"]] if boards else []
    run.figures["feet_say_failed"] = said["failed"]
    if len(ids) < 2:
        run.figures["feet_missing"] = run.connected
        return
    await asyncio.to_thread(settle, run.server.pid)

    acks: list[float] = []
    spread: list[float] = []
    delay: list[float] = []
    missing = failed = 0
    size = None
    cpu_before = cpu_seconds(run.server.pid)
    for i in range(run.reps):
        # A different distribution each step, so every step is a new board on every phone.
        split = (i + 1) * run.connected // (run.reps + 1)
        first, rest = ids[i % len(ids)], ids[(i + 1) % len(ids)]
        counts = {sid: 0 for sid in ids}
        counts[first] += split
        counts[rest] += run.connected - split
        with profiled(run, f"feet{i}") if i < 2 else contextlib.nullcontext():
            moved = await run.fleet.feet_stand(round_id, split, first, rest)
        acks.extend(moved["ack_ms"])
        failed += moved["failed"]
        tag = f"feet:{','.join(str(counts[sid]) for sid in ids)}:None"
        arrived = await run.fleet.wait_arrivals(tag, run.connected, timeout=30)
        size = size or arrived["size"]
        missing += max(0, run.connected - len(arrived["times"]))
        if arrived["times"]:
            spread.append((max(arrived["times"]) - min(arrived["times"])) * 1000)
            if moved["last_ack"]:
                delay.append((max(arrived["times"]) - moved["last_ack"]) * 1000)
    cpu = cpu_seconds(run.server.pid) - cpu_before
    await run.facilitator.call("round:close", {"id": new_id(), "round": round_id})
    run.figures.update({
        "feet_stand_ack_p50_ms": percentile(acks, 50),
        "feet_stand_ack_p99_ms": percentile(acks, 99),
        "feet_board_fanout_p50_ms": percentile(spread, 50),
        "feet_board_fanout_p95_ms": percentile(spread, 95),
        "feet_step_wait_p50_ms": percentile(delay, 50),
        "feet_step_wait_max_ms": max(delay, default=None),
        "feet_board_bytes": size,
        "feet_server_cpu_us_per_phone_move": cpu * 1e6 / (run.reps * run.connected)
        if run.reps and run.connected else None,
        "feet_missing": missing, "feet_stand_failed": failed,
    })


def count_lost(run: Run) -> int:
    """Acknowledged contributions and poll answers missing from the database, read from the
    SQLite file (read-only) while the server still runs, matched by receipt hash."""
    path = run.instance / "deepdemocracy.sqlite3"
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        lost = 0
        for table, acknowledged in (("contribution", run.receipts), ("ballot", run.ballots)):
            for round_id, receipts in acknowledged.items():
                stored = {row[0] for row in db.execute(
                    f"SELECT receipt_hash FROM {table} WHERE round_id = ?", (round_id,))}
                lost += sum(hashlib.sha256(r.encode()).hexdigest() not in stored
                            for r in receipts)
        return lost
    finally:
        db.close()


PHASES = [phase_checkin, phase_poll, phase_feet]


async def measure_app(phones: int, reps: int, processes: int, skim: bool = True,
                      phone_runs: int = 3, bursts: int = 1, baseline=None) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-instance-") as tmp:
        run = Run(phones=phones, reps=reps, processes=processes, instance=Path(tmp),
                  skim=skim, bursts=bursts, baseline=baseline)
        try:
            await start(run)
            await phase_page_bytes(run)
            await connect_facilitator(run)
            if phone_runs:
                from bench.phone_ready import measure_phone_ready

                await measure_phone_ready(run, phone_runs)
            await phase_join(run)
            for phase in PHASES:
                await phase(run)
            run.figures["lost"] = count_lost(run)
            return run.figures
        finally:
            if run.facilitator is not None and run.facilitator.connected:
                await run.facilitator.disconnect()
            if run.fleet is not None:
                await run.fleet.close()
            if run.http is not None:
                await run.http.close()
            if run.server is not None:
                run.server.stop()
