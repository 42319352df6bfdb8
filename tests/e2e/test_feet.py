"""The discussion on feet, driven the way people do it, at phone size: the console says before
it starts that nothing is kept; phones say their views, which reach the wall in shuffled
batches; phones stand with one view and move; the projector shows bubbles that grow with the
people standing with them; the facilitator asks "who shares a bit of this?"; when it ends, it
is gone from every screen. A restart of the server ends it too, and the console says so."""
import os
import shutil

from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, ROOT, assert_accessible, open_room, screenshot
from tests.e2e.test_beamer import OUTSIDE, SIZES

NAMES = ["Annelies", "Bram", "Chris", "Dewi", "Eef"]
SAID = ["We beloven te veel en leveren te laat",
        "Het SLA meet de verkeerde dingen",
        "Niemand durft te zeggen dat het budget op is",
        "Eigenlijk vertrouwen we elkaar wel",
        "We praten over elkaar, niet met elkaar"]
MORE = ["Wij horen pas van problemen als het te laat is", "Er is te weinig tijd voor echt contact"]


def readme_screenshot(page, name):
    """The viewport as it is, in test-artifacts/; with UPDATE_SCREENSHOTS=1 also the README's
    copy in docs/screenshots/ (so that a test run does not change the repository)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}-viewport.png"
    page.screenshot(path=str(path))
    if os.environ.get("UPDATE_SCREENSHOTS"):
        shutil.copy(path, ROOT / "docs" / "screenshots" / f"{name}.png")


def item(phone, text):
    return phone.locator(".feet-phone-item", has_text=text)


def bubble(projector, text):
    return projector.locator(".feet-bubble", has_text=text)


def say(phone, text):
    phone.fill("#feet-statement", text)
    phone.click("#feet-send")
    expect(phone.locator("#feedback")).to_contain_text("Verstuurd")


def test_phones_say_views_stand_with_them_and_the_wall_shows_bubbles(server, contexts):
    console, projector, phones = open_room(server, contexts, NAMES)

    promise = console.locator("#feet-off-record")
    expect(promise).to_contain_text("Buiten het verslag")
    expect(promise).to_contain_text("niets van deze ronde wordt bewaard")
    console.fill("#feet-prompt", "Hoe staan we er echt voor met dit account?")
    console.click("#open-feet button[type=submit]")
    for phone in phones:
        phone.wait_for_selector("#feet-statement")
    assert_accessible(phones[0])
    expect(console.locator("#round-panel .feet-promise")).to_contain_text("Buiten het verslag")

    for phone, text in zip(phones, SAID):
        say(phone, text)
    say(phones[0], MORE[0])
    say(phones[1], MORE[1])
    # Not the moment it is sent: in a batch, on the round's clock, shuffled.
    expect(projector.locator(".feet-bubble")).to_have_count(7, timeout=15_000)
    expect(item(phones[4], SAID[0])).to_be_visible(timeout=10_000)
    expect(item(phones[4], MORE[1])).to_be_visible(timeout=10_000)

    for phone in phones[:3]:
        item(phone, SAID[1]).locator("button").click()
        expect(item(phone, SAID[1]).locator("button")).to_have_attribute("aria-pressed", "true")
    item(phones[3], SAID[2]).locator("button").click()
    item(phones[4], SAID[3]).locator("button").click()
    item(phones[4], SAID[1]).locator("button").click()  # moves: leaves the first
    expect(item(phones[4], SAID[3]).locator("button")).to_have_attribute("aria-pressed", "false")
    item(phones[3], SAID[2]).locator("button").click()  # steps away
    expect(item(phones[3], SAID[2]).locator("button")).to_have_attribute("aria-pressed", "false")
    item(phones[3], SAID[2]).locator("button").click()  # and back

    expect(bubble(projector, SAID[1]).locator(".feet-bubble-count")).to_have_text(
        "4 staan hier", timeout=10_000)
    expect(bubble(projector, SAID[2]).locator(".feet-bubble-count")).to_have_text("1 staat hier")
    expect(bubble(projector, SAID[3]).locator(".feet-bubble-count")).to_have_text(
        "hier staat nog niemand")
    big = bubble(projector, SAID[1]).bounding_box()
    small = bubble(projector, SAID[3]).bounding_box()
    assert big["width"] > small["width"] * 1.2
    expect(console.locator(".feet-console-item", has_text=SAID[1])).to_contain_text("4 staan hier")
    assert not any(name in projector.inner_text("main") for name in NAMES)
    assert_accessible(phones[1])
    screenshot(phones[1], "phone-feet")
    item(phones[1], SAID[1]).scroll_into_view_if_needed()
    readme_screenshot(phones[1], "phone-feet")

    console.locator(".feet-console-item", has_text=SAID[2]).locator("button").click()
    expect(bubble(projector, SAID[2])).to_have_class("feet-bubble pulsing", timeout=10_000)
    expect(projector.locator("#feet-ask")).to_have_text("Wie herkent hier iets van?")
    expect(item(phones[0], SAID[2])).to_have_class("feet-phone-item pulsing")
    projector.wait_for_timeout(1500)  # the bubbles' growth settles
    readme_screenshot(projector, "projector-feet")
    nothing_falls_off(projector, "feet")
    screenshot(projector, "projector-feet-720")
    projector.set_viewport_size({"width": 1920, "height": 1080})
    assert_accessible(projector)
    assert_accessible(console)
    screenshot(console, "console-feet")

    console.once("dialog", lambda dialog: dialog.accept())
    console.click("#feet-end")
    expect(console.locator(".feet-ended")).to_contain_text("er is niets van bewaard")
    for page in [projector, *phones]:
        expect(page.locator(".feet-ended")).to_be_visible()
    for page in [console, projector, *phones]:
        text = page.inner_text("main")
        assert not any(s in text for s in SAID + MORE)
    assert not any(key.endswith(":feet") for key in phones[0].evaluate("Object.keys(localStorage)"))


def test_a_restart_of_the_server_ends_it_and_the_console_says_nothing_was_kept(server, contexts):
    console, projector, phones = open_room(server, contexts, NAMES[:1])
    console.click("#open-feet button[type=submit]")
    phones[0].wait_for_selector("#feet-statement")
    say(phones[0], SAID[0])
    expect(projector.locator(".feet-bubble")).to_have_count(1, timeout=15_000)

    server.restart()

    expect(console.locator(".feet-ended")).to_have_text(
        "Het gesprek op voeten eindigde toen de server opnieuw startte; er is niets van bewaard.",
        timeout=20_000)
    expect(projector.locator(".feet-ended")).to_be_visible(timeout=20_000)
    assert SAID[0] not in projector.inner_text("main")


def nothing_falls_off(projector, name):
    """The beamer at 1920x1080 and at 1280x720: every bubble, once it has grown or shrunk to
    its size, lies inside the window, and the page does not scroll."""
    for width, height in SIZES:
        projector.set_viewport_size({"width": width, "height": height})
        projector.wait_for_timeout(1600)  # the bubbles move to their sizes (1.2 s)
        seen = projector.evaluate(OUTSIDE)
        assert seen["out"] == [], (name, width, seen["out"])
        assert seen["scrollHeight"] <= seen["h"] and seen["scrollWidth"] <= seen["w"], (name, seen)
