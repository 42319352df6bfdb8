"""The weather report over real sockets: one tap per phone (changed with its receipt), an
optional word; while open only "n of m have answered"; at the close the distribution, all at
once and only from k, and the words, shuffled."""
import pytest
from sqlalchemy import text

from app.extensions import db
from tests.conftest import last
from tests.integration.test_checkin import eid, open_round, receipt, three  # noqa: F401


def open_weather(console, prompt=""):
    return open_round(console, "weather", prompt)


def tap(phone, round_id, weather, key=None):
    return phone.send("weather:tap", {"id": eid("tap"), "round": round_id,
                                      "receipt": key or receipt(), "choices": [weather]})


def word(phone, round_id, words, key=None):
    return phone.send("weather:word", {"id": eid("word"), "round": round_id,
                                       "receipt": key or receipt(), "text": words})


def close(console, round_id, confirm=False):
    return console.emit("round:reveal", {"id": eid("reveal"), "round": round_id,
                                         "confirm": confirm}, callback=True)


def test_a_weather_report_opens_with_its_default_prompt(console, three):
    open_weather(console)

    view = last(three[0].socket, "round:changed")
    assert (view["kind"], view["prompt"], view["status"]) == (
        "weather", "Hoe is het weer bij jou van binnen?", "open")


def test_while_open_every_screen_sees_only_how_many_answered(console, three):
    a_phone = three[2]
    round_id = open_weather(console)
    console.get_received()
    a_phone.socket.get_received()

    assert tap(three[0], round_id, "storm")["ok"]
    assert tap(three[1], round_id, "sunny")["ok"]
    assert word(three[0], round_id, "Moe")["ok"]

    for view in (last(console, "round:tallied"), last(a_phone.socket, "round:tallied")):
        assert view["counts"]["answered"] == 2 and view["counts"]["joined"] == 3
        assert "weather" not in view
        assert not {"storm", "sunny", "Moe"} & set(str(view).replace("'", " ").split())


def test_one_tap_per_phone_which_its_receipt_may_change(console, three):
    round_id = open_weather(console)
    key = receipt()

    first = tap(three[0], round_id, "rain", key)
    assert first["ok"] and first["changed"] is False and first["roll"]
    again = tap(three[0], round_id, "sunny", key)
    second = tap(three[0], round_id, "storm")

    assert again["ok"] and again["changed"] is True
    assert not second["ok"] and second["error"] == "already_voted"
    assert tap(three[1], round_id, "sunny")["ok"] and tap(three[2], round_id, "cloudy")["ok"]
    close(console, round_id)
    counts = last(console, "round:changed")["weather"]["counts"]
    assert counts == {"sunny": 2, "partly_cloudy": 0, "cloudy": 1, "rain": 0, "storm": 0}


def test_a_tap_outside_the_scale_is_refused(console, three):
    round_id = open_weather(console)

    refused = tap(three[0], round_id, "hail")

    assert not refused["ok"] and refused["error"] == "unknown_option"


def test_closing_shows_the_distribution_at_once_and_the_words_shuffled(console, three):
    round_id = open_weather(console)
    for phone, weather, words in zip(three, ["sunny", "rain", "rain"],
                                     ["Zin in", "Moe", "Druk"]):
        assert tap(phone, round_id, weather)["ok"]
        assert word(phone, round_id, words)["ok"]

    assert close(console, round_id) == {"ok": True}

    view = last(three[0].socket, "round:changed")
    assert view["status"] == "revealed"
    assert view["weather"]["counts"] == {"sunny": 1, "partly_cloudy": 0, "cloudy": 0,
                                         "rain": 2, "storm": 0}
    assert sorted(w["text"] for w in view["weather"]["words"]) == ["Druk", "Moe", "Zin in"]
    assert all(set(w) == {"id", "text"} for w in view["weather"]["words"])
    assert not {"Anna", "Bram", "Chris"} & set(str(view).split("'"))


def test_below_k_closing_asks_to_confirm_and_the_distribution_stays_hidden(console, three):
    round_id = open_weather(console)
    tap(three[0], round_id, "sunny")
    tap(three[1], round_id, "storm")

    refused = close(console, round_id)
    assert not refused["ok"] and refused["error"] == "below_threshold"
    assert close(console, round_id, confirm=True) == {"ok": True}

    view = last(three[2].socket, "round:changed")
    assert view["weather"]["counts"] is None and view["weather"]["answered"] == 2


def test_a_phone_adds_one_word_and_none_after_the_close(console, three):
    round_id = open_weather(console)
    key = receipt()

    assert word(three[0], round_id, "Zonnig", key)["ok"]
    assert word(three[0], round_id, "Zonnig", key)["ok"]  # a retry: stored once
    refused = word(three[0], round_id, "Nog een")
    assert not refused["ok"] and refused["error"] == "too_many_texts"
    tap(three[1], round_id, "sunny")
    tap(three[2], round_id, "sunny")
    close(console, round_id, confirm=True)
    assert not tap(three[0], round_id, "sunny")["ok"]
    assert not word(three[1], round_id, "Laat")["ok"]
    assert [w["text"] for w in last(console, "round:changed")["weather"]["words"]] == ["Zonnig"]


def test_the_facilitator_may_not_tap_and_phones_may_not_close(console, three):
    round_id = open_weather(console)

    assert not console.emit("weather:tap", {"id": eid("t"), "round": round_id,
                                            "receipt": receipt(), "choices": ["sunny"]},
                            callback=True)["ok"]
    assert not console.emit("weather:word", {"id": eid("w"), "round": round_id,
                                             "receipt": receipt(), "text": "x"},
                            callback=True)["ok"]
    assert not three[0].send("round:reveal", {"id": eid("r"), "round": round_id})["ok"]


def test_taps_are_refused_in_a_round_of_another_kind(console, three):
    checkin = console.emit("round:open", {"id": eid("open"), "kind": "checkin", "prompt": ""},
                           callback=True)["round"]

    refused = tap(three[0], checkin, "sunny")

    assert not refused["ok"] and refused["error"] == "malformed"


def test_nothing_stored_names_a_participant(app, console, three):
    round_id = open_weather(console)
    for phone in three:
        tap(phone, round_id, "cloudy")
    word(three[0], round_id, "Grijs")

    with app.app_context():
        ballots = db.session.execute(text("SELECT * FROM ballot")).mappings().all()
        words = db.session.execute(text("SELECT * FROM contribution")).mappings().all()
        participants = db.session.execute(text("SELECT id FROM participant")).scalars().all()
    rows = str(ballots) + str(words)
    assert len(ballots) == 3 and len(words) == 1
    assert not any(p in rows for p in participants)
    assert set(ballots[0]) == {"id", "round_id", "stage", "choice", "receipt_hash"}


def test_the_summary_has_a_weather_section(app, code, console, three):
    round_id = open_weather(console)
    for phone, weather in zip(three, ["sunny", "sunny", "storm"]):
        tap(phone, round_id, weather)
    word(three[2], round_id, "Onweer")
    close(console, round_id)

    from app.models import Session
    from app.services.summary import build
    with app.app_context():
        built = build(db.session.scalar(db.select(Session).filter_by(code=code)))

    section = built["sections"][0]
    assert section["kind"] == "weather"
    assert section["data"]["counts"]["sunny"] == 2 and section["data"]["words"] == ["Onweer"]


def test_every_frame_a_screen_receives_while_open_moves_only_how_many_answered(
        console, phone_factory):
    from tests import attack

    phones = [phone_factory() for _ in range(6)]
    round_id = open_weather(console)
    for socket in (console, *(p.socket for p in phones)):
        socket.get_received()

    for i, (phone, weather) in enumerate(zip(phones, ["storm", "sunny", "rain", "storm",
                                                      "cloudy", "sunny"])):
        key = receipt()
        assert tap(phone, round_id, weather, key)["ok"]
        assert tap(phone, round_id, "partly_cloudy", key)["ok"]  # a change: counts nothing
        assert word(phone, round_id, f"woord{i}")["ok"]

    for socket in (console, phones[0].socket):
        received = [(e["name"], e["args"][0] if e["args"] else None)
                    for e in socket.get_received()]
        views = [v for name, v in received if name in ("round:tallied", "round:changed")]
        assert views and views[-1]["counts"]["answered"] == 6
        assert all("weather" not in v for v in views)
        assert not any(f"woord{i}" in str(received) for i in range(6))
        assert attack.moving(received) == {}


def test_the_exported_summary_names_the_weather_and_the_check_out_in_the_sessions_language(
        facilitator, code, console, three):
    round_id = open_weather(console)
    for phone, weather in zip(three, ["sunny", "rain", "rain"]):
        tap(phone, round_id, weather)
    word(three[0], round_id, "Fris")
    close(console, round_id)
    checkout = console.emit("round:open", {"id": eid("open"), "kind": "checkout", "prompt": ""},
                            callback=True)["round"]
    for phone, words in zip(three, ["Blij", "Moe", "Tevreden"]):
        phone.send("contribution:add", {"id": eid("add"), "round": checkout,
                                        "receipt": receipt(), "text": words})
    console.emit("round:reveal", {"id": eid("reveal"), "round": checkout}, callback=True)

    markdown = facilitator.get(f"/console/{code}/summary.md").get_data(as_text=True)
    page = facilitator.get(f"/console/{code}/summary").get_data(as_text=True)
    assert facilitator.get(f"/console/{code}/summary.pdf").status_code == 200

    for text in (markdown, page):
        assert "Weerbericht" in text and "Uitcheckronde" in text
        assert "Zonnig" in text and "Regen" in text and "Fris" in text and "Tevreden" in text


def test_a_tap_retried_after_the_close_is_answered_as_before_and_counted_once(app, console,
                                                                              three):
    """A phone that lost its acknowledgement sends the same tap again when it reconnects,
    possibly after the facilitator closed the report: it is answered ok, with the same roll
    token, and counted once. Another tap then is refused: the report is closed."""
    round_id = open_weather(console)
    key = receipt()
    payload = {"id": eid("tap"), "round": round_id, "receipt": key, "choices": ["rain"]}
    first = three[0].send("weather:tap", payload)
    assert tap(three[1], round_id, "sunny")["ok"] and tap(three[2], round_id, "cloudy")["ok"]
    assert close(console, round_id)["ok"]

    retried = three[0].send("weather:tap", payload)
    changed = tap(three[0], round_id, "storm", key)

    assert first == retried == {"ok": True, "changed": False, "roll": first["roll"]}
    assert not changed["ok"] and changed["error"] == "round_not_open"
    counts = last(console, "round:changed")["weather"]["counts"]
    assert counts == {"sunny": 1, "partly_cloudy": 0, "cloudy": 1, "rain": 1, "storm": 0}
    with app.app_context():
        kept = db.session.execute(text("SELECT count(*) FROM handled_event")).scalar()
    assert kept == 0
