"""The weather report and the check-out, driven the way people do it, at phone size: phones
tap their weather (one changes it) and one adds a word; console and projector show only how
many answered until the facilitator closes it; then the distribution and the word. The
check-out closes the session the way the check-in opened it."""
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, open_room, screenshot

NAMES = ["Annelies", "Bram", "Chris"]


def test_three_phones_give_their_weather_and_it_shows_only_at_the_close(server, contexts):
    console, projector, phones = open_room(server, contexts, NAMES)

    console.click("#open-weather button[type=submit]")
    for phone in phones:
        phone.wait_for_selector("#weather-sunny")
    assert "Hoe is het weer bij jou van binnen?" in phones[0].inner_text("main")
    assert_accessible(phones[0])

    phones[0].click("#weather-rain")
    expect(phones[0].locator("#weather-rain")).to_have_attribute("aria-pressed", "true")
    phones[0].click("#weather-storm")  # changes its tap: still one answer
    expect(phones[0].locator("#weather-storm")).to_have_attribute("aria-pressed", "true")
    expect(phones[0].locator("#weather-rain")).to_have_attribute("aria-pressed", "false")
    phones[0].fill("#weather-word", "Onrustig")
    phones[0].click("#send-word")
    expect(phones[0].locator(".mine-text")).to_have_text("Onrustig")
    phones[1].click("#weather-sunny")
    phones[2].click("#weather-sunny")
    expect(phones[2].locator("#weather-sunny")).to_have_attribute("aria-pressed", "true")
    screenshot(phones[0], "phone-weather")
    assert_accessible(phones[0])

    expect(projector.locator("#round-view .answered")).to_have_text("3")
    expect(console.locator("#round-panel .answered")).to_have_text("3")
    for page in (console, projector):
        text = page.inner_text("main")
        assert "Onrustig" not in text and "Storm" not in text and "Zonnig" not in text
    assert "Onrustig" not in phones[1].inner_text("main")
    screenshot(projector, "projector-weather-open")

    console.click("#reveal")
    projector.wait_for_selector(".weather-closed [data-testid=bars]")
    bars = projector.locator(".weather-closed .bars li").all_inner_texts()
    assert [" ".join(b.split()) for b in bars] == [
        "Zonnig 2", "Half bewolkt 0", "Bewolkt 0", "Regen 0", "Storm 1"]
    assert "Onrustig" in projector.inner_text("main")
    phones[1].wait_for_selector(".weather-closed .bars")
    assert "Onrustig" in phones[1].inner_text("main")
    assert not any(name in projector.inner_text("main") for name in NAMES)
    screenshot(projector, "projector-weather")
    screenshot(phones[1], "phone-weather-closed")
    assert_accessible(phones[1])
    assert_accessible(projector)


def test_a_check_out_closes_the_session_like_the_check_in(server, contexts):
    console, projector, phones = open_room(server, contexts, NAMES)

    expect(console.locator("#checkout-prompt")).to_have_value("Hoe ga je naar buiten?")
    console.click("#open-checkout button[type=submit]")
    for phone, words in zip(phones, ["Opgelucht", "Moe maar tevreden", "Nog wat zorgen"]):
        phone.wait_for_selector("#contribution")
        phone.fill("#contribution", words)
        phone.click("#send")
        expect(phone.locator("#mine .mine-text").first).to_have_text(words)
    assert "Hoe ga je naar buiten?" in phones[0].inner_text("main")
    assert_accessible(phones[0])
    expect(console.locator("#round-panel .round-title")).to_contain_text("Uitcheckronde")
    expect(projector.locator("#round-view .answered")).to_have_text("3")
    assert "Opgelucht" not in console.content() + projector.content()

    console.click("#reveal")
    projector.wait_for_selector(".checkin-revealed")
    console.fill("#summary", "We gaan opgelucht maar met zorgen naar buiten.")
    console.click("#save-summary")
    for page in [projector, *phones]:
        page.wait_for_selector(".checkin-revealed .summary")
        assert "We gaan opgelucht maar met zorgen naar buiten." in page.inner_text("main")
    assert sorted(projector.locator(".wall .contribution").all_inner_texts()) == [
        "Moe maar tevreden", "Nog wat zorgen", "Opgelucht"]
    screenshot(phones[0], "phone-checkout")
    screenshot(projector, "projector-checkout")
    assert_accessible(phones[0])
