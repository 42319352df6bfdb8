"""A phone on a slow mobile network (Chromium throttled to 1.6 Mbit/s, 150 ms): what it
transfers to join stays under the budget, and once it has the static files it never
fetches them again, on a reload or when it joins again."""
from bench.phone_ready import SLOW_MOBILE, join_throttled, reload_throttled
from tests.e2e.conftest import LAPTOP, create_session, sign_in

BUDGET = 50_000  # bytes: join page, phone page, CSS, JS and the Socket.IO handshake


def open_checkin(server, contexts) -> str:
    console = sign_in(contexts(LAPTOP), server)
    code = create_session(console)
    console.click("#open-checkin button[type=submit]")
    return f"{server.url}/j/{code}"


def test_a_phone_joins_on_a_slow_network_within_the_byte_budget(server, contexts):
    join_url = open_checkin(server, contexts)

    _page, visit = join_throttled(contexts(), join_url, SLOW_MOBILE, name="Bram")

    assert visit.http_bytes > 20_000  # it did fetch the page, the CSS and the modules
    assert visit.websocket_bytes > 0
    assert visit.bytes <= BUDGET, (visit.bytes, visit.requests)


def test_a_phone_that_reloads_or_joins_again_fetches_no_static_file(server, contexts):
    join_url = open_checkin(server, contexts)
    phone = contexts()
    page, first = join_throttled(phone, join_url, SLOW_MOBILE)

    reload = reload_throttled(page, SLOW_MOBILE)
    page.close()
    phone.clear_cookies()
    _page, again = join_throttled(phone, join_url, SLOW_MOBILE)

    assert len(first.static_fetched()) >= 5
    assert reload.static_fetched() == [] and again.static_fetched() == []
    assert any("/static/" in url for url in reload.from_cache + again.from_cache)
