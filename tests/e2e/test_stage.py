"""Running a round the way a facilitator does, with phones at 390x844: a timer that every
screen counts down and that says "time is up" at zero; "I'm done" on the phones, a count on
the console only; a contribution hidden from the beamer and the phones. A timer's minute
lasts 3 seconds on this server, so zero comes within the test."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (LiveServer, assert_accessible, open_room, screenshot)

NAMES = ["Annelies", "Bram", "Chris"]
SAID = ["Moe maar benieuwd", "Piet van inkoop liegt", "Zin in vandaag"]


@pytest.fixture
def server(tmp_path):
    live = LiveServer(tmp_path, TIMER_MINUTE_SECONDS="3")
    live.start()
    yield live
    live.stop()


def open_checkin(console, phones):
    console.click("#open-checkin button[type=submit]")
    for phone in phones:
        phone.wait_for_selector("#contribution")


def seconds(text: str) -> int:
    minutes, secs = re.fullmatch(r"(\d+):(\d\d)", text.strip()).groups()
    return int(minutes) * 60 + int(secs)


def test_the_phone_counts_down_and_says_gently_that_time_is_up(server, contexts):
    console, projector, phones = open_room(server, contexts, NAMES)
    open_checkin(console, phones)

    console.fill("#timer-minutes", "2")
    console.click("#timer-start")

    digits = phones[0].locator(".timer-digits")
    expect(digits).to_have_text(re.compile(r"0:0[3-6]"))
    first = seconds(digits.inner_text())
    phones[0].wait_for_timeout(1500)
    assert seconds(digits.inner_text()) < first
    expect(projector.locator(".timer-digits")).to_have_text(re.compile(r"0:0[0-6]"))
    screenshot(phones[0], "phone-timer-running")
    assert_accessible(phones[0])

    expect(phones[0].locator(".timer-up")).to_have_text("De tijd is om", timeout=10_000)
    expect(digits).to_have_text("0:00")
    expect(projector.locator(".timer-up")).to_have_text("De tijd is om")
    expect(phones[0].locator("#contribution")).to_be_visible()  # the round stays open
    screenshot(phones[0], "phone-timer-up")
    screenshot(projector, "projector-timer-up")
    projector.set_viewport_size({"width": 1280, "height": 720})
    screenshot(projector, "projector-timer-up-1280")
    assert_accessible(phones[0])
    assert_accessible(projector)

    phones[1].reload()  # a reloaded phone knows it too
    expect(phones[1].locator(".timer-up")).to_have_text("De tijd is om")


def test_at_zero_the_round_is_revealed_when_the_facilitator_chose_it(server, contexts):
    console, projector, phones = open_room(server, contexts, NAMES)
    open_checkin(console, phones)
    for phone, words in zip(phones, SAID):
        phone.fill("#contribution", words)
        phone.click("#send")
        expect(phone.locator("#mine .mine-text").first).to_have_text(words)

    console.fill("#timer-minutes", "1")
    console.check("#timer-close")
    console.click("#timer-start")

    projector.wait_for_selector(".checkin-revealed", timeout=10_000)
    assert SAID[0] in projector.inner_text("main")
    expect(console.locator(".timer-up")).to_have_text("De tijd is om")
    screenshot(console, "console-timer-closed-round")


def test_phones_say_they_are_done_and_the_console_alone_counts(server, contexts):
    console, projector, phones = open_room(server, contexts, NAMES)
    open_checkin(console, phones)
    expect(console.locator("#done-count")).to_have_text("0 van de 3 klaar")

    phones[0].click("#done")
    phones[1].click("#done")

    expect(console.locator("#done-count")).to_have_text("2 van de 3 klaar")
    expect(phones[0].locator("#done")).to_have_attribute("aria-pressed", "true")
    assert "klaar" not in projector.inner_text("main").lower()
    screenshot(phones[0], "phone-done")
    assert_accessible(phones[0])

    phones[1].click("#done")  # not done after all
    expect(console.locator("#done-count")).to_have_text("1 van de 3 klaar")
    phones[0].reload()  # the phone remembers it said so
    expect(phones[0].locator("#done")).to_have_attribute("aria-pressed", "true")
    expect(console.locator("#done-count")).to_have_text("1 van de 3 klaar")
    console.fill("#timer-minutes", "20")
    console.click("#timer-start")
    expect(console.locator(".timer-digits")).to_have_text(re.compile(r"0:[56]\d|1:00"))
    screenshot(console, "console-timer-done")
    assert_accessible(console)


def test_the_facilitator_hides_a_contribution_and_it_leaves_the_beamer(server, contexts):
    console, projector, phones = open_room(server, contexts, NAMES)
    open_checkin(console, phones)
    for phone, words in zip(phones, SAID):
        phone.fill("#contribution", words)
        phone.click("#send")
        expect(phone.locator("#mine .mine-text").first).to_have_text(words)
    console.click("#reveal")
    projector.wait_for_selector(".checkin-revealed")
    assert SAID[1] in projector.inner_text("main")

    console.click("#hide-panel summary")
    console.get_by_role("button", name=f"Verberg: {SAID[1]}").click()

    expect(projector.locator("#round-view")).not_to_contain_text(SAID[1])
    expect(projector.locator("#round-view")).to_contain_text(SAID[0])
    expect(phones[2].locator("#round-screen")).not_to_contain_text(SAID[1])
    assert SAID[1] not in projector.content() and SAID[1] not in phones[2].content()
    expect(console.locator("#hide-list s")).to_have_text(re.compile(SAID[1]))
    screenshot(console, "console-hidden")
    screenshot(projector, "projector-hidden")
    assert_accessible(console)
    assert_accessible(projector)

    console.get_by_role("button", name=f"Toon weer: {SAID[1]}").click()
    expect(projector.locator("#round-view")).to_contain_text(SAID[1])


def test_a_deadline_that_passed_during_a_restart_still_reveals_the_round(server, contexts):
    console, projector, phones = open_room(server, contexts, NAMES)
    open_checkin(console, phones)
    for phone, words in zip(phones, SAID):
        phone.fill("#contribution", words)
        phone.click("#send")
        expect(phone.locator("#mine .mine-text").first).to_have_text(words)
    console.fill("#timer-minutes", "2")
    console.check("#timer-close")
    console.click("#timer-start")
    expect(projector.locator(".timer-digits")).to_have_text(re.compile(r"0:0[3-6]"))

    server.stop()  # down before zero, up again after it
    projector.wait_for_timeout(7000)
    server.start()

    projector.wait_for_selector(".checkin-revealed", timeout=20_000)
    expect(projector.locator(".timer-up")).to_have_text("De tijd is om")
    assert SAID[2] in projector.inner_text("main")
