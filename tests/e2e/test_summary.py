"""The summary at the end of the day: the facilitator runs a short check-in, closes the
session, shares the summary; a phone sees the link and opens a summary without names. The
facilitator's printable page and PDF are looked at too."""
import os
import shutil
import subprocess

import pytest

from tests.e2e.conftest import (ARTIFACTS, LAPTOP, assert_accessible, create_session, join,
                                screenshot, sign_in)
from tests.e2e.test_checkin import check_in

NAMES = ["Annelies", "Bram", "Chris"]
QUESTION = "Wat kunnen we doen om de waarde van dit account voor beide partijen te vergroten?"
SAID = ["Moe van de reis", "Benieuwd naar ‘het gesprek’", "Gespannen over de SLA’s"]
SUMMARY = "Sommigen komen moe binnen, anderen benieuwd. Één ding is gedeeld: de SLA’s."


def pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("pdftoppm (poppler-utils) is missing; scripts/ensure-chromium.sh installs it")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    return found


def test_the_facilitator_shares_the_summary_and_a_phone_opens_it(server, contexts, tmp_path):
    console = sign_in(contexts(LAPTOP), server)
    console.on("dialog", lambda dialog: dialog.accept())
    code = create_session(console, title="Samenwerking klant en leverancier", question=QUESTION)
    phones = [join(contexts(), f"{server.url}/j/{code}", name=name) for name in NAMES]

    console.click("#open-checkin button[type=submit]")
    for phone, words in zip(phones, SAID):
        phone.wait_for_selector("#contribution")
        check_in(phone, words)
    console.wait_for_function("() => document.querySelector('#round-panel .answered')"
                              "?.textContent === '3'")
    console.click("#reveal")
    console.wait_for_selector("#pole-left-text")
    console.fill("#pole-left-text", "Moe")
    console.fill("#pole-right-text", "Benieuwd")
    console.click("#name-polarity")
    console.wait_for_selector("#round-panel ul.polarities li")
    console.fill("#summary", SUMMARY)
    console.click("#save-summary")
    phones[0].wait_for_selector(".checkin-revealed .summary")

    assert console.is_disabled("#share-summary")
    console.click("#close-session")
    console.wait_for_selector("#ended-notice", state="visible")
    console.click("#share-summary")
    console.wait_for_selector("#share-status", state="visible")
    shared = console.get_attribute("#share-link", "href")
    screenshot(console, "summary-console")
    assert_accessible(console)

    phone = phones[1]
    phone.wait_for_selector("#summary-link", state="visible")
    assert phone.get_attribute("#summary-link", "href") == shared
    screenshot(phone, "summary-phone-ended")
    phone.click("#summary-link")
    phone.wait_for_selector(".summary-doc")
    text = phone.inner_text("main")
    assert QUESTION in text and SUMMARY in text
    assert "Moe maar ook Benieuwd" in " ".join(text.split())
    assert sorted(t for t in SAID if t in text) == sorted(SAID)
    assert not any(name in phone.content() for name in NAMES)
    assert phone.locator("#print").count() == 0
    screenshot(phone, "summary-phone")
    assert_accessible(phone)

    page = console.context.new_page()
    page.goto(f"{server.url}/console/{code}/summary?attendance=1")
    page.wait_for_selector(".summary-attendance")
    screenshot(page, "summary-page")
    assert_accessible(page)
    page.emulate_media(media="print")
    assert page.locator(".summary-tools").is_hidden()
    screenshot(page, "summary-page-print")

    response = console.context.request.get(f"{server.url}/console/{code}/summary.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(response.body())
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run([pdftoppm(), "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf),
                    str(ARTIFACTS / "summary-e2e-pdf")], check=True)
    assert list(ARTIFACTS.glob("summary-e2e-pdf-*1.png"))
