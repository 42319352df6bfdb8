"""Agenda steps 2-4 over real sockets, with five phones: seek the no, spread it, vote (one
vote or dots), a tie, the minority's conditions, the outcome; nothing links a person to what
they said or chose."""
import secrets

import pytest
from sqlalchemy import text

from app.extensions import db
from tests.conftest import last


def rid() -> str:
    return secrets.token_urlsafe(18)


def act(socket, event, **payload):
    return socket.emit(event, {"id": f"e-{secrets.token_hex(6)}", **payload}, callback=True)


def send(phone, event, **payload):
    return phone.send(event, {"id": f"e-{secrets.token_hex(6)}", **payload})


@pytest.fixture
def five(phone_factory):
    return [phone_factory(name) for name in ("Anna", "Bram", "Chris", "Dewi", "Eef")]


@pytest.fixture
def agenda_round(console, five):
    round_id = act(console, "round:open", kind="topics", prompt="")["round"]
    for phone, words in zip(five, ["Vertrouwen", "Rapportages", "SLA-boetes"]):
        send(phone, "contribution:add", round=round_id, receipt=rid(), text=words)
    act(console, "round:reveal", round=round_id)
    topics = {t["title"]: t["id"] for t in last(console, "round:changed")["topics"]}
    return round_id, topics


def steps_view(console):
    console.emit("session:resync", {}, callback=True)
    return last(console, "session:state")["round"]["steps"]


def to_vote(console, round_id, five, mode="single", dots=1):
    assert act(console, "agenda:step", round=round_id, to="seek_no")["ok"]
    assert act(console, "agenda:step", round=round_id, to="spread")["ok"]
    assert act(console, "agenda:step", round=round_id, to="vote", mode=mode, dots=dots)["ok"]


def test_the_no_is_sought_counted_spread_and_can_become_a_topic(console, five, agenda_round):
    round_id, topics = agenda_round
    act(console, "agenda:step", round=round_id, to="seek_no")

    assert send(five[0], "no:add", round=round_id, receipt=rid(),
                text="Wat ontbreekt: de eindgebruiker")["ok"]
    assert send(five[1], "no:nothing", round=round_id, receipt=rid())["ok"]
    seeking = steps_view(console)
    # While step 2 is open: how many answered, not whether with a no or with nothing.
    assert seeking["answered"] == 2
    assert (seeking["no_count"], seeking["nothing_count"]) == (None, None)
    assert "nos" not in seeking

    act(console, "agenda:step", round=round_id, to="spread")
    spreading = steps_view(console)
    no = five[2].received("round:changed")[-1]["steps"]["nos"][0]
    for phone in five[2:]:
        assert send(phone, "resonance:add", round=round_id, no=no["id"], receipt=rid())["ok"]
    while_spread = steps_view(console)["nos"][0]
    made = act(console, "agenda:add", round=round_id, no=no["id"])
    titles = [t["title"] for t in last(console, "round:changed")["topics"]]
    act(console, "agenda:step", round=round_id, to="vote", mode="single", dots=1)
    shared = steps_view(console)["nos"][0]

    assert (spreading["no_count"], spreading["nothing_count"]) == (1, 1)
    assert while_spread["shared"] is None and steps_view(console)["spread_by"] == 3
    assert shared["text"] == "Wat ontbreekt: de eindgebruiker" and shared["shared"] == 3
    assert made == {"ok": True}
    assert "Wat ontbreekt: de eindgebruiker" in titles


def test_a_gentle_second_prompt_reaches_the_phones(console, five, agenda_round):
    round_id, _ = agenda_round
    act(console, "agenda:step", round=round_id, to="seek_no")

    act(console, "agenda:nudge", round=round_id)

    assert five[4].received("round:nudged")[-1] == {"round": round_id}


def test_the_vote_names_the_first_topic_and_the_minority_adds_a_condition(console, five,
                                                                         agenda_round):
    round_id, topics = agenda_round
    to_vote(console, round_id, five)
    ballots = [rid() for _ in five]
    picks = ["Vertrouwen", "Vertrouwen", "Vertrouwen", "Rapportages", "SLA-boetes"]
    for phone, ballot, pick in zip(five, ballots, picks):
        assert send(phone, "ballot:cast", round=round_id, receipt=ballot,
                    choices=[topics[pick]])["ok"]

    act(console, "agenda:close_vote", round=round_id)
    decided = steps_view(console)
    winner_refused = send(five[0], "condition:add", round=round_id, ballot=ballots[0],
                          receipt=rid(), text="Niets")
    condition = send(five[3], "condition:add", round=round_id, ballot=ballots[3],
                     receipt=rid(), text="Rapportages als tweede punt")

    assert decided["agenda"][0]["title"] == "Vertrouwen"
    assert decided["result"]["winners"] == [topics["Vertrouwen"]]
    assert winner_refused["error"] == "not_in_minority"
    assert condition["ok"]
    assert steps_view(console)["condition_count"] == 1
    assert "conditions" not in steps_view(console)

    act(console, "agenda:outcome", round=round_id, outcome="carried", note="")
    final = five[4].received("round:changed")[-1]["steps"]
    assert final["conditions"] == ["Rapportages als tweede punt"]
    assert final["outcome"] == "carried"


def test_a_tie_is_declared_and_voted_again(console, five, agenda_round):
    round_id, topics = agenda_round
    to_vote(console, round_id, five)
    picks = ["Vertrouwen", "Vertrouwen", "Rapportages", "Rapportages"]
    for phone, pick in zip(five, picks):
        send(phone, "ballot:cast", round=round_id, receipt=rid(), choices=[topics[pick]])

    act(console, "agenda:close_vote", round=round_id)
    tied = steps_view(console)
    act(console, "agenda:revote", round=round_id)
    again = steps_view(console)

    assert tied["step"] == "tie" and tied["result"]["tie"] is True
    assert again["step"] == "vote" and sorted(again["options"]) == sorted(
        [topics["Vertrouwen"], topics["Rapportages"]])
    assert send(five[0], "ballot:cast", round=round_id, receipt=rid(),
                choices=[topics["Vertrouwen"]])["ok"]


def test_a_dot_vote_orders_the_whole_agenda_and_refuses_extra_dots(console, five,
                                                                  agenda_round):
    round_id, topics = agenda_round
    to_vote(console, round_id, five, mode="dots", dots=3)
    t = topics

    too_many = send(five[0], "ballot:cast", round=round_id, receipt=rid(),
                    choices=[t["Vertrouwen"]] * 4)
    for phone, dots in zip(five, [["SLA-boetes"] * 3, ["SLA-boetes", "Rapportages", "Vertrouwen"],
                                  ["Rapportages", "Rapportages", "SLA-boetes"]]):
        assert send(phone, "ballot:cast", round=round_id, receipt=rid(),
                    choices=[t[d] for d in dots])["ok"]
    act(console, "agenda:close_vote", round=round_id)

    assert too_many["error"] == "too_many_dots"
    assert [a["title"] for a in steps_view(console)["agenda"]] == [
        "SLA-boetes", "Rapportages", "Vertrouwen"]


@pytest.mark.parametrize("case", ["twice", "unknown", "closed"])
def test_bad_votes_are_refused_and_change_nothing(case, console, five, agenda_round):
    round_id, topics = agenda_round
    to_vote(console, round_id, five)
    send(five[0], "ballot:cast", round=round_id, receipt=rid(), choices=[topics["Vertrouwen"]])
    if case == "closed":
        act(console, "agenda:close_vote", round=round_id, confirm=True)

    ack = send(five[0] if case == "twice" else five[1], "ballot:cast", round=round_id,
               receipt=rid(), choices=[topics["Rapportages"] if case != "unknown" else "nope"])

    expected = {"twice": "already_voted", "unknown": "unknown_option",
                "closed": "vote_not_open"}[case]
    assert ack["error"] == expected
    assert steps_view(console)["voted"] == 1


def test_a_participant_cannot_move_the_agenda(five, agenda_round):
    round_id, _ = agenda_round

    ack = send(five[0], "agenda:step", round=round_id, to="seek_no")

    assert ack["error"] == "not_allowed"


def test_no_vote_no_or_condition_is_stored_next_to_a_person(app, console, five,
                                                                    agenda_round):
    round_id, topics = agenda_round
    act(console, "agenda:step", round=round_id, to="seek_no")
    send(five[0], "no:add", round=round_id, receipt=rid(), text="Anders")
    act(console, "agenda:step", round=round_id, to="spread")
    act(console, "agenda:step", round=round_id, to="vote", mode="single", dots=1)
    send(five[0], "ballot:cast", round=round_id, receipt=rid(), choices=[topics["Vertrouwen"]])

    with app.app_context():
        people = set(db.session.execute(text("SELECT id FROM participant")).scalars())
        tables = [t for t in db.metadata.tables if t != "participant"]
        stored = {t: [tuple(map(str, row)) for row in db.session.execute(
            text(f"SELECT * FROM {t}")).all()] for t in tables}

    assert len(people) == 5 and stored["ballot"] and stored["contribution"]
    assert not any(person in value for rows in stored.values() for row in rows
                   for value in row for person in people)


def test_closing_a_vote_of_too_few_asks_to_close_the_vote_not_to_reveal(console, five,
                                                                       agenda_round):
    round_id, topics = agenda_round
    to_vote(console, round_id, five)
    send(five[0], "ballot:cast", round=round_id, receipt=rid(), choices=[topics["Vertrouwen"]])

    refused = act(console, "agenda:close_vote", round=round_id)

    assert refused["error"] == "below_threshold"
    assert refused["message"] == last(console, "action:refused")["message"]
    assert "toch de stemming sluiten" in refused["message"].lower()
    assert "tonen" not in refused["message"].lower()
    assert steps_view(console)["step"] == "vote"


def test_the_facilitator_is_told_why_in_the_methods_own_words(console, five, agenda_round):
    """A refusal says what the method says about this moment, translated, not only the
    generic text of its kind ("That step cannot follow the current one.")."""
    round_id, topics = agenda_round
    to_vote(console, round_id, five)

    refused = act(console, "agenda:merge", round=round_id,
                  topics=[topics["Vertrouwen"], topics["Rapportages"]])

    assert refused["error"] == "wrong_step"
    assert refused["message"] == "Zodra de stemming open is, liggen de onderwerpen vast."


def test_a_phone_is_told_how_many_dots_it_has(console, five, agenda_round):
    round_id, topics = agenda_round
    to_vote(console, round_id, five, mode="dots", dots=2)

    refused = send(five[0], "ballot:cast", round=round_id, receipt=rid(),
                   choices=[topics["Vertrouwen"]] * 3)

    assert refused["error"] == "too_many_dots"
    assert refused["message"] == "Je hebt 2 stippen te verdelen."


def test_nothing_to_add_counts_once_per_phone(console, five, agenda_round):
    round_id, _ = agenda_round
    act(console, "agenda:step", round=round_id, to="seek_no")

    taps = [send(five[0], "no:nothing", round=round_id, receipt=rid()) for _ in range(5)]
    act(console, "agenda:step", round=round_id, to="spread")

    assert taps[0]["ok"] and not any(t["ok"] for t in taps[1:])
    assert steps_view(console)["nothing_count"] == 1


def test_the_agenda_takes_nothing_once_the_session_has_ended(console, five, agenda_round):
    round_id, topics = agenda_round
    act(console, "agenda:step", round=round_id, to="seek_no")
    act(console, "session:close")

    no = send(five[0], "no:add", round=round_id, receipt=rid(), text="Te laat")
    moved = act(console, "agenda:step", round=round_id, to="spread")

    assert no["error"] == "session_ended" and moved["error"] == "session_ended"


def test_a_vote_closed_below_k_shows_its_counts_on_no_screen(console, five, agenda_round):
    """The facilitator may close a vote of two, after confirming; the counts of so few
    voters still reach no screen (a poll in the same case sends none either)."""
    round_id, topics = agenda_round
    to_vote(console, round_id, five)
    for phone in five[:2]:
        send(phone, "ballot:cast", round=round_id, receipt=rid(), choices=[topics["Vertrouwen"]])
    for phone in five:
        phone.received()

    assert act(console, "agenda:close_vote", round=round_id, confirm=True)["ok"]

    on_phones = [p.received("round:changed")[-1]["steps"] for p in five]
    assert steps_view(console)["counts"] is None
    assert all(seen["counts"] is None for seen in on_phones)
    assert steps_view(console)["result"]["winners"] == [topics["Vertrouwen"]]


def test_closing_the_vote_leaves_the_rounds_own_counts_as_they_were(console, five,
                                                                     agenda_round):
    round_id, topics = agenda_round
    to_vote(console, round_id, five)
    for phone in five:
        send(phone, "ballot:cast", round=round_id, receipt=rid(), choices=[topics["Vertrouwen"]])

    act(console, "agenda:close_vote", round=round_id)
    console.emit("session:resync", {}, callback=True)
    round_ = last(console, "session:state")["round"]

    assert set(round_["counts"]) == {"answered", "joined", "contributions"}
    assert round_["counts"]["contributions"] == 3
    assert round_["steps"]["counts"][topics["Vertrouwen"]] == 5
