"""Forms against a hostile page, in Chromium (issue 12): while the facilitator (and a phone)
are signed in in the browser, a page served from another origin auto-submits a form to each
of our forms: sign in (as the attacker), create a session, join, type a code, delete the
session, sign out. Each is refused (400: no token, and on another site no cookie either) and
nothing changes: the rows of the accounts, sessions and participants are what they were,
and the facilitator is still signed in.

The hostile page comes from a second local http.server (127.0.0.1 only): on another port of
the same host (another origin, the same site: the cookies go along, the token is missing),
and as `localhost` (another site: SameSite keeps the cookies home too)."""
from __future__ import annotations

import functools
import html
import http.server
import re
import sqlite3
import threading

import pytest

from tests.e2e.conftest import LAPTOP, create_session, free_port, join, sign_in

FORMS = {  # name -> (path, fields); signing out goes last, as it would end the rest
    "login": ("/login", {"name": "Mallory", "password": "correct horse"}),
    "create session": ("/console", {"title": "Aanval", "question": "Van buiten",
                                    "language": "nl"}),
    "join": ("/j/{code}", {"display_name": "Aanval"}),
    "enter code": ("/join", {"code": "{code}"}),
    "delete session": ("/console/{code}/delete", {}),
    "logout": ("/logout", {}),
}


def attack_page(action: str, fields: dict) -> str:
    inputs = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                     for k, v in fields.items())
    return (f'<!doctype html><title>Win a prize</title><form id="f" method="post" '
            f'action="{html.escape(action)}">{inputs}</form>'
            '<script>document.getElementById("f").submit()</script>')


@pytest.fixture
def hostile_site(tmp_path):
    """A second web server on 127.0.0.1 serving the attacker's pages from a folder."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield folder, httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def rows(server) -> dict:
    """Everything a forged form could change: accounts (and their sign-in state), sessions,
    participants."""
    with sqlite3.connect(server.instance / "deepdemocracy.sqlite3") as db:
        return {table: sorted(map(repr, db.execute(f"SELECT * FROM {table}").fetchall()))
                for table in ("facilitator", "session", "participant")}


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"],
                         ids=["another-origin-same-site", "another-site"])
def test_a_form_posted_by_a_page_on_another_origin_is_refused_and_changes_nothing(
        host, server, contexts, hostile_site):
    folder, port = hostile_site
    laptop = contexts(LAPTOP)
    console = sign_in(laptop, server)
    code = create_session(console, title="Echte sessie")
    handset = contexts()
    join(handset, f"{server.url}/j/{code}", name="Chris")
    before = rows(server)
    outcomes = {}

    for name, (path, fields) in FORMS.items():
        action = server.url + path.format(code=code)
        filled = {k: v.format(code=code) for k, v in fields.items()}
        (folder / f"{name.replace(' ', '-')}.html").write_text(attack_page(action, filled))
        browser = handset if name in ("join", "enter code") else laptop
        page = browser.new_page()
        with page.expect_response(lambda r: r.request.method == "POST"
                                  and r.url.startswith(server.url)) as posted:
            page.goto(f"http://{host}:{port}/{name.replace(' ', '-')}.html")
        response = posted.value
        cookie_sent = "cookie" in response.request.all_headers()
        outcomes[name] = (response.status, cookie_sent)
        page.close()

    after = rows(server)
    console.goto(f"{server.url}/console")
    still_in = console.url.endswith("/console") and "Echte sessie" in console.inner_text("main")

    assert set(outcomes) == set(FORMS)
    assert {name: status for name, (status, _) in outcomes.items()} == {n: 400 for n in FORMS}
    sent_with_cookies = [n for n, (_, sent) in outcomes.items() if sent]
    if host == "localhost":  # another site: SameSite=Lax keeps every cookie home
        assert sent_with_cookies == []
    else:  # the same site: the cookies went along, and the missing token alone refused it
        assert sent_with_cookies == list(FORMS)
    assert after == before
    assert still_in, "the facilitator was signed out (or into another account)"
    assert re.search(r"/console$", console.url)


def test_a_shared_language_link_never_takes_the_browser_to_another_site(server, contexts,
                                                                         hostile_site):
    folder, port = hostile_site
    (folder / "landing.html").write_text("<!doctype html><title>Log in again</title>")
    page = contexts().new_page()

    page.goto(f"{server.url}/lang/en?next=/%09/localhost:{port}/landing.html")

    assert page.url.startswith(server.url), f"the browser was sent to {page.url}"
