"""A facilitator runs a whole session from the run sheet ("Client and supplier") on a
1366x768 laptop, with six phones (two real phone pages, four python-socketio phones): at
every stage of every round the method's next step is the primary button, on the first
screen, without scrolling; axe-core passes on the console in each state; the private notes
never reach the projector or a phone."""
from __future__ import annotations

import re
import secrets
import time

from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, assert_accessible, create_session, join, sign_in
from tests.e2e.hostile import Loop
from tests.e2e.test_unlinkable_e2e import phone as socket_phone

LAPTOP_768 = {"viewport": {"width": 1366, "height": 768}}
NOTE = "Script: begin bij de leverancier, laat stiltes vallen"
NAMES = ["Annelies", "Bram"]
SOCKET_NAMES = ["Chris", "Dewi", "Eef", "Femke"]


def receipt() -> str:
    return secrets.token_urlsafe(18)


def first_screen(console, name: str, next_step: str) -> None:
    """The method's next step (`next_step`) is the one primary button, and every primary
    button lies in the first 1366x768 screen of the unscrolled console; axe-core passes."""
    # Planning may scroll the page (clicks scroll what they click into view): back to the top,
    # as a facilitator would come back to the first screen to run the room.
    console.evaluate("window.scrollTo(0, 0)")
    step = console.locator(next_step)
    expect(step).to_be_visible()
    expect(step).to_have_class(re.compile(r"\bprimary\b"))
    assert console.evaluate("window.scrollY") == 0
    primaries = console.locator("button.primary:visible")
    assert primaries.count() >= 1
    for index in range(primaries.count()):
        box = primaries.nth(index).bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["y"] >= 0, (name, box)
        assert box["x"] + box["width"] <= 1366 and box["y"] + box["height"] <= 768, (name, box)
    ARTIFACTS.mkdir(exist_ok=True)
    console.screenshot(path=str(ARTIFACTS / f"runsheet-console-{name}.png"))
    assert_accessible(console)


def latest_round(client) -> dict:
    for event, data in reversed(client.frames):
        if event == "round:changed" and data:
            return data
        if event == "session:state" and data and data.get("round"):
            return data["round"]
    raise AssertionError("no round seen")


class SocketPhones:
    """Four phones as python-socketio clients, on a loop of their own."""

    def __init__(self, server, code):
        self.loop = Loop()
        self.phones = [self.loop.run(socket_phone(server, code, name)) for name in SOCKET_NAMES]
        self.ballots: dict[int, str] = {}

    def each(self, make_call):
        async def run_all():
            acks = []
            for index, phone in enumerate(self.phones):
                call = make_call(index, phone)
                if call is not None:
                    acks.append(await phone.call(*call))
            return acks
        acks = self.loop.run(run_all())
        assert all(ack.get("ok") for ack in acks), acks

    def round(self, until=lambda round_: True):
        """The latest round the phones heard of, once it is as `until` says."""
        deadline = time.time() + 10
        while True:
            round_ = latest_round(self.phones[-1])
            if until(round_) or time.time() > deadline:
                return round_
            time.sleep(0.1)

    def contribute(self, texts, kind):
        round_id = self.round(lambda r: r["kind"] == kind and r["status"] == "open")["id"]
        self.each(lambda i, p: ("contribution:add", {"round": round_id, "receipt": receipt(),
                                                     "text": texts[i]}))

    def cast(self, choices, kind):
        round_id = self.round(lambda r: r["kind"] == kind)["id"]

        def call(i, p):
            self.ballots[i] = receipt()
            return ("ballot:cast", {"round": round_id, "receipt": self.ballots[i],
                                    "choices": [choices[i]]})
        self.each(call)

    def close(self):
        for phone in self.phones:
            self.loop.run(phone.close())
        self.loop.close()


def contribute(phone, words):
    phone.wait_for_selector("#contribution")
    phone.fill("#contribution", words)
    phone.click("#send")
    expect(phone.locator("#mine .mine-text").first).to_have_text(words)


def item(console, kind_text):
    return console.locator("#runsheet-items li", has_text=kind_text)


def test_a_session_runs_from_the_client_and_supplier_run_sheet_on_one_laptop_screen(
        server, contexts):
    console = sign_in(contexts(LAPTOP_768), server)
    code = create_session(console)
    projector = console.context.new_page()
    projector.set_viewport_size({"width": 1280, "height": 720})
    projector.goto(f"{server.url}/console/{code}/projector")
    phones = [join(contexts(), f"{server.url}/j/{code}", name=name) for name in NAMES]
    sockets = SocketPhones(server, code)
    try:
        run_session(console, projector, phones, sockets)
    finally:
        sockets.close()


def run_session(console, projector, phones, sockets):
    # Six have joined: the QR and the attendance list are a strip now, a click away.
    expect(console.locator("#joined-count")).to_have_text("6")
    expect(console.locator("#qr")).to_be_hidden()
    first_screen(console, "01-empty", "#use-template")

    # Plan: the "Client and supplier" template, a private note, a weather report inserted.
    console.select_option("#runsheet-template", "client_supplier")
    console.click("#use-template")
    expect(console.locator("#runsheet-items li").first).to_contain_text("Incheckronde")
    kinds = console.locator("#runsheet-items .runsheet-kind").all_inner_texts()
    assert kinds[0] == "Incheckronde" and kinds[-1] == "Uitcheckronde"
    assert console.locator("#other-round").get_attribute("open") is None
    item(console, "Incheckronde").get_by_role("button", name="Bewerken").click()
    console.fill("#edit-0-note", NOTE)
    console.click("#edit-0-form button[type=submit]")
    expect(item(console, "Incheckronde").locator(".runsheet-note")).to_have_text(NOTE)
    console.click("#runsheet-add summary")
    console.select_option("#add-kind", "weather")
    console.fill("#add-minutes", "5")
    console.fill("#add-note", "Kort, voor de check-out")
    console.click("#add-form button[type=submit]")
    expect(console.locator("#runsheet-items li").last).to_contain_text("Weerbericht")
    # Up one place by keyboard: before the check-out.
    console.locator("#runsheet-items li").last.get_by_role("button", name="Omhoog").first.focus()
    console.keyboard.press("Enter")
    expect(console.locator("#runsheet-items li").last).to_contain_text("Uitcheckronde")
    # A discussion on feet (a kind still to come) is skipped in this session.
    if console.locator("#runsheet-items li", has_text="Gesprek op voeten").count():
        item(console, "Gesprek op voeten").get_by_role("button", name="Overslaan").click()
    first_screen(console, "02-planned", "#start-next")

    # Check-in.
    console.click("#start-next")
    for phone, words in zip(phones, ["Benieuwd", "Wat gespannen"]):
        contribute(phone, words)
    sockets.contribute(["Moe", "Zin in", "Scherp", "Afwachtend"], "checkin")
    expect(console.locator("#round-panel .answered")).to_have_text("6")
    expect(item(console, "Incheckronde").locator(".badge")).to_have_text("Nu")
    first_screen(console, "03-checkin-open", "#reveal")
    console.click("#reveal")
    first_screen(console, "04-checkin-revealed", "#save-summary")
    console.fill("#summary", "Benieuwd, maar ook wat gespannen.")
    console.click("#save-summary")
    expect(console.locator("#summary-saved")).not_to_be_empty()
    first_screen(console, "05-checkin-summarised", "#start-next")

    # The agenda: steps 1-3, then which topic first with step 4.
    console.click("#start-next")
    for phone, topic in zip(phones, ["Vertrouwen", "Rapportages"]):
        contribute(phone, topic)
    sockets.contribute(["SLA-boetes", "Planning", "Escalaties", "Innovatie"], "topics")
    expect(console.locator("#round-panel .answered")).to_have_text("6")
    first_screen(console, "06-agenda-open", "#reveal")
    console.click("#reveal")
    first_screen(console, "07-agenda-gathered", "#seek-no")
    console.click("#seek-no")
    phones[0].wait_for_selector("#no")
    phones[0].fill("#no", "De eindgebruiker ontbreekt")
    phones[0].click("#no-send")
    expect(phones[0].locator("#feedback")).not_to_be_empty()
    first_screen(console, "08-agenda-seek-no", "#spread")
    console.click("#spread")
    first_screen(console, "09-agenda-spread", "#start-vote")
    console.select_option("#vote-mode", "single")
    console.click("#start-vote")
    voting = sockets.round(lambda r: (r.get("steps") or {}).get("step") == "vote")
    assert voting["steps"]["step"] == "vote"
    titles = {topic["title"]: topic["id"] for topic in voting["topics"]}
    phones[0].get_by_role("button", name="Vertrouwen", exact=True).click()
    phones[1].get_by_role("button", name="Rapportages", exact=True).click()
    expect(phones[1].locator(".answers button[aria-pressed=true]")).to_have_text("Rapportages")
    sockets.cast([titles["Vertrouwen"]] * 3 + [titles["Planning"]], "topics")
    expect(console.locator("#round-panel .answered")).to_have_text("6")
    first_screen(console, "10-agenda-vote", "#close-vote")
    console.click("#close-vote")
    phones[1].wait_for_selector("#condition")
    first_screen(console, "11-agenda-minority", "#close-conditions")
    phones[1].fill("#condition", "Rapportages als tweede punt")
    phones[1].click("#condition-send")
    expect(console.locator("#round-panel .condition-count")).to_have_text("1")
    console.click("#close-conditions")
    first_screen(console, "12-agenda-conditions", "#carried")
    console.click("#carried")
    expect(projector.locator("#decided-agenda li").first).to_contain_text("Vertrouwen")
    first_screen(console, "13-agenda-decided", "#start-next")

    # The seek-the-no poll.
    console.click("#start-next")
    for phone, choice in zip(phones, ["yes", "no"]):
        phone.click(f"button.answer[data-choice={choice}]")
        phone.wait_for_selector(f"button.answer.chosen[data-choice={choice}]")
    sockets.cast(["yes", "yes", "yes", "yes_bit_of_no"], "poll")
    expect(console.locator("#round-panel .answered")).to_have_text("6")
    first_screen(console, "14-poll-vote", "#close-vote")
    console.click("#close-vote")
    phones[1].wait_for_selector("#no")
    phones[1].fill("#no", "Vier weken is te kort")
    phones[1].click("#no-send")
    phones[1].wait_for_selector("#mine-no li")
    first_screen(console, "15-poll-seek-no", "#spread")
    console.click("#spread")
    phones[0].locator(".no-card button.share").first.click()
    first_screen(console, "16-poll-spread", "#to-minority")
    console.click("#to-minority")
    phones[1].wait_for_selector("#condition")
    first_screen(console, "17-poll-minority", "#close-conditions")
    phones[1].fill("#condition", "Zes weken in plaats van vier")
    phones[1].click("#condition-send")
    expect(console.locator("#round-panel .condition-count")).to_have_text("1")
    console.click("#close-conditions")
    first_screen(console, "18-poll-conditions", "#carried")
    console.click("#carried")
    first_screen(console, "19-poll-decided", "#start-next")

    # The weather report that was inserted.
    console.click("#start-next")
    for phone in phones:
        phone.click("#weather-sunny")
        expect(phone.locator("#weather-sunny")).to_have_attribute("aria-pressed", "true")
    round_id = sockets.round(lambda r: r["kind"] == "weather")["id"]
    sockets.each(lambda i, p: ("weather:tap", {"round": round_id, "receipt": receipt(),
                                               "choices": ["cloudy"]}))
    expect(console.locator("#round-panel .answered")).to_have_text("6")
    first_screen(console, "20-weather-open", "#reveal")
    console.click("#reveal")
    projector.wait_for_selector(".weather-closed")
    first_screen(console, "21-weather-closed", "#start-next")

    # The check-out.
    console.click("#start-next")
    for phone, words in zip(phones, ["Opgelucht", "Tevreden"]):
        contribute(phone, words)
    sockets.contribute(["Moe", "Hoopvol", "Rustig", "Blij"], "checkout")
    expect(console.locator("#round-panel .answered")).to_have_text("6")
    first_screen(console, "22-checkout-open", "#reveal")
    console.click("#reveal")
    first_screen(console, "23-checkout-revealed", "#save-summary")
    expect(console.locator("#runsheet-items .badge", has_text="Klaar")).to_have_count(4)

    # The facilitator's script reached no other screen.
    for page in (projector, *phones):
        assert "Script:" not in page.content() and "Kort, voor de check-out" not in page.content()
    for phone in sockets.phones:
        assert "Script:" not in str(phone.frames)
        assert all(event != "runsheet:changed" for event, _ in phone.frames)
