"""The websocket transport of the real server: other origins are refused, oversize frames
change nothing, and the server stays up for everyone else."""
import asyncio
from concurrent.futures import ThreadPoolExecutor
import http.cookiejar
import re
import urllib.parse
import urllib.request

import socketio

from tests.e2e.conftest import LiveServer


def run(coroutine):
    """Runs a coroutine in a thread of its own: Playwright's sync API owns this thread's loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def form_token(opener, url: str) -> dict:
    """The page's CSRF token, as a browser posts it with the form (if there is one)."""
    found = CSRF.search(opener.open(url).read().decode())
    return {"csrf_token": found.group(1)} if found else {}


def browser_like(server: LiveServer):
    jar = http.cookiejar.CookieJar()
    return jar, urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def facilitator_session(server: LiveServer) -> str:
    """Signs in with the one-time link and creates a session; returns its join code."""
    _, opener = browser_like(server)
    opener.open(server.signin_link)
    data = urllib.parse.urlencode({"title": "Transport", "question": "Q", "language": "nl",
                                   **form_token(opener, f"{server.url}/console")})
    response = opener.open(f"{server.url}/console", data=data.encode())
    return re.search(r"/console/([A-Z0-9]+)$", response.url).group(1)


def joined_cookie(server: LiveServer, code: str) -> str:
    jar, opener = browser_like(server)
    url = f"{server.url}/j/{code}"
    opener.open(url, data=urllib.parse.urlencode({"display_name": "",
                                                  **form_token(opener, url)}).encode())
    return "; ".join(f"{c.name}={c.value}" for c in jar)


async def try_connect(server: LiveServer, code: str, cookie: str, origin: str) -> bool:
    client = socketio.AsyncClient(reconnection=False)
    try:
        await client.connect(server.url, headers={"Cookie": cookie, "Origin": origin},
                             auth={"code": code, "role": "participant"},
                             transports=["websocket"], wait_timeout=5)
    except socketio.exceptions.ConnectionError:
        return False
    await client.disconnect()
    return True


def test_a_websocket_from_another_origin_is_refused(server):
    code = facilitator_session(server)
    cookie = joined_cookie(server, code)

    same = run(try_connect(server, code, cookie, server.url))
    other = run(try_connect(server, code, cookie, "http://evil.example"))

    assert same is True
    assert other is False


def test_an_oversize_frame_is_dropped_and_the_server_stays_up(server):
    code = facilitator_session(server)
    cookie = joined_cookie(server, code)

    async def scenario():
        client = socketio.AsyncClient(reconnection=False)
        await client.connect(server.url, headers={"Cookie": cookie, "Origin": server.url},
                             auth={"code": code, "role": "participant"},
                             transports=["websocket"], wait_timeout=5)
        try:
            await client.call("contribution:add", {"id": "big-000001", "round": "x",
                                                   "receipt": "r" * 20, "text": "x" * 100_000},
                              timeout=3)
        except Exception:  # the server drops the connection: no answer comes
            pass
        await asyncio.sleep(0.5)
        dropped = not client.connected
        await client.disconnect()
        return dropped

    assert run(scenario()) is True
    assert run(try_connect(server, code, cookie, server.url)) is True
