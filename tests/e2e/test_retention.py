"""What is kept, seen the way a person meets it: the phone's join page says what is kept
and until when; the facilitator deletes a session from the console, by keyboard, after
being asked."""
import re

from playwright.sync_api import expect

from tests.e2e.conftest import (LAPTOP, assert_accessible, create_session, screenshot,
                                sign_in)


def test_the_join_page_tells_a_phone_what_is_kept(server, contexts):
    console = sign_in(contexts(LAPTOP), server)
    code = create_session(console)
    phone = contexts().new_page()

    phone.goto(f"{server.url}/j/{code}")

    kept = phone.locator("#what-is-kept")
    expect(kept).to_contain_text("zonder je naam")
    expect(kept).to_contain_text("30 dagen")
    assert kept.bounding_box()["y"] < 844 * 1.5  # near the join button, not far below it
    screenshot(phone, "retention-phone-join")
    assert_accessible(phone)


def test_the_facilitator_deletes_a_session_by_keyboard_after_being_asked(server, contexts):
    console = sign_in(contexts(LAPTOP), server)
    code = create_session(console, title="Weg ermee")
    console.goto(f"{server.url}/console")

    console.locator(f"a[href$='/console/{code}/delete']").focus()
    console.keyboard.press("Enter")
    console.wait_for_url(re.compile(rf"/console/{code}/delete$"))
    screenshot(console, "retention-console-delete")
    assert_accessible(console)
    console.locator("#delete-session").focus()
    console.keyboard.press("Enter")
    console.wait_for_url(re.compile(r"/console$"))

    expect(console.locator("body")).to_contain_text("Weg ermee")  # the flash says it
    expect(console.locator(f"a[href$='/console/{code}']")).to_have_count(0)
    screenshot(console, "retention-console-deleted")
    assert console.goto(f"{server.url}/console/{code}").status == 404
