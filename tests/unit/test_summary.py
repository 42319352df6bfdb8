"""The summary is plain data built once from plain data; each round kind adds its section."""
from datetime import datetime

import pytest

from facilitation import summary
from facilitation.errors import SessionStillOpen

SESSION = {"title": "Accountreview", "question": "Wat kunnen we doen?", "language": "nl",
           "date": "2026-11-24", "participants": 3}


def checkin_round(**changes):
    round_ = {
        "id": "r1", "kind": "checkin", "position": 1, "prompt": "Hoe kom je binnen?",
        "status": "revealed", "off_record": False,
        "state": {"groups": [{"id": "g1", "label": "Moe", "members": ["a", "b"]}],
                  "polarities": [{"id": "p1", "left": {"ref": "g1"}, "right": {"ref": "c"}},
                                 {"id": "p2", "left": {"text": "Rust"}, "right": {"ref": "a"}}],
                  "summary": "Sommigen moe, anderen vol energie."},
        "contributions": {"checkin": [{"id": "c", "text": "Vol energie", "resonance": 0},
                                      {"id": "a", "text": "Moe", "resonance": 0},
                                      {"id": "b", "text": "Ook moe", "resonance": 0}]},
        "ballots": {}, "answered": {"checkin": 3}, "k": 3,
    }
    return {**round_, **changes}


def test_a_check_in_section_names_groups_polarities_and_the_summary():
    built = summary.build(SESSION, [checkin_round()])

    data = built["sections"][0]["data"]
    assert data["groups"] == [{"label": "Moe", "contributions": ["Moe", "Ook moe"]}]
    assert data["contributions"] == ["Vol energie"]
    assert data["polarities"] == [{"left": "Moe", "right": "Vol energie"},
                                  {"left": "Rust", "right": "Moe"}]
    assert [b["type"] for b in built["sections"][0]["blocks"]] == [
        "list", "list", "pairs", "paragraph"]


def test_contributions_keep_the_display_order_they_are_given():
    round_ = checkin_round(state={"groups": [], "polarities": [], "summary": ""})

    built = summary.build(SESSION, [round_])

    assert built["sections"][0]["data"]["contributions"] == ["Vol energie", "Moe", "Ook moe"]


def test_an_unrevealed_check_in_writes_down_nothing_but_its_prompt():
    built = summary.build(SESSION, [checkin_round(status="open")])

    section = built["sections"][0]
    assert section["data"]["contributions"] == [] and section["data"]["polarities"] == []
    assert section["blocks"] == [{"type": "note", "label": "not_revealed"}]


def test_an_off_the_record_round_never_appears():
    built = summary.build(SESSION, [checkin_round(off_record=True)])

    assert built["sections"] == []
    assert "Moe" not in str(built)


def test_a_round_kind_without_a_builder_is_left_out():
    built = summary.build(SESSION, [checkin_round(kind="shuffle")])

    assert built["sections"] == []


def test_a_kind_adds_itself_by_registering_a_builder(monkeypatch):
    monkeypatch.setitem(summary.SECTION_BUILDERS, "argument", lambda r: {
        "title": r["prompt"], "data": {}, "blocks": [summary.outcome("step5", "Morgen verder")]})

    built = summary.build(SESSION, [checkin_round(kind="argument", position=2),
                                    checkin_round(position=1)])

    assert [s["kind"] for s in built["sections"]] == ["checkin", "argument"]
    assert built["sections"][1]["blocks"] == [
        {"type": "outcome", "outcome": "step5", "note": "Morgen verder"}]


def test_attendance_is_there_only_when_asked_and_apart_from_the_sections():
    without = summary.build(SESSION, [checkin_round()])
    with_names = summary.build(SESSION, [checkin_round()], attendance=["bram", "", "Anna"])

    assert "attendance" not in without
    assert with_names["attendance"] == ["Anna", "bram"]
    assert "Anna" not in str(with_names["sections"])


def test_a_summary_is_shared_only_once_the_session_has_ended():
    now = datetime(2026, 11, 24, 17, 0)

    with pytest.raises(SessionStillOpen):
        summary.share_until("open", now, 7)

    assert summary.share_until("ended", now, 7) == datetime(2026, 12, 1, 17, 0)
