"""A "seek the no" poll, driven the way a group does it: five phones answer; the no and the
bit of no say what their no is about; the bit of no spreads (others tap "I share a bit of
this"); the majority is named and a minority phone says what it needs; the facilitator
marks the decision "not carried: step 5" and runs the poll again, which carries."""
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_accessible,
    open_room,
    screenshot,
)

NAMES = ["Annelies", "Bram", "Chris", "Dirk", "Eva"]
PROPOSAL = "We lanceren in september"
NO = "IT is er in september nog niet klaar voor"
BIT = "Ik mis Facilitair in het plan"
CONDITION = "Eerst overleg met IT en Facilitair voor we tekenen"


def answer(phone, choice):
    phone.click(f"button.answer[data-choice={choice}]")
    phone.wait_for_selector(f"button.answer.chosen[data-choice={choice}]")


def wait_text(page, selector, text):
    # Locators, not wait_for_function: the page's CSP forbids the eval a polled predicate needs.
    page.locator(selector, has_text=text).first.wait_for(state="attached")


def test_five_phones_seek_spread_and_carry_the_no_through_step_5(server, contexts):
    console, projector, phones = open_room(server, contexts, NAMES)

    console.fill("#poll-proposal", PROPOSAL)
    console.click("#open-poll button[type=submit]")
    for phone in phones:
        phone.wait_for_selector("button.answer[data-choice=yes]")
    assert PROPOSAL in phones[0].inner_text("main")

    answer(phones[0], "no")  # changed below: the phone keeps its receipt
    expect(console.locator("#round-panel .answered")).to_have_text("1")
    assert console.locator("#round-panel .counts-hidden").count() == 1  # below k: no bars
    answer(phones[0], "yes")
    for phone, choice in zip(phones[1:], ["yes", "yes", "yes_bit_of_no", "no"]):
        answer(phone, choice)
    screenshot(phones[3], "poll-phone-vote")
    assert_accessible(phones[3])

    expect(console.locator("#round-panel .answered")).to_have_text("5")
    expect(projector.locator("#round-view .answered")).to_have_text("5")
    expect(projector.locator("#round-view .joined")).to_have_text("5")
    assert projector.locator("ul.bars").count() == 0  # the counts come when the vote closes
    screenshot(projector, "poll-projector-vote")

    console.click("#close-vote")
    projector.wait_for_selector("ul.bars")
    assert projector.locator("ul.bars .bar-count").all_inner_texts() == ["3", "1", "1"]
    for phone in phones[3:]:
        phone.wait_for_selector("#no")
    phones[0].wait_for_selector(".waiting-text")
    assert phones[0].locator("#no").count() == 0
    phones[4].fill("#no", NO)
    phones[4].click("#no-send")
    phones[3].fill("#no", "x" * 10)
    phones[3].fill("#no", BIT)
    phones[3].click("#no-send")
    phones[3].wait_for_selector("#mine-no li")
    screenshot(phones[3], "poll-phone-no")
    assert_accessible(phones[3])
    expect(console.locator("#round-panel .no-count")).to_have_text("2")
    assert BIT not in console.content()  # counts only until the no is spread

    console.click("#spread")
    for phone in phones[:3]:
        phone.wait_for_selector(".no-card button.share")
        phone.locator(".no-card", has_text=BIT).locator("button.share").click()
        phone.locator(".no-card", has_text=BIT).locator("button.share.chosen").wait_for()
    expect(projector.locator("#round-view .answered")).to_have_text("3")
    assert projector.locator(".shared-count").count() == 0  # shown when the spread closes
    texts = projector.locator(".no-text").all_inner_texts()
    assert sorted(texts) == sorted([NO, BIT])
    screenshot(phones[1], "poll-phone-spread")
    screenshot(projector, "poll-projector-spread")
    assert_accessible(phones[1])
    assert_accessible(projector)

    console.click("#to-minority")
    expect(projector.locator(".no-card", has_text=BIT).locator(".shared-count strong")
           ).to_have_text("3")
    phones[4].wait_for_selector("#condition")
    phones[0].wait_for_selector(".waiting-text")
    assert phones[0].locator("#condition").count() == 0
    assert "Ja" in phones[0].inner_text(".majority")
    phones[4].fill("#condition", CONDITION)
    phones[4].click("#condition-send")
    phones[4].wait_for_selector("#mine-condition li")
    screenshot(phones[4], "poll-phone-condition")
    assert_accessible(phones[4])
    expect(console.locator("#round-panel .condition-count")).to_have_text("1")
    console.click("#close-conditions")
    wait_text(projector, "ul.conditions li", CONDITION)

    console.fill("#outcome-note", "Eerst de ruzie over de planning, na de lunch")
    console.click("#step5")
    for page in [projector, *phones]:
        page.wait_for_selector(".outcome.step5")
    assert "Eerst de ruzie over de planning" in projector.inner_text(".outcome")
    assert CONDITION in phones[2].inner_text(".outcome")
    screenshot(console, "poll-console-step5")
    screenshot(phones[2], "poll-phone-step5")
    assert_accessible(console)

    console.click("#rerun")
    for phone in phones:
        phone.wait_for_selector("button.answer[data-choice=yes]:not(.chosen)")
        answer(phone, "yes")
    expect(console.locator("#round-panel .answered")).to_have_text("5")
    console.click("#close-vote")
    console.click("#spread")
    console.click("#to-minority")
    console.click("#close-conditions")
    console.click("#carried")
    for page in [projector, *phones]:
        page.wait_for_selector(".outcome.carried")
    console.wait_for_selector(".earlier-runs")
    console.click(".earlier-runs summary")
    assert "Eerst de ruzie over de planning" in console.inner_text(".earlier-runs")
    screenshot(console, "poll-console-carried")
    screenshot(projector, "poll-projector-carried")

    for page in [projector, *phones]:
        assert not any(name in page.content() for name in NAMES)
    assert not any(name in console.locator("#round-panel").inner_html() for name in NAMES)
