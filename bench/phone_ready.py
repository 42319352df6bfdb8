"""One phone on a slow mobile network, in headless Chromium: the time from opening the join
link to a phone that can type its first contribution (a check-in is open), with an empty
cache and again with a warm one, and the bytes it transferred to get there.

The network is throttled by Chromium itself (DevTools `Network.emulateNetworkConditions`):
about 1.6 Mbit/s down, 750 kbit/s up and 150 ms round trip, Lighthouse's "slow 4G" mobile
profile. Bytes are what Chromium reports as received for each HTTP response, headers
included (`encodedDataLength`), plus the websocket's handshake headers and frames (the
Socket.IO handshake and the first `session:state`), up to the moment the phone is ready.

    python -m bench.phone_ready --url http://127.0.0.1:5000/j/CODE   (a check-in open there)

`bench` runs it on its own server (`measure_phone_ready`); tests/e2e use `join_throttled`.
"""
from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass, field

SLOW_MOBILE = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
               "uploadThroughput": 750_000 / 8, "connectionType": "cellular4g"}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@dataclass
class Visit:
    ready_ms: float = 0.0
    bytes: int = 0  # HTTP responses (headers included) and websocket traffic
    http_bytes: int = 0
    websocket_bytes: int = 0
    requests: list[str] = field(default_factory=list)  # fetched over the network
    from_cache: list[str] = field(default_factory=list)  # answered by the browser's cache

    def static_fetched(self) -> list[str]:
        return [u for u in self.requests if "/static/" in u]


class Meter:
    """Counts what one page receives, through a DevTools session."""

    def __init__(self, page, throttle: dict | None):
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        if throttle:
            self.cdp.send("Network.emulateNetworkConditions", throttle)
        self.visit = Visit()
        self.urls: dict[str, str] = {}
        self.cached: set[str] = set()
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.requestServedFromCache", self._served_from_cache)
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.webSocketHandshakeResponseReceived", self._handshake)
        self.cdp.on("Network.webSocketFrameReceived", self._frame)
        self.cdp.on("Network.webSocketFrameSent", self._frame)

    def _sent(self, event):
        self.urls[event["requestId"]] = event["request"]["url"]

    def _served_from_cache(self, event):
        self.cached.add(event["requestId"])

    def _response(self, event):
        response = event["response"]
        if response.get("fromDiskCache") or response.get("fromMemoryCache"):
            self.cached.add(event["requestId"])

    def _finished(self, event):
        url = self.urls.get(event["requestId"], "?")
        if event["requestId"] in self.cached:
            self.visit.from_cache.append(url)
            return
        self.visit.requests.append(url)
        self.visit.http_bytes += int(event.get("encodedDataLength", 0))

    def _handshake(self, event):
        headers = event["response"].get("headers", {})
        self.visit.websocket_bytes += sum(len(k) + len(v) + 4 for k, v in headers.items()) + 20

    def _frame(self, event):
        self.visit.websocket_bytes += len(event["response"].get("payloadData", "")) + 2

    def done(self, started: float) -> Visit:
        self.visit.ready_ms = (time.perf_counter() - started) * 1000
        self.visit.bytes = self.visit.http_bytes + self.visit.websocket_bytes
        return self.visit


def join_throttled(context, join_url: str, throttle: dict | None = SLOW_MOBILE,
                   name: str = "") -> tuple[object, Visit]:
    """Opens the join link in a new page, joins, and waits until the contribution field of
    the open check-in can be typed in. Returns the page and what the visit cost."""
    page = context.new_page()
    meter = Meter(page, throttle)
    started = time.perf_counter()
    page.goto(join_url)
    if name:
        page.fill("#display_name", name)
    page.click("button[type=submit]")
    page.locator("#contribution").wait_for(state="visible", timeout=30_000)
    visit = meter.done(started)
    assert page.locator("#contribution").is_editable()
    return page, visit


def reload_throttled(page, throttle: dict | None = SLOW_MOBILE) -> Visit:
    """Reloads a joined phone page and waits until it can be typed in again."""
    meter = Meter(page, throttle)
    started = time.perf_counter()
    page.reload()
    page.locator("#contribution").wait_for(state="visible", timeout=30_000)
    return meter.done(started)


def measure(browser, join_url: str, runs: int = 3) -> dict:
    """Cold: a new browser context (empty cache, no cookie) per run. Warm: the same context
    again, cookies dropped (a new phone as far as the server knows) but its cache kept, as a
    phone that joins a second session, or comes back, has it. Medians over `runs`."""
    cold, warm, reloads = [], [], []
    for _ in range(runs):
        context = browser.new_context(**PHONE, locale="nl-NL")
        try:
            page, visit = join_throttled(context, join_url)
            cold.append(visit)
            reloads.append(reload_throttled(page))
            page.close()
            context.clear_cookies()
            page, visit = join_throttled(context, join_url)
            warm.append(visit)
        finally:
            context.close()

    def median(values):
        ordered = sorted(values)
        return ordered[len(ordered) // 2]

    return {
        "phone_ready_cold_ms": median([v.ready_ms for v in cold]),
        "phone_ready_warm_ms": median([v.ready_ms for v in warm]),
        "phone_reload_ready_ms": median([v.ready_ms for v in reloads]),
        "phone_page_transfer_bytes": max(v.bytes for v in cold),
        "phone_page_transfer_http_bytes": max(v.http_bytes for v in cold),
        "phone_page_transfer_websocket_bytes": max(v.websocket_bytes for v in cold),
        "phone_warm_transfer_bytes": max(v.bytes for v in warm),
        "phone_cold_files": len(cold[0].requests),
        "phone_warm_static_fetched": max(len(v.static_fetched()) for v in warm),
        "phone_reload_static_fetched": max(len(v.static_fetched()) for v in reloads),
        "phone_network_profile": "1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT (Chromium)",
        "phone_ready_runs": runs,
    }


def launch(playwright):
    import shutil
    from pathlib import Path

    path = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "")
                 if p and Path(p).exists()), None)
    return playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)


def measure_url(join_url: str, runs: int = 3) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            return measure(browser, join_url, runs)
        finally:
            browser.close()


async def measure_phone_ready(run, runs: int = 3) -> None:
    """For `bench`: a check-in is opened on the run's server, then one phone at a time
    joins in Chromium (before the N simulated phones are there)."""
    import asyncio
    import uuid

    ack = await run.facilitator.call("round:open", {"id": str(uuid.uuid4()), "kind": "checkin",
                                                    "prompt": "Hoe kom je binnen?"})
    assert ack.get("ok"), ack
    figures = await asyncio.to_thread(measure_url, f"{run.base}/j/{run.code}", runs)
    run.figures.update(figures)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.phone_ready", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="the join link; a check-in open there")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(measure_url(args.url, args.runs), indent=2))


if __name__ == "__main__":
    main()
