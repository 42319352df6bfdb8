"""Step 5, played the way a group plays it: five phones vote on a proposal, the minority will
not go along, the facilitator marks it "not carried: step 5" and goes into it. Both sides say
everything they have to say (each phone on the side its own vote put it), the beamer shows it
in batches, off the record; then each says what they heard that is a bit true for them; then
the decision is put again."""
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, join, open_room, screenshot
from tests.e2e.test_beamer import assert_fits

NAMES = ["Annelies", "Bram", "Chris", "Dirk", "Eva"]
PROPOSAL = "We lanceren in september"
HEAT = ["Jullie luisteren nooit naar de werkvloer", "September is gewoon haalbaar",
        "Wij willen eindelijk vooruit", "Zonder IT wordt dit weer een puinhoop",
        "Ik ben het zat om steeds te wachten op jullie"]
INSIGHTS = ["Dat de werkvloer zich niet gehoord voelt", "Dat wachten ook iets kost",
            "Dat IT er echt bij moet"]


def answer(phone, choice):
    phone.click(f"button.answer[data-choice={choice}]")
    phone.wait_for_selector(f"button.answer.chosen[data-choice={choice}]")


def test_five_phones_go_into_step_5_and_put_the_decision_again(server, contexts):
    console, projector, phones = open_room(server, contexts, NAMES)
    console.fill("#poll-proposal", PROPOSAL)
    console.click("#open-poll button[type=submit]")
    for phone, choice in zip(phones, ["yes", "yes", "yes", "no", "no"]):
        phone.wait_for_selector("button.answer[data-choice=yes]")
        answer(phone, choice)
    expect(console.locator("#round-panel .answered")).to_have_text("5")
    console.click("#close-vote")
    console.click("#spread")
    console.click("#to-minority")
    console.click("#close-conditions")
    console.fill("#outcome-note", "De minderheid gaat niet mee: eerst de ruzie")
    console.click("#step5")
    expect(console.locator("#step5-hint")).to_be_visible()
    console.click("#open-step5")

    # The heat: each phone on its own side, said plainly that nothing of it is kept.
    for phone in phones:
        phone.wait_for_selector("#heat-form")
    expect(console.locator("#off-record")).to_be_visible()
    assert "Minderheid" in phones[3].inner_text("#your-side")
    assert "Meerderheid" in phones[0].inner_text("#your-side")
    expect(console.locator("#step5-next")).to_have_class("primary")
    for phone, text in zip(phones, [HEAT[1], HEAT[2], HEAT[0], HEAT[3], HEAT[4]]):
        phone.fill("#heat-text", text)
        phone.click("#heat-send")
        expect(phone.locator("#feedback")).not_to_be_empty()
    # A phone that did not vote on it says which side it speaks for.
    late = join(contexts(), f"{server.url}/j/{console.url.rsplit('/', 1)[1]}", name="Femke")
    late.wait_for_selector("#side-question")
    assert late.locator("#your-side").count() == 0
    late.click("#side-minority")
    expect(late.locator("#side-minority")).to_have_attribute("aria-pressed", "true")
    late.fill("#heat-text", "Ik kwam later, maar ik sta hier ook")
    late.click("#heat-send")
    expect(projector.locator(".heat-statement")).to_have_count(6, timeout=15_000)
    minority = projector.locator(".heat-minority .heat-statement").all_inner_texts()
    assert sorted(minority) == sorted([HEAT[3], HEAT[4], "Ik kwam later, maar ik sta hier ook"])
    expect(phones[1].locator(".heat-statement")).to_have_count(6)
    screenshot(phones[3], "step5-phone-heat")
    screenshot(projector, "step5-projector-heat")
    assert_fits(projector, "step5-heat", axe=False)
    screenshot(console, "step5-console-heat")
    assert_accessible(phones[3])
    assert_accessible(projector)
    assert_accessible(console)

    # Insights: kept, and shown together once the facilitator moves on.
    console.click("#step5-next")
    for phone in phones:
        phone.wait_for_selector("#insight")
    for page in [projector, console, *phones]:
        assert not any(text in page.content() for text in HEAT)
    for phone, text in zip(phones, INSIGHTS):
        phone.fill("#insight", text)
        phone.click("#insight-send")
        phone.wait_for_selector("#mine-insight li")
    expect(console.locator("#round-panel .answered")).to_have_text("3")
    screenshot(phones[0], "step5-phone-insight")
    assert_accessible(phones[0])
    console.click("#step5-next")
    expect(projector.locator("#insights li")).to_have_count(3)
    assert sorted(projector.locator("#insights li").all_inner_texts()) == sorted(INSIGHTS)
    screenshot(projector, "step5-projector-insights")

    # The decision put again, on the same answers.
    console.click("#step5-next")
    for phone, choice in zip(phones, ["yes", "yes", "yes", "yes", "no"]):
        phone.wait_for_selector("button.answer[data-choice=yes]")
        answer(phone, choice)
    expect(console.locator("#round-panel .answered")).to_have_text("5")
    screenshot(phones[4], "step5-phone-vote")
    assert_accessible(phones[4])
    console.click("#step5-next")
    projector.wait_for_selector("ul.bars")
    assert projector.locator("ul.bars .bar-count").all_inner_texts() == ["4", "0", "1"]
    assert console.locator("#step5-next").count() == 0
    screenshot(projector, "step5-projector-decided")
    screenshot(console, "step5-console-decided")
    assert_accessible(console)

    for page in [projector, *phones, late]:
        assert not any(name in page.content() for name in [*NAMES, "Femke"])
