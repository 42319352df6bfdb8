"""The beamer fits: at 1920x1080 and at 1280x720, at every stage of every round kind, with
twelve topics and 500-character texts, nothing lies outside the window and the page does not
scroll. The QR is large while people join and a corner mark once a round runs (the
facilitator can bring it back large); a high-contrast palette for a washed-out projector.
axe-core passes on the beamer in each state."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (BEAMER, LAPTOP, assert_accessible, create_session, join,
                                open_room, sign_in)

NAMES = ["Annelies", "Bram", "Chris", "Dewi"]
SIZES = [(1920, 1080), (1280, 720)]
WORDS = ("Wat de leverancier vraagt en wat de klant bedoelt liggen verder uit elkaar dan "
         "iemand aan tafel hardop durft te zeggen, en daar betalen we elke maand voor. ")


def long_text(label: str, length: int = 500) -> str:
    return (f"{label}: " + WORDS * 8)[:length]


# Every element of the page, its rectangle against the window; the skip link sits off
# screen on purpose until it is focused, and what is not displayed has no rectangle.
OUTSIDE = """() => {
  const w = window.innerWidth, h = window.innerHeight;
  const out = [];
  for (const node of document.body.querySelectorAll("*")) {
    if (node.closest(".skip")) continue;
    const r = node.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < -1 || r.top < -1 || r.right > w + 1 || r.bottom > h + 1) {
      out.push(`${node.tagName}.${node.className}#${node.id} ${Math.round(r.left)},${Math.round(r.top)},${Math.round(r.right)},${Math.round(r.bottom)}`);
    }
  }
  const page = document.scrollingElement;
  return {out: out.slice(0, 5), scrollHeight: page.scrollHeight, scrollWidth: page.scrollWidth,
          w, h, body: parseFloat(getComputedStyle(document.getElementById("round-view")).fontSize)};
}"""


def settled(projector):
    """Waits until the beamer has fitted what it shows (the page's CSP forbids the eval
    behind wait_for_function)."""
    projector.wait_for_timeout(150)
    for _ in range(100):
        if projector.evaluate("() => document.documentElement.dataset.beamerFit") == "done":
            return
        projector.wait_for_timeout(50)
    raise AssertionError("the beamer did not settle")


def assert_fits(projector, name, *, axe=True):
    """The beamer at both sizes: nothing outside the window, no scrolling; a screenshot of
    each, and axe-core once."""
    fonts = {}
    for width, height in SIZES:
        projector.set_viewport_size({"width": width, "height": height})
        settled(projector)
        seen = projector.evaluate(OUTSIDE)
        assert seen["out"] == [], (name, width, seen["out"])
        assert seen["scrollHeight"] <= seen["h"] and seen["scrollWidth"] <= seen["w"], (name, seen)
        fonts[width] = seen["body"]
        projector.screenshot(path=str(screenshot_path(f"beamer-{name}-{width}")))
    if axe:
        assert_accessible(projector)
    projector.set_viewport_size({"width": 1920, "height": 1080})
    settled(projector)
    return fonts


def screenshot_path(name):
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def send(phone, field, text, button):
    phone.wait_for_selector(f"#{field}")
    phone.fill(f"#{field}", text)
    phone.click(button)
    expect(phone.locator("#feedback")).not_to_be_empty()
    phone.evaluate("document.getElementById('feedback').textContent = ''")


def contribute(phones, label, per_phone=3):
    n = 0
    for phone in phones:
        for _ in range(per_phone):
            n += 1
            send(phone, "contribution", long_text(f"{label} {n}"), "#send")
    return n


def open_prompted(console, kind, prompt):
    console.fill(f"#{kind}-prompt", prompt)
    console.click(f"#open-{kind} button[type=submit]")


@pytest.fixture
def room(server, contexts):
    console, projector, phones = open_room(server, contexts, NAMES)
    return console, projector, phones


def test_the_qr_is_large_while_people_join_then_a_corner_mark_the_facilitator_can_enlarge(
        server, contexts):
    # The longest title and shared question a session may have.
    console = sign_in(contexts(LAPTOP), server)
    code = create_session(console, title=long_text("Titel", 200), question=long_text("Vraag", 1000))
    projector = console.context.new_page()
    projector.set_viewport_size(BEAMER["viewport"])
    projector.goto(f"{server.url}/console/{code}/projector")
    join(contexts(), f"{server.url}/j/{code}")
    expect(projector.locator("#connected-count")).to_have_text("1")
    qr = projector.locator("#qr")
    assert_fits(projector, "join")
    large = qr.bounding_box()
    assert large["width"] >= 500, large  # scannable from the back of the room

    open_prompted(console, "checkin", long_text("Hoe kom je binnen", 300))
    expect(projector.locator("#round-view .round-prompt")).to_be_visible()
    settled(projector)
    mark = qr.bounding_box()
    assert mark["width"] < 200 and mark["y"] < 60, mark
    # The mark takes no column: the round uses the whole width below the title.
    assert projector.locator("#projector-main").bounding_box()["width"] > 1700

    # Once people have joined the console's join panel is a strip: one click on it brings
    # the QR back, large, on the console and on the beamer.
    expect(console.locator("#join-panel")).not_to_have_attribute("open", "")
    console.click("#join-strip")
    expect(console.locator("#join-panel .join-qr img")).to_be_visible()
    expect(console.locator("#beamer-qr")).to_have_attribute("aria-pressed", "true")
    assert_accessible(console)
    expect(projector.locator("body")).to_have_class(re.compile(r"\bqr-big\b"))
    settled(projector)
    assert qr.bounding_box()["width"] >= 500
    assert_fits(projector, "qr-large-round")

    console.click("#beamer-qr")
    expect(projector.locator("body")).not_to_have_class(re.compile(r"\bqr-big\b"))
    settled(projector)
    assert qr.bounding_box()["width"] < 200


def test_the_check_in_and_check_out_fit_the_beamer_at_every_stage(room):
    console, projector, phones = room

    open_prompted(console, "checkin", long_text("Hoe kom je binnen", 500))
    for phone in phones:
        phone.wait_for_selector("#contribution")
    fonts = assert_fits(projector, "checkin-collecting")
    assert fonts[1920] >= 28, fonts  # readable from the back of the room
    assert contribute(phones, "Binnenkomst") == 12
    console.click("#reveal")
    expect(projector.locator("#round-view .contribution")).to_have_count(12)
    assert_fits(projector, "checkin-revealed")
    # Twelve long answers do not fit one screen: the beamer pages, and says so.
    expect(projector.locator("#beamer-page")).to_have_text(re.compile(r"^\d+/\d+$"))

    for index in range(3):
        console.check(f"#pick-{index}")
    console.fill("#group-label", long_text("Groep", 120))
    console.click("#group-selected")
    expect(projector.locator("#round-view .group-card")).to_have_count(1)
    # The console redraws its panel (and its pole lists) when the group reaches it too: a
    # pole chosen before that redraw is gone, and the polarity is refused.
    expect(console.locator("#round-panel .group-card")).to_have_count(1)
    for n, (left, right) in enumerate([(1, 2), (3, 4), (5, 6)]):
        console.select_option("#pole-left", index=left)
        console.select_option("#pole-right", index=right)
        console.click("#name-polarity")
        expect(console.locator("#round-panel ul.polarities li")).to_have_count(n + 1)
    expect(projector.locator("#round-view ul.polarities li")).to_have_count(3)
    console.fill("#summary", long_text("Samenvatting", 1000))
    console.click("#save-summary")
    expect(projector.locator("#round-view .summary")).to_have_count(1)
    assert_fits(projector, "checkin-shaped")

    open_prompted(console, "checkout", long_text("Hoe ga je weg", 500))
    contribute(phones, "Uitchecken")
    assert_fits(projector, "checkout-collecting", axe=False)
    console.click("#reveal")
    expect(projector.locator("#round-view .contribution")).to_have_count(12)
    assert_fits(projector, "checkout-revealed")

    console.check("#beamer-contrast")
    expect(projector.locator("body")).to_have_class(re.compile(r"\bhigh-contrast\b"))
    assert_fits(projector, "checkout-high-contrast")


def test_the_agenda_fits_the_beamer_through_steps_one_to_four(room):
    console, projector, phones = room

    open_prompted(console, "topics", long_text("Welke onderwerpen", 500))
    assert contribute(phones, "Onderwerp") == 12
    assert_fits(projector, "agenda-collecting", axe=False)
    console.click("#reveal")
    expect(projector.locator("#round-view ol.agenda li")).to_have_count(12)
    assert_fits(projector, "agenda-topics")

    console.click("#seek-no")  # step 2
    for n, phone in enumerate(phones):
        for i in range(3):
            send(phone, "no", long_text(f"Nee {n * 3 + i + 1}"), "#no-send")
    assert_fits(projector, "agenda-seek-no")

    console.click("#spread")  # step 3: twelve no's as cards
    expect(projector.locator("#round-view #nos")).to_have_count(1)
    for phone in phones[:3]:
        phone.locator(".no-card button.share").first.click()
        expect(phone.locator(".no-card button.share").first).to_have_attribute("aria-pressed", "true")
    assert_fits(projector, "agenda-spread")

    console.select_option("#vote-mode", "single")
    console.click("#start-vote")  # step 4
    for phone, choice in zip(phones, [0, 0, 0, 1]):
        phone.locator(".answers button").nth(choice).click()
        expect(phone.locator(".answers button[aria-pressed=true]")).to_have_count(1)
    expect(projector.locator("#round-view .answered")).to_have_text("4")
    assert_fits(projector, "agenda-vote")

    console.click("#close-vote")
    for i in range(3):
        send(phones[3], "condition", long_text(f"Voorwaarde {i + 1}"), "#condition-send")
    assert_fits(projector, "agenda-minority", axe=False)
    console.click("#close-conditions")
    expect(projector.locator("#round-view #conditions li")).to_have_count(3)
    assert_fits(projector, "agenda-conditions")
    console.click("#carried")
    expect(projector.locator("#round-view #outcome")).to_have_count(1)
    assert_fits(projector, "agenda-decided")

    console.check("#beamer-contrast")
    expect(projector.locator("body")).to_have_class(re.compile(r"\bhigh-contrast\b"))
    assert_fits(projector, "agenda-decided-high-contrast")


def test_a_poll_and_the_weather_fit_the_beamer_at_every_stage(room):
    console, projector, phones = room

    console.fill("#poll-proposal", long_text("Voorstel"))
    console.click("#open-poll button[type=submit]")
    for phone, choice in zip(phones, ["yes", "yes", "yes_bit_of_no", "no"]):
        phone.click(f"button.answer[data-choice={choice}]")
        expect(phone.locator("button.answer[aria-pressed=true]")).to_have_count(1)
    assert_fits(projector, "poll-vote")
    console.click("#close-vote")
    for phone in phones[2:]:
        for i in range(3):
            send(phone, "no", long_text(f"Bezwaar {i + 1}"), "#no-send")
    assert_fits(projector, "poll-seek-no", axe=False)
    console.click("#spread")
    for phone in phones[:2]:
        phone.locator(".no-card button.share").first.click()
        expect(phone.locator(".no-card button.share").first).to_have_attribute("aria-pressed", "true")
    assert_fits(projector, "poll-spread")
    console.click("#to-minority")
    send(phones[3], "condition", long_text("Wat ik nodig heb"), "#condition-send")
    console.click("#close-conditions")
    console.fill("#outcome-note", long_text("Notitie"))
    console.click("#step5")
    expect(projector.locator("#round-view #outcome")).to_have_count(1)
    assert_fits(projector, "poll-decided")

    open_prompted(console, "weather", long_text("Hoe is het weer binnenin", 500))
    for phone, weather in zip(phones, ["sunny", "rain", "storm", "cloudy"]):
        phone.click(f"#weather-{weather}")
        expect(phone.locator(f"#weather-{weather}")).to_have_attribute("aria-pressed", "true")
        phone.fill("#weather-word", long_text("Woord", 60))
        phone.click("#send-word")
        expect(phone.locator(".mine-text")).to_be_visible()
    assert_fits(projector, "weather-open")
    console.click("#reveal")
    expect(projector.locator("#round-view ul.bars li")).to_have_count(5)
    assert_fits(projector, "weather-closed")

    console.once("dialog", lambda dialog: dialog.accept())
    console.click("#close-session")
    expect(projector.locator("#ended-notice")).to_be_visible()
    assert_fits(projector, "ended")
