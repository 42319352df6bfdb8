"""The real server on a free port (started exactly as `make run` starts it) and a real
headless Chromium driven by Playwright at a phone-sized viewport."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1366, "height": 900}}
BEAMER = {"viewport": {"width": 1920, "height": 1080}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`python serve.py` in its own instance folder; restartable on the same port."""

    def __init__(self, instance: Path, **env: str):
        self.instance = instance
        self.extra_env = env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        instance.mkdir(parents=True, exist_ok=True)
        self.output = instance / "server.log"
        self.signin_link = None

    def start(self) -> None:
        env = {**os.environ, "INSTANCE_PATH": str(self.instance), "PORT": str(self.port),
               "HOST": "127.0.0.1", "PUBLIC_URL": self.url, "PYTHONUNBUFFERED": "1",
               "JOIN_RATE_LIMIT": "200/minute", "EVENT_RATE_LIMIT": "200/10second"}
        env.pop("DATABASE_URL", None)
        env.update(self.extra_env)
        self.log = self.output.open("a")
        self.process = subprocess.Popen([sys.executable, "serve.py"], cwd=ROOT, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server died: {self.output.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"server did not start: {self.output.read_text()}")
        links = re.findall(r"sign-in: (\S+)", self.output.read_text())
        self.signin_link = links[-1] if links else None

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture
def server(tmp_path):
    live = LiveServer(tmp_path)
    live.start()
    yield live
    live.stop()


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or ""):
        if candidate and Path(candidate).exists():
            return candidate
    return None  # Playwright's own download (a laptop without Debian's chromium)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def contexts(browser):
    opened = []

    def open_context(kind=PHONE, locale="nl-NL"):
        context = browser.new_context(**kind, locale=locale)
        context.set_default_timeout(10_000)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_accessible(page) -> None:
    """No serious or critical axe-core violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], bad


def decode_qr(page, selector: str) -> str:
    """Reads the QR code off the screen, as a phone's camera would."""
    import zxingcpp
    from PIL import Image

    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "qr.png"
    page.locator(selector).screenshot(path=str(path))
    found = zxingcpp.read_barcodes(Image.open(path))
    assert found, "no QR code could be read off the page"
    return found[0].text


def sign_in(context, server) -> object:
    page = context.new_page()
    page.goto(server.signin_link)
    page.wait_for_url(re.compile(r"/console$"))
    return page


def create_session(page, title="Samenwerking klant en leverancier",
                   question="Wat kunnen we doen om de waarde van dit account voor beide "
                            "partijen nog verder te vergroten?") -> str:
    page.fill("#title", title)
    page.fill("#question", question)
    page.click("button[type=submit].primary")
    page.wait_for_url(re.compile(r"/console/[A-Z0-9]+$"))
    return page.url.rsplit("/", 1)[1]


def join(context, url: str, name: str = ""):
    page = context.new_page()
    page.goto(url)
    if name:
        page.fill("#display_name", name)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/p/[A-Z0-9]+$"))
    page.wait_for_selector("body[data-connection=connected]")
    return page


def open_room(server, contexts, names):
    """A signed-in console, the projector on a beamer, and one joined phone per name."""
    console = sign_in(contexts(LAPTOP), server)
    code = create_session(console)
    projector = console.context.new_page()
    projector.set_viewport_size(BEAMER["viewport"])
    projector.goto(f"{server.url}/console/{code}/projector")
    phones = [join(contexts(), f"{server.url}/j/{code}", name=name) for name in names]
    return console, projector, phones
