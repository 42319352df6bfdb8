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


# Polls and the agenda: presented from plain data, never recounted -----------------------------

import json  # noqa: E402
from pathlib import Path  # noqa: E402

import jsonschema  # noqa: E402

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "summary.schema.json")
                    .read_text())


def poll_run(**changes):
    run = {"n": 1, "attempt": 1, "step": "decided", "mode": "poll",
           "options": [{"id": o, "label": o} for o in ("yes", "yes_bit_of_no", "no")],
           "answered": 5, "counts": {"yes": 3, "yes_bit_of_no": 1, "no": 1}, "ties": [],
           "result": {"winners": ["yes"], "minority": ["yes_bit_of_no", "no"], "tie": False},
           "nos": [{"text": "Te krap", "shared": 2}], "conditions": ["Eerst IT erbij"],
           "conditions_open": False, "outcome": "carried", "note": ""}
    return {**run, **changes}


def poll_round(*runs, labels=None, **changes):
    round_ = {"id": "p1", "kind": "poll", "position": 2, "prompt": "We lanceren in september",
              "status": "open", "off_record": False, "state": {}, "contributions": {},
              "ballots": {}, "answered": {}, "k": 3,
              "poll": {"proposal": "We lanceren in september", "labels": labels or {},
                       "runs": list(runs) or [poll_run()]}}
    return {**round_, **changes}


def built_section(round_):
    built = summary.build(SESSION, [round_])
    jsonschema.validate(built, SCHEMA)
    return built["sections"][0]


def test_a_poll_presents_the_record_it_is_given():
    section = built_section(poll_round())

    (run,) = section["data"]["runs"]
    assert run["counts"] == {"yes": 3, "yes_bit_of_no": 1, "no": 1}
    assert run["majority"] == "yes" and run["nos"] == [{"text": "Te krap", "resonance": 2}]
    assert [b["type"] for b in section["blocks"]] == ["counts", "list", "list", "outcome"]


def test_an_open_vote_writes_down_no_answers():
    section = built_section(poll_round(poll_run(
        step="vote", counts={"yes": 1, "yes_bit_of_no": 0, "no": 0}, result=None, nos=[],
        conditions=[], outcome=None)))

    (run,) = section["data"]["runs"]
    assert run["closed"] is False and run["counts"] is None and run["majority"] is None
    assert section["blocks"] == [summary.note("vote_open")]


def test_counts_of_a_vote_closed_below_k_are_not_written_down():
    section = built_section(poll_round(poll_run(answered=2, counts={"yes": 1, "yes_bit_of_no": 0,
                                                                     "no": 1})))

    assert section["data"]["runs"][0]["counts"] is None
    assert summary.note("counts_hidden") in section["blocks"]


def test_nos_before_the_spread_and_open_conditions_are_not_written_down():
    seeking = poll_run(step="seek_no", outcome=None)
    asking = poll_run(step="minority", conditions_open=True, outcome=None)

    for run in (seeking, asking):
        written = built_section(poll_round(run))["data"]["runs"][0]
        assert written["conditions"] == []
    assert built_section(poll_round(seeking))["data"]["runs"][0]["nos"] == []
    assert built_section(poll_round(asking))["data"]["runs"][0]["nos"] != []


def test_a_tied_vote_has_no_majority_and_earlier_ties_stay():
    tied = poll_run(step="tie", result={"winners": ["yes", "no"], "minority": [], "tie": True},
                    counts={"yes": 2, "yes_bit_of_no": 0, "no": 2}, answered=4, outcome=None,
                    ties=[{"counts": {"yes": 2, "yes_bit_of_no": 1, "no": 2}, "total": 5}])

    section = built_section(poll_round(tied))

    assert section["data"]["runs"][0]["majority"] is None
    assert section["data"]["runs"][0]["ties"] == [{"yes": 2, "yes_bit_of_no": 1, "no": 2}]
    assert summary.note("tie") in section["blocks"]


def test_a_multiple_choice_poll_names_its_options_as_typed():
    run = poll_run(mode="single", counts={"o1": 3, "o2": 2}, conditions=[],
                   result={"winners": ["o1"], "minority": ["o2"], "tie": False})

    section = built_section(poll_round(run, labels={"o1": "no", "o2": "Januari"}))

    assert section["data"]["runs"][0]["counts"] == {"no": 3, "Januari": 2}
    assert section["data"]["runs"][0]["majority"] == "no"
    assert section["blocks"][0]["typed"] is True  # "no" typed, never translated to "Nee"


def test_more_runs_get_a_heading_each():
    section = built_section(poll_round(poll_run(outcome="step5", note="De ruzie"),
                                       poll_run(n=2)))

    assert [b for b in section["blocks"] if b["type"] == "heading"] == [
        summary.heading("1", "run"), summary.heading("2", "run")]


def topics_round(**state):
    return {"id": "t1", "kind": "topics", "position": 1, "prompt": "Welke onderwerpen?",
            "status": "revealed", "off_record": False,
            "state": {"topics": [
                {"id": "a", "wording": "", "sources": ["Vertrouwen", "Onderling vertrouwen"]},
                {"id": "b", "wording": "Boetes in de SLA", "sources": ["De SLA-boetes"]},
                {"id": "c", "wording": "", "sources": ["Planning"], "origin": "no"}],
                **state},
            "contributions": {}, "ballots": {}, "answered": {}, "k": 3}


def test_an_agenda_after_step_1_lists_the_topics_gathered():
    section = built_section(topics_round())

    assert section["data"]["decided"] is False and section["data"]["outcome"] is None
    assert [t["text"] for t in section["data"]["topics"]] == [
        "Vertrouwen", "Boetes in de SLA", "Planning"]
    (listing,) = section["blocks"]
    assert listing["label"] == "topics_gathered"
    assert listing["items"][0]["items"] == ["Onderling vertrouwen"]
    assert listing["items"][1]["items"] == ["De SLA-boetes"]


def test_a_decided_agenda_gives_the_order_conditions_and_outcome():
    round_ = topics_round(agenda=["c", "a"],
                          decision={"outcome": "carried", "note": "Planning eerst"})
    round_["contributions"] = {
        "condition": [{"id": "x", "text": "Vertrouwen komt morgen", "resonance": 0}],
        "no": [{"id": "y", "text": "Planning is niet urgent", "resonance": 2}]}
    round_["ballots"] = {"vote": {"a": 1, "c": 3}}
    round_["answered"] = {"vote": 4}

    section = built_section(round_)

    data = section["data"]
    assert [t["text"] for t in data["topics"]] == ["Planning", "Vertrouwen", "Boetes in de SLA"]
    assert [t["votes"] for t in data["topics"]] == [3, 1, 0]
    assert data["conditions"] == ["Vertrouwen komt morgen"]
    assert data["nos"] == [{"text": "Planning is niet urgent", "resonance": 2}]
    assert data["outcome"] == "carried" and data["note"] == "Planning eerst"
    assert section["blocks"][0]["label"] == "topics_decided" and section["blocks"][0]["ordered"]
    assert section["blocks"][-1] == summary.outcome("carried", "Planning eerst")


def test_an_agenda_reads_its_conditions_and_the_outcome_of_its_decision():
    round_ = topics_round(decision={"outcome": "step5", "note": "De ruzie"})
    round_["contributions"] = {"condition": [{"id": "x", "text": "Eerst koffie"},
                                             {"id": "y", "text": "Een evaluatie"}]}

    data = built_section(round_)["data"]

    assert data["decided"] and data["conditions"] == ["Eerst koffie", "Een evaluatie"]
    assert data["outcome"] == "step5" and data["note"] == "De ruzie"
    assert "votes" not in data["topics"][0]


def test_an_unrevealed_agenda_writes_down_nothing_but_its_prompt():
    section = built_section({**topics_round(), "status": "open"})

    assert section["data"]["topics"] == [] and section["blocks"] == [summary.note("not_revealed")]


# The check-out: the check-in's section, under its own kind ---------------------------------

def test_a_check_out_gets_its_own_section_built_like_the_check_in():
    checkout = checkin_round(
        id="r9", kind="checkout", position=9, prompt="Hoe ga je naar buiten?",
        contributions={"checkout": [{"id": "c", "text": "Vol energie", "resonance": 0},
                                    {"id": "a", "text": "Moe", "resonance": 0},
                                    {"id": "b", "text": "Ook moe", "resonance": 0}]})

    section = built_section(checkout)

    assert section["kind"] == "checkout" and section["title"] == "Hoe ga je naar buiten?"
    assert section["data"]["groups"] == [{"label": "Moe", "contributions": ["Moe", "Ook moe"]}]
    assert section["data"]["contributions"] == ["Vol energie"]


# The weather report ---------------------------------------------------------------------------

def weather_round(**changes):
    round_ = {"id": "w1", "kind": "weather", "position": 3, "prompt": "Hoe is het weer?",
              "status": "revealed", "off_record": False, "state": {},
              "contributions": {"word": [{"id": "x", "text": "Moe", "resonance": 0},
                                         {"id": "y", "text": "Zonnig!", "resonance": 0}]},
              "ballots": {"weather": {"sunny": 2, "rain": 1}}, "answered": {"weather": 3},
              "k": 3}
    return {**round_, **changes}


def test_a_closed_weather_report_writes_down_the_distribution_and_the_words():
    section = built_section(weather_round())

    assert section["data"]["counts"] == {"sunny": 2, "partly_cloudy": 0, "cloudy": 0,
                                         "rain": 1, "storm": 0}
    assert section["data"]["words"] == ["Moe", "Zonnig!"]
    assert [b["type"] for b in section["blocks"]] == ["counts", "list"]


def test_a_weather_report_below_k_writes_down_no_distribution():
    section = built_section(weather_round(answered={"weather": 2},
                                          ballots={"weather": {"sunny": 2}}))

    assert section["data"]["counts"] is None
    assert section["blocks"][0] == {"type": "note", "label": "counts_hidden"}


def test_an_open_weather_report_writes_down_nothing():
    section = built_section(weather_round(status="open"))

    assert section["data"]["counts"] is None and section["data"]["words"] == []
    assert section["blocks"] == [{"type": "note", "label": "weather_open"}]
