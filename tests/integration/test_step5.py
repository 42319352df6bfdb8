"""Step 5 over real sockets: from a decision not carried, the heat (off the record, in
shuffled batches, each statement with the side its phone's own vote gave it), the insights
(kept, shown like a check-in), and the decision put again; both runs and the insights in
every export, the heat in no file, no log line and no export."""
import json
import logging
import secrets
import time

import pytest

from app.extensions import db
from app.store.heat import MemoryHeat
from tests.conftest import last
from tests.integration.test_poll import NAMES, Voter, act, eid, receipt

HEAT = ["Jullie luisteren nooit naar de werkvloer", "September is gewoon te vroeg",
        "Wij dragen de risico's en jullie de eer", "Zonder IT wordt dit weer een puinhoop",
        "Ik ben het zat om steeds te wachten"]
INSIGHTS = ["Dat de werkvloer zich niet gehoord voelt", "Dat wachten ook iets kost"]
PROPOSAL = "We lanceren in september"
NOTE = "Eerst de ruzie, na de lunch"


@pytest.fixture
def config(config):
    return type("Config", (config,), {"HEAT_BATCH_SECONDS": 0.3})


@pytest.fixture
def five(phone_factory):
    return [Voter(phone_factory(name)) for name in NAMES]


def not_carried(console, five, choices=("yes", "yes", "yes", "no", "no")):
    """A poll whose minority will not go along: recorded as not carried (step 5)."""
    round_id = act(console, "poll:start", proposal=PROPOSAL)["round"]
    for voter, choice in zip(five, choices):
        assert voter.answer(round_id, choice)["ok"]
    assert act(console, "poll:close_vote", round=round_id)["ok"]
    for step in ("spread", "minority"):
        assert act(console, "poll:step", round=round_id, step=step)["ok"]
    assert act(console, "poll:outcome", round=round_id, outcome="step5", note=NOTE)["ok"]
    return round_id


def open_step5(console, decision_id):
    ack = act(console, "step5:open", decision=decision_id)
    assert ack["ok"], ack
    return ack["round"]


def view(console):
    console.emit("session:resync", {}, callback=True)
    return last(console, "session:state")["round"]


def say(voter, round_id, text, side="majority", client_id=None):
    return voter.phone.send("heat:say", {"id": client_id or eid("heat"), "round": round_id,
                                         "side": side, "text": text})


def insight(voter, round_id, text):
    return voter.phone.send("step5:insight", {"id": eid("ins"), "round": round_id,
                                              "receipt": receipt(), "text": text})


def phase(console, round_id, to, confirm=False):
    return act(console, "step5:phase", round=round_id, to=to, confirm=confirm)


def released(socket):
    return [e["args"][0] for e in socket.get_received() if e["name"] == "heat:released"]


def wait_for_batch(socket, seconds=3.0):
    found, until = [], time.monotonic() + seconds
    while not found and time.monotonic() < until:
        time.sleep(0.05)
        found = released(socket)
    return found


@pytest.fixture
def in_the_heat(console, five):
    return open_step5(console, not_carried(console, five))


# Opening -----------------------------------------------------------------------------------

def test_a_decision_not_carried_opens_step5_on_the_same_proposal_and_options(console, five,
                                                                           in_the_heat):
    shown = five[0].phone.received("round:changed")[-1]

    assert shown["id"] == in_the_heat and shown["kind"] == "step5"
    assert shown["prompt"] == PROPOSAL
    step = shown["step5"]
    assert step["phase"] == "heat" and step["heat"] == [] and step["heat_gone"] is False
    assert step["again"]["options"] == ["yes", "yes_bit_of_no", "no"]
    assert step["sides"] == {"majority": ["yes"], "minority": ["no"]}
    assert step["source"]["counts"] == {"yes": 3, "yes_bit_of_no": 0, "no": 2}


def test_a_carried_decision_does_not_go_into_step5(console, five):
    round_id = act(console, "poll:start", proposal=PROPOSAL)["round"]
    for voter in five:
        voter.answer(round_id, "yes")
    act(console, "poll:close_vote", round=round_id)
    act(console, "poll:step", round=round_id, step="spread")
    act(console, "poll:step", round=round_id, step="minority")
    act(console, "poll:outcome", round=round_id, outcome="carried", note="")

    refused = act(console, "step5:open", decision=round_id)

    assert refused["ok"] is False and refused["error"] == "not_step5" and refused["message"]
    assert view(console)["kind"] == "poll"


def test_an_agenda_vote_not_carried_opens_step5_on_its_topics(console, five):
    round_id = act(console, "round:open", kind="topics", prompt="Wat eerst?")["round"]
    for voter, topic in zip(five, ["Vertrouwen", "Planning", "Budget"]):
        voter.phone.send("contribution:add", {"id": eid("c"), "round": round_id,
                                              "receipt": receipt(), "text": topic})
    assert act(console, "round:reveal", round=round_id)["ok"]
    for to in ("seek_no", "spread", "vote"):
        assert act(console, "agenda:step", round=round_id, to=to)["ok"]
    topics = view(console)["topics"]
    ids = {t["title"]: t["id"] for t in topics}
    for voter, title in zip(five, ["Vertrouwen"] * 3 + ["Planning"] * 2):
        assert voter.answer(round_id, ids[title])["ok"]
    act(console, "agenda:close_vote", round=round_id)
    act(console, "agenda:outcome", round=round_id, outcome="step5", note=NOTE)

    step = view(console) if open_step5(console, round_id) else None

    assert step["kind"] == "step5" and step["prompt"] == "Wat eerst?"
    assert step["step5"]["labels"][ids["Planning"]] == "Planning"
    assert step["step5"]["sides"]["minority"] == [ids["Planning"]]


# Who may do what ----------------------------------------------------------------------------

def test_a_participant_can_neither_open_step5_nor_move_its_phases(console, five):
    decision_id = not_carried(console, five)
    opened = five[0].phone.send("step5:open", {"id": eid(), "decision": decision_id})
    round_id = open_step5(console, decision_id)

    moved = five[0].phone.send("step5:phase", {"id": eid(), "round": round_id,
                                               "to": "insights"})

    assert opened["error"] == "not_allowed" and moved["error"] == "not_allowed"
    assert view(console)["step5"]["phase"] == "heat"


def test_the_phases_go_one_at_a_time_in_their_order(console, in_the_heat):
    skipped = phase(console, in_the_heat, "vote")
    backwards = phase(console, in_the_heat, "heat")
    unknown = phase(console, in_the_heat, "argue")

    assert [a["error"] for a in (skipped, backwards, unknown)] == ["wrong_step"] * 3
    assert phase(console, in_the_heat, "insights")["ok"]
    assert view(console)["step5"]["phase"] == "insights"


# The heat -----------------------------------------------------------------------------------

def test_the_heat_reaches_every_screen_in_shuffled_batches_never_one_by_one(
        console, five, in_the_heat):
    for voter in five:
        voter.phone.received()
    console.get_received()

    say(five[0], in_the_heat, HEAT[0])
    say(five[3], in_the_heat, HEAT[1], side="minority")
    none_yet = released(console) + released(five[1].phone.socket)
    say(five[1], in_the_heat, HEAT[2])
    batch = released(console)
    on_a_phone = released(five[4].phone.socket)
    say(five[4], in_the_heat, HEAT[3], side="minority")
    straight_after = released(console)
    later = wait_for_batch(console)

    assert none_yet == []
    assert len(batch) == 1 and {s["text"] for s in batch[0]["statements"]} == set(HEAT[:3])
    assert on_a_phone == batch
    assert {s["side"] for s in batch[0]["statements"]} == {"majority", "minority"}
    assert all(set(s) == {"id", "side", "text"} for s in batch[0]["statements"])
    assert straight_after == []
    assert [s["text"] for s in later[0]["statements"]] == [HEAT[3]]
    assert [s["text"] for s in view(console)["step5"]["heat"]][3:] == [HEAT[3]]


def test_a_statement_needs_a_side_and_text_and_is_refused_once_the_heat_is_over(
        console, five, in_the_heat):
    no_side = say(five[0], in_the_heat, "Zomaar", side="")
    empty = say(five[0], in_the_heat, "  ")
    too_long = say(five[0], in_the_heat, "x" * 281)
    phase(console, in_the_heat, "insights")
    late = say(five[0], in_the_heat, "Nog iets")

    assert [a["error"] for a in (no_side, empty, too_long, late)] == [
        "wrong_side", "empty_text", "text_too_long", "heat_over"]
    assert all(a["message"] for a in (no_side, empty, too_long, late))


def test_a_statement_sent_again_after_a_reconnect_is_shown_once(console, five, in_the_heat):
    client_id = eid("again")
    for _ in range(3):
        assert say(five[0], in_the_heat, HEAT[0], client_id=client_id)["ok"]

    shown = wait_for_batch(console)

    assert [s["text"] for b in shown for s in b["statements"]] == [HEAT[0]]


def test_leaving_the_heat_forgets_it_on_every_screen(console, five, in_the_heat):
    for voter, text in zip(five, HEAT[:3]):
        say(voter, in_the_heat, text)

    phase(console, in_the_heat, "insights")

    after = five[0].phone.received("round:changed")[-1]["step5"]
    assert "heat" not in after and "heat" not in view(console)["step5"]
    assert not set(HEAT) & set(json.dumps(after, ensure_ascii=False).split('"'))


def test_a_restart_that_forgot_the_heat_is_said_plainly_and_the_facilitator_moves_on(
        app, console, five, in_the_heat):
    for voter, text in zip(five, HEAT[:3]):
        say(voter, in_the_heat, text)
    app.extensions["heat"] = MemoryHeat()  # what a restart of a one-process server leaves

    shown = view(console)["step5"]
    refused = say(five[0], in_the_heat, "Nog iets")

    assert shown["heat_gone"] is True and shown["heat"] == []
    assert refused["error"] == "heat_gone" and refused["message"]
    assert phase(console, in_the_heat, "insights")["ok"]


@pytest.mark.parametrize("ending", ["session:close", "round:close"])
def test_closing_the_round_or_the_session_in_the_heat_forgets_it(app, console, five,
                                                                 in_the_heat, ending):
    for voter, text in zip(five, HEAT):
        say(voter, in_the_heat, text)

    assert act(console, ending, round=in_the_heat)["ok"]

    store = app.extensions["heat"]
    assert not store.alive(in_the_heat) and store.shown(in_the_heat) == []
    assert store.waiting(in_the_heat)[0] == 0


# Insights and the decision put again ------------------------------------------------------------

def test_insights_show_only_how_many_answered_until_the_facilitator_shows_them(
        console, five, in_the_heat):
    phase(console, in_the_heat, "insights")
    during = insight(five[0], in_the_heat, INSIGHTS[0])
    insight(five[1], in_the_heat, INSIGHTS[1])
    counted = view(console)["step5"]
    below_k = phase(console, in_the_heat, "heard")
    insight(five[2], in_the_heat, "Dat we allebei willen dat het lukt")

    assert during["ok"] and during["roll"]
    assert counted["answered"] == 2 and "insights" not in counted
    assert below_k["error"] == "below_threshold"
    assert phase(console, in_the_heat, "heard")["ok"]
    shown = five[4].phone.received("round:changed")[-1]["step5"]["insights"]
    assert {i["text"] for i in shown} == {*INSIGHTS, "Dat we allebei willen dat het lukt"}
    assert insight(five[3], in_the_heat, "Te laat")["error"] == "wrong_step"


def test_the_decision_is_put_again_on_the_same_options_and_its_result_recorded(
        console, five, in_the_heat):
    for to in ("insights", "heard"):
        phase(console, in_the_heat, to, confirm=True)
    early = five[0].answer(in_the_heat, "yes", ballot=receipt())
    phase(console, in_the_heat, "vote")
    for voter, choice in zip(five, ["yes", "yes", "yes_bit_of_no", "yes", "no"]):
        assert voter.answer(in_the_heat, choice, ballot=receipt())["ok"]
    wrong = five[0].answer(in_the_heat, "maybe", ballot=receipt())
    voting = view(console)["step5"]
    assert phase(console, in_the_heat, "decided")["ok"]
    decided = view(console)["step5"]

    assert early["error"] == "wrong_step"
    assert wrong["ok"] is False
    assert voting["answered"] == 5 and voting["again"]["counts"] is None
    assert decided["again"]["counts"] == {"yes": 3, "yes_bit_of_no": 1, "no": 1}
    assert decided["again"]["result"]["winners"] == ["yes"]


# Off the record, and in the record -----------------------------------------------------------------

def database_bytes(app) -> bytes:
    folder = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    from pathlib import Path
    base = Path(folder)
    return b"".join(p.read_bytes() for p in base.parent.glob(base.name + "*"))


def test_the_heat_is_in_no_file_log_or_export_while_both_runs_and_the_insights_are(
        app, facilitator, console, five, code, caplog):
    caplog.set_level(logging.DEBUG)
    round_id = open_step5(console, not_carried(console, five))
    for voter, text, side in zip(five, HEAT, ["majority"] * 3 + ["minority"] * 2):
        assert say(voter, round_id, text, side=side)["ok"]
    wait_for_batch(console)
    with app.app_context():
        db.session.remove()
    during = database_bytes(app)
    phase(console, round_id, "insights")
    for voter, text in zip(five, [*INSIGHTS, "Dat het ons allebei raakt"]):
        assert insight(voter, round_id, text)["ok"]
    phase(console, round_id, "heard")
    phase(console, round_id, "vote")
    for voter in five:
        voter.answer(round_id, "yes", ballot=receipt())
    phase(console, round_id, "decided")
    act(console, "session:close")

    exports = {ext: facilitator.get(f"/console/{code}/summary.{ext}").data
               for ext in ("json", "md", "pdf")}
    exports["page"] = facilitator.get(f"/console/{code}/summary").data
    after = database_bytes(app)
    logged = "\n".join(r.getMessage() for r in caplog.records)

    for text in HEAT:
        for where, data in {"db during": during, "db after": after, **exports}.items():
            assert text.encode() not in data, where
        assert text not in logged
    summary = json.loads(exports["json"])
    step5 = [s for s in summary["sections"] if s["kind"] == "step5"][0]
    assert step5["data"]["first"]["counts"] == {"yes": 3, "yes_bit_of_no": 0, "no": 2}
    assert step5["data"]["again"]["counts"] == {"yes": 5, "yes_bit_of_no": 0, "no": 0}
    assert set(step5["data"]["insights"]) == {*INSIGHTS, "Dat het ons allebei raakt"}
    assert [s["kind"] for s in summary["sections"]] == ["poll", "step5"]
    markdown = exports["md"].decode()
    assert all(text in markdown for text in INSIGHTS) and NOTE in markdown
    assert "Stap 5" in markdown or "Step 5" in markdown


def test_a_planned_step_5_on_the_run_sheet_takes_up_the_decision_not_carried(console, five):
    decision = not_carried(console, five)
    add = act(console, "runsheet:add", kind="step5", prompt="", minutes=20, note="")
    assert add["ok"], add

    started = act(console, "runsheet:start", item=add["item"])

    assert started["ok"], started
    round_ = view(console)
    assert (round_["id"], round_["kind"]) == (started["round"], "step5")
    assert round_["prompt"] == PROPOSAL
    assert round_["step5"]["source"]["round"] == decision
    assert round_["step5"]["phase"] == "heat"


def test_a_planned_step_5_without_a_decision_not_carried_is_refused(console, five):
    round_id = act(console, "poll:start", proposal=PROPOSAL)["round"]
    add = act(console, "runsheet:add", kind="step5", prompt="", minutes=20, note="")

    refused = act(console, "runsheet:start", item=add["item"])

    assert refused["ok"] is False and refused["error"] == "not_step5"
    assert view(console)["id"] == round_id


def test_step_5_does_not_open_as_a_round_on_its_own(console, five):
    refused = act(console, "round:open", kind="step5", prompt=PROPOSAL)

    assert refused["ok"] is False
    assert view(console) is None
