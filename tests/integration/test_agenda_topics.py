"""Agenda step 1 over real sockets: topics gathered anonymously, revealed shuffled, merged
with every wording kept, reworded with the original kept."""
import secrets

import pytest

from tests.conftest import last


def send_topic(phone, round_id, words):
    return phone.send("contribution:add", {"id": f"add-{secrets.token_hex(4)}", "round": round_id,
                                           "receipt": secrets.token_urlsafe(18), "text": words})


@pytest.fixture
def gathered(console, phone_factory):
    phones = [phone_factory() for _ in range(3)]
    ack = console.emit("round:open", {"id": "open-topics", "kind": "topics", "prompt": ""},
                       callback=True)
    round_id = ack["round"]
    for phone, words in zip(phones, ["Vertrouwen", "Onderling vertrouwen", "Rapportages"]):
        send_topic(phone, round_id, words)
    send_topic(phones[0], round_id, "De SLA-boetes")
    console.emit("round:reveal", {"id": "reveal-topics", "round": round_id}, callback=True)
    view = last(console, "round:changed")
    return round_id, {t["title"]: t["id"] for t in view["topics"]}, phones


def test_an_agenda_round_asks_the_default_question_in_the_sessions_language(console):
    console.emit("round:open", {"id": "open-topics", "kind": "topics", "prompt": ""},
                 callback=True)

    assert last(console, "round:changed")["prompt"].startswith("Welke onderwerpen")


def test_every_gathered_topic_is_revealed_without_a_name(gathered, console):
    round_id, topics, phones = gathered

    assert sorted(topics) == ["De SLA-boetes", "Onderling vertrouwen", "Rapportages",
                              "Vertrouwen"]


def test_merged_duplicates_keep_both_wordings_on_every_phone(gathered, console):
    round_id, topics, phones = gathered

    ack = console.emit("agenda:merge", {"id": "merge-0001", "round": round_id,
                                        "topics": [topics["Vertrouwen"],
                                                   topics["Onderling vertrouwen"]]},
                       callback=True)

    assert ack == {"ok": True}
    view = phones[1].received("round:changed")[-1]
    merged = [t for t in view["topics"] if "Vertrouwen" in t["sources"]][0]
    assert merged["sources"] == ["Vertrouwen", "Onderling vertrouwen"]
    assert len(view["topics"]) == 3


def test_a_reworded_topic_keeps_its_original(gathered, console):
    round_id, topics, phones = gathered

    console.emit("agenda:reword", {"id": "reword-001", "round": round_id,
                                   "topic": topics["De SLA-boetes"], "text": "Boetes in de SLA"},
                 callback=True)

    topic = [t for t in last(console, "round:changed")["topics"]
             if t["id"] == topics["De SLA-boetes"]][0]
    assert topic["title"] == "Boetes in de SLA" and topic["sources"] == ["De SLA-boetes"]


def test_a_participant_cannot_merge_or_reword(gathered):
    round_id, topics, phones = gathered

    merge = phones[0].send("agenda:merge", {"id": "merge-0001", "round": round_id,
                                            "topics": list(topics.values())[:2]})
    reword = phones[0].send("agenda:reword", {"id": "reword-001", "round": round_id,
                                              "topic": topics["Rapportages"], "text": "Mine"})

    assert merge["error"] == reword["error"] == "not_allowed"


def test_merging_one_topic_is_refused_with_a_message(gathered, console):
    round_id, topics, phones = gathered

    ack = console.emit("agenda:merge", {"id": "merge-0001", "round": round_id,
                                        "topics": [topics["Rapportages"]]}, callback=True)

    assert ack["ok"] is False and ack["error"] == "bad_merge" and ack["message"]
