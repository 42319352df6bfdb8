"""Shared by the hostile-room tests (issue 12): an asyncio loop in a thread, so that
python-socketio clients (phones, a console with the browser's cookies) can act between the
steps of a synchronous Playwright test."""
from __future__ import annotations

import asyncio
import threading

from tests.e2e.test_unlinkable_e2e import Client, facilitator, form_token, phone  # noqa: F401


class Loop:
    """Runs coroutines on one event loop in a background thread, and waits for them."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coroutine, timeout: float = 60):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def cookie_header(context) -> str:
    """The cookies a Playwright browser context holds, as one Cookie header."""
    return "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())


async def client_with_cookies(server, cookie: str) -> Client:
    client = Client(server)
    client.cookie_header = cookie
    return client
