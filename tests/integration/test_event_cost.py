"""What a socket event costs the server beyond its own work (issue 15): a room of phones
answering at once must not leave garbage that stalls the server for a collection."""
import gc

from tests.integration.test_checkin import add, open_checkin


def test_a_burst_of_answers_leaves_no_garbage_for_the_collector(console, phone_factory):
    phones = [phone_factory(name) for name in ("Anna", "Bram", "Chris")]
    round_id = open_checkin(console)
    for phone in phones:  # the first event of each socket opens things that stay
        assert phone.send("session:resync", {})["ok"]
    gc.collect()

    for i in range(30):
        assert add(phones[i % 3], round_id, f"antwoord {i}")["ok"]
        assert phones[i % 3].send("session:resync", {})["ok"]
    left_in_cycles = gc.collect()

    # Each event's request context was held in a reference cycle by its routing error's
    # traceback: these 60 events left 865 objects for the collector (the real server, with
    # its websocket frames, about 60 per event). Now about 270.
    assert left_in_cycles < 500, left_in_cycles
