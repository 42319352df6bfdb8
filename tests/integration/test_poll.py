""""Seek the no" polls over real sockets: answers counted from k, the no asked of the phones
that said it, spread with "I share a bit of this", the minority's conditions in the
decision, step 5 and a second run; and nowhere a link between a person and an answer."""
import logging
import secrets

import pytest
from sqlalchemy import text

from app.extensions import db
from tests.conftest import last

NAMES = ["Anna", "Bram", "Chris", "Dirk", "Eva"]


def receipt() -> str:
    return secrets.token_urlsafe(18)


def eid(prefix="ev") -> str:
    return f"{prefix}-{secrets.token_hex(6)}"


class Voter:
    """A phone that remembers its own ballot receipt and choice, as the real phone does."""

    def __init__(self, phone):
        self.phone, self.ballot, self.choice = phone, receipt(), None

    def answer(self, round_id, choice, ballot=None):
        ack = self.phone.send("ballot:cast", {"id": eid("ans"), "round": round_id,
                                              "receipt": ballot or self.ballot,
                                              "choices": [choice]})
        if ack["ok"]:
            self.choice = choice
        return ack

    def no(self, round_id, words, ballot=None):
        return self.phone.send("no:add", {"id": eid("no"), "round": round_id,
                                          "ballot": ballot or self.ballot, "receipt": receipt(),
                                          "text": words})

    def condition(self, round_id, words):
        return self.phone.send("condition:add", {"id": eid("cond"), "round": round_id,
                                                 "ballot": self.ballot, "receipt": receipt(),
                                                 "text": words})


def act(console, event, **payload):
    ack = console.emit(event, {"id": eid("f"), **payload}, callback=True)
    return ack


def start(console, proposal="We lanceren in september", options=None):
    ack = act(console, "poll:start", proposal=proposal, **({"options": options} if options else {}))
    assert ack["ok"], ack
    return ack["round"]


def current(console):
    console.emit("session:resync", {}, callback=True)
    return last(console, "session:state")["round"]["poll"]["current"]


@pytest.fixture
def five(phone_factory):
    return [Voter(phone_factory(name)) for name in NAMES]


def voted(console, five, choices=("yes", "yes", "yes", "yes_bit_of_no", "no")):
    round_id = start(console)
    for voter, choice in zip(five, choices):
        assert voter.answer(round_id, choice)["ok"]
    assert act(console, "poll:close_vote", round=round_id) == {"ok": True}
    return round_id


def test_phones_see_the_proposal_and_the_answers(console, five):
    round_id = start(console, "We lanceren in september")

    view = five[0].phone.received("round:changed")[-1]
    assert view["id"] == round_id and view["kind"] == "poll"
    assert view["prompt"] == "We lanceren in september"
    assert view["poll"]["current"]["options"] == ["yes", "yes_bit_of_no", "no"]


def test_while_the_vote_is_open_every_screen_sees_only_how_many_answered(console, five):
    round_id = start(console)
    console.get_received()
    for phone in five:
        phone.phone.received()

    five[0].answer(round_id, "yes")
    five[1].answer(round_id, "no")
    before_k = last(console, "round:tallied")["poll"]["current"]
    five[2].answer(round_id, "no")
    at_k = last(console, "round:tallied")["poll"]["current"]
    on_phones = [[t["poll"]["current"] for t in v.phone.received("round:tallied")] for v in five]
    act(console, "poll:close_vote", round=round_id)
    closed = current(console)

    assert before_k["answered"] == 2 and before_k["counts"] is None
    # While the vote is open, not even from k: a count that moves per tap names the tapper.
    assert at_k["answered"] == 3 and at_k["counts"] is None
    assert closed["counts"] == {"yes": 1, "yes_bit_of_no": 0, "no": 2}
    assert all(seen and seen[-1]["answered"] == 3 for seen in on_phones)
    assert all(t["counts"] is None for seen in on_phones for t in seen)


def test_a_phone_changes_its_answer_with_its_receipt_and_counts_once(console, five):
    round_id = start(console)

    first = five[0].answer(round_id, "no")
    changed = five[0].answer(round_id, "yes")
    for voter in five[1:3]:
        voter.answer(round_id, "yes")
    act(console, "poll:close_vote", round=round_id)

    assert (first["ok"], first["changed"], changed["ok"], changed["changed"]) == \
        (True, False, True, True)
    assert changed["roll"] == first["roll"]  # one phone, one token for the vote
    assert current(console)["counts"] == {"yes": 3, "yes_bit_of_no": 0, "no": 0}


def test_a_second_answer_without_the_receipt_is_refused(console, five):
    round_id = start(console)
    five[0].answer(round_id, "yes")

    again = five[0].answer(round_id, "no", ballot=receipt())

    assert again["ok"] is False and again["error"] == "already_voted"
    assert again["message"]
    assert current(console)["answered"] == 1


@pytest.mark.parametrize("choice", ["maybe", "", 7, None])
def test_an_unknown_choice_is_refused(choice, console, five):
    round_id = start(console)

    ack = five[0].answer(round_id, choice)

    assert ack["ok"] is False and ack["error"] == "unknown_option"
    assert current(console)["answered"] == 0
    assert five[0].answer(round_id, "yes")["ok"]  # the refusal did not use up the vote


def test_answers_to_a_closed_vote_are_refused(console, five):
    round_id = voted(console, five)

    late = five[0].answer(round_id, "no")
    newcomer = Voter(five[0].phone).answer(round_id, "no")

    assert late["error"] == "vote_not_open" and newcomer["error"] in ("vote_not_open",
                                                                      "already_voted")
    assert current(console)["counts"] == {"yes": 3, "yes_bit_of_no": 1, "no": 1}


def test_closing_with_fewer_than_k_answers_needs_confirmation(console, five):
    round_id = start(console)
    five[0].answer(round_id, "yes")

    refused = act(console, "poll:close_vote", round=round_id)
    confirmed = act(console, "poll:close_vote", round=round_id, confirm=True)

    assert refused["error"] == "below_threshold" and "1" in refused["message"]
    assert confirmed == {"ok": True}
    assert current(console)["counts"] is None  # still below k: no counts shown


def test_the_no_is_asked_of_a_no_ballot_and_refused_for_a_yes(console, five):
    round_id = voted(console, five)

    no = five[4].no(round_id, "Te krap, IT is er nog niet klaar voor")
    bit = five[3].no(round_id, "Ik mis Facilitair in het plan")
    yes = five[0].no(round_id, "Ik zeg toch nee")
    forged = five[0].no(round_id, "Verzonnen", ballot=receipt())

    assert no["ok"] and bit["ok"]
    assert yes["error"] == "not_a_no" and forged["error"] == "wrong_receipt"
    assert current(console)["no_count"] == 2


def test_an_oversize_or_empty_no_is_refused(console, five):
    round_id = voted(console, five)

    long = five[4].no(round_id, "x" * 501)
    empty = five[4].no(round_id, "   ")

    assert long["error"] == "text_too_long" and empty["error"] == "empty_text"
    assert current(console)["no_count"] == 0


def spread(console, five):
    round_id = voted(console, five)
    five[4].no(round_id, "Te krap")
    five[3].no(round_id, "Ik mis Facilitair")
    console.get_received()
    assert act(console, "poll:step", round=round_id, step="spread") == {"ok": True}
    nos = {n["text"]: n["id"] for n in last(console, "round:changed")["poll"]["current"]["nos"]}
    return round_id, nos


def resonate(voter, round_id, no_id, key=None):
    return voter.phone.send("resonance:add", {"id": eid("res"), "round": round_id, "no": no_id,
                                              "receipt": key or receipt()})


def test_the_no_is_revealed_when_spread_and_shared_counts_show_from_k(console, five):
    round_id, nos = spread(console, five)
    key = receipt()

    for voter in five[:2]:
        resonate(voter, round_id, nos["Ik mis Facilitair"])
    below = current(console)
    first = resonate(five[2], round_id, nos["Ik mis Facilitair"], key)
    again = resonate(five[2], round_id, nos["Ik mis Facilitair"], key)
    while_spread = current(console)
    act(console, "poll:step", round=round_id, step="minority")
    shown = {n["text"]: n["shared"] for n in current(console)["nos"]}

    assert sorted(nos) == ["Ik mis Facilitair", "Te krap"]
    assert all(n["shared"] is None for n in below["nos"])
    # From k, still nothing while the no's are being spread: all at once when it ends.
    assert while_spread["spread_by"] == 3
    assert all(n["shared"] is None for n in while_spread["nos"])
    assert again == {"ok": True, "roll": first["roll"]}
    assert shown == {"Ik mis Facilitair": 3, "Te krap": 0}


def test_a_phone_shares_a_bit_of_one_no_once_whatever_receipts_it_sends(console, five):
    round_id, nos = spread(console, five)

    taps = [resonate(five[0], round_id, nos["Te krap"]) for _ in range(5)]
    for voter in five[1:3]:
        resonate(voter, round_id, nos["Te krap"])
    act(console, "poll:step", round=round_id, step="minority")
    shown = {n["text"]: n["shared"] for n in current(console)["nos"]}

    assert all(t["ok"] for t in taps)
    assert current(console)["spread_by"] == 3
    assert shown == {"Ik mis Facilitair": 0, "Te krap": 3}


def test_no_resonance_before_the_no_is_spread(console, five):
    round_id = voted(console, five)
    five[4].no(round_id, "Te krap")

    ack = resonate(five[0], round_id, "anything")

    assert ack["error"] == "wrong_step"


def test_only_the_minority_gives_conditions_and_they_join_the_decision(console, five):
    round_id, nos = spread(console, five)
    assert act(console, "poll:step", round=round_id, step="minority") == {"ok": True}

    minority = five[4].condition(round_id, "Eerst overleg met IT en Facilitair")
    bit = five[3].condition(round_id, "Een evaluatie na een maand")
    majority = five[0].condition(round_id, "Ik wil ook iets")
    hidden = current(console)
    act(console, "poll:close_conditions", round=round_id)
    outcome = act(console, "poll:outcome", round=round_id, outcome="carried", note="")

    assert minority["ok"] and bit["ok"] and majority["error"] == "not_in_minority"
    assert "conditions" not in hidden and hidden["condition_count"] == 2
    decided = five[0].phone.received("round:changed")[-1]["poll"]["current"]
    assert outcome == {"ok": True}
    assert decided["outcome"] == "carried" and decided["result"]["winners"] == ["yes"]
    assert sorted(c["text"] for c in decided["conditions"]) == [
        "Een evaluatie na een maand", "Eerst overleg met IT en Facilitair"]


def test_not_carried_goes_to_step_5_with_a_note_and_is_run_again_keeping_both(
        app, console, five):
    round_id, _ = spread(console, five)
    act(console, "poll:step", round=round_id, step="minority")
    five[4].condition(round_id, "Eerst IT erbij")

    no_note = act(console, "poll:outcome", round=round_id, outcome="step5", note="")
    step5 = act(console, "poll:outcome", round=round_id, outcome="step5",
                note="De ruzie na de lunch")
    rerun = act(console, "poll:rerun", round=round_id)
    for voter in five:
        voter.ballot = receipt()
        assert voter.answer(round_id, "yes")["ok"]
    act(console, "poll:close_vote", round=round_id)

    assert no_note["error"] == "empty_text" and step5 == rerun == {"ok": True}
    with app.app_context():
        from app.views import poll as polls
        from app.models import Round

        record = polls.record(db.session.get(Round, round_id))
    first, second = record["runs"]
    assert first["outcome"] == "step5" and first["note"] == "De ruzie na de lunch"
    assert first["counts"] == {"yes": 3, "yes_bit_of_no": 1, "no": 1}
    assert sorted(n["text"] for n in first["nos"]) == ["Ik mis Facilitair", "Te krap"]
    assert first["conditions"] == ["Eerst IT erbij"]
    assert second["n"] == 2 and second["counts"]["yes"] == 5 and second["outcome"] is None


def test_a_tie_is_voted_again(console, five):
    round_id = voted(console, five, ("yes", "yes", "no", "no"))
    assert current(console)["step"] == "tie"

    assert act(console, "poll:revote", round=round_id) == {"ok": True}
    again = five[0].answer(round_id, "yes", ballot=receipt())

    assert again["ok"]
    assert current(console)["answered"] == 1 and current(console)["ties"][0]["total"] == 4


def test_a_multiple_choice_poll(console, five):
    round_id = start(console, "Wanneer lanceren we?", ["September", "Januari", "Nooit"])
    for voter, choice in zip(five, ["o1", "o1", "o1", "o2", "o3"]):
        voter.answer(round_id, choice)
    act(console, "poll:close_vote", round=round_id)

    yes = five[0].no(round_id, "Niet mijn nee")
    lost = five[3].no(round_id, "Januari geeft rust")

    state = last(console, "round:changed")["poll"]
    assert state["labels"] == {"o1": "September", "o2": "Januari", "o3": "Nooit"}
    assert yes["error"] == "not_a_no" and lost["ok"]


@pytest.mark.parametrize("payload,error", [
    ({"proposal": ""}, "empty_text"), ({"proposal": "x" * 501}, "text_too_long"),
    ({"proposal": "Ok", "options": ["Alleen een"]}, "too_few_options"),
    ({"proposal": "Ok", "options": "a,b"}, "malformed"), ({}, "malformed")])
def test_a_bad_poll_is_refused(payload, error, console):
    ack = act(console, "poll:start", **payload)

    assert ack["ok"] is False and ack["error"] == error
    console.emit("session:resync", {}, callback=True)
    assert last(console, "session:state")["round"] is None


def test_a_participant_cannot_move_a_poll(console, five):
    round_id = voted(console, five)

    ack = five[0].phone.send("poll:step", {"id": eid(), "round": round_id, "step": "spread"})

    assert ack["error"] == "not_allowed" and current(console)["step"] == "seek_no"


def test_the_database_and_the_log_never_tie_an_answer_a_no_or_a_condition_to_a_person(
        app, console, five, caplog):
    caplog.set_level(logging.DEBUG)
    round_id, nos = spread(console, five)
    resonate(five[1], round_id, nos["Te krap"])
    act(console, "poll:step", round=round_id, step="minority")
    five[4].condition(round_id, "Eerst IT erbij")

    with app.app_context():
        ballots = db.session.execute(text("SELECT * FROM ballot")).mappings().all()
        proofs = db.session.execute(text("SELECT * FROM roll_proof")).mappings().all()
        resonance = db.session.execute(text("SELECT * FROM resonance")).mappings().all()
        participants = {r[0] for r in db.session.execute(text("SELECT id FROM participant"))}

    assert set(ballots[0]) == {"id", "round_id", "stage", "choice", "receipt_hash"}
    assert set(resonance[0]) == {"id", "contribution_id", "receipt_hash"}
    # Who answered what is kept in memory alone: on disk, token hashes and counts.
    assert set(proofs[0]) == {"token_hash", "round_id", "stage", "count"}
    assert {p["stage"] for p in proofs} == {"vote.1", "no.1", "spread.1", "condition.1"}
    for row in [*ballots, *resonance, *proofs]:
        assert not participants & {str(v) for v in row.values()}
    for record in caplog.records:
        message = record.getMessage()
        assert not ("Te krap" in message and any(n in message for n in NAMES))


def test_one_ballot_carries_at_most_three_nos_and_three_conditions(console, five):
    round_id = voted(console, five)

    nos = [five[4].no(round_id, f"Nee nummer {i}") for i in range(5)]
    act(console, "poll:step", round=round_id, step="spread")
    act(console, "poll:step", round=round_id, step="minority")
    conditions = [five[4].condition(round_id, f"Voorwaarde {i}") for i in range(5)]

    assert [n["ok"] for n in nos] == [True, True, True, False, False]
    assert nos[3]["error"] == "too_many_texts" and "3" in nos[3]["message"]
    assert [c["ok"] for c in conditions] == [True, True, True, False, False]
    assert current(console)["condition_count"] == 3


def test_nothing_is_taken_from_a_phone_once_the_session_has_ended(console, five):
    round_id = start(console)
    act(console, "session:close")

    ack = five[0].answer(round_id, "yes")

    assert ack["ok"] is False and ack["error"] == "session_ended"


def test_an_answer_retried_after_the_vote_closed_is_answered_as_before_and_counted_once(
        app, console, phone_factory):
    """A phone that lost its acknowledgement sends the same answer again when it reconnects,
    possibly after the vote closed: it is answered ok, with the same roll token, and counted
    once. Another answer then is refused: the vote is closed. (The same ballot is known by
    its receipt and choices; no answer is kept on disk for it.)"""
    anna, bram = Voter(phone_factory("Anna")), Voter(phone_factory("Bram"))
    round_id = start(console)
    payload = {"id": eid("ans"), "round": round_id, "receipt": anna.ballot, "choices": ["no"]}
    first = anna.phone.send("ballot:cast", payload)
    assert bram.answer(round_id, "yes")["ok"]
    assert act(console, "poll:close_vote", round=round_id, confirm=True)["ok"]

    retried = anna.phone.send("ballot:cast", payload)
    changed = anna.answer(round_id, "yes")

    assert first == retried == {"ok": True, "changed": False, "roll": first["roll"]}
    assert not changed["ok"] and changed["error"] == "vote_not_open"
    with app.app_context():
        choices = db.session.execute(text(
            "SELECT choice FROM ballot WHERE round_id = :r"), {"r": round_id}).scalars().all()
        kept = db.session.execute(text("SELECT count(*) FROM handled_event")).scalar()
    assert sorted(choices) == ["no", "yes"]
    assert kept == 0
