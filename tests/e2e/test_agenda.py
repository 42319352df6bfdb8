"""The agenda built with steps 1-4, the way a room does it, with five phones: topics gathered
and merged, the no sought (with a gentle second prompt) and spread, a vote that ties and is
held again, a minority that says what it needs, and the decided agenda on every screen."""
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_accessible,
    open_room,
    screenshot,
)

NAMES = ["Annelies", "Bram", "Chris", "Dewi", "Eef"]


def send_text(phone, field, words):
    phone.fill(f"#{field}", words)
    phone.click(f"#{field}-send" if field != "contribution" else "#send")
    expect(phone.locator("#feedback")).not_to_be_empty()


def vote(phone, topic):
    phone.get_by_role("button", name=topic, exact=True).click()
    expect(phone.locator(".answers button[aria-pressed=true]")).to_have_text(topic)


def test_five_phones_build_the_agenda_with_steps_one_to_four(server, contexts):
    console, projector, phones = open_room(server, contexts, NAMES)

    # Step 1: gather all viewpoints.
    console.click("#open-topics button[type=submit]")
    for phone, topic in zip(phones, ["Vertrouwen", "Onderling vertrouwen", "Rapportages",
                                     "SLA-boetes", "Planning"]):
        phone.wait_for_selector("#contribution")
        send_text(phone, "contribution", topic)
    expect(console.locator("#round-panel .answered")).to_have_text("5")
    console.click("#reveal")
    console.wait_for_selector("#topics")
    console.get_by_label("Vertrouwen", exact=True).check()
    console.get_by_label("Onderling vertrouwen", exact=True).check()
    console.click("#merge-topics")
    expect(console.locator("#topics .topic-item")).to_have_count(4)
    merged = console.locator(".topic-item", has=console.locator(".wordings"))
    merged.get_by_role("button", name="Anders verwoorden").click()
    console.locator("input[id^=reword-]").fill("Vertrouwen")
    console.get_by_role("button", name="Opslaan").click()
    expect(console.get_by_label("Vertrouwen", exact=True)).to_have_count(1)
    expect(projector.locator("ol.agenda")).to_contain_text("Onderling vertrouwen")

    # Step 2: make it safe to say no.
    console.click("#seek-no")
    for phone in phones:
        phone.wait_for_selector("#no")
    send_text(phones[0], "no", "De eindgebruiker ontbreekt")
    phones[1].click("#nothing")
    expect(phones[1].locator("#nothing-sent")).to_contain_text("Niets toe te voegen")
    console.click("#nudge")
    expect(phones[4].locator(".nudge")).to_be_visible()
    expect(phones[0].locator(".nudge")).to_have_count(0)
    send_text(phones[4], "no", "Planning hoort hier niet")
    # While the step is open, screens say only how many answered, not how.
    expect(console.locator("#round-panel .answered")).to_have_text("3")
    expect(projector.locator("#round-view .answered")).to_have_text("3")
    expect(projector.locator("#round-view .joined")).to_have_text("5")
    assert console.locator("#round-panel .no-count").count() == 0
    assert "De eindgebruiker ontbreekt" not in projector.content()
    screenshot(phones[3], "agenda-phone-seek-no")
    assert_accessible(phones[3])

    # Step 3: spread the no.
    console.click("#spread")
    for phone in phones[1:4]:
        card = phone.locator("#nos li", has_text="De eindgebruiker ontbreekt")
        card.get_by_role("button", name="Ik herken hier iets van").click()
        expect(card.get_by_role("button")).to_have_attribute("aria-pressed", "true")
    expect(projector.locator("#round-view .answered")).to_have_text("3")
    assert projector.locator("#nos .shared-count").count() == 0  # shown when the step closes
    screenshot(phones[1], "agenda-phone-spread")
    assert_accessible(phones[1])
    console.locator("#nos li", has_text="De eindgebruiker ontbreekt") \
        .get_by_role("button", name="Maak er een onderwerp van").click()
    expect(console.locator("#topics .topic-item")).to_have_count(5)

    # Step 4: vote; the first vote ties.
    console.select_option("#vote-mode", "single")
    console.click("#start-vote")
    for phone, topic in zip(phones, ["Vertrouwen", "Vertrouwen", "Rapportages", "Rapportages"]):
        vote(phone, topic)
    expect(console.locator("#round-panel .answered")).to_have_text("4")
    assert projector.locator("#round-view ul.bars").count() == 0  # counts once the vote closes
    console.click("#close-vote")
    expect(projector.locator("#round-view")).to_contain_text("staken")
    expect(phones[4].locator("main")).to_contain_text("staken")
    console.click("#revote")
    for phone, topic in zip(phones, ["Vertrouwen", "Vertrouwen", "Rapportages", "Rapportages",
                                     "Vertrouwen"]):
        vote(phone, topic)
    screenshot(phones[0], "agenda-phone-vote")
    assert_accessible(phones[0])
    console.click("#close-vote")

    expect(projector.locator("#nos li", has_text="De eindgebruiker ontbreekt")
           .locator(".shared-count strong")).to_have_text("3")

    # The minority says what it needs; the majority is told it is part of the decision.
    phones[2].wait_for_selector("#condition")
    send_text(phones[2], "condition", "Rapportages als tweede punt, vandaag nog")
    expect(phones[0].locator("main")).to_contain_text("Jouw keuze zit in het besluit")
    expect(console.locator("#round-panel")).to_contain_text("1 voorwaarde ontvangen")
    console.click("#close-conditions")
    console.click("#carried")

    for page in [projector, *phones]:
        expect(page.locator("#decided-agenda li").first).to_contain_text("Vertrouwen")
        expect(page.locator("#conditions")).to_contain_text("Rapportages als tweede punt")
        expect(page.locator("#outcome")).to_be_visible()
    screenshot(console, "agenda-console")
    screenshot(projector, "agenda-projector")
    screenshot(phones[2], "agenda-phone-decided")
    assert_accessible(console)
    assert_accessible(projector)
    for page in [projector, *phones]:
        assert not any(name in page.content() for name in NAMES)
