"""A facilitator opens a session, two phones scan the QR code and join, everyone sees them
arrive live; the phones stay in through a reload and a server restart."""
import re

from playwright.sync_api import expect

from tests.e2e.conftest import (BEAMER, LAPTOP, assert_accessible, create_session, decode_qr,
                                join, screenshot, sign_in)


def test_two_phones_join_by_qr_and_stay_in_through_a_reload_and_a_restart(server, contexts):
    console = sign_in(contexts(LAPTOP), server)
    assert_accessible(console)
    code = create_session(console)
    projector = console.context.new_page()
    projector.set_viewport_size(BEAMER["viewport"])
    projector.goto(f"{server.url}/console/{code}/projector")

    join_url = decode_qr(console, "#qr")
    assert join_url == f"{server.url}/j/{code}"
    first = join(contexts(), join_url, name="Bram")
    second = join(contexts(locale="en-GB"), join_url)

    expect(console.locator("#connected-count")).to_have_text("2")
    expect(projector.locator("#connected-count")).to_have_text("2")
    assert console.locator("#attendance li").count() == 2
    # Once people have joined the QR and the attendance list fold to a strip; a click
    # brings them back.
    expect(console.locator("#qr")).to_be_hidden()
    console.click("#join-strip")
    expect(console.locator("#qr")).to_be_visible()
    assert "Bram" in console.locator("#attendance").inner_text()
    assert "Bram" not in projector.content()
    assert "Je doet mee." in first.inner_text("main")
    assert "You are in." in second.inner_text("main")
    screenshot(console, "console")
    screenshot(projector, "projector")
    screenshot(first, "phone")
    assert_accessible(first)
    assert_accessible(projector)

    first.reload()
    first.wait_for_selector("body[data-connection=connected]")
    assert re.search(r"/p/[A-Z0-9]+$", first.url)
    server.restart()

    for phone in (first, second):
        phone.wait_for_selector("body[data-connection=connected]", timeout=20_000)
        assert phone.url.endswith(f"/p/{code}")
    expect(console.locator("#connected-count")).to_have_text("2", timeout=20_000)


def test_closing_the_session_shows_every_phone_that_it_has_ended(server, contexts):
    console = sign_in(contexts(LAPTOP), server)
    code = create_session(console)
    phone = join(contexts(), f"{server.url}/j/{code}")

    console.once("dialog", lambda dialog: dialog.accept())
    console.click("#close-session")

    phone.wait_for_selector("#ended:not([hidden])")
    assert "afgelopen" in phone.inner_text("#ended")
    assert_accessible(phone)
    late = contexts().new_page()
    late.goto(f"{server.url}/j/{code}")
    assert "afgelopen" in late.inner_text("main")


def test_an_unknown_join_code_gets_a_clear_message_on_the_phone(server, contexts):
    phone = contexts(locale="en-GB").new_page()
    phone.goto(f"{server.url}/join")

    phone.fill("#code", "zzzzzz")
    phone.click("button[type=submit]")

    assert "There is no session with that code" in phone.inner_text("[role=alert]")
    assert_accessible(phone)


def test_a_display_name_with_html_is_shown_as_text(server, contexts):
    console = sign_in(contexts(LAPTOP), server)
    code = create_session(console)
    console.evaluate("window.__pwned = false")
    attack = "<img src=x onerror=__pwned=1>"

    join(contexts(), f"{server.url}/j/{code}", name=attack)

    expect(console.locator("#connected-count")).to_have_text("1")
    console.click("#join-strip")
    assert attack in console.locator("#attendance").inner_text()
    assert console.locator("#attendance img").count() == 0
    assert console.evaluate("window.__pwned") is False


def test_the_console_works_by_keyboard(server, contexts):
    console = sign_in(contexts(LAPTOP), server)

    console.focus("#title")
    console.keyboard.type("Keyboard session")
    console.keyboard.press("Tab")
    console.keyboard.type("Wat nemen we mee?")
    console.keyboard.press("Tab")
    console.keyboard.press("Tab")
    console.keyboard.press("Enter")

    console.wait_for_url(re.compile(r"/console/[A-Z0-9]+$"))
    assert "Keyboard session" in console.inner_text("h1")
