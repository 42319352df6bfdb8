"""The session summary: one scripted session (a check-in, and a poll section from a builder
registered here, standing in for the poll rounds being built elsewhere) exported as JSON,
Markdown, a printable page and a PDF; shared with participants through a link that expires."""
import json
import os
import secrets
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest

from app.extensions import db
from app.models import (Ballot, Contribution, Resonance, Round, Session, SummaryShare,
                        utcnow)
from facilitation import summary as core
from tests.conftest import create_session, last, make_facilitator, sign_in

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "summary.schema.json").read_text())
ARTIFACTS = ROOT / "test-artifacts"
NAMES = ["Annelies", "Bram", "Chris"]
QUESTION = "Wat kunnen we doen om de waarde van dit account voor beide partijen te vergroten?"
SAID = ["Moe van de reis, maar benieuwd", "Ook moe eigenlijk",
        "Vol energie na ‘de ruzie’ van vorige week", "Gespannen over de SLA’s"]
SUMMARY = "Sommigen komen moe binnen, anderen vol energie. Tekens: é ë ‘’"
PROPOSAL = "We starten in september met het nieuwe servicemodel"
NO = "Niet zonder eerst met Facilities en IT te praten"
CONDITION = "Eerst een gesprek met Facilities en IT"
SECRET = "Wat op de vloer gezegd is blijft daar"


def fake_poll(round_):
    """A poll section as the poll engineers' builder will make it, from the plain data."""
    votes = {c: round_["ballots"].get("poll", {}).get(c, 0) for c in ("yes", "yes_bit_of_no", "no")}
    majority = max(votes, key=votes.get)
    nos = [{"text": c["text"], "resonance": c["resonance"]}
           for c in round_["contributions"].get("no", [])]
    conditions = [c["text"] for c in round_["contributions"].get("condition", [])]
    state = round_["state"]
    run = {"counts": votes, "nos": nos, "majority": majority, "conditions": conditions,
           "outcome": state["outcome"], "note": state["note"]}
    return {"title": state["proposal"], "data": {"proposal": state["proposal"], "runs": [run]},
            "blocks": [core.heading("1", "run"),
                       core.counts("votes", list(votes.items()), majority=majority),
                       core.listing("nos", [core.item(n["text"], n["resonance"], "resonance")
                                            for n in nos]),
                       core.listing("conditions", [core.item(c) for c in conditions]),
                       core.outcome(state["outcome"], state["note"])]}


@pytest.fixture(autouse=True)
def poll_builder(monkeypatch):
    monkeypatch.setitem(core.SECTION_BUILDERS, "poll", fake_poll)


def hidden_receipt() -> str:
    return secrets.token_hex(32)


def add_round(app, code, **fields):
    with app.app_context():
        session = db.session.scalar(db.select(Session).filter_by(code=code))
        fields = {"prompt": "", "status": "closed", "off_record": False, "state": {"seed": 7},
                  **fields}
        round_ = Round(session_id=session.id, position=len(session.rounds) + 1, **fields)
        db.session.add(round_)
        db.session.commit()
        return round_.id


def scripted_session(app, console, phones, code):
    """A check-in (grouped, a polarity, a summary), a poll, and an off-the-record round."""
    with app.app_context():
        db.session.scalar(db.select(Session).filter_by(code=code)).question = QUESTION
        db.session.commit()
    ack = console.emit("round:open", {"id": "open-000001", "kind": "checkin",
                                      "prompt": "Hoe kom je binnen?"}, callback=True)
    round_id = ack["round"]
    for phone, words in zip([*phones, phones[0]], SAID):
        phone.send("contribution:add", {"id": secrets.token_hex(5), "round": round_id,
                                        "receipt": secrets.token_urlsafe(18), "text": words})
    console.emit("round:reveal", {"id": "reveal-00001", "round": round_id}, callback=True)
    ids = {c["text"]: c["id"] for c in last(console, "round:changed")["contributions"]}
    console.emit("checkin:group", {"id": "group-00001", "round": round_id, "label": "Moe",
                                   "members": [ids[SAID[0]], ids[SAID[1]]]}, callback=True)
    group = last(console, "round:changed")["groups"][0]["id"]
    console.emit("checkin:polarity", {"id": "polar-00001", "round": round_id,
                                      "left": {"ref": group}, "right": {"ref": ids[SAID[2]]}},
                 callback=True)
    ack = console.emit("checkin:summary", {"id": "summ-000001", "round": round_id,
                                           "text": SUMMARY}, callback=True)
    assert ack["ok"], ack

    poll = add_round(app, code, kind="poll", state={"seed": 3, "proposal": PROPOSAL,
                                                    "outcome": "carried",
                                                    "note": "Besloten, met de voorwaarde."})
    with app.app_context():
        for choice in ["yes", "yes", "yes_bit_of_no"]:
            db.session.add(Ballot(round_id=poll, stage="poll", choice=choice,
                                  receipt_hash=hidden_receipt()))
        no = Contribution(round_id=poll, stage="no", text=NO, receipt_hash=hidden_receipt())
        db.session.add(no)
        db.session.add(Contribution(round_id=poll, stage="condition", text=CONDITION,
                                    receipt_hash=hidden_receipt()))
        db.session.flush()
        db.session.add(Resonance(contribution_id=no.id, receipt_hash=hidden_receipt()))
        db.session.commit()
    secret = add_round(app, code, kind="checkin", off_record=True)
    with app.app_context():
        db.session.add(Contribution(round_id=secret, stage="checkin", text=SECRET,
                                    receipt_hash=hidden_receipt()))
        db.session.commit()


@pytest.fixture
def session(app, console, phone_factory, code):
    phones = [phone_factory(name) for name in NAMES]
    scripted_session(app, console, phones, code)
    return {"code": code, "phones": phones}


def export(client, code, extension, attendance=False):
    suffix = "?attendance=1" if attendance else ""
    response = client.get(f"/console/{code}/summary.{extension}{suffix}")
    assert response.status_code == 200, response.data[:500]
    return response


def need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} (poppler-utils) is missing; scripts/ensure-chromium.sh installs it")
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return found


def pdf_text(path: Path, *pages: str) -> str:
    return subprocess.run([need("pdftotext"), *pages, "-layout", str(path), "-"],
                          check=True, capture_output=True, text=True).stdout


# The formats --------------------------------------------------------------------------------

def test_the_json_export_validates_against_the_schema(facilitator, session):
    response = export(facilitator, session["code"], "json")

    summary = response.get_json()
    jsonschema.validate(summary, SCHEMA)
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert summary["question"] == QUESTION and summary["participants"] == 3
    checkin, poll = summary["sections"]
    assert checkin["data"]["polarities"] == [{"left": "Moe", "right": SAID[2]}]
    assert checkin["data"]["summary"] == SUMMARY
    assert poll["data"]["runs"][0]["counts"] == {"yes": 2, "yes_bit_of_no": 1, "no": 0}
    assert poll["data"]["runs"][0]["nos"] == [{"text": NO, "resonance": 1}]
    assert poll["data"]["runs"][0]["conditions"] == [CONDITION]


def test_the_schema_rejects_a_poll_run_without_an_outcome(facilitator, session):
    summary = export(facilitator, session["code"], "json").get_json()
    del summary["sections"][1]["data"]["runs"][0]["outcome"]

    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(summary, SCHEMA)


def test_contributions_are_listed_in_display_order_not_arrival_order(app, facilitator, session):
    from app import rounds as round_service

    summary = export(facilitator, session["code"], "json").get_json()

    with app.app_context():
        round_ = db.session.scalar(db.select(Round).filter_by(kind="checkin", off_record=False))
        shown = [c.text for c in round_service.contributions(round_)]
    grouped = summary["sections"][0]["data"]["groups"][0]["contributions"]
    ungrouped = summary["sections"][0]["data"]["contributions"]
    assert [t for t in shown if t in grouped] == grouped
    assert [t for t in shown if t in ungrouped] == ungrouped


def test_the_markdown_export_holds_every_section_in_the_sessions_language(facilitator, session):
    text = export(facilitator, session["code"], "md").get_data(as_text=True)

    assert text.startswith("# Account review")
    assert QUESTION in text and "Polariteiten" in text
    assert "Moe _maar ook_ Vol energie na ‘de ruzie’ van vorige week" in text
    assert "Ja, maar een beetje nee: 1" in text and "Aangenomen" in text
    assert f"{NO} (1 × herkennen hier iets van)" in text
    assert CONDITION in text and "é ë ‘’" in text


def test_an_english_session_exports_in_english(app, facilitator):
    code = create_session(facilitator, language="en")

    text = export(facilitator, code, "md").get_data(as_text=True)

    assert "Shared question" in text and "No rounds were written down." in text


def test_markdown_shows_what_was_typed_and_cannot_inject_links(app, facilitator, code):
    with app.app_context():
        session = db.session.scalar(db.select(Session).filter_by(code=code))
        session.title = "[klik](http://evil.example) <b>vet</b>"
        db.session.commit()

    text = export(facilitator, code, "md").get_data(as_text=True)

    assert "\\[klik\\](http://evil.example) \\<b\\>vet\\</b\\>" in text


def test_the_printable_page_has_every_section_and_print_styles(facilitator, session):
    page = facilitator.get(f"/console/{session['code']}/summary").get_data(as_text=True)

    assert QUESTION in page and "Polariteiten" in page and PROPOSAL in page
    assert "maar ook" in page and "é ë ‘’" in page
    assert "@media print" in (ROOT / "static/css/app.css").read_text()
    assert '<html lang="nl">' in page


def test_the_pdf_renders_with_dutch_characters(facilitator, session, tmp_path):
    response = export(facilitator, session["code"], "pdf")
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(response.data)

    text = " ".join(pdf_text(pdf).split())
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run([need("pdftoppm"), "-png", "-r", "70", str(pdf),
                    str(ARTIFACTS / "summary-pdf")], check=True)

    assert response.mimetype == "application/pdf"
    assert QUESTION in text and "é ë ‘’" in text
    assert "Moe — maar ook — Vol energie na ‘de ruzie’ van vorige week" in text
    assert PROPOSAL in text and "Aangenomen" in text
    assert list(ARTIFACTS.glob("summary-pdf-*.png"))


# Names --------------------------------------------------------------------------------------

@pytest.mark.parametrize("extension", ["json", "md", "pdf", "html"])
def test_no_export_names_a_participant_unless_the_attendance_list_is_asked_for(
        extension, facilitator, session, tmp_path):
    url = f"/console/{session['code']}/summary" + ("" if extension == "html" else f".{extension}")

    body = facilitator.get(url).data
    if extension == "pdf":
        (tmp_path / "s.pdf").write_bytes(body)
        text = pdf_text(tmp_path / "s.pdf")
    else:
        text = body.decode()

    assert not [name for name in NAMES if name in text]
    assert SECRET not in text


def test_the_attendance_list_stands_apart_from_what_was_said(facilitator, session, tmp_path):
    code = session["code"]

    summary = export(facilitator, code, "json", attendance=True).get_json()
    markdown = export(facilitator, code, "md", attendance=True).get_data(as_text=True)
    page = facilitator.get(f"/console/{code}/summary?attendance=1").get_data(as_text=True)
    (tmp_path / "s.pdf").write_bytes(export(facilitator, code, "pdf", attendance=True).data)
    last_page = subprocess.run([need("pdfinfo"), str(tmp_path / "s.pdf")], capture_output=True,
                               text=True).stdout
    pages = int(next(line.split()[-1] for line in last_page.splitlines()
                     if line.startswith("Pages:")))

    assert summary["attendance"] == sorted(NAMES)
    assert not [n for n in NAMES if n in json.dumps(summary["sections"])]
    before, after = markdown.split("## Presentielijst")
    assert not [n for n in NAMES if n in before] and all(n in after for n in NAMES)
    before, after = page.split('class="summary-section summary-attendance"')
    assert not [n for n in NAMES if n in before] and all(n in after for n in NAMES)
    content = pdf_text(tmp_path / "s.pdf", "-l", str(pages - 1))
    names_page = pdf_text(tmp_path / "s.pdf", "-f", str(pages))
    assert not [n for n in NAMES if n in content] and all(n in names_page for n in NAMES)
    assert QUESTION not in names_page


# Who may export -----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["summary", "summary.pdf", "summary.md", "summary.json"])
def test_another_facilitator_cannot_even_find_the_summary(path, app, code):
    make_facilitator(app, "Ben")
    other = app.test_client()
    sign_in(other, "Ben")

    assert other.get(f"/console/{code}/summary").status_code == 404
    assert other.get(f"/console/{code}/{path}").status_code == 404


def test_an_unknown_format_is_not_found(facilitator, code):
    assert facilitator.get(f"/console/{code}/summary.docx").status_code == 404


def test_a_phone_cannot_download_the_facilitators_summary(phone_factory, code):
    phone = phone_factory("Annelies")

    response = phone.http.get(f"/console/{code}/summary.json")

    assert response.status_code in (302, 401, 404)


# Sharing with participants ------------------------------------------------------------------

def close_and_share(console):
    console.emit("session:close", {"id": "close-00001"}, callback=True)
    ack = console.emit("summary:share", {"id": "share-00001"}, callback=True)
    assert ack["ok"], ack
    return ack


def path_of(url: str) -> str:
    return url.replace("http://phones.example:5000", "")


def test_a_summary_cannot_be_shared_while_the_session_runs(console, phone_factory):
    phone = phone_factory()

    ack = console.emit("summary:share", {"id": "share-00001"}, callback=True)

    assert ack["ok"] is False and ack["error"] == "session_still_open"
    assert phone.received("session:state")[-1].get("summary_url") is None


def test_a_participant_cannot_share_the_summary(console, phone_factory):
    phone = phone_factory()
    console.emit("session:close", {"id": "close-00001"}, callback=True)

    ack = phone.send("summary:share", {"id": "share-00001"})

    assert ack["error"] == "not_allowed"


def test_phones_receive_a_nameless_read_only_summary_link(app, console, session):
    phone = session["phones"][0]

    ack = close_and_share(console)

    state = phone.received("session:state")[-1]
    assert state["summary_url"] == ack["url"]
    assert state["summary_url"].startswith(f"http://phones.example:5000/p/{session['code']}/summary/")
    page = phone.http.get(path_of(ack["url"]))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    assert QUESTION in html and "maar ook" in html and PROPOSAL in html
    assert not [n for n in NAMES if n in html] and SECRET not in html
    assert "summary.pdf" not in html  # read-only: no facilitator tools


def test_a_phone_that_reconnects_gets_the_link_again(app, console, session):
    ack = close_and_share(console)
    phone = session["phones"][1]

    phone.send("session:resync", {})

    assert phone.received("session:state")[-1]["summary_url"] == ack["url"]


def test_sharing_again_keeps_the_same_link(console, session):
    first = close_and_share(console)

    again = console.emit("summary:share", {"id": "share-00002"}, callback=True)

    assert again["url"] == first["url"]


def test_the_link_is_valid_for_the_configured_number_of_days(app, console, session):
    ack = close_and_share(console)

    with app.app_context():
        share = db.session.scalar(db.select(SummaryShare))
        days = (share.expires_at - utcnow()).total_seconds() / 86400
    assert 6.9 < days <= 7
    assert ack["expires_at"].startswith(share.expires_at.date().isoformat())
    assert share.token_hash not in ack["url"]


def test_a_link_for_another_session_an_expired_or_a_guessed_one_is_not_found(
        app, facilitator, console, session):
    url = path_of(close_and_share(console)["url"])
    token = url.rsplit("/", 1)[1]
    other = create_session(facilitator, title="Ander")
    client = app.test_client()

    assert client.get(url).status_code == 200
    assert client.get(f"/p/{other}/summary/{token}").status_code == 404
    assert client.get(f"/p/{session['code']}/summary/{secrets.token_urlsafe(32)}"
                      ).status_code == 404
    with app.app_context():
        db.session.scalar(db.select(SummaryShare)).expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert client.get(url).status_code == 404
