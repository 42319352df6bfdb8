"""The session summary: one scripted session driven over the sockets (a check-in, an agenda
round's step 1, a poll carried with a condition, a multiple-choice poll that went to step 5
and was run again, and an off-the-record round) exported as JSON, Markdown, a printable page
and a PDF; shared with participants through a link that expires."""
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
from app.models import Contribution, Round, Session, SummaryShare, utcnow
from tests.conftest import create_session, last, make_facilitator, sign_in

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "summary.schema.json").read_text())
ARTIFACTS = ROOT / "test-artifacts"
NAMES = ["Annelies", "Bram", "Chris", "Dirk", "Femke"]
QUESTION = "Wat kunnen we doen om de waarde van dit account voor beide partijen te vergroten?"
SAID = ["Moe van de reis, maar benieuwd", "Ook moe eigenlijk",
        "Vol energie na ‘de ruzie’ van vorige week", "Gespannen over de SLA’s"]
SUMMARY = "Sommigen komen moe binnen, anderen vol energie. Tekens: é ë ‘’"
TOPICS = ["Vertrouwen", "Onderling vertrouwen", "Rapportages", "De SLA-boetes"]
REWORDED = "Boetes in de SLA"
PROPOSAL = "We starten in september met het nieuwe servicemodel"
NO = "Niet zonder eerst met Facilities en IT te praten"
BIT = "Ik mis de planning van het team"
CONDITION = "Eerst een gesprek met Facilities en IT, ‘échte’ afspraken"
WHEN = "Wanneer lanceren we de nieuwe rapportages?"
OPTIONS = ["September", "Januari"]
NO_WHEN = "Januari geeft rust na de jaarafsluiting"
STEP5_NOTE = "Eerst de ruzie over de planning, na de lunch"
CARRIED_NOTE = "Besloten, met de voorwaarde."
SECRET = "Wat op de vloer gezegd is blijft daar"


AGENDA_NO = "Wat ontbreekt: de eindgebruiker"
AGENDA_CONDITION = "Eerst de rapportages doornemen, ook met Facilitair"


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


def act(console, event, **payload):
    ack = console.emit(event, {"id": f"f-{secrets.token_hex(6)}", **payload}, callback=True)
    assert ack["ok"], (event, ack)
    return ack


def send(phone, event, **payload):
    ack = phone.send(event, {"id": f"p-{secrets.token_hex(6)}", **payload})
    assert ack["ok"], (event, ack)
    return ack


class Voter:
    """A phone that keeps its ballot's receipt, as the real phone does."""

    def __init__(self, phone):
        self.phone, self.ballot = phone, secrets.token_urlsafe(18)

    def new_ballot(self):
        self.ballot = secrets.token_urlsafe(18)

    def answer(self, round_id, choice):
        send(self.phone, "ballot:cast", round=round_id, receipt=self.ballot, choices=[choice])

    def no(self, round_id, words):
        send(self.phone, "no:add", round=round_id, ballot=self.ballot,
             receipt=secrets.token_urlsafe(18), text=words)

    def share(self, round_id, no_id):
        send(self.phone, "resonance:add", round=round_id, no=no_id,
             receipt=secrets.token_urlsafe(18))

    def condition(self, round_id, words):
        send(self.phone, "condition:add", round=round_id, ballot=self.ballot,
             receipt=secrets.token_urlsafe(18), text=words)


def check_in(console, phones):
    """Said, revealed, grouped, a polarity named, summarised."""
    round_id = act(console, "round:open", kind="checkin", prompt="Hoe kom je binnen?")["round"]
    for phone, words in zip(phones, SAID):
        send(phone, "contribution:add", round=round_id, receipt=secrets.token_urlsafe(18),
             text=words)
    act(console, "round:reveal", round=round_id)
    ids = {c["text"]: c["id"] for c in last(console, "round:changed")["contributions"]}
    act(console, "checkin:group", round=round_id, label="Moe",
        members=[ids[SAID[0]], ids[SAID[1]]])
    group = last(console, "round:changed")["groups"][0]["id"]
    act(console, "checkin:polarity", round=round_id, left={"ref": group},
        right={"ref": ids[SAID[2]]})
    act(console, "checkin:summary", round=round_id, text=SUMMARY)
    act(console, "round:close", round=round_id)


def gather_topics(console, phones):
    """Agenda step 1: gathered, revealed, two duplicates merged, one topic reworded."""
    round_id = act(console, "round:open", kind="topics", prompt="")["round"]
    for phone, words in zip(phones, TOPICS):
        send(phone, "contribution:add", round=round_id, receipt=secrets.token_urlsafe(18),
             text=words)
    act(console, "round:reveal", round=round_id)
    ids = {t["title"]: t["id"] for t in last(console, "round:changed")["topics"]}
    act(console, "agenda:merge", round=round_id, topics=[ids[TOPICS[0]], ids[TOPICS[1]]])
    act(console, "agenda:reword", round=round_id, topic=ids[TOPICS[3]], text=REWORDED)
    return round_id, ids


def decide_agenda(console, phones, round_id, ids):
    """Agenda steps 2-4: a no sought and spread, a vote, the minority's condition, carried."""
    act(console, "agenda:step", round=round_id, to="seek_no")
    send(phones[0], "no:add", round=round_id, receipt=secrets.token_urlsafe(18),
         text=AGENDA_NO)
    act(console, "agenda:step", round=round_id, to="spread")
    alternative = last(console, "round:changed")["steps"]["nos"][0]["id"]
    for phone in phones[1:3]:
        send(phone, "resonance:add", round=round_id, no=alternative,
             receipt=secrets.token_urlsafe(18))
    act(console, "agenda:step", round=round_id, to="vote", mode="single", dots=1)
    ballots = [secrets.token_urlsafe(18) for _ in phones]
    picks = [TOPICS[0], TOPICS[0], TOPICS[0], TOPICS[2], REWORDED]
    picks = [ids.get(p) or ids[TOPICS[3]] for p in picks]
    for phone, ballot, pick in zip(phones, ballots, picks):
        send(phone, "ballot:cast", round=round_id, receipt=ballot, choices=[pick])
    act(console, "agenda:close_vote", round=round_id)
    send(phones[3], "condition:add", round=round_id, ballot=ballots[3],
         receipt=secrets.token_urlsafe(18), text=AGENDA_CONDITION)
    act(console, "agenda:close_conditions", round=round_id)
    act(console, "agenda:outcome", round=round_id, outcome="carried", note="")


def spread_nos(console, round_id):
    act(console, "poll:step", round=round_id, step="spread")
    return {n["text"]: n["id"] for n in last(console, "round:changed")["poll"]["current"]["nos"]}


def carried_poll(console, voters):
    """Yes / a bit of no / no: the no sought and spread, the minority's condition, carried."""
    round_id = act(console, "poll:start", proposal=PROPOSAL)["round"]
    for voter, choice in zip(voters, ["yes", "yes", "yes", "yes_bit_of_no", "no"]):
        voter.answer(round_id, choice)
    act(console, "poll:close_vote", round=round_id)
    voters[4].no(round_id, NO)
    voters[3].no(round_id, BIT)
    nos = spread_nos(console, round_id)
    for voter in voters[:2]:
        voter.share(round_id, nos[NO])
    voters[2].share(round_id, nos[BIT])
    act(console, "poll:step", round=round_id, step="minority")
    voters[4].condition(round_id, CONDITION)
    act(console, "poll:close_conditions", round=round_id)
    act(console, "poll:outcome", round=round_id, outcome="carried", note=CARRIED_NOTE)


def step5_poll(console, voters):
    """A multiple choice that went to step 5, then was run again and carried."""
    round_id = act(console, "poll:start", proposal=WHEN, options=OPTIONS)["round"]
    for voter in voters:
        voter.new_ballot()
    for voter, choice in zip(voters, ["o1", "o1", "o1", "o2", "o2"]):
        voter.answer(round_id, choice)
    act(console, "poll:close_vote", round=round_id)
    voters[3].no(round_id, NO_WHEN)
    nos = spread_nos(console, round_id)
    voters[0].share(round_id, nos[NO_WHEN])
    act(console, "poll:step", round=round_id, step="minority")
    act(console, "poll:outcome", round=round_id, outcome="step5", note=STEP5_NOTE)
    act(console, "poll:rerun", round=round_id)
    for voter in voters:
        voter.new_ballot()
        voter.answer(round_id, "o1")
    act(console, "poll:close_vote", round=round_id)
    act(console, "poll:step", round=round_id, step="spread")
    act(console, "poll:step", round=round_id, step="minority")
    act(console, "poll:outcome", round=round_id, outcome="carried", note="")


def scripted_session(app, console, phones, code):
    """The session of seed 001, shortened: a check-in, the agenda gathered, two polls, and
    an off-the-record round that must never be written down."""
    with app.app_context():
        db.session.scalar(db.select(Session).filter_by(code=code)).question = QUESTION
        db.session.commit()
    check_in(console, phones)
    decide_agenda(console, phones, *gather_topics(console, phones))
    voters = [Voter(phone) for phone in phones]
    carried_poll(console, voters)
    step5_poll(console, voters)
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


def section(summary, kind, n=1):
    return [s for s in summary["sections"] if s["kind"] == kind][n - 1]


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
    assert summary["question"] == QUESTION and summary["participants"] == 5
    assert [s["kind"] for s in summary["sections"]] == ["checkin", "topics", "poll", "poll"]
    checkin = section(summary, "checkin")
    assert checkin["data"]["polarities"] == [{"left": "Moe", "right": SAID[2]}]
    assert checkin["data"]["summary"] == SUMMARY


def test_the_agenda_holds_its_decided_order_every_wording_and_the_minoritys_condition(
        facilitator, session):
    agenda = section(export(facilitator, session["code"], "json").get_json(), "topics")

    assert agenda["data"]["decided"] is True and agenda["data"]["outcome"] == "carried"
    assert [t["text"] for t in agenda["data"]["topics"]][0] == "Vertrouwen"
    topics = {t["text"]: t["sources"] for t in agenda["data"]["topics"]}
    assert topics == {"Vertrouwen": ["Vertrouwen", "Onderling vertrouwen"],
                      "Rapportages": ["Rapportages"], REWORDED: ["De SLA-boetes"]}
    assert agenda["data"]["conditions"] == [AGENDA_CONDITION]
    assert agenda["data"]["nos"] == [{"text": AGENDA_NO, "resonance": 2}]
    assert [b.get("label") for b in agenda["blocks"]] == ["topics_decided", "nos", "conditions", None]
    assert agenda["blocks"][0]["ordered"] is True


def test_a_carried_poll_holds_counts_the_nos_the_majority_and_the_condition(
        facilitator, session):
    poll = section(export(facilitator, session["code"], "json").get_json(), "poll")

    assert poll["title"] == poll["data"]["proposal"] == PROPOSAL
    (run,) = poll["data"]["runs"]
    assert run["counts"] == {"yes": 3, "yes_bit_of_no": 1, "no": 1}
    assert run["majority"] == "yes" and run["minority"] == ["yes_bit_of_no", "no"]
    assert sorted(run["nos"], key=lambda n: n["text"]) == [
        {"text": BIT, "resonance": 1}, {"text": NO, "resonance": 2}]
    assert run["conditions"] == [CONDITION]
    assert run["outcome"] == "carried" and run["note"] == CARRIED_NOTE


def test_a_poll_run_again_after_step_5_keeps_both_runs_by_the_options_labels(
        facilitator, session):
    poll = section(export(facilitator, session["code"], "json").get_json(), "poll", 2)

    assert poll["data"]["options"] == OPTIONS
    first, second = poll["data"]["runs"]
    assert first["counts"] == {"September": 3, "Januari": 2}
    assert first["majority"] == "September" and first["minority"] == ["Januari"]
    assert first["nos"] == [{"text": NO_WHEN, "resonance": 1}]
    assert first["outcome"] == "step5" and first["note"] == STEP5_NOTE
    assert second["n"] == 2 and second["counts"] == {"September": 5, "Januari": 0}
    assert second["outcome"] == "carried"
    assert "o1" not in json.dumps(poll)
    assert all(b.get("typed") for b in poll["blocks"] if b["type"] == "counts")


def test_the_schema_rejects_a_poll_run_without_an_outcome(facilitator, session):
    summary = export(facilitator, session["code"], "json").get_json()
    del section(summary, "poll")["data"]["runs"][0]["outcome"]

    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(summary, SCHEMA)


def test_contributions_are_listed_in_display_order_not_arrival_order(app, facilitator, session):
    from app.store import ballot_box as round_service

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
    assert "**Ja: 3** (meerderheid)" in text and "Ja, maar een beetje nee: 1" in text
    assert "- Nee: 1" in text and "Gedragen" in text
    assert f"{NO} (2 herkennen hier iets van)" in text
    assert f"{BIT} (1 herkent hier iets van)" in text
    assert f"- {CONDITION}" in text and "é ë ‘’" in text
    assert "Niet gedragen: de groep duikt erin (stap 5)" in text and STEP5_NOTE in text
    assert "**September: 3** (meerderheid)" in text and "- Januari: 2" in text
    assert "### Stemming 2" in text and "o1" not in text
    assert "1. Vertrouwen (3 stemmen)\n    - Onderling vertrouwen" in text
    assert f"{REWORDED} (1 stem)\n    - De SLA-boetes" in text
    assert f"- {AGENDA_CONDITION}" in text


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
    assert "maar ook" in page and "é ë ‘’" in page and CONDITION in page
    assert "Januari: 2" in page and STEP5_NOTE in page and REWORDED in page
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
    assert CONDITION in text and WHEN in text and REWORDED in text
    assert PROPOSAL in text and "Besluit: Gedragen" in text and STEP5_NOTE in text
    assert "Ja: 3 (meerderheid)" in text and "Ja, maar een beetje nee: 1" in text
    assert "September: 3 (meerderheid)" in text and "o1" not in text
    assert list(ARTIFACTS.glob("summary-pdf-*.png"))


def exported_text(client, code: str, extension: str, tmp_path: Path) -> str:
    """The summary in one format as text: the printable page for "html", the PDF's text."""
    url = f"/console/{code}/summary" + ("" if extension == "html" else f".{extension}")
    body = client.get(url).data
    if extension != "pdf":
        return body.decode()
    (tmp_path / "s.pdf").write_bytes(body)
    return pdf_text(tmp_path / "s.pdf")


@pytest.mark.parametrize("extension", ["json", "md", "pdf", "html"])
def test_every_format_holds_the_question_a_polarity_a_condition_and_dutch_characters(
        extension, facilitator, session, tmp_path):
    text = exported_text(facilitator, session["code"], extension, tmp_path)
    if extension == "json":
        jsonschema.validate(json.loads(text), SCHEMA)
    text = " ".join(text.split())

    assert QUESTION in text and CONDITION in text and "é ë ‘’" in text
    assert "Moe" in text and SAID[2] in text  # the polarity's two poles
    assert PROPOSAL in text and WHEN in text and STEP5_NOTE in text and SECRET not in text


# Names --------------------------------------------------------------------------------------

@pytest.mark.parametrize("extension", ["json", "md", "pdf", "html"])
def test_no_export_names_a_participant_unless_the_attendance_list_is_asked_for(
        extension, facilitator, session, tmp_path):
    text = exported_text(facilitator, session["code"], extension, tmp_path)

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
