"""The check-out over real sockets: the check-in's flow under a kind of its own, with its own
default prompt, its own events accepted, and its own section in the summary."""
import pytest

from tests.conftest import last
from tests.integration.test_checkin import eid, open_round, receipt, three  # noqa: F401


def open_checkout(console, prompt=""):
    return open_round(console, "checkout", prompt)


def test_a_check_out_opens_with_its_own_default_prompt(console, three):
    open_checkout(console)

    view = last(three[0].socket, "round:changed")
    assert (view["kind"], view["prompt"], view["status"]) == (
        "checkout", "Hoe ga je naar buiten?", "open")
    assert "contributions" not in view


def test_a_check_out_gathers_counts_only_then_reveals_shuffled_and_nameless(console, three):
    round_id = open_checkout(console)
    for phone, words in zip(three, ["Opgelucht", "Moe maar blij", "Nog zorgen"]):
        assert phone.send("contribution:add", {"id": eid("add"), "round": round_id,
                                               "receipt": receipt(), "text": words})["ok"]
    counted = last(console, "round:counted")
    assert (counted["answered"], counted["contributions"]) == (3, 3)
    assert "Opgelucht" not in str(console.get_received())

    assert console.emit("round:reveal", {"id": eid("reveal"), "round": round_id},
                        callback=True) == {"ok": True}

    view = last(three[1].socket, "round:changed")
    assert sorted(c["text"] for c in view["contributions"]) == [
        "Moe maar blij", "Nog zorgen", "Opgelucht"]
    assert not {"Anna", "Bram", "Chris"} & set(str(view).split("'"))


def test_the_facilitator_groups_names_polarities_and_summarises_a_check_out(console, three):
    round_id = open_checkout(console)
    for phone, words in zip(three, ["Moe", "Ook moe", "Vol energie"]):
        phone.send("contribution:add", {"id": eid("add"), "round": round_id,
                                        "receipt": receipt(), "text": words})
    console.emit("round:reveal", {"id": eid("reveal"), "round": round_id}, callback=True)
    ids = {c["text"]: c["id"] for c in last(console, "round:changed")["contributions"]}

    assert console.emit("checkin:group", {"id": eid("g"), "round": round_id,
                                          "members": [ids["Moe"], ids["Ook moe"]],
                                          "label": "Moe"}, callback=True)["ok"]
    assert console.emit("checkin:polarity", {"id": eid("p"), "round": round_id,
                                             "left": {"ref": ids["Moe"]},
                                             "right": {"ref": ids["Vol energie"]}},
                        callback=True)["ok"]
    assert console.emit("checkin:summary", {"id": eid("s"), "round": round_id,
                                            "text": "Sommigen moe, anderen vol energie."},
                        callback=True)["ok"]

    view = last(three[0].socket, "round:changed")
    assert view["summary"] == "Sommigen moe, anderen vol energie."
    assert len(view["groups"]) == 1 and len(view["polarities"]) == 1


def test_phones_may_not_shape_a_check_out(console, three):
    round_id = open_checkout(console)

    ack = three[0].send("checkin:summary", {"id": eid("s"), "round": round_id, "text": "x"})

    assert not ack["ok"]


def test_the_check_in_events_refuse_a_round_of_another_kind(console):
    ack = console.emit("round:open", {"id": eid("open"), "kind": "topics", "prompt": ""},
                       callback=True)

    refused = console.emit("checkin:summary", {"id": eid("s"), "round": ack["round"],
                                               "text": "x"}, callback=True)

    assert not refused["ok"] and refused["error"] == "malformed"


def test_the_summary_has_a_check_out_section_of_its_own(app, client, code, console, three):
    checkin = console.emit("round:open", {"id": eid("open"), "kind": "checkin", "prompt": ""},
                           callback=True)["round"]
    console.emit("round:close", {"id": eid("close"), "round": checkin}, callback=True)
    round_id = open_checkout(console)
    for phone, words in zip(three, ["Opgelucht", "Moe", "Blij"]):
        phone.send("contribution:add", {"id": eid("add"), "round": round_id,
                                        "receipt": receipt(), "text": words})
    console.emit("round:reveal", {"id": eid("reveal"), "round": round_id}, callback=True)

    from app.models import Session
    from app.services.summary import build
    with app.app_context():
        from app.extensions import db
        built = build(db.session.scalar(db.select(Session).filter_by(code=code)))

    kinds = [s["kind"] for s in built["sections"]]
    assert kinds == ["checkin", "checkout"]
    assert sorted(built["sections"][1]["data"]["contributions"]) == ["Blij", "Moe", "Opgelucht"]
