"""The check-in round over real sockets: counts only while open, shuffled and nameless once
revealed, receipts that only the phone holds."""
import logging
import secrets

import pytest
from sqlalchemy import text

from app.extensions import db
from tests.conftest import last


def receipt() -> str:
    return secrets.token_urlsafe(18)


def eid(name: str) -> str:
    return f"{name}-{secrets.token_hex(4)}"


def open_round(console, kind: str, prompt: str = "") -> str:
    """The facilitator opens a round of `kind`; its id."""
    ack = console.emit("round:open", {"id": eid("open"), "kind": kind, "prompt": prompt},
                       callback=True)
    assert ack["ok"], ack
    return ack["round"]


def open_checkin(console, prompt="Hoe kom je binnen?"):
    return open_round(console, "checkin", prompt)


def add(phone, round_id, words, key=None, event_id=None):
    return phone.send("contribution:add", {"id": event_id or f"add-{secrets.token_hex(4)}",
                                           "round": round_id, "receipt": key or receipt(),
                                           "text": words})


@pytest.fixture
def three(phone_factory):
    return [phone_factory(name) for name in ("Anna", "Bram", "Chris")]


def test_phones_see_the_prompt_when_the_facilitator_opens_a_check_in(console, three):
    open_checkin(console, "Hoe kom je binnen vandaag?")

    view = three[0].received("round:changed")[-1]
    assert view["prompt"] == "Hoe kom je binnen vandaag?" and view["status"] == "open"
    assert "contributions" not in view


def test_an_empty_prompt_gets_the_default_in_the_sessions_language(console):
    ack = console.emit("round:open", {"id": "open-default", "kind": "checkin", "prompt": ""},
                       callback=True)

    assert ack["ok"]
    assert last(console, "round:changed")["prompt"] == "Hoe kom je binnen?"


def test_while_open_the_console_sees_counts_and_never_the_text(console, three):
    round_id = open_checkin(console)
    console.get_received()

    add(three[0], round_id, "Moe maar nieuwsgierig")
    add(three[0], round_id, "Ook wat gespannen")
    add(three[1], round_id, "Zin in")

    counted = last(console, "round:counted")
    assert (counted["answered"], counted["joined"], counted["contributions"]) == (2, 3, 3)
    assert "Zin in" not in str(console.get_received())
    assert three[2].received("round:counted") == []


def test_revealing_shows_every_contribution_without_a_name(console, three):
    round_id = open_checkin(console)
    for phone, words in zip(three, ["Moe", "Zin in", "Gespannen"]):
        add(phone, round_id, words)

    ack = console.emit("round:reveal", {"id": "reveal-0001", "round": round_id}, callback=True)

    assert ack == {"ok": True}
    view = three[2].received("round:changed")[-1]
    assert sorted(c["text"] for c in view["contributions"]) == ["Gespannen", "Moe", "Zin in"]
    assert all(set(c) == {"id", "text"} for c in view["contributions"])
    assert not {"Anna", "Bram", "Chris"} & set(str(view).split("'"))


def test_revealing_with_fewer_than_k_asks_to_confirm_and_says_why(console, three):
    round_id = open_checkin(console)
    add(three[0], round_id, "Moe")

    refused = console.emit("round:reveal", {"id": "reveal-0001", "round": round_id},
                           callback=True)
    confirmed = console.emit("round:reveal", {"id": "reveal-0002", "round": round_id,
                                              "confirm": True}, callback=True)

    assert refused["ok"] is False and refused["error"] == "below_threshold"
    assert "1" in refused["message"] and "3" in refused["message"]
    assert confirmed == {"ok": True}


def test_a_participant_cannot_reveal_a_round(console, three):
    round_id = open_checkin(console)

    ack = three[0].send("round:reveal", {"id": "reveal-0001", "round": round_id,
                                          "confirm": True})

    assert ack["error"] == "not_allowed"
    console.emit("session:resync", {}, callback=True)
    assert last(console, "session:state")["round"]["status"] == "open"


def test_a_phone_edits_and_withdraws_its_own_contribution_by_receipt(console, three):
    round_id = open_checkin(console)
    key = receipt()
    add(three[0], round_id, "Moe", key=key)
    add(three[1], round_id, "Zin in")
    add(three[2], round_id, "Rustig")
    spare = receipt()
    add(three[2], round_id, "Weg ermee", key=spare)

    edited = three[0].send("contribution:edit", {"id": "edit-00001", "round": round_id,
                                                  "receipt": key, "text": "Moe, maar blij"})
    withdrawn = three[2].send("contribution:withdraw", {"id": "wd-000001", "round": round_id,
                                                         "receipt": spare})
    console.emit("round:reveal", {"id": "reveal-0001", "round": round_id}, callback=True)

    assert edited == {"ok": True, "text": "Moe, maar blij"} and withdrawn == {"ok": True}
    texts = sorted(c["text"] for c in last(console, "round:changed")["contributions"])
    assert texts == ["Moe, maar blij", "Rustig", "Zin in"]


def test_editing_with_a_wrong_or_foreign_receipt_changes_nothing(console, three):
    round_id = open_checkin(console)
    key = receipt()
    add(three[0], round_id, "Moe", key=key)

    wrong = three[1].send("contribution:edit", {"id": "edit-00001", "round": round_id,
                                                 "receipt": receipt(), "text": "Hacked"})
    missing = three[1].send("contribution:withdraw", {"id": "wd-000001", "round": round_id})

    assert wrong["error"] == "wrong_receipt" and missing["error"] == "malformed"
    console.emit("round:reveal", {"id": "reveal-0001", "round": round_id, "confirm": True},
                 callback=True)
    assert [c["text"] for c in last(console, "round:changed")["contributions"]] == ["Moe"]


def test_a_contribution_sent_twice_after_a_reconnect_is_stored_once(console, three):
    round_id = open_checkin(console)
    key = receipt()

    first = add(three[0], round_id, "Moe", key=key, event_id="add-0000001")
    retry_same_event = add(three[0], round_id, "Moe", key=key, event_id="add-0000001")
    retry_new_event = add(three[0], round_id, "Moe", key=key, event_id="add-0000002")

    assert first == retry_same_event == retry_new_event == \
        {"ok": True, "text": "Moe", "roll": first["roll"]}
    console.emit("session:resync", {}, callback=True)
    assert last(console, "session:state")["round"]["counts"]["contributions"] == 1


@pytest.mark.parametrize("words,error", [("", "empty_text"), ("   \n ", "empty_text"),
                                         ("x" * 501, "text_too_long"), (42, "malformed")])
def test_empty_whitespace_or_oversize_text_is_refused(words, error, console, three):
    round_id = open_checkin(console)

    ack = add(three[0], round_id, words)

    assert ack["ok"] is False and ack["error"] == error
    console.emit("session:resync", {}, callback=True)
    assert last(console, "session:state")["round"]["counts"]["contributions"] == 0


def test_no_contribution_is_accepted_after_the_reveal(console, three):
    round_id = open_checkin(console)
    for phone in three:
        add(phone, round_id, "Hier")
    console.emit("round:reveal", {"id": "reveal-0001", "round": round_id}, callback=True)

    late = add(three[0], round_id, "Te laat")

    assert late["error"] == "round_not_open"


def revealed_round(console, three):
    round_id = open_checkin(console)
    for phone, words in zip(three, ["Moe", "Ook moe", "Vol energie"]):
        add(phone, round_id, words)
    console.emit("round:reveal", {"id": "reveal-0001", "round": round_id}, callback=True)
    view = last(console, "round:changed")
    return round_id, {c["text"]: c["id"] for c in view["contributions"]}


def test_the_facilitator_groups_names_a_polarity_and_summarises(console, three):
    round_id, ids = revealed_round(console, three)

    grouped = console.emit("checkin:group", {"id": "group-0001", "round": round_id,
                                             "members": [ids["Moe"], ids["Ook moe"]],
                                             "label": "Moe"}, callback=True)
    group_id = last(console, "round:changed")["groups"][0]["id"]
    polarity = console.emit("checkin:polarity", {"id": "pol-00001", "round": round_id,
                                                 "left": {"ref": group_id},
                                                 "right": {"ref": ids["Vol energie"]}},
                            callback=True)
    summary = console.emit("checkin:summary", {"id": "sum-00001", "round": round_id,
                                               "text": "Sommigen zijn moe, anderen vol energie."},
                           callback=True)

    assert grouped == polarity == summary == {"ok": True}
    view = three[0].received("round:changed")[-1]
    assert view["groups"][0]["members"] == [ids["Moe"], ids["Ook moe"]]
    assert view["polarities"][0]["left"] == {"ref": group_id}
    assert view["summary"] == "Sommigen zijn moe, anderen vol energie."


def test_a_participant_cannot_shape_the_check_in(console, three):
    round_id, ids = revealed_round(console, three)

    ack = three[0].send("checkin:summary", {"id": "sum-00001", "round": round_id,
                                             "text": "Mine"})

    assert ack["error"] == "not_allowed"


def test_the_check_in_survives_a_restart_of_the_app(app, console, three, config):
    from app import create_app

    round_id, ids = revealed_round(console, three)
    console.emit("checkin:summary", {"id": "sum-00001", "round": round_id, "text": "Samen"},
                 callback=True)

    again = create_app(config)
    with again.app_context():
        from app.models import Round

        stored = db.session.get(Round, round_id)
        assert stored.status == "revealed" and stored.state["summary"] == "Samen"


def test_the_database_and_the_log_never_hold_a_name_next_to_what_was_said(
        app, console, three, caplog):
    caplog.set_level(logging.DEBUG)
    round_id = open_checkin(console)
    for phone, words in zip(three, ["Moe", "Zin in", "Gespannen"]):
        add(phone, round_id, words)

    with app.app_context():
        rows = db.session.execute(text("SELECT * FROM contribution")).all()

    for row in rows:
        assert not {"Anna", "Bram", "Chris"} & {str(v) for v in row}
        assert len(row) == 5  # id, round_id, stage, text, receipt_hash: nothing else
    for record in caplog.records:
        message = record.getMessage()
        assert not ("Moe" in message and any(n in message for n in ("Anna", "Bram", "Chris")))


def test_after_the_reveal_an_edit_is_sent_without_the_wall_of_contributions(console, three):
    round_id, ids = revealed_round(console, three)
    three[0].received()

    console.emit("checkin:summary", {"id": "sum-00001", "round": round_id, "text": "Samen"},
                 callback=True)

    edit = three[0].received("round:changed")[-1]
    assert edit["summary"] == "Samen" and edit["contributions_unchanged"] is True
    assert "contributions" not in edit
    three[0].send("session:resync", {})
    snapshot = three[0].received("session:state")[-1]["round"]
    assert sorted(c["id"] for c in snapshot["contributions"]) == sorted(ids.values())
