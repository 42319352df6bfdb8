"""The check-in, driven the way people do it: three phones check in (one twice, one edits),
the facilitator reveals, groups two, names a polarity and writes a summary; the projector and
the phones show it, and nowhere is a name next to what was said."""
from playwright.sync_api import expect

from tests.e2e.conftest import (
    LAPTOP,
    assert_accessible,
    create_session,
    join,
    open_room,
    screenshot,
    sign_in,
)

NAMES = ["Annelies", "Bram", "Chris"]


def check_in(phone, words):
    phone.fill("#contribution", words)
    phone.click("#send")
    expect(phone.locator("#mine .mine-text").filter(has_text=words).first).to_be_visible()


def test_three_phones_check_in_and_the_facilitator_names_the_polarities(server, contexts):
    console, projector, phones = open_room(server, contexts, NAMES)

    console.fill("#checkin-prompt", "Hoe kom je binnen vandaag?")
    console.click("#open-checkin button[type=submit]")
    for phone in phones:
        phone.wait_for_selector("#contribution")
    assert "Hoe kom je binnen vandaag?" in phones[0].inner_text("main")
    assert_accessible(phones[0])

    sent = ["Moe van de reis", "Benieuwd naar vandaag", "Wat gespannen over de SLA",
            "Zin in een open gesprek", "Ook moe eigenlijk", "Vertrouwen moet terugkomen",
            "Hoopvol"]
    check_in(phones[0], sent[0])
    check_in(phones[0], sent[1])
    check_in(phones[1], "Gespanen")
    phones[1].click("#mine button.secondary")
    phones[1].fill("#edit-0", sent[2])
    phones[1].click("#mine button.primary")
    expect(phones[1].locator("#mine .mine-text").first).to_have_text(sent[2])
    for words in sent[3:5]:
        check_in(phones[2], words)
    check_in(phones[1], sent[5])
    check_in(phones[0], sent[6])
    screenshot(phones[0], "phone-checkin")

    expect(console.locator("#round-panel .contributions-count")).to_have_text("7")
    expect(projector.locator("#round-view .answered")).to_have_text("3")
    assert "Moe van de reis" not in console.content() + projector.content()

    console.click("#reveal")
    projector.wait_for_selector(".checkin-revealed")
    shown = projector.locator(".wall .contribution").all_inner_texts()
    assert sorted(shown) == sorted(sent)
    assert shown != sent

    console.locator(".selectable", has_text="Moe van de reis").locator("input").check()
    console.locator(".selectable", has_text="Ook moe eigenlijk").locator("input").check()
    console.fill("#group-label", "Moe")
    console.click("#group-selected")
    console.wait_for_selector("#round-panel .group-card")
    console.select_option("#pole-left", label="Groep: Moe")
    console.fill("#pole-right-text", "Vol energie")
    console.click("#name-polarity")
    console.wait_for_selector("#round-panel ul.polarities li")
    console.fill("#summary", "Sommigen komen moe binnen, anderen hoopvol.")
    console.click("#save-summary")

    projector.wait_for_selector(".summary")
    for page in [projector, *phones]:
        page.wait_for_selector(".checkin-revealed .summary")
        text = page.inner_text("main")
        assert "Moe maar ook Vol energie" in " ".join(text.split())
        assert "Sommigen komen moe binnen, anderen hoopvol." in text
    screenshot(console, "console-checkin")
    screenshot(projector, "projector-checkin")
    screenshot(phones[2], "phone-checkin-revealed")
    assert_accessible(console)
    assert_accessible(projector)
    assert_accessible(phones[2])

    for page in [projector, *phones]:
        html = page.content()
        assert not any(name in html for name in NAMES)
    console_content = console.locator("#round-panel").inner_html()
    assert not any(name in console_content for name in NAMES)
    log = server.output.read_text()
    assert not any(words in log for words in sent)


def test_html_in_a_contribution_is_shown_as_text_and_never_runs(server, contexts):
    console = sign_in(contexts(LAPTOP), server)
    code = create_session(console)
    phones = [join(contexts(), f"{server.url}/j/{code}") for _ in range(3)]
    console.fill("#checkin-prompt", "Hoe kom je binnen?")
    console.click("#open-checkin button[type=submit]")
    attack = '<img src=x onerror="window.__pwned=1">'
    for phone in phones:
        phone.wait_for_selector("#contribution")
        check_in(phone, attack)

    expect(console.locator("#round-panel .answered")).to_have_text("3")
    console.click("#reveal")

    for page in [console, *phones]:
        page.wait_for_selector(".wall .contribution")
        assert attack in page.inner_text(".wall")
        assert page.locator(".wall img").count() == 0
        assert page.evaluate("window.__pwned") is None


def test_a_phone_keeps_what_it_sent_through_a_reload(server, contexts):
    console = sign_in(contexts(LAPTOP), server)
    code = create_session(console)
    phone = join(contexts(), f"{server.url}/j/{code}")
    console.click("#open-checkin button[type=submit]")
    phone.wait_for_selector("#contribution")
    check_in(phone, "Blij dat we er zijn")

    phone.reload()

    phone.wait_for_selector("#mine .mine-text")
    assert phone.inner_text("#mine").startswith("Blij dat we er zijn")
    phone.fill("#contribution", "   ")
    phone.click("#send")
    assert phone.inner_text("#feedback") == "Schrijf eerst iets."


def test_a_phone_checks_in_by_keyboard_alone(server, contexts):
    console = sign_in(contexts(LAPTOP), server)
    code = create_session(console)
    phone = join(contexts(), f"{server.url}/j/{code}")
    console.click("#open-checkin button[type=submit]")
    phone.wait_for_selector("#contribution")

    phone.focus("#contribution")
    phone.keyboard.type("Rustig, met zin in vandaag")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")

    expect(phone.locator("#mine .mine-text")).to_have_text(["Rustig, met zin in vandaag"])
    expect(console.locator("#round-panel .contributions-count")).to_have_text("1")
