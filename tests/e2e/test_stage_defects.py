"""What a facilitator met on the stage (issue 13): typed words lost to a nudge, a redraw, a
reconnect or a reload; `nullnull` in step 4; "Saved" that never showed; "1 conditions"; "0 share
a bit of this" on the beamer; no favicon; a minority's phone that put its question below the
agenda, never said what won and did not show what it sent."""
import re

from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_accessible,
    join,
    open_room,
    screenshot,
)

NAMES = ["Annelies", "Bram", "Chris", "Dewi"]
TOPICS = ["Vertrouwen", "Rapportages", "Planning", "SLA-boetes"]
NO_A = "De eindgebruiker ontbreekt"
NO_B = "Planning hoort hier niet"


def gather_and_seek_no(console, phones):
    console.click("#open-topics button[type=submit]")
    for phone, topic in zip(phones, TOPICS):
        phone.fill("#contribution", topic)
        phone.click("#send")
        expect(phone.locator("#mine .mine-text")).to_have_text(topic)
    expect(console.locator("#round-panel .answered")).to_have_text(str(len(phones)))
    console.click("#reveal")
    console.wait_for_selector("#topics")
    console.click("#seek-no")
    for phone in phones:
        phone.wait_for_selector("#no")


def send_text(phone, field, words):
    phone.fill(f"#{field}", words)
    phone.click(f"#{field}-send")
    expect(phone.locator(f"#mine-{field} li", has_text=words)).to_be_visible()


def vote(phone, topic):
    phone.get_by_role("button", name=topic, exact=True).click()
    expect(phone.locator(".answers button[aria-pressed=true]")).to_have_text(topic)


def above(page, first, second) -> bool:
    """Whether `first` comes before `second` on the page (and so above it on a phone)."""
    a, b = page.locator(first).bounding_box(), page.locator(second).bounding_box()
    return a["y"] + a["height"] <= b["y"]


def test_typed_words_survive_a_nudge_a_reconnect_a_reload_and_incoming_answers(server, contexts):
    console, projector, phones = open_room(server, contexts, NAMES)
    gather_and_seek_no(console, phones)

    # Half a no on two phones; the gentle nudge redraws them, and must not wipe it.
    phones[3].locator("#no").press_sequentially("Ik twijfel over de")
    phones[2].locator("#no").press_sequentially("Wat ontbreekt is")
    phones[0].click("#nothing")
    console.click("#nudge")
    expect(phones[3].locator(".nudge")).to_be_visible()
    expect(phones[3].locator("#no")).to_have_value("Ik twijfel over de")
    phones[3].keyboard.type(" planning")  # the focus and the caret stayed where they were
    expect(phones[3].locator("#no")).to_have_value("Ik twijfel over de planning")

    # A reload keeps it (on the phone), and so does a reconnect after a server restart.
    phones[3].reload()
    expect(phones[3].locator("#no")).to_have_value("Ik twijfel over de planning")
    server.restart()
    for phone in phones[2:]:
        expect(phone.locator("body")).to_have_attribute("data-connection", "connected", timeout=20_000)
    expect(phones[2].locator("#no")).to_have_value("Wat ontbreekt is")
    send_text(phones[2], "no", NO_A)
    send_text(phones[3], "no", NO_B)
    expect(phones[3].locator("#no")).to_have_value("")  # sent: the draft is gone
    phones[3].reload()
    expect(phones[3].locator("#no")).to_have_value("")
    phones[1].click("#nothing")

    # Spread; then a tie that the facilitator decides: two phones are the minority.
    console.click("#spread")
    for phone in phones[:3]:
        card = phone.locator("#nos li", has_text=NO_A)
        card.get_by_role("button").click()
        expect(card.get_by_role("button")).to_have_attribute("aria-pressed", "true")
    console.select_option("#vote-mode", "single")
    console.click("#start-vote")
    for phone, topic in zip(phones, ["Vertrouwen", "Vertrouwen", "Planning", "Planning"]):
        vote(phone, topic)
    expect(console.locator("#round-panel .answered")).to_have_text("4")
    console.click("#close-vote")
    # The tied topics are listed in the round's shuffled order: decide for Vertrouwen by name.
    console.locator("button[id^=decide-]", has_text="Vertrouwen").click()
    for phone in phones[2:]:
        phone.wait_for_selector("#condition")

    # A condition coming in (the console's tally) leaves another phone's half-typed one alone.
    phones[3].locator("#condition").press_sequentially("Planning als")
    send_text(phones[2], "condition", "Planning als tweede punt")
    expect(console.locator("#round-panel")).to_contain_text("1 voorwaarde ontvangen")
    expect(phones[3].locator("#condition")).to_have_value("Planning als")
    phones[3].reload()
    expect(phones[3].locator("#condition")).to_have_value("Planning als")
    phones[3].fill("#condition", "Planning vandaag nog bespreken")
    phones[3].click("#condition-send")
    expect(console.locator("#round-panel")).to_contain_text("2 voorwaarden ontvangen")

    # The facilitator's note for step 5 survives the redraws a joining phone brings, and a reload.
    console.click("#close-conditions")
    console.locator("#outcome-note").press_sequentially("Eerst met IT")
    join(contexts(), f"{server.url}/j/{console.url.rsplit('/', 1)[1]}", name="Femke")
    expect(console.locator("#joined-count")).to_have_text("5")
    console.keyboard.type(" praten")
    expect(console.locator("#outcome-note")).to_have_value("Eerst met IT praten")
    console.reload()
    expect(console.locator("#outcome-note")).to_have_value("Eerst met IT praten")
    console.click("#step5")
    expect(console.locator("#outcome")).to_contain_text("Eerst met IT praten")


def test_step_four_says_what_was_decided_and_asks_the_minority_first(server, contexts):
    console, projector, phones = open_room(server, contexts, NAMES)
    gather_and_seek_no(console, phones)
    send_text(phones[3], "no", NO_A)
    send_text(phones[2], "no", NO_B)
    for phone in phones[:2]:
        phone.click("#nothing")
    console.click("#spread")
    for phone in phones[:3]:
        card = phone.locator("#nos li", has_text=NO_A)
        card.get_by_role("button").click()
        expect(card.get_by_role("button")).to_have_attribute("aria-pressed", "true")
    console.select_option("#vote-mode", "single")
    console.click("#start-vote")
    for phone, topic in zip(phones, ["Vertrouwen", "Vertrouwen", "Vertrouwen", "Planning"]):
        vote(phone, topic)
    console.click("#close-vote")
    minority = phones[3]
    minority.wait_for_selector("#condition")

    # What was decided comes first, then the question, and the agenda only below it.
    expect(minority.locator("#decided-line")).to_contain_text("De meerderheid: Vertrouwen")
    assert above(minority, "#decided-line", "#condition")
    assert above(minority, "#condition-send", "#decided-agenda")
    send_text(minority, "condition", "Planning als tweede punt")
    expect(minority.locator("#mine-condition")).to_contain_text("Planning als tweede punt")
    expect(minority.locator("main")).to_contain_text("Wat je in deze stap stuurde")
    screenshot(minority, "stage-phone-minority")
    assert_accessible(minority)

    # No "null" anywhere (it once read "nullnull"), and no "0 share a bit of this" on the beamer.
    expect(projector.locator("#nos li", has_text=NO_A).locator(".shared-count")) \
        .to_have_text("3 herkennen hier iets van")
    expect(projector.locator("#nos li", has_text=NO_B).locator(".shared-count")).to_have_count(0)
    expect(console.locator("#round-panel")).to_contain_text("1 voorwaarde ontvangen")
    screenshot(console, "stage-console-minority")
    screenshot(projector, "stage-projector-minority")
    for page in [console, projector, *phones]:
        assert "null" not in page.inner_text("body")
    console.click("#close-conditions")
    for page in [console, projector, *phones]:
        expect(page.locator("#conditions")).to_contain_text("Planning als tweede punt")
        assert "null" not in page.inner_text("body")
    assert_accessible(projector)


def test_saving_the_summary_says_saved_counts_read_well_and_there_is_a_favicon(server, contexts):
    console, projector, phones = open_room(server, contexts, NAMES[:3])
    console.click("#open-checkin button[type=submit]")
    phones[0].fill("#contribution", "Moe van de reis")
    phones[0].click("#send")
    expect(console.locator("#round-panel .count-line")).to_contain_text("1 bijdrage")
    expect(console.locator("#round-panel .count-line")).not_to_contain_text("1 bijdragen")
    for phone, words in zip(phones[1:], ["Benieuwd", "Gespannen"]):
        phone.fill("#contribution", words)
        phone.click("#send")
    expect(console.locator("#round-panel .count-line")).to_contain_text("3 bijdragen")
    console.click("#reveal")
    console.locator("#summary").press_sequentially("Moe maar benieuwd")
    console.click("#save-summary")
    expect(console.locator("#summary-saved")).to_have_text("Opgeslagen")
    expect(projector.locator(".summary")).to_have_text("Moe maar benieuwd")
    console.locator("#summary").press_sequentially(", en")
    expect(console.locator("#summary-saved")).to_have_text("")
    screenshot(console, "stage-console-summary-saved")

    # A small SVG icon, served as a static file with a hashed URL, on every page.
    for page in [console, projector, phones[0]]:
        href = page.locator("link[rel=icon]").get_attribute("href")
        assert re.fullmatch(r"/static/img/favicon\.[0-9a-f]+\.svg", href), href
        response = page.request.get(server.url + href)
        assert response.ok and response.headers["content-type"].startswith("image/svg+xml")
